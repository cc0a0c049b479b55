"""The payment batch file for the bank (public interface): one row per item, exactly these columns.

Written like the award export (awards.export): CSV in UTF-8 with a BOM and formulae defused, or .xlsx with every
cell a text cell — so that Excel keeps a 19-digit bank account as digits instead of 6.22E+18. The CSV carries the
account as plain digits, as a bank's system reads it; open the .xlsx to look at it in Excel."""

from pathlib import Path

from .export import amount_text, output_file, write_csv, write_xlsx
from .models import PaymentItem
from .rules import masked_account

HEADERS = ("批次号", "统一社会信用代码", "企业名称", "奖励类型", "年度", "金额（元）", "收款户名", "开户银行", "银行账号")
EXTENSIONS = ("csv", "xlsx")
CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def extension_of(path):
    """"csv" or "xlsx" from a file name; ValueError otherwise (before any batch is made)."""
    extension = Path(str(path)).suffix.lower().lstrip(".")
    if extension not in EXTENSIONS:
        raise ValueError("输出文件须以 .csv 或 .xlsx 结尾")
    return extension


def batch_rows(batch, *, masked=False):
    """Header then one tuple of strings per item, in the order the items were made; `masked`: the accounts as
    `**** **** 1234` (a copy for whoever may read the batch but does not pay it)."""
    yield HEADERS
    items = PaymentItem.objects.filter(batch=batch).select_related("award__enterprise").order_by("pk")
    for item in items:
        award = item.award
        yield tuple(str(value) for value in (
            batch.number, award.enterprise.credit_code, award.enterprise.name, award.get_kind_display(), award.year,
            amount_text(item.amount), item.account_name, item.bank_name,
            masked_account(item.account_number) if masked else item.account_number,
        ))


def write_batch(batch, stream, extension, *, masked=False):
    """Write the batch file into `stream`: a text stream for "csv", a binary one for "xlsx"."""
    if extension == "csv":
        write_csv(batch_rows(batch, masked=masked), stream)
    else:
        write_xlsx(batch_rows(batch, masked=masked), stream, title="兑付批次")


def write_batch_to_path(batch, path):
    extension = extension_of(path)
    with output_file(path, extension) as stream:
        write_batch(batch, stream, extension)


def file_name_of(batch, extension):
    return f"{batch.number}.{extension}"

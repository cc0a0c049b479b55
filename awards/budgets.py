"""The bureau's yearly award budgets (奖励资金预算): one amount in yuan per year and award kind, city-wide.

Every write is here — the admin's form and `manage.py import_budget` both call `save_budget` — keyword-only,
`actor=` first, the bureau's reviewers and admins only (or a system actor), atomic, with a history row naming the
actor. The import reads exactly the columns

    年度, 奖励类型, 预算金额（元）[, 说明]

(.csv in UTF-8 with or without a BOM, or the first sheet of an .xlsx; the registry's file limits apply) and is all
or nothing: any bad row — a year outside 2000–2100, a kind other than 认定奖励 / 成长奖励, an amount that is not
yuan with at most two decimals or is negative, the same year and kind twice — writes nothing and is named with its
spreadsheet row number (the header is row 1) and the reason. Importing the same file again changes nothing."""

from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction

from audit import audited, require_actor
from enterprises.cells import CellError, is_blank, money, text, whole_number
from enterprises.import_rows import RowError, bounded_text, header_columns, read_cell
from enterprises.spreadsheets import SpreadsheetError, format_for

from . import permissions
from .models import AwardBudget
from .states import AwardKind

YEAR, KIND, AMOUNT, NOTE = "年度", "奖励类型", "预算金额（元）", "说明"
HEADERS = (YEAR, KIND, AMOUNT)
OPTIONAL = (NOTE,)
FIRST_DATA_ROW = 2
MIN_YEAR, MAX_YEAR = 2000, 2100
NOTE_MAX = 200
KINDS_BY_LABEL = {kind.label: kind for kind in AwardKind}
NOT_ALLOWED = "只有市工业和信息化局审核人员和系统管理员可以录入或导入奖励资金预算"


def _require_bureau(actor):
    require_actor(actor)
    permissions.require(permissions.can_review(actor), NOT_ALLOWED)


def _clean(year, kind, amount, note):
    errors = {}
    if not isinstance(year, int) or not MIN_YEAR <= year <= MAX_YEAR:
        errors["year"] = f"年度应在 {MIN_YEAR} 至 {MAX_YEAR} 之间"
    if kind not in AwardKind.values:
        errors["kind"] = "奖励类型应为“认定奖励”或“成长奖励”"
    if not isinstance(amount, Decimal) or not amount.is_finite() or amount < 0:
        errors["amount"] = "预算金额不能为负数"
    elif amount != amount.quantize(Decimal("0.01")):
        errors["amount"] = "预算金额最多保留两位小数（单位：元）"
    if len(note or "") > NOTE_MAX:
        errors["note"] = f"说明最多 {NOTE_MAX} 字"
    if errors:
        raise ValidationError(errors)


def _write(actor, year, kind, amount, note):
    """Create or change one budget row (the caller holds the transaction); 'created', 'updated' or 'unchanged'."""
    budget = AwardBudget.objects.select_for_update().filter(year=year, kind=kind).first()
    if budget is not None and budget.amount == amount and budget.note == note:
        return budget, "unchanged"
    status = "created" if budget is None else "updated"
    budget = budget or AwardBudget(year=year, kind=kind)
    budget.amount, budget.note = amount, note
    audited(budget, actor).save()
    return budget, status


@transaction.atomic
def save_budget(*, actor, year, kind, amount, note=""):
    """Set year `year`'s budget for award `kind` to `amount` yuan (a Decimal): one row per year and kind."""
    _require_bureau(actor)
    amount = Decimal(amount) if isinstance(amount, (int, str)) else amount
    _clean(year, kind, amount, note)
    budget, _status = _write(actor, year, kind, amount.quantize(Decimal("0.01")), note or "")
    return budget


@transaction.atomic
def delete_budget(*, actor, budget):
    """Remove a budget entered by mistake; its history keeps a deletion row naming the actor."""
    _require_bureau(actor)
    audited(budget, actor).delete()


# -- the import ------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class BudgetRow:
    row: int
    year: int
    kind: str
    amount: Decimal
    note: str


@dataclass
class BudgetImportReport:
    file_errors: list = field(default_factory=list)
    row_errors: list = field(default_factory=list)
    created: int = 0
    updated: int = 0
    unchanged: int = 0

    @property
    def ok(self):
        return not self.file_errors and not self.row_errors

    def error_lines(self):
        return [f"文件错误：{message}" for message in self.file_errors] + [str(error) for error in self.row_errors]

    def summary(self):
        if not self.ok:
            bad = len({error.row for error in self.row_errors})
            what = "文件有误" if self.file_errors else f"共 {bad} 行有错误"
            return f"奖励资金预算导入失败：{what}，未写入任何数据。"
        return f"奖励资金预算导入完成：新增 {self.created} 条，更新 {self.updated} 条，未变化 {self.unchanged} 条。"


def _kind(value):
    label = text(value)
    if label not in KINDS_BY_LABEL:
        raise CellError(f"奖励类型“{label}”应为“认定奖励”或“成长奖励”")
    return KINDS_BY_LABEL[label].value


def _parse_row(number, cells, errors):
    row_errors = []

    def read(name, parse, required=True):
        return read_cell(number, cells, row_errors, name, parse, required=required)

    year = read(YEAR, lambda value: whole_number(value, what="年度", minimum=MIN_YEAR, maximum=MAX_YEAR))
    kind = read(KIND, _kind)
    amount = read(AMOUNT, money)
    note = read(NOTE, bounded_text(NOTE_MAX), required=False) or ""
    errors.extend(row_errors)
    return None if row_errors else BudgetRow(number, year, kind, amount, note)


def read_budget_file(content: bytes, file_name):
    """(rows, file_errors, row_errors) of a budget file; no database."""
    try:
        dataset = format_for(file_name).create_dataset(content)
    except SpreadsheetError as error:
        return [], [str(error)], []
    columns, file_errors = header_columns(dataset, HEADERS, OPTIONAL, what="预算表")
    if file_errors:
        return [], file_errors, []
    rows, errors, seen = [], [], {}
    for index, record in enumerate(dataset):
        cells = {name: record[position] for name, position in columns.items()}
        if all(is_blank(value) for value in cells.values()):
            continue
        row = _parse_row(index + FIRST_DATA_ROW, cells, errors)
        if row is None:
            continue
        key = (row.year, row.kind)
        if key in seen:
            errors.append(RowError(row.row, "", f"{row.year} 年{AwardKind(row.kind).label}的预算与第 {seen[key]} 行重复"))
            continue
        seen[key] = row.row
        rows.append(row)
    if not rows and not errors:
        file_errors.append("文件中没有数据行（第 1 行为表头，数据从第 2 行开始）。")
    return rows, file_errors, errors


def import_budget(*, actor, content: bytes, file_name):
    """Read and write a budget file, all or nothing; a BudgetImportReport."""
    _require_bureau(actor)
    rows, file_errors, row_errors = read_budget_file(content, file_name)
    report = BudgetImportReport(file_errors=file_errors, row_errors=row_errors)
    if not report.ok:
        return report
    with transaction.atomic():
        for row in rows:
            _budget, status = _write(actor, row.year, row.kind, row.amount, row.note)
            setattr(report, status, getattr(report, status) + 1)
    return report


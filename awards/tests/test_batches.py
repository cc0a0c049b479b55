"""Payment batches for the bank: `manage.py export_payment_batch`, the rules of what is due, and the admin."""

import csv
import io
from datetime import date
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone
from openpyxl import Workbook, load_workbook

from audit import BEAT
from awards import services
from awards.batch_export import HEADERS
from awards.batches import create_payment_batch
from awards.models import Award, AwardEvent, AwardObjection, PaymentBatch, PaymentItem
from awards.recompute import recompute_eligibility
from awards.states import AwardKind, AwardState
from enterprises.models import CreditEntry, CreditStatus
from enterprises.roles import Role
from enterprises.tests.factories import figures, make_user

from .factories import growing_firm

pytestmark = pytest.mark.django_db

BANK = {"bank_name": "中国工商银行桂林分行营业部", "account_number": "6222 0212 3456 7890 123"}
EXPECTED_HEADER = ["批次号", "统一社会信用代码", "企业名称", "奖励类型", "年度", "金额（元）", "收款户名", "开户银行", "银行账号"]
RECEIPT_HEADER = ["批次号", "统一社会信用代码", "金额（元）", "交易流水号", "交易日期", "交易结果", "失败原因"]
NOTICE_START = date(2025, 4, 1)  # a 7-day notice: ended 2025-04-07


@pytest.fixture
def staff(db):
    return {"reviewer": make_user(Role.REVIEWER, username="reviewer"),
            "finance": make_user(Role.FINANCE, username="finance"),
            "finance2": make_user(Role.FINANCE, username="finance2")}


def awards_on_notice(count, reviewer, *, starts_on=NOTICE_START, current=("70000000", "1150000")):
    """`count` 2024 growth awards of 60,000.00 through the real flow: confirmed, approved by `reviewer`, noticed."""
    firms = [growing_firm(current=current) for _ in range(count)]
    recompute_eligibility(year=2024, actor=BEAT)
    awards = []
    for firm in firms:
        award = Award.objects.get(enterprise=firm, kind=AwardKind.GROWTH)
        services.notify_awards(awards=[award], actor=reviewer)
        services.confirm_award(award=award, actor=make_user(Role.ENTERPRISE, enterprise=firm),
                               account_name=firm.name, **BANK)
        services.approve_award(award=award, actor=reviewer)
        services.publish_notice(awards=[award], actor=reviewer, starts_on=starts_on)
        award.refresh_from_db()
        awards.append(award)
    return awards


def export(tmp_path, name="batch.csv", user="finance", year=2024):
    out, err = io.StringIO(), io.StringIO()
    path = tmp_path / name
    call_command("export_payment_batch", year=year, output=str(path), user=user, stdout=out, stderr=err)
    return path, out.getvalue(), err.getvalue()


def receipt_file(tmp_path, rows, name="receipt.csv", header=RECEIPT_HEADER, bom=True):
    """A receipt as the bank sends it: CSV (UTF-8, BOM optional) or .xlsx; dates as ISO text or date cells."""
    path = tmp_path / name
    cells = [[value.isoformat() if isinstance(value, date) and name.endswith(".csv") else value for value in row]
             for row in rows]
    if name.endswith(".xlsx"):
        book = Workbook()
        book.active.append(list(header))
        for row in cells:
            book.active.append(list(row))
        book.save(path)
    else:
        out = io.StringIO()
        writer = csv.writer(out)
        writer.writerow(header)
        writer.writerows(cells)
        path.write_bytes((("\ufeff" if bom else "") + out.getvalue()).encode("utf-8"))
    return path


def read_csv(path):
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # UTF-8 with BOM, for Excel
    return list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))


def test_the_batch_file_has_exactly_the_columns_and_one_row_per_due_award(tmp_path, staff):
    awards = awards_on_notice(3, staff["reviewer"])
    path, out, err = export(tmp_path)
    assert "已生成兑付批次 ZJTX-2024-001：3 笔，合计 180,000.00 元 → " in out and str(path) in out
    rows = read_csv(path)
    assert rows[0] == EXPECTED_HEADER == list(HEADERS)
    firm = awards[0].enterprise
    assert rows[1] == ["ZJTX-2024-001", firm.credit_code, firm.name, "成长奖励", "2024", "60000.00", firm.name,
                       "中国工商银行桂林分行营业部", "6222021234567890123"]
    assert len(rows) == 4 and err == ""
    batch = PaymentBatch.objects.get()
    assert (batch.item_count, batch.total_amount, batch.created_by, batch.year) == (3, Decimal("180000.00"),
                                                                                     staff["finance"], 2024)
    # every award has its ledger row naming the batch; none changed state
    events = AwardEvent.objects.filter(action="batch")
    assert events.count() == 3 and {e.batch_id for e in events} == {batch.pk}
    assert set(Award.objects.filter(pk__in=[a.pk for a in awards]).values_list("state", flat=True)) == {
        AwardState.PUBLIC_NOTICE}


def test_the_xlsx_keeps_the_bank_account_as_text(tmp_path, staff):
    awards_on_notice(1, staff["reviewer"])
    path, out, _ = export(tmp_path, "batch.xlsx")
    sheet = load_workbook(path).active
    rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert rows[0] == EXPECTED_HEADER
    assert rows[1][8] == "6222021234567890123" and sheet["I2"].data_type == "s"
    assert rows[1][5] == "60000.00"


def test_nothing_due_writes_no_batch_and_no_file(tmp_path, staff):
    path, out, err = export(tmp_path)
    assert "2024 年没有待兑付的奖励，未生成批次" in out
    assert not path.exists() and not PaymentBatch.objects.exists()


def test_rerunning_while_the_batch_is_open_adds_nothing(tmp_path, staff):
    awards_on_notice(2, staff["reviewer"])
    export(tmp_path)
    path, out, err = export(tmp_path, "again.csv")
    assert "没有待兑付的奖励" in out and not path.exists()
    assert err.count("已列入兑付批次 ZJTX-2024-001，待银行回单") == 2
    assert PaymentBatch.objects.count() == 1 and PaymentItem.objects.count() == 2


def test_held_awards_are_left_out_and_listed_with_their_reasons(tmp_path, staff):
    reviewer = staff["reviewer"]
    due, flagged, objected, listed = awards_on_notice(4, reviewer)
    [not_ended] = awards_on_notice(1, reviewer, starts_on=timezone.localdate())
    # a flag: the figures changed after the decision
    figures(flagged.enterprise, 2024, "90000000", "1150000")
    recompute_eligibility(year=2024, actor=BEAT)
    flagged.refresh_from_db()
    assert flagged.needs_attention
    AwardObjection.objects.create(award=objected, objector_name="张三", objector_phone="13800000000",
                                  facts="该企业产值数据与统计部门数据不一致", lodged_at=timezone.now())
    CreditEntry.objects.create(enterprise=listed.enterprise, status=CreditStatus.JUDGMENT_DEFAULTER,
                               listed_on=date(2026, 1, 5), authority="桂林市中级人民法院")
    path, out, err = export(tmp_path)
    assert "1 笔，合计 60,000.00 元" in out
    assert [row[1] for row in read_csv(path)[1:]] == [due.enterprise.credit_code]
    lines = err.splitlines()
    assert len(lines) == 4

    def line_of(award):
        [line] = [line for line in lines if award.enterprise.credit_code in line]
        return line

    assert "输入数据已变化" in line_of(flagged)
    assert "公示期间收到异议" in line_of(objected)
    assert "失信被执行人" in line_of(listed)
    assert "公示期满后方可兑付" in line_of(not_ended)


def test_only_finance_creates_a_batch_and_a_bad_extension_makes_nothing(tmp_path, staff):
    awards_on_notice(1, staff["reviewer"])
    with pytest.raises(CommandError, match="财政"):
        export(tmp_path, user="reviewer")
    with pytest.raises(CommandError, match=r"\.csv 或 \.xlsx"):
        export(tmp_path, "batch.txt")
    with pytest.raises(CommandError, match="不存在"):
        export(tmp_path, user="nobody")
    assert not PaymentBatch.objects.exists()


def test_batch_numbers_count_up_per_year(tmp_path, staff):
    first, second = awards_on_notice(2, staff["reviewer"])
    CreditEntry.objects.create(enterprise=second.enterprise, status=CreditStatus.ABNORMAL_OPERATION,
                               listed_on=date(2026, 1, 5), removed_on=timezone.localdate(),
                               authority="桂林市市场监督管理局")  # removed today: no longer in force
    services.reject_award(award=second, actor=staff["reviewer"], reason="测试：先不列入该批次")
    export(tmp_path)
    [third] = awards_on_notice(1, staff["reviewer"])
    _, out, _ = export(tmp_path, "second.csv")
    assert "ZJTX-2024-002：1 笔" in out
    assert list(PaymentBatch.objects.order_by("number").values_list("number", flat=True)) == [
        "ZJTX-2024-001", "ZJTX-2024-002"]


# --- the admin ----------------------------------------------------------------------------------------------------

def test_admin_lists_batches_with_their_reconciliation(client, tmp_path, staff):
    awards_on_notice(3, staff["reviewer"])
    export(tmp_path)
    batch = PaymentBatch.objects.get()
    items = list(batch.items.select_related("award__enterprise").order_by("pk"))
    call_command("import_bank_receipts", str(receipt_file(tmp_path, [
        (batch.number, items[0].award.enterprise.credit_code, "60000.00", "S001", timezone.localdate(), "成功"),
    ])), user="finance2", stdout=io.StringIO())
    client.force_login(staff["finance"])
    page = client.get(reverse("admin:awards_paymentbatch_changelist")).content.decode()
    assert "ZJTX-2024-001" in page and "部分对账" in page and "180,000.00" in page
    detail = client.get(reverse("admin:awards_paymentbatch_change", args=[batch.pk])).content.decode()
    assert reverse("admin:awards_award_change", args=[items[1].award_id]) in detail
    assert items[2].award.enterprise.name in detail
    assert client.get(reverse("admin:awards_paymentbatch_add")).status_code == 403


@pytest.mark.parametrize("status, expected", [("none", "待回单"), ("all", "已对账"), ("failed", "有失败")])
def test_reconciliation_status(client, tmp_path, staff, status, expected):
    awards_on_notice(2, staff["reviewer"])
    export(tmp_path)
    batch = PaymentBatch.objects.get()
    codes = list(batch.items.order_by("pk").values_list("award__enterprise__credit_code", flat=True))
    today = timezone.localdate()
    rows = {"none": [], "all": [(batch.number, code, "60000.00", f"S{i}", today, "成功") for i, code in
                                enumerate(codes)],
            "failed": [(batch.number, codes[0], "60000.00", "S0", today, "成功"),
                       (batch.number, codes[1], "60000.00", "", today, "失败")]}[status]
    if rows:
        call_command("import_bank_receipts", str(receipt_file(tmp_path, rows)), user="finance2", stdout=io.StringIO())
    client.force_login(staff["reviewer"])  # the reviewer may look
    page = client.get(reverse("admin:awards_paymentbatch_changelist")).content.decode()
    assert expected in page


@pytest.mark.parametrize("n", [1, 10])
def test_admin_batch_list_query_count_does_not_grow(client, tmp_path, staff, django_assert_num_queries, n):
    [award] = awards_on_notice(1, staff["reviewer"])
    for _ in range(n):  # n batches: each fails at the bank and the award is due for the next one
        export(tmp_path)
        batch = PaymentBatch.objects.order_by("-pk").first()
        call_command("import_bank_receipts", str(receipt_file(tmp_path, [
            (batch.number, award.enterprise.credit_code, "60000.00", "", timezone.localdate(), "失败", "账户冻结"),
        ])), user="finance2", stdout=io.StringIO())
    assert PaymentBatch.objects.count() == n
    client.force_login(staff["finance"])
    url = reverse("admin:awards_paymentbatch_changelist")
    client.get(url)  # warm the per-request caches of unfold
    # session, user, its two permission sets, the paginator's and the full count, the page of batches with
    # their answered/pending counts and amounts (one grouped query), the year filter
    with django_assert_num_queries(8):
        assert client.get(url).status_code == 200


def test_admin_generates_a_batch_and_downloads_its_file(client, staff):
    awards_on_notice(2, staff["reviewer"])
    client.force_login(staff["finance"])
    url = reverse("admin:awards_paymentbatch_generate")
    assert "生成兑付批次" in client.get(url).content.decode()
    response = client.post(url, {"year": "2024", "file_format": "csv"})
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="ZJTX-2024-001.csv"'
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0] == EXPECTED_HEADER and len(rows) == 3
    again = client.post(url, {"year": "2024", "file_format": "xlsx"}, follow=True).content.decode()
    assert "2024 年没有待兑付的奖励，未生成批次" in again
    assert PaymentBatch.objects.count() == 1
    client.force_login(staff["reviewer"])
    assert client.get(url).status_code == 403


def test_admin_imports_a_receipt_or_lists_its_errors_without_writing(client, tmp_path, staff):
    awards_on_notice(1, staff["reviewer"])
    export(tmp_path)
    batch = PaymentBatch.objects.get()
    code = batch.items.get().award.enterprise.credit_code
    today = timezone.localdate()
    url = reverse("admin:awards_paymentbatch_import_receipts")
    client.force_login(staff["finance"])
    bad = receipt_file(tmp_path, [(batch.number, code, "60000.01", "S1", today, "成功")], name="bad.csv")
    with bad.open("rb") as upload:
        page = client.post(url, {"receipt": upload}).content.decode()
    assert "第 2 行" in page and "不一致" in page
    assert batch.items.get().result == PaymentItem.Result.PENDING
    good = receipt_file(tmp_path, [(batch.number, code, "60000.00", "S1", today, "成功")], name="good.xlsx")
    with good.open("rb") as upload:
        page = client.post(url, {"receipt": upload}, follow=True).content.decode()
    assert "成功 1 笔 60,000.00 元" in page
    assert Award.objects.get(pk=batch.items.get().award_id).state == AwardState.PAID
    client.force_login(staff["reviewer"])
    assert client.get(url).status_code == 403


def test_the_due_rules_match_the_single_payment_form(staff):
    """A batch item and a hand-recorded payment cannot both happen: the form refuses an award in an open batch."""
    [award] = awards_on_notice(1, staff["reviewer"])
    create_payment_batch(year=2024, actor=staff["finance"])
    with pytest.raises(Exception, match="兑付批次"):
        services.record_payment(award=award, actor=staff["finance"], paid_on=timezone.localdate(),
                                voucher_number="V1")


def test_staff_download_a_batch_file_again_from_its_page(client, tmp_path, staff):
    awards_on_notice(1, staff["reviewer"])
    export(tmp_path)
    batch = PaymentBatch.objects.get()
    client.force_login(staff["reviewer"])  # view only, but may read the file: the accounts masked
    response = client.get(reverse("admin:awards_paymentbatch_download_xlsx", args=[batch.pk]))
    assert response["Content-Disposition"] == 'attachment; filename="ZJTX-2024-001.xlsx"'
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert [cell.value for cell in sheet[1]] == EXPECTED_HEADER
    assert sheet[2][8].value == "**** **** 0123"
    detail = client.get(reverse("admin:awards_paymentbatch_change", args=[batch.pk])).content.decode()
    assert "**** **** 0123" in detail and "7890" not in detail
    client.force_login(staff["finance"])  # who pays reads the accounts it pays to
    sheet = load_workbook(io.BytesIO(client.get(
        reverse("admin:awards_paymentbatch_download_xlsx", args=[batch.pk])).content)).active
    assert sheet[2][8].value == "6222021234567890123"
    assert "6222021234567890123" in client.get(
        reverse("admin:awards_paymentbatch_change", args=[batch.pk])).content.decode()
    county = make_user(Role.COUNTY, area=batch.items.get().award.enterprise.area)
    client.force_login(county)
    assert client.get(reverse("admin:awards_paymentbatch_download_csv", args=[batch.pk])).status_code == 403

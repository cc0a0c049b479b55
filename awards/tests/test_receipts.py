"""The bank's receipt: `manage.py import_bank_receipts` reconciles it with its batches to the cent, all or nothing."""

import io
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from audit import BEAT
from awards import services
from awards.models import Award, AwardEvent, AwardObjection, PaymentBatch, PaymentItem
from awards.receipts import HEADERS
from awards.recompute import recompute_eligibility
from awards.states import AwardState
from enterprises import services as registry
from enterprises.models import CreditEntry, CreditStatus
from enterprises.roles import Role
from enterprises.tests.factories import make_user

from .factories import growing_firm
from .test_batches import BANK, RECEIPT_HEADER, awards_on_notice, export, read_csv, receipt_file

pytestmark = pytest.mark.django_db

@pytest.fixture
def staff(db):
    return {"reviewer": make_user(Role.REVIEWER, username="reviewer"),
            "finance": make_user(Role.FINANCE, username="finance"),
            "finance2": make_user(Role.FINANCE, username="finance2")}


def run_import(path, user="finance2"):
    out, err = io.StringIO(), io.StringIO()
    call_command("import_bank_receipts", str(path), user=user, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def refused(path, user="finance2"):
    err = io.StringIO()
    with pytest.raises(CommandError, match="未写入任何数据"):
        call_command("import_bank_receipts", str(path), user=user, stdout=io.StringIO(), stderr=err)
    return err.getvalue()


@pytest.fixture
def batch(tmp_path, staff):
    """Three 60,000.00 awards approved by `reviewer`, in batch ZJTX-2024-001 made by `finance`."""
    awards_on_notice(3, staff["reviewer"])
    export(tmp_path, "batch.csv", user="finance")
    made = PaymentBatch.objects.get()
    made.codes = [row[1] for row in read_csv(tmp_path / "batch.csv")[1:]]
    return made


def nothing_written(batch):
    assert set(batch.items.values_list("result", flat=True)) == {PaymentItem.Result.PENDING}
    assert not Award.objects.filter(state=AwardState.PAID).exists()
    assert not AwardEvent.objects.filter(action__in=("record_payment", "payment_failed")).exists()


def test_the_receipt_columns_are_exactly_these():
    assert list(HEADERS) + ["失败原因"] == RECEIPT_HEADER


@pytest.mark.parametrize("name, bom", [("receipt.csv", True), ("receipt.csv", False), ("receipt.xlsx", False)])
def test_success_and_failure_are_recorded(tmp_path, staff, batch, name, bom):
    today = timezone.localdate()
    a, b, c = batch.codes
    path = receipt_file(tmp_path, [
        (batch.number, a, "60000.00", "GXBANK-0001", today, "成功", ""),
        (batch.number, b, "60,000.00", "GXBANK-0002", today, "成功", ""),
        (batch.number, c, "60000.00", "", today, "失败", "户名与账号不符"),
    ], name=name, bom=bom)
    out, err = run_import(path)
    assert "成功 2 笔 120,000.00 元 / 失败 1 笔 / 未变化 0 笔" in out and err == ""
    paid = Award.objects.get(enterprise__credit_code=a)
    assert paid.state == AwardState.PAID and paid.paid_on == today and paid.voucher_number == "GXBANK-0001"
    assert paid.paid_by == staff["finance2"]
    item = batch.items.get(award=paid)
    assert (item.result, item.serial_number, item.transaction_date) == ("succeeded", "GXBANK-0001", today)
    assert item.reconciled_at is not None
    ledger = paid.events.get(action="record_payment")
    assert ledger.batch == batch and "GXBANK-0001" in ledger.comment
    failed = Award.objects.get(enterprise__credit_code=c)
    assert failed.state == AwardState.PUBLIC_NOTICE
    assert batch.items.get(award=failed).failure_reason == "户名与账号不符"
    assert "户名与账号不符" in failed.events.get(action="payment_failed").comment


def test_a_failed_transfer_is_due_again_in_the_next_batch(tmp_path, staff, batch):
    a, b, c = batch.codes
    today = timezone.localdate()
    run_import(receipt_file(tmp_path, [
        (batch.number, a, "60000.00", "S1", today, "成功", ""),
        (batch.number, b, "60000.00", "S2", today, "失败", "账户已销户"),
    ]))
    # c is still pending in the first batch; b is due again
    path, out, err = export(tmp_path, "next.xlsx", user="finance")
    assert "ZJTX-2024-002：1 笔，合计 60,000.00 元" in out
    assert PaymentBatch.objects.get(number="ZJTX-2024-002").items.get().award.enterprise.credit_code == b


def test_reimporting_the_same_file_changes_nothing(tmp_path, staff, batch):
    a, b, _c = batch.codes
    today = timezone.localdate()
    path = receipt_file(tmp_path, [
        (batch.number, a, "60000.00", "S1", today, "成功", ""),
        (batch.number, b, "60000.00", "", today, "失败", "账户冻结"),
    ])
    run_import(path)
    events = AwardEvent.objects.count()
    out, _ = run_import(path)
    assert "成功 0 笔 0.00 元 / 失败 0 笔 / 未变化 2 笔" in out
    assert AwardEvent.objects.count() == events


def test_a_conflicting_answer_for_an_answered_item_is_refused(tmp_path, staff, batch):
    a = batch.codes[0]
    today = timezone.localdate()
    run_import(receipt_file(tmp_path, [(batch.number, a, "60000.00", "S1", today, "成功", "")]))
    err = refused(receipt_file(tmp_path, [(batch.number, a, "60000.00", "", today, "失败", "退汇")], name="b.csv"))
    assert "第 2 行" in err and "已于" in err and "与本行不一致" in err
    assert Award.objects.get(enterprise__credit_code=a).state == AwardState.PAID


def test_a_cent_difference_refuses_the_whole_file(tmp_path, staff, batch):
    a, b, _c = batch.codes
    today = timezone.localdate()
    err = refused(receipt_file(tmp_path, [
        (batch.number, a, "60000.00", "S1", today, "成功", ""),
        (batch.number, b, "59999.99", "S2", today, "成功", ""),
    ]))
    assert "第 3 行【金额（元）】：金额 59999.99 元与兑付批次 ZJTX-2024-001 中该企业的金额（60000.00 元）不一致" in err
    assert "第 2 行" not in err
    nothing_written(batch)


def test_an_unknown_batch_or_enterprise_refuses(tmp_path, staff, batch):
    today = timezone.localdate()
    err = refused(receipt_file(tmp_path, [
        ("ZJTX-2024-999", batch.codes[0], "60000.00", "S1", today, "成功", ""),
        (batch.number, "91450300MA5K000000", "60000.00", "S2", today, "成功", ""),
    ]))
    assert "第 2 行【批次号】：批次号“ZJTX-2024-999”不存在" in err
    assert "第 3 行【统一社会信用代码】" in err and "未列入任何兑付批次" in err
    nothing_written(batch)


def test_a_row_for_an_award_in_another_batch_refuses(tmp_path, staff, batch):
    a, b, _c = batch.codes
    today = timezone.localdate()
    run_import(receipt_file(tmp_path, [(batch.number, a, "60000.00", "", today, "失败", "账户冻结")]))
    export(tmp_path, "second.csv", user="finance")  # a goes into ZJTX-2024-002
    err = refused(receipt_file(tmp_path, [
        ("ZJTX-2024-002", b, "60000.00", "S2", today, "成功", ""),
    ], name="r2.csv"))
    assert "不在批次 ZJTX-2024-002 中（列于批次 ZJTX-2024-001）" in err


@pytest.mark.parametrize("cells, column, reason", [
    (("2024-13-01", "成功"), "交易日期", "不存在"),
    (("2024/12/01", "成功"), "交易日期", "格式不正确"),
    (("", "成功"), "交易日期", "不能为空"),
    (("TODAY", "已处理"), "交易结果", "应为“成功”或“失败”"),
    (("TOMORROW", "成功"), "交易日期", "晚于今天"),
    (("NOTICE_END", "成功"), "交易日期", "公示期满"),
])
def test_invalid_dates_and_results_refuse(tmp_path, staff, batch, cells, column, reason):
    today = timezone.localdate()
    when, result = cells
    when = {"TODAY": today, "TOMORROW": today + timedelta(days=1), "NOTICE_END": date(2025, 4, 7)}.get(when, when)
    err = refused(receipt_file(tmp_path, [(batch.number, batch.codes[0], "60000.00", "S1", when, result, "")]))
    assert f"第 2 行【{column}】" in err and reason in err
    nothing_written(batch)


def test_duplicate_rows_refuse(tmp_path, staff, batch):
    a, b, _c = batch.codes
    today = timezone.localdate()
    err = refused(receipt_file(tmp_path, [
        (batch.number, a, "60000.00", "S1", today, "成功", ""),
        (batch.number, a, "60000.00", "S1", today, "成功", ""),
        (batch.number, b, "60000.00", "S1", today, "成功", ""),
    ]))
    assert "第 3 行：与第 2 行重复" in err
    assert "第 4 行【交易流水号】：交易流水号“S1”与第 2 行重复" in err
    nothing_written(batch)


def test_the_approver_cannot_import_the_payment(tmp_path, staff, batch):
    # the reviewer who approved these awards is also given the finance role later: four eyes still holds
    reviewer = staff["reviewer"]
    reviewer.role = Role.FINANCE
    registry.save_account(actor=make_user(Role.ADMIN), user=reviewer)
    err = refused(receipt_file(tmp_path, [(batch.number, batch.codes[0], "60000.00", "S1", timezone.localdate(),
                                           "成功", "")]), user="reviewer")
    assert "第 2 行：导入人审核了该奖励，不能登记其兑付" in err
    nothing_written(batch)


def test_only_finance_imports(tmp_path, staff, batch):
    path = receipt_file(tmp_path, [(batch.number, batch.codes[0], "60000.00", "S1", timezone.localdate(), "成功", "")])
    with pytest.raises(CommandError, match="财政"):
        run_import(path, user=make_user(Role.COUNTY, area=batch.items.first().award.enterprise.area).username)


def test_a_wrong_header_refuses_the_file(tmp_path, staff, batch):
    path = receipt_file(tmp_path, [(batch.number, batch.codes[0], "60000.00", "S1", timezone.localdate(), "成功")],
                        header=["批次号", "信用代码", "金额（元）", "交易流水号", "交易日期", "交易结果"])
    err = refused(path)
    assert "无法识别的列“信用代码”" in err and "缺少必填列：统一社会信用代码" in err


def test_a_hold_arising_after_the_batch_is_recorded_and_reported(tmp_path, staff, batch):
    a, b, _c = batch.codes
    award_a = Award.objects.get(enterprise__credit_code=a)
    AwardObjection.objects.create(award=award_a, objector_name="李四", objector_phone="13900000000",
                                  facts="该企业纳税数据与税务部门数据不一致", lodged_at=timezone.now())
    CreditEntry.objects.create(enterprise=Award.objects.get(enterprise__credit_code=b).enterprise,
                               status=CreditStatus.MAJOR_TAX_VIOLATION, listed_on=timezone.localdate(),
                               authority="国家税务总局桂林市税务局")
    today = timezone.localdate()
    out, err = run_import(receipt_file(tmp_path, [
        (batch.number, a, "60000.00", "S1", today, "成功", ""),
        (batch.number, b, "60000.00", "S2", today, "成功", ""),
    ]))
    assert "成功 2 笔 120,000.00 元" in out
    assert Award.objects.filter(state=AwardState.PAID).count() == 2
    assert "公示期间收到异议" in err and "重大税收违法" in err and err.count("请复核") == 2


@pytest.mark.parametrize("growth_first", [False, True])
def test_one_enterprise_with_two_awards_in_a_batch_is_matched_by_amount(tmp_path, staff, growth_first):
    """A firm first recognized in 2024 earns both 2024 awards; the receipt tells them apart by the amount."""
    firm = growing_firm(recognized_on=date(2024, 3, 1))
    recompute_eligibility(year=2024, actor=BEAT)
    awards = list(Award.objects.filter(enterprise=firm, year=2024, amount__gt=0).order_by("kind"))
    assert sorted(a.amount for a in awards) == [Decimal("60000.00"), Decimal("100000.00")]
    reviewer = staff["reviewer"]
    services.notify_awards(awards=awards, actor=reviewer)
    for award in awards:
        services.confirm_award(award=award, actor=make_user(Role.ENTERPRISE, enterprise=firm),
                               account_name=firm.name, **BANK)
    services.approve_awards(awards=awards, actor=reviewer)
    services.publish_notice(awards=awards, actor=reviewer, starts_on=date(2025, 4, 1))
    _, out, _ = export(tmp_path, user="finance")
    assert "2 笔，合计 160,000.00 元" in out
    today = timezone.localdate()
    rows = [("ZJTX-2024-001", firm.credit_code, "100000.00", "R1", today, "成功", ""),
            ("ZJTX-2024-001", firm.credit_code, "60000.00", "", today, "失败", "账户冻结")]
    run_import(receipt_file(tmp_path, rows[::-1] if growth_first else rows))
    recognition = Award.objects.get(enterprise=firm, year=2024, amount=Decimal("100000.00"))
    growth = Award.objects.get(enterprise=firm, year=2024, amount=Decimal("60000.00"))
    assert recognition.state == AwardState.PAID and recognition.voucher_number == "R1"
    assert growth.state == AwardState.PUBLIC_NOTICE

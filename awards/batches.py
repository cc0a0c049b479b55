"""Payment batches (兑付批次): the awards due on a day go to the bank in one file; the bank's receipt (银行回单)
comes back and is reconciled to the cent, all or nothing.

Due means what the single payment form means (awards.holds): on public notice and the notice ended, bank details
confirmed, no flag, no open objection, no credit entry in force — and in no other open batch (no pending item).
Four eyes is checked when the receipt records a payment: the batch is only a file, the payment is the receipt.

Every row is locked through awards.locks (pk order) and every award gets its ledger row (awards.ledger); a payment
is the `record_payment` transition (awards.transitions), as when finance records one by hand."""

from dataclasses import dataclass, field
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.utils import timezone

from audit import person, require_actor
from enterprises.import_rows import RowError

from . import holds, permissions
from .ledger import actor_name, event, record_event, record_events
from .locks import lock_awards
from .models import Award, PaymentBatch, PaymentItem
from .receipts import AMOUNT, BATCH, CODE, DATE, RESULT, SERIAL, read_receipt
from .states import AwardState
from .transitions import move

NUMBER_PREFIX = "ZJTX-{year}-"
NUMBER_ATTEMPTS = 5
Result = PaymentItem.Result


def batch_number(year, seq):
    return f"{NUMBER_PREFIX.format(year=year)}{seq:03d}"


def _yuan(amount):
    return f"{amount:,.2f} 元"


# --- what is due --------------------------------------------------------------------------------------------------

@dataclass
class BatchResult:
    year: int
    batch: PaymentBatch | None = None
    items: list = field(default_factory=list)
    held: list = field(default_factory=list)  # [(award, [reason, …])], awards on notice left out, pk order


def create_payment_batch(*, year, actor, today=None):
    """Put every award of `year` due today into a new batch (number ZJTX-{year}-{seq:03d}); with nothing due, no
    batch. Each award gets a "batch" ledger row; awards left out come back in `held` with their reasons."""
    require_actor(actor)
    permissions.require(permissions.can_pay(actor), "只有市财政局人员可以生成兑付批次")
    today = today or timezone.localdate()
    result = BatchResult(year=year)
    with transaction.atomic():
        ids = Award.objects.filter(year=year, state=AwardState.PUBLIC_NOTICE).values_list("pk", flat=True)
        locked = [a for a in lock_awards(ids) if a.state == AwardState.PUBLIC_NOTICE]
        with_enterprise = {a.pk: a.enterprise for a in
                           Award.objects.filter(pk__in=[a.pk for a in locked]).select_related("enterprise")}
        for award in locked:
            award.enterprise = with_enterprise[award.pk]
        reasons = holds.due_problems(locked, today=today)
        result.held = [(award, reasons[award.pk]) for award in locked if award.pk in reasons]
        due = [award for award in locked if award.pk not in reasons]
        if not due:
            return result
        now = timezone.now()
        result.batch = _new_batch(year, actor, now, item_count=len(due), total=sum((a.amount for a in due),
                                                                                   Decimal("0.00")))
        result.items = PaymentItem.objects.bulk_create([
            PaymentItem(batch=result.batch, award=award, amount=award.amount, account_name=award.account_name,
                        bank_name=award.bank_name, account_number=award.account_number)
            for award in due
        ])
        record_events([
            event(award, "batch", actor=actor, from_state=award.state, to_state=award.state, batch=result.batch,
                  at=now, comment=f"列入兑付批次 {result.batch.number}，金额 {_yuan(award.amount)}")
            for award in due
        ])
    return result


def _new_batch(year, actor, now, *, item_count, total):
    """The next number of the year; two finance officers creating batches at once get consecutive numbers."""
    prefix = NUMBER_PREFIX.format(year=year)
    taken = PaymentBatch.objects.filter(number__startswith=prefix).values_list("number", flat=True)
    seq = max((int(n[len(prefix):]) for n in taken if n[len(prefix):].isdigit()), default=0)
    for attempt in range(1, NUMBER_ATTEMPTS + 1):
        try:
            with transaction.atomic():
                return PaymentBatch.objects.create(
                    number=batch_number(year, seq + attempt), year=year, created_at=now, created_by=person(actor),
                    created_by_name=actor_name(actor), item_count=item_count, total_amount=total,
                )
        except IntegrityError:
            if attempt == NUMBER_ATTEMPTS:
                raise
    raise AssertionError("unreachable")  # pragma: no cover


# --- the bank's receipt -------------------------------------------------------------------------------------------

@dataclass
class ReceiptReport:
    """What an import did — or, when `errors` is not empty, why it wrote nothing."""

    errors: list = field(default_factory=list)  # file errors, then one line per row error in row order
    succeeded: list = field(default_factory=list)  # PaymentItem
    failed: list = field(default_factory=list)
    unchanged: list = field(default_factory=list)
    warnings: list = field(default_factory=list)  # recorded, but someone must look (a hold arose after the batch)

    @property
    def ok(self):
        return not self.errors

    @property
    def paid_amount(self):
        return sum((item.amount for item in self.succeeded), Decimal("0.00"))

    def summary(self):
        return (f"成功 {len(self.succeeded)} 笔 {_yuan(self.paid_amount)} / 失败 {len(self.failed)} 笔 / "
                f"未变化 {len(self.unchanged)} 笔")


def _same_answer(item, row):
    if row.succeeded:
        return (item.result == Result.SUCCEEDED and item.serial_number == row.serial_number
                and item.transaction_date == row.transaction_date)
    return (item.result == Result.FAILED and item.serial_number == row.serial_number
            and item.failure_reason == row.failure_reason)


def _answer_text(item):
    if item.result == Result.SUCCEEDED:
        return f"“成功”（交易流水号 {item.serial_number}，交易日期 {item.transaction_date:%Y-%m-%d}）"
    return f"“失败”（{item.failure_reason or '未注明原因'}）"


class _Matcher:
    """Pairs receipt rows with batch items and says, per row, why a pair cannot be recorded."""

    def __init__(self, rows, actor, today):
        self.rows, self.actor, self.today = rows, actor, today
        self.errors = []
        self.batches = {b.number: b for b in PaymentBatch.objects.filter(number__in={r.batch_number for r in rows})}
        award_ids = PaymentItem.objects.filter(batch__in=self.batches.values()).values_list("award_id", flat=True)
        self.awards = {a.pk: a for a in lock_awards(award_ids)}  # before the items are read: answers are final
        self.items = list(PaymentItem.objects.filter(batch__in=self.batches.values())
                          .select_related("award__enterprise").order_by("pk"))
        by_pk = {b.pk: b for b in self.batches.values()}
        for item in self.items:
            self.awards[item.award_id].enterprise = item.award.enterprise
            item.award, item.batch = self.awards[item.award_id], by_pk[item.batch_id]

    def error(self, row, column, reason):
        self.errors.append(RowError(row.row, column, reason))

    def pairs(self):
        """[(row, item)] for the rows that name an item of their batch; an error for every other row."""
        by_key = {}
        for item in self.items:
            by_key.setdefault((item.batch.number, item.award.enterprise.credit_code), []).append(item)
        taken, pairs, seen_at = set(), [], {}
        unknown = [row for row in self.rows if row.batch_number in self.batches
                   and (row.batch_number, row.credit_code) not in by_key]
        elsewhere = self._batches_of({row.credit_code for row in unknown})
        for row in self.rows:
            if row.batch_number not in self.batches:
                self.error(row, BATCH, f"批次号“{row.batch_number}”不存在")
                continue
            candidates = by_key.get((row.batch_number, row.credit_code))
            if not candidates:
                other = sorted(elsewhere.get(row.credit_code, set()) - {row.batch_number})
                self.error(row, CODE, f"统一社会信用代码“{row.credit_code}”的奖励不在批次 {row.batch_number} 中"
                           + (f"（列于批次 {'、'.join(other)}）" if other else "（企业不存在或未列入任何兑付批次）"))
                continue
            free = [item for item in candidates if item.pk not in taken]
            if not free:
                first = seen_at[(row.batch_number, row.credit_code)]
                self.error(row, "", f"与第 {first} 行重复：批次 {row.batch_number} 中该企业只有 "
                           f"{len(candidates)} 笔")
                continue
            seen_at.setdefault((row.batch_number, row.credit_code), row.row)
            # one enterprise may have two awards of a year in a batch (认定奖励 and 成长奖励): the amount tells
            item = next((item for item in free if item.amount == row.amount), None)
            if item is None:
                expected = "、".join(f"{item.amount:.2f}" for item in free)
                self.error(row, AMOUNT, f"金额 {row.amount:.2f} 元与兑付批次 {row.batch_number} 中该企业的金额"
                           f"（{expected} 元）不一致")
                taken.add(free[0].pk)
                continue
            taken.add(item.pk)
            pairs.append((row, item))
        return pairs

    def _batches_of(self, credit_codes):
        found = {}
        for code, number in PaymentItem.objects.filter(award__enterprise__credit_code__in=credit_codes).values_list(
                "award__enterprise__credit_code", "batch__number"):
            found.setdefault(code, set()).add(number)
        return found

    def check(self, row, item):
        """Errors of one pair; True when the item is answered already with this very answer."""
        if item.result != Result.PENDING:
            if _same_answer(item, row):
                return True
            self.error(row, RESULT, f"该笔已于 {timezone.localtime(item.reconciled_at):%Y-%m-%d} 对账为"
                       f"{_answer_text(item)}，与本行不一致")
            return False
        if not row.succeeded:
            return False
        award, batch = item.award, item.batch
        if award.reviewed_by_id is not None and award.reviewed_by_id == getattr(person(self.actor), "pk", None):
            self.error(row, "", "导入人审核了该奖励，不能登记其兑付（审核与兑付须由不同人员办理），请由其他财政人员导入")
        if award.state != AwardState.PUBLIC_NOTICE:
            self.error(row, "", f"奖励当前状态为“{award.get_state_display()}”，不能登记兑付；"
                       "银行已付款的，请与审核部门核实后另行处理")
        elif award.notice_ends_on is None or row.transaction_date <= award.notice_ends_on:
            end = f"{award.notice_ends_on:%Y-%m-%d}" if award.notice_ends_on else "—"
            self.error(row, DATE, f"交易日期 {row.transaction_date:%Y-%m-%d} 在公示期满（{end}）之前，请核对")
        if row.transaction_date < timezone.localtime(batch.created_at).date():
            self.error(row, DATE, f"交易日期 {row.transaction_date:%Y-%m-%d} 早于批次 {batch.number} 的生成日期"
                       f"（{timezone.localtime(batch.created_at):%Y-%m-%d}），请核对")
        return False

    def check_serials(self, fresh):
        """A serial number pays one item: not twice in the file, not one already recorded for another item."""
        first = {}
        for row, _item in fresh:
            if row.succeeded and row.serial_number in first:
                self.error(row, SERIAL, f"交易流水号“{row.serial_number}”与第 {first[row.serial_number]} 行重复")
            first.setdefault(row.serial_number, row.row)
        serials = [row.serial_number for row, _item in fresh if row.succeeded]
        used = dict(PaymentItem.objects.filter(serial_number__in=serials, result=Result.SUCCEEDED)
                    .exclude(pk__in=[item.pk for _row, item in fresh]).values_list("serial_number", "batch__number"))
        for row, _item in fresh:
            if row.succeeded and row.serial_number in used:
                self.error(row, SERIAL, f"交易流水号“{row.serial_number}”已在批次 {used[row.serial_number]} "
                           "中登记过其他款项")


def import_bank_receipts(*, content, file_name, actor, today=None):
    """Reconcile a bank receipt file with its batches, all or nothing (see the module's docstring).

    成功 records the payment (paid_on = 交易日期, voucher = 交易流水号, paid by `actor`); 失败 returns the award to due
    with the bank's reason. A row answering an item the same way again changes nothing; any error in any row
    writes nothing at all and comes back in the report, naming the row as the spreadsheet shows it.

    The bank's 成功 is a fact: an award held back after its batch was made (a flag, an objection, a credit entry)
    is still recorded as paid — the money has left — and named in the report's warnings for the bureau to follow
    up (recovery if it must)."""
    require_actor(actor)
    permissions.require(permissions.can_pay(actor), "只有市财政局人员可以导入银行回单")
    today = today or timezone.localdate()
    rows, file_errors, row_errors = read_receipt(content, file_name, today=today)
    report = ReceiptReport()
    if file_errors:
        report.errors = file_errors
        return report
    with transaction.atomic():
        matcher = _Matcher(rows, actor, today)
        matcher.errors.extend(row_errors)
        fresh = []
        for row, item in matcher.pairs():
            if matcher.check(row, item):
                report.unchanged.append(item)
            elif item.result == Result.PENDING:
                fresh.append((row, item))
        matcher.check_serials(fresh)
        if matcher.errors:
            report.errors = [str(e) for e in sorted(matcher.errors, key=lambda e: e.row)]
            report.unchanged = []
            return report
        now = timezone.now()
        for row, item in fresh:
            _record(item, row, actor, now)
            (report.succeeded if row.succeeded else report.failed).append(item)
        held = holds.holds_for([item.award for item in report.succeeded], on=today, checks=holds.PAY)
        for item in report.succeeded:
            if item.award.pk in held:
                report.warnings.append(
                    f"{item.award.enterprise.name}（{item.award.enterprise.credit_code}）{item.award.year} 年"
                    f"{item.award.get_kind_display()}：银行回单为成功，已登记兑付，但该奖励生成批次后被暂缓——"
                    + "；".join(held[item.award.pk]) + "。请复核，必要时立项追回。"
                )
    return report


def _record(item, row, actor, now):
    award, batch = item.award, item.batch
    item.serial_number, item.transaction_date, item.reconciled_at = row.serial_number, row.transaction_date, now
    if row.succeeded:
        item.result = Result.SUCCEEDED
        award.paid_on, award.voucher_number, award.paid_by = row.transaction_date, row.serial_number, person(actor)
        move(award, "record_payment", actor, now, ("paid_on", "voucher_number", "paid_by"), batch=batch,
             comment=f"银行代发成功：批次 {batch.number}，交易流水号 {row.serial_number}，"
                     f"交易日期 {row.transaction_date:%Y-%m-%d}")
    else:
        item.result, item.failure_reason = Result.FAILED, row.failure_reason
        record_event(award, "payment_failed", actor=actor, batch=batch, at=now,
                     comment=f"批次 {batch.number}：{row.failure_reason or '银行未注明失败原因'}")
    item.save(update_fields=["result", "serial_number", "transaction_date", "failure_reason", "reconciled_at"])


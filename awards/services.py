"""Writes to awards. Every transition of the 免申即享 flow is one service here: keyword-only, with the acting
user or a named system actor (audit.BEAT, DEMO, COMMAND; never None), atomic, the rows locked (awards.locks) and
their state checked against the transition table, history kept. "Who" columns hold the user, or None for a system
actor (audit.person); history names a system actor in its change reason (audit.audited).

The recompute itself lives in awards.recompute (`recompute_eligibility`, `refresh_recognition_award`); this
module queues it (awards.tasks), and tasks never import this module.
"""

import re
from datetime import timedelta
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from audit import audited, person, require_actor

from . import holds, permissions, runs, transitions
from .ledger import record_event
from .locks import lock_awards
from .models import AwardRecovery
from .recompute import recompute_eligibility, refresh_recognition_award  # noqa: F401 (re-exported)
from .runs import record_run
from .states import PAID_STATES, AwardState, Outcome, sources_of
from .tasks import recompute_eligibility_task, reevaluate_enterprises_task

InvalidTransition = transitions.InvalidTransition
_ids, _check, _move, _one, _refuse_held = (
    transitions.ids_of, transitions.check, transitions.move, transitions.lock_one, transitions.refuse_held,
)


def _bulk(awards, action, actor, mutate=None, extra_fields=(), checks=()):
    """Apply `action` to every award in a state that allows it and not held back by `checks` (awards.holds);
    return (moved, skipped). A skipped award carries `skip_reason`."""
    now = timezone.now()
    moved, skipped = [], []
    with transaction.atomic():
        locked = lock_awards(_ids(awards))
        held = holds.holds_for(locked, on=timezone.localdate(), checks=checks) if checks else {}
        for award in locked:
            if award.state not in sources_of(action):
                award.skip_reason = f"当前状态为“{award.get_state_display()}”"
                skipped.append(award)
                continue
            if award.pk in held:
                award.skip_reason = "；".join(held[award.pk])
                skipped.append(award)
                continue
            if mutate:
                mutate(award, now)
            moved.append(_move(award, action, actor, now, extra_fields))
    return moved, skipped


# --- 精准推送 ---------------------------------------------------------------------------------------------------

def notify_awards(*, awards, actor):
    """Tell the matched enterprises (candidate → notified). Awards in any other state are skipped."""
    require_actor(actor)
    permissions.require(permissions.can_review(actor), "只有市工业和信息化局审核人员可以推送奖励")

    def stamp(award, now):
        award.notified_at = now

    return _bulk(awards, "notify", actor, stamp, ("notified_at",))


# --- 意愿确认 ---------------------------------------------------------------------------------------------------

ACCOUNT_NUMBER = re.compile(r"^\d{8,30}$")


def clean_bank_account(*, enterprise, account_name, bank_name, account_number):
    """Normalise and check the account an award is paid to; returns the cleaned triple or raises."""
    account_name = (account_name or "").strip()
    bank_name = (bank_name or "").strip()
    account_number = re.sub(r"[\s-]", "", account_number or "")
    errors = {}
    if account_name != enterprise.name:
        errors["account_name"] = f"收款户名须与企业名称“{enterprise.name}”一致（奖励资金只拨付至企业对公账户）"
    if not 4 <= len(bank_name) <= 100 or "银行" not in bank_name and "信用社" not in bank_name:
        errors["bank_name"] = "请填写开户银行全称（含支行），例如“中国工商银行桂林分行营业部”"
    if not ACCOUNT_NUMBER.match(account_number):
        errors["account_number"] = "银行账号应为 8 至 30 位数字"
    if errors:
        raise ValidationError(errors)
    return account_name, bank_name, account_number


def confirm_award(*, award, actor, account_name, bank_name, account_number):
    """The enterprise confirms it wants the award and gives its bank account (notified → confirmed)."""
    require_actor(actor)
    with transaction.atomic():
        award = _one(award)
        permissions.require(permissions.can_confirm(actor, award), "只能确认本企业的奖励")
        name, bank, number = clean_bank_account(
            enterprise=award.enterprise, account_name=account_name, bank_name=bank_name, account_number=account_number
        )
        _check(award, "confirm")
        now = timezone.now()
        award.account_name, award.bank_name, award.account_number = name, bank, number
        award.confirmed_at, award.confirmed_by = now, person(actor)
        return _move(award, "confirm", actor, now,
                     ("account_name", "bank_name", "account_number", "confirmed_at", "confirmed_by"))


# --- 审核 ---------------------------------------------------------------------------------------------------------

def _stamp_review(actor):
    def stamp(award, now):
        award.reviewed_at, award.reviewed_by = now, person(actor)
    return stamp


def approve_award(*, award, actor):
    """Bureau review: approve one confirmed award. Two reviewers at once → the second finds it approved."""
    require_actor(actor)
    permissions.require(permissions.can_review(actor), "只有市工业和信息化局审核人员可以审核奖励")
    with transaction.atomic():
        award = _one(award)
        _check(award, "approve")
        _refuse_held(award, holds.APPROVE, timezone.localdate())
        _stamp_review(actor)(award, timezone.now())
        return _move(award, "approve", actor, award.reviewed_at, ("reviewed_at", "reviewed_by"))


def approve_awards(*, awards, actor):
    """Bulk approve: every confirmed award among `awards`; returns (approved, skipped)."""
    require_actor(actor)
    permissions.require(permissions.can_review(actor), "只有市工业和信息化局审核人员可以审核奖励")
    return _bulk(awards, "approve", actor, _stamp_review(actor), ("reviewed_at", "reviewed_by"), holds.APPROVE)


def reject_award(*, award, actor, reason):
    """Reject at any step before payment, with a reason the enterprise will read."""
    require_actor(actor)
    permissions.require(permissions.can_review(actor), "只有市工业和信息化局审核人员可以作出不予奖励决定")
    reason = (reason or "").strip()
    if len(reason) < 4:
        raise ValidationError({"reason": "请填写不予奖励的理由（至少 4 个字）"})
    with transaction.atomic():
        award = _one(award)
        now = timezone.now()
        _check(award, "reject")
        return transitions.reject(award, actor, now, reason=reason)


# --- 公示 -------------------------------------------------------------------------------------------------------

def publish_notice(*, awards, actor, starts_on=None):
    """Put approved awards on public notice for the policy's number of days (first and last day included)."""
    require_actor(actor)
    permissions.require(permissions.can_review(actor), "只有市工业和信息化局审核人员可以发布公示")
    starts_on = starts_on or timezone.localdate()

    def stamp(award, now):
        award.notice_starts_on = starts_on
        award.notice_ends_on = starts_on + timedelta(days=award.policy.public_notice_days - 1)

    return _bulk(awards, "publish_notice", actor, stamp, ("notice_starts_on", "notice_ends_on"), holds.PUBLISH)


# --- 兑付 -------------------------------------------------------------------------------------------------------

def record_payment(*, award, actor, paid_on, voucher_number, today=None):
    """The finance officer records one payment by hand (date and voucher) — the same rules as a bank receipt:
    notice ended, no flag, no open objection, no credit entry in force, not the approver, not in an open batch."""
    require_actor(actor)
    permissions.require(permissions.can_pay(actor), "只有市财政局人员可以登记兑付")
    today = today or timezone.localdate()
    voucher_number = (voucher_number or "").strip()
    with transaction.atomic():
        award = _one(award)
        _check(award, "record_payment")
        problems = holds.payment_problems(award, actor=actor, today=today)
        if problems:
            raise ValidationError({"paid_on": problems})
        errors = {}
        if paid_on is None or paid_on > today or paid_on <= award.notice_ends_on:
            errors["paid_on"] = f"兑付日期应在公示期满（{award.notice_ends_on:%Y-%m-%d}）之后、且不晚于今天"
        if not voucher_number:
            errors["voucher_number"] = "请填写凭证号"
        if errors:
            raise ValidationError(errors)
        award.paid_on, award.voucher_number, award.paid_by = paid_on, voucher_number, person(actor)
        return _move(award, "record_payment", actor, timezone.now(), ("paid_on", "voucher_number", "paid_by"),
                     comment=f"凭证号 {voucher_number}，兑付日期 {paid_on:%Y-%m-%d}")


def archive_awards(*, awards, actor):
    require_actor(actor)
    permissions.require(permissions.can_review(actor) or permissions.can_pay(actor), "无权归档奖励")

    def stamp(award, now):
        award.archived_at = now

    return _bulk(awards, "archive", actor, stamp, ("archived_at",))


def resolve_flag(*, award, actor, accept, reason=""):
    """A reviewer resolves a flagged award (its inputs changed after the decision):

    - accept: the re-evaluated result replaces the decided one — the amount changes, the ledger keeps both; an
      approved or noticed award that is no longer eligible is rejected; a paid one that now earns less opens a
      recovery (追回) of the difference;
    - keep (accept=False): the decision stands, with the written reason; the same changed input is not flagged
      again (a further change is)."""
    require_actor(actor)
    permissions.require(permissions.can_review(actor), "只有市工业和信息化局审核人员可以处理复核标记")
    reason = (reason or "").strip()
    if not accept and len(reason) < 4:
        raise ValidationError({"reason": "维持原决定时，请写明理由（至少 4 个字）"})
    with transaction.atomic():
        award = _one(award)
        if not award.needs_attention:
            raise ValidationError(f"“{award}”没有待处理的复核标记", code="not_flagged")
        now = timezone.now()
        if not accept:
            award.needs_attention = False
            audited(award, actor).save(update_fields=["needs_attention"])
            record_event(award, "resolve_keep", actor=actor, comment=reason, at=now)
            return award
        new = award.attention_result or {}
        old_amount, old_outcome = award.amount, award.outcome
        award.outcome = new.get("outcome", award.outcome)
        award.amount = Decimal(new.get("amount", award.amount))
        award.reasons = new.get("reasons", award.reasons)
        award.figures = new.get("figures", award.figures)
        award.fingerprint = award.attention_fingerprint or award.fingerprint
        award.policy_id = new.get("policy_id", award.policy_id)
        award.computed_at = now
        award.needs_attention, award.attention_reason, award.attention_fingerprint = False, "", ""
        award.attention_result = {}
        fields = ["outcome", "amount", "reasons", "figures", "fingerprint", "policy", "computed_at",
                  "needs_attention", "attention_reason", "attention_fingerprint", "attention_result"]
        change = (f"采纳重新计算结果：“{Outcome(old_outcome).label}” {old_amount:,.2f} 元 → "
                  f"“{Outcome(award.outcome).label}” {award.amount:,.2f} 元" + (f"。{reason}" if reason else ""))
        eligible = award.outcome == Outcome.ELIGIBLE
        if not eligible and award.state in (AwardState.APPROVED, AwardState.PUBLIC_NOTICE):
            award.amount = Decimal("0.00")
            audited(award, actor).save(update_fields=fields)
            first_reason = award.reasons.splitlines()[0] if award.reasons else ""
            return transitions.reject(award, actor, now, reason=f"复核采纳重新计算结果，不再符合奖励条件：{first_reason}",
                                      comment=change)
        if not eligible:
            award.amount = Decimal("0.00")
        audited(award, actor).save(update_fields=fields)
        record_event(award, "resolve_accept", actor=actor, comment=change, at=now)
        if award.state in PAID_STATES and award.amount < old_amount:
            owed = old_amount - award.amount
            AwardRecovery.objects.create(
                award=award, amount=owed, opened_at=now, opened_by=person(actor),
                reason=f"已兑付 {old_amount:,.2f} 元，复核采纳重新计算结果为 {award.amount:,.2f} 元，应追回差额。",
            )
            record_event(award, "recovery", actor=actor, comment=f"应追回 {owed:,.2f} 元", at=now)
        return award


def acknowledge_input_change(*, award, actor, reason="复核人员确认原决定不变"):
    """A reviewer has looked at a decided award whose inputs changed and keeps the decision (resolve_flag)."""
    return resolve_flag(award=award, actor=actor, accept=False, reason=reason)


# --- the recompute, from the admin or a command (beat queues its own run: awards.tasks) ------------------------

def start_recompute(*, year, actor):
    """Record a run — or resume the year's interrupted one (`run.resumed`); a live one refuses with a
    ValidationError — and queue it once this transaction commits (a worker never reads uncommitted data)."""
    run = record_run(year=year, actor=actor)  # checks the actor and its permission
    _queue_run(run, actor)
    return run


def resume_recompute(*, run, actor):
    """Staff continue an interrupted or failed run: the chunks done stay, the others are queued again."""
    run = runs.resume_run(run, actor=actor)
    _queue_run(run, actor)
    return run


def _queue_run(run, actor):
    system_actor = None if person(actor) else actor.name  # a run no user triggered is named in the message
    transaction.on_commit(lambda: recompute_eligibility_task.delay(run.year, run.pk, system_actor=system_actor))


# --- fresh results: every registry write re-evaluates the enterprises it touched --------------------------------

def queue_reevaluation(*, enterprise_ids, actor, figure_years=None):
    """Registered with enterprises.changes: once the write commits, tasks of at most settings.RECOMPUTE_CHUNK_SIZE
    enterprises each re-evaluate them for every year any edition covers (in-process when no broker is set) — each
    task chunk-sized, like the recompute's, so that one lost with its worker is redelivered within minutes. A write
    of annual figures only names their years (`figure_years`): only the growth results those figures feed are
    re-evaluated (awards.recompute.reevaluate_enterprises)."""
    require_actor(actor)
    ids = sorted(set(enterprise_ids))
    user_id = getattr(person(actor), "pk", None)
    system_actor = None if user_id else getattr(actor, "name", None)
    size = settings.RECOMPUTE_CHUNK_SIZE
    # A list of ints (the message is JSON); None, as in a message queued before years were named: everything.
    years = None if figure_years is None else sorted({int(year) for year in figure_years})
    extra = {} if years is None else {"figure_years": years}

    def queue():
        for start in range(0, len(ids), size):
            reevaluate_enterprises_task.delay(ids[start:start + size], user_id=user_id, system_actor=system_actor,
                                              **extra)
    transaction.on_commit(queue)

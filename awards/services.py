"""Writes to awards. Every transition of the 免申即享 flow is one service here: keyword-only, with the acting
user or a named system actor (audit.BEAT, DEMO, COMMAND; never None), atomic, the rows locked (awards.locks) and
their state checked against the transition table, history kept. "Who" columns hold the user, or None for a system
actor (audit.person); history names a system actor in its change reason (audit.audited).

The recompute itself lives in awards.recompute (`recompute_eligibility`, `refresh_recognition_award`); this
module queues it (awards.tasks), and tasks never import this module.
"""

import re
from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from audit import audited, person, require_actor

from . import permissions
from .locks import lock_awards
from .models import Award
from .recompute import recompute_eligibility, record_run, refresh_recognition_award  # noqa: F401 (re-exported)
from .states import can, sources_of, target_of
from .tasks import recompute_eligibility_task


class InvalidTransition(ValidationError):
    pass


def _ids(awards):
    return [a if isinstance(a, int) else a.pk for a in awards]


def _check(award, action):
    if not can(action, award.state):
        raise InvalidTransition(
            f"“{award}”当前状态为“{award.get_state_display()}”，不能执行该操作", code="invalid_transition"
        )


def _move(award, action, actor, now, extra_fields=()):
    """Check the transition table, set the new state and save with history. The row must be locked."""
    _check(award, action)
    award.state = target_of(action)
    award.state_changed_at = now
    audited(award, actor).save(update_fields=["state", "state_changed_at", *extra_fields])
    return award


def _one(award_or_id):
    awards = lock_awards(_ids([award_or_id]))
    if not awards:
        raise Award.DoesNotExist
    return awards[0]


def _bulk(awards, action, actor, mutate=None, extra_fields=()):
    """Apply `action` to every award in a state that allows it; return (moved, skipped)."""
    now = timezone.now()
    moved, skipped = [], []
    with transaction.atomic():
        for award in lock_awards(_ids(awards)):
            if award.state not in sources_of(action):
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
        _stamp_review(actor)(award, timezone.now())
        return _move(award, "approve", actor, award.reviewed_at, ("reviewed_at", "reviewed_by"))


def approve_awards(*, awards, actor):
    """Bulk approve: every confirmed award among `awards`; returns (approved, skipped)."""
    require_actor(actor)
    permissions.require(permissions.can_review(actor), "只有市工业和信息化局审核人员可以审核奖励")
    return _bulk(awards, "approve", actor, _stamp_review(actor), ("reviewed_at", "reviewed_by"))


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
        award.rejection_reason, award.reviewed_at, award.reviewed_by = reason, now, person(actor)
        return _move(award, "reject", actor, now, ("rejection_reason", "reviewed_at", "reviewed_by"))


# --- 公示 -------------------------------------------------------------------------------------------------------

def publish_notice(*, awards, actor, starts_on=None):
    """Put approved awards on public notice for the policy's number of days (first and last day included)."""
    require_actor(actor)
    permissions.require(permissions.can_review(actor), "只有市工业和信息化局审核人员可以发布公示")
    starts_on = starts_on or timezone.localdate()

    def stamp(award, now):
        award.notice_starts_on = starts_on
        award.notice_ends_on = starts_on + timedelta(days=award.policy.public_notice_days - 1)

    return _bulk(awards, "publish_notice", actor, stamp, ("notice_starts_on", "notice_ends_on"))


# --- 兑付 -------------------------------------------------------------------------------------------------------

def record_payment(*, award, actor, paid_on, voucher_number, today=None):
    """The finance officer records the payment (date and voucher) once the public notice has ended."""
    require_actor(actor)
    permissions.require(permissions.can_pay(actor), "只有市财政局人员可以登记兑付")
    today = today or timezone.localdate()
    voucher_number = (voucher_number or "").strip()
    with transaction.atomic():
        award = _one(award)
        _check(award, "record_payment")
        errors = {}
        if today <= award.notice_ends_on:
            errors["paid_on"] = f"公示期至 {award.notice_ends_on:%Y-%m-%d} 结束，公示期满后方可登记兑付"
        elif paid_on is None or paid_on > today or paid_on <= award.notice_ends_on:
            errors["paid_on"] = f"兑付日期应在公示期满（{award.notice_ends_on:%Y-%m-%d}）之后、且不晚于今天"
        if not voucher_number:
            errors["voucher_number"] = "请填写凭证号"
        if errors:
            raise ValidationError(errors)
        award.paid_on, award.voucher_number, award.paid_by = paid_on, voucher_number, person(actor)
        return _move(award, "record_payment", actor, timezone.now(), ("paid_on", "voucher_number", "paid_by"))


def archive_awards(*, awards, actor):
    require_actor(actor)
    permissions.require(permissions.can_review(actor) or permissions.can_pay(actor), "无权归档奖励")

    def stamp(award, now):
        award.archived_at = now

    return _bulk(awards, "archive", actor, stamp, ("archived_at",))


def acknowledge_input_change(*, award, actor):
    """A reviewer has looked at a decided award whose inputs changed: clear the flag (the decision stands)."""
    require_actor(actor)
    permissions.require(permissions.can_review(actor), "只有市工业和信息化局审核人员可以处理复核标记")
    with transaction.atomic():
        award = _one(award)
        award.needs_attention = False
        audited(award, actor).save(update_fields=["needs_attention"])
        return award


# --- the recompute, from the admin or a command (beat queues its own run: awards.tasks) ------------------------

def start_recompute(*, year, actor):
    """Record a run and queue it once this transaction commits (a worker never reads uncommitted data)."""
    run = record_run(year=year, actor=actor)  # checks the actor and its permission
    system_actor = None if person(actor) else actor.name  # a run no user triggered is named in the message
    transaction.on_commit(lambda: recompute_eligibility_task.delay(year, run.pk, system_actor=system_actor))
    return run

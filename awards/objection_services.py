"""Objections to the awards' public notice (奖励公示异议): anyone lodges one from the public page while the entry is
on notice; it holds the payment (awards.holds) until the bureau records its finding — upheld, the award is rejected
with the finding as its reason; dismissed, the award goes on to payment.

The objector's name, phone and facts are personal data: they stay on the AwardObjection row, which only the bureau
reads (admin_objections). The ledger, which the enterprise reads, says only that an objection came in and how it
was decided."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from audit import audited, person, require_actor

from . import permissions, transitions
from .ledger import record_event
from .models import Award, AwardObjection
from .objections import ObjectionStatus, clean_finding, clean_objection
from .states import AwardState, can


def on_notice(award, day):
    """Is `award` on public notice on `day` (first and last day included)?"""
    return (
        award.state == AwardState.PUBLIC_NOTICE and award.notice_starts_on is not None
        and award.notice_ends_on is not None and award.notice_starts_on <= day <= award.notice_ends_on
    )


def awards_on_notice(day):
    """The awards whose public notice runs on `day`, as the public page lists them (one query, enterprise, area and
    policy edition joined; no bank details are read by the page)."""
    return (
        Award.objects.filter(state=AwardState.PUBLIC_NOTICE, notice_starts_on__lte=day, notice_ends_on__gte=day)
        .select_related("enterprise", "enterprise__area", "policy")
        .order_by("policy__effective_from", "notice_ends_on", "enterprise__area__sort_order", "enterprise__name",
                  "kind", "pk")
    )


def lodge_award_objection(*, award, objector_name, objector_phone, facts, actor):
    """Record an objection to one award while it is on notice; it holds the award's payment until decided."""
    require_actor(actor)
    name, phone, facts = clean_objection(objector_name=objector_name, objector_phone=objector_phone, facts=facts)
    with transaction.atomic():
        try:
            award = transitions.lock_one(award)
        except Award.DoesNotExist:
            raise ValidationError({"award": "请从公示名单中选择异议的奖励"}) from None
        now = timezone.now()
        if not on_notice(award, timezone.localdate(now)):
            raise ValidationError({"award": "该项奖励不在公示期内，不能提出异议"}, code="not_on_notice")
        objection = AwardObjection(award=award, objector_name=name, objector_phone=phone, facts=facts, lodged_at=now)
        audited(objection, actor).save()
        # The enterprise reads this line: no name, no phone, no facts.
        record_event(award, "objection", actor=actor, at=now,
                     comment="公示期间收到异议，市工业和信息化局核查期间暂缓兑付")
    return objection


def decide_award_objection(*, objection, actor, status, finding):
    """The bureau's finding on one open objection: upheld → the award is rejected, the finding its reason;
    dismissed → the award goes on to payment (once no other objection to it is open)."""
    require_actor(actor)
    permissions.require(permissions.can_review(actor), "只有市工业和信息化局审核人员可以处理公示异议")
    finding = clean_finding(status=status, finding=finding)
    with transaction.atomic():
        # award first, then the objection: the order every award writer locks in
        award = transitions.lock_one(objection.award_id)
        objection = AwardObjection.objects.select_for_update(of=("self",)).get(pk=objection.pk)
        if not objection.is_open:
            raise ValidationError(f"该异议已于 {timezone.localtime(objection.decided_at):%Y-%m-%d %H:%M} 处理"
                                  f"（{objection.get_status_display()}），不能再次处理", code="decided")
        now = timezone.now()
        objection.status, objection.finding = status, finding
        objection.decided_at, objection.decided_by = now, person(actor)
        audited(objection, actor).save(update_fields=["status", "finding", "decided_at", "decided_by"])
        if status == ObjectionStatus.UPHELD:
            _uphold(award, actor, finding, now)
        else:
            still_open = AwardObjection.objects.filter(award=award, status=ObjectionStatus.OPEN).count()
            comment = finding + (f"（另有 {still_open} 件异议待处理，处理完毕前仍暂缓兑付）" if still_open else "")
            record_event(award, "objection_dismissed", actor=actor, comment=comment, at=now)
    return objection


def _uphold(award, actor, finding, now):
    record_event(award, "objection_upheld", actor=actor, comment=finding, at=now)
    if award.state == AwardState.REJECTED:  # rejected meanwhile on other grounds: the finding is on the ledger
        return
    if not can("reject", award.state):
        raise ValidationError(f"“{award}”当前状态为“{award.get_state_display()}”，异议成立须另行办理追回",
                              code="invalid_transition")
    transitions.reject(award, actor, now, reason=finding, comment="公示异议经核查成立，不予奖励")

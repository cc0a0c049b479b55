"""The writes of a filed record (`enterprises.filings.FiledRecord`): the enterprise saves a draft and submits it;
the county (or the bureau) confirms it or returns it with a reason. Every step is scoped, locked, validated,
recorded in the record's history, and told to the enterprise (enterprises.notices)."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from audit import audited, person, require_actor

from .filings import EDITABLE_STATES, TRANSITIONS, FilingAction, FilingState
from .notices import notify
from .roles import CITY_WIDE_ROLES, Role
from .scoping import scope

NOT_YOURS = "只能填报本企业的信息"
NOT_EDITABLE = "已提交的信息不能修改；如需修改，请联系县（市、区）工信部门退回"
ONLY_REVIEWERS = "只有企业所在县（市、区）工信部门或市工业和信息化局可以确认或退回"


def _locked(record):
    return type(record).objects.select_for_update(of=("self",)).select_related("enterprise").get(pk=record.pk)


def _check_own(actor, enterprise_id):
    if getattr(actor, "role", None) != Role.ENTERPRISE or actor.enterprise_id != enterprise_id:
        raise PermissionDenied(NOT_YOURS)


def _check_reviewer(actor, record):
    role = getattr(actor, "role", None)
    if not (actor.is_superuser or role in CITY_WIDE_ROLES or role == Role.COUNTY):
        raise PermissionDenied(ONLY_REVIEWERS)
    if not scope(type(record).objects.filter(pk=record.pk), actor, via="enterprise").exists():
        raise PermissionDenied(ONLY_REVIEWERS)


@transaction.atomic
def save_filing_draft(*, actor, record):
    """Create or change `record` (with its values already set) as the enterprise's draft. A new record belongs to
    the actor's own enterprise; a stored one must still be editable (a draft, or returned for changes)."""
    require_actor(actor)
    if record.pk is None:
        record.enterprise_id = getattr(actor, "enterprise_id", None)
    else:
        stored = _locked(record)
        _check_own(actor, stored.enterprise_id)
        if stored.filing_state not in EDITABLE_STATES:
            raise ValidationError(NOT_EDITABLE)
        record.enterprise_id = stored.enterprise_id
        record.filing_state = stored.filing_state
    _check_own(actor, record.enterprise_id)
    if record.pk is None:
        record.filing_state = FilingState.DRAFT
    record.full_clean()
    audited(record, actor).save()
    return record


def _move(actor, record, action, *, reason=""):
    starts, ends = TRANSITIONS[action]
    stored = _locked(record)
    if stored.filing_state not in starts:
        raise ValidationError(f"当前状态为“{stored.get_filing_state_display()}”，不能{action.label}")
    stored.filing_state = ends
    now = timezone.now()
    if action == FilingAction.SUBMIT:
        stored.submitted_at = now
        stored.return_reason = ""
    else:
        stored.reviewed_by = person(actor)
        stored.reviewed_at = now
        stored.return_reason = reason if action == FilingAction.RETURN else ""
    audited(stored, actor).save()
    return stored


@transaction.atomic
def submit_filing(*, actor, record):
    """The enterprise sends its draft to the county for confirmation."""
    require_actor(actor)
    _check_own(actor, type(record).objects.values_list("enterprise_id", flat=True).get(pk=record.pk))
    return _move(actor, record, FilingAction.SUBMIT)


@transaction.atomic
def confirm_filing(*, actor, record):
    """The county (or the bureau) confirms a submitted record: from now on it counts."""
    require_actor(actor)
    _check_reviewer(actor, record)
    stored = _move(actor, record, FilingAction.CONFIRM)
    what = stored._meta.verbose_name
    notify(enterprise=stored.enterprise, title=f"{what}已确认",
           body=f"贵单位填报的{what}“{stored}”已由{_reviewer_name(actor)}确认。")
    return stored


@transaction.atomic
def return_filing(*, actor, record, reason):
    """The county (or the bureau) sends a submitted record back to the enterprise, saying why."""
    require_actor(actor)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError("退回时请填写退回原因")
    _check_reviewer(actor, record)
    stored = _move(actor, record, FilingAction.RETURN, reason=reason[:500])
    what = stored._meta.verbose_name
    notify(enterprise=stored.enterprise, title=f"{what}被退回修改",
           body=f"贵单位填报的{what}“{stored}”已被退回，请按意见修改后重新提交。\n意见：{stored.return_reason}")
    return stored


def _reviewer_name(actor):
    if getattr(actor, "role", None) == Role.COUNTY and getattr(actor, "area", None):
        return f"{actor.area.name}工信部门"
    return "市工业和信息化局"

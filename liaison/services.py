"""Writes of the liaison measures. Keyword-only, `actor=` first; each atomic, validated and audited.

`actor=None` is the system (beat jobs, demo seed, imports): no scope check applies to it.
"""

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from audit import audited
from enterprises.models import Enterprise
from enterprises.roles import Role
from enterprises.scoping import scope
from policy.rules import reference_day
from policy.selectors import edition_standing_on

from . import rules
from .models import (
    Difficulty,
    DifficultyTransition,
    DutyOutcome,
    LiaisonAssignment,
    ServiceRecord,
    SupportPlan,
    SupportPlanItem,
    TrainingAttendance,
    TrainingEvent,
    Visit,
)
from .workflow import DifficultyStatus, PlanItemStatus, can_transition


def _today():
    return timezone.localdate()


def _check_scope(actor, enterprise):
    """A user may only write about enterprises it can see (a county: its area; an officer: its enterprises)."""
    if actor is not None and not scope(Enterprise.objects.filter(pk=enterprise.pk), actor).exists():
        raise PermissionDenied("无权操作该企业")


def _check_perm(actor, perm):
    if actor is not None and not actor.has_perm(perm):
        raise PermissionDenied("无此操作权限")


def _not_in_future(day, label):
    if day > _today():
        raise ValidationError(f"{label}不能晚于今天")


# --- assignments (八) -------------------------------------------------------------------------------------------

def check_assignment(*, enterprise, officer, started_on):
    """Raise ValidationError unless `officer` can take `enterprise` over on `started_on`; return the current one."""
    if officer.role != Role.LIAISON or not officer.is_active:
        raise ValidationError("只能指派角色为“联络员”的在岗用户")
    if LiaisonAssignment.objects.filter(enterprise=enterprise, ended_on__gt=started_on).exists():
        raise ValidationError("起始日期早于该企业已结束的联络员任期，请核对日期")
    current = LiaisonAssignment.objects.filter(enterprise=enterprise, ended_on__isnull=True).first()
    if current is not None:
        if current.officer_id == officer.pk:
            raise ValidationError("该联络员已是该企业的现任联络员")
        if started_on < current.started_on:
            raise ValidationError(f"起始日期不能早于现任联络员的起始日期（{current.started_on:%Y-%m-%d}）")
    return current


@transaction.atomic
def assign_officer(*, actor, enterprise, officer, started_on, note=""):
    """Make `officer` the enterprise's liaison officer from `started_on`, closing the current assignment that day.

    Only white-list enterprises need an officer, but one may be assigned earlier (a firm about to be recognised).
    """
    _check_perm(actor, "liaison.add_liaisonassignment")
    _check_scope(actor, enterprise)
    # Serialise assignments of one enterprise: concurrent requests queue on the enterprise row.
    Enterprise.objects.select_for_update().filter(pk=enterprise.pk).first()
    current = check_assignment(enterprise=enterprise, officer=officer, started_on=started_on)
    if current is not None:
        current.ended_on = started_on
        audited(current, actor).save(update_fields=["ended_on"])
    assignment = LiaisonAssignment(
        enterprise=enterprise, officer=officer, started_on=started_on, assigned_by=actor, note=note,
    )
    assignment.full_clean()
    audited(assignment, actor).save()
    return assignment


@transaction.atomic
def end_assignment(*, actor, assignment, ended_on, note=""):
    """Close an assignment without a successor (e.g. the enterprise left the white list)."""
    _check_perm(actor, "liaison.change_liaisonassignment")
    _check_scope(actor, assignment.enterprise)
    assignment = LiaisonAssignment.objects.select_for_update().get(pk=assignment.pk)
    if assignment.ended_on is not None:
        raise ValidationError("该指派已结束")
    assignment.ended_on = ended_on
    if note:
        assignment.note = note
    assignment.full_clean()
    audited(assignment, actor).save()
    return assignment


def current_officer(enterprise):
    assignment = LiaisonAssignment.objects.filter(enterprise=enterprise, ended_on__isnull=True).first()
    return assignment.officer if assignment else None


# --- visits and difficulties ------------------------------------------------------------------------------------

@transaction.atomic
def log_visit(*, actor, enterprise, visited_on, mode, content, follow_up="", follow_up_due=None, officer=None):
    _check_perm(actor, "liaison.add_visit")
    _check_scope(actor, enterprise)
    _not_in_future(visited_on, "走访日期")
    visit = Visit(
        enterprise=enterprise, officer=officer or actor, visited_on=visited_on, mode=mode, content=content.strip(),
        follow_up=follow_up.strip(), follow_up_due=follow_up_due,
    )
    visit.full_clean()
    audited(visit, actor).save()
    return visit


@transaction.atomic
def submit_difficulty(*, actor, enterprise, title, description, category, department="", submitted_on=None,
                      source=None):
    """A difficulty from the enterprise's portal form, or logged by its officer (or county).

    The source follows the actor (the enterprise's own user → 企业提交); imports may name it.
    """
    _check_perm(actor, "liaison.add_difficulty")
    _check_scope(actor, enterprise)
    submitted_on = submitted_on or _today()
    _not_in_future(submitted_on, "提出日期")
    from_enterprise = actor is not None and actor.enterprise_id == enterprise.pk
    difficulty = Difficulty(
        enterprise=enterprise, title=title.strip(), description=description.strip(), category=category,
        department=department.strip(), submitted_by=actor, submitted_on=submitted_on,
        source=source or (Difficulty.Source.ENTERPRISE if from_enterprise else Difficulty.Source.OFFICER),
        officer=current_officer(enterprise), status=DifficultyStatus.OPEN,
    )
    difficulty.full_clean()
    audited(difficulty, actor).save()
    DifficultyTransition.objects.create(
        difficulty=difficulty, from_status="", to_status=DifficultyStatus.OPEN, actor=actor,
        note="企业在线提交" if difficulty.source == Difficulty.Source.ENTERPRISE else "联络员登记",
    )
    return difficulty


@transaction.atomic
def transition_difficulty(*, actor, difficulty, to_status, note="", resolution="", department="", on=None):
    """Move a difficulty along the table in workflow.py, recording who, when and why."""
    _check_perm(actor, "liaison.change_difficulty")
    _check_scope(actor, difficulty.enterprise)
    difficulty = Difficulty.objects.select_for_update().get(pk=difficulty.pk)
    to_status = DifficultyStatus(to_status)
    if not can_transition(difficulty.status, to_status):
        raise ValidationError(f"“{difficulty.get_status_display()}”状态不能变更为“{to_status.label}”")
    on = on or _today()
    _not_in_future(on, "办理日期")
    if on < difficulty.submitted_on:
        raise ValidationError("办理日期不能早于提出日期")
    from_status = difficulty.status
    if to_status == DifficultyStatus.IN_PROGRESS:
        difficulty.accepted_on = difficulty.accepted_on or on
    elif to_status == DifficultyStatus.ESCALATED:
        if not (department or "").strip():
            raise ValidationError("提级协调须填写协调部门")
        difficulty.escalated_on = on
    elif to_status == DifficultyStatus.RESOLVED:
        if not (resolution or "").strip():
            raise ValidationError("办结须填写办理结果")
        difficulty.resolution = resolution.strip()
        difficulty.resolved_on = on
        difficulty.resolved_by = actor
        difficulty.accepted_on = difficulty.accepted_on or on
    if (department or "").strip():
        difficulty.department = department.strip()
    if difficulty.officer_id is None and actor is not None and actor.role == Role.LIAISON:
        difficulty.officer = actor
    difficulty.status = to_status
    difficulty.full_clean()
    audited(difficulty, actor).save()
    DifficultyTransition.objects.create(
        difficulty=difficulty, from_status=from_status, to_status=to_status, actor=actor,
        note=(note or resolution or department or "").strip(),
    )
    return difficulty


# --- one firm one policy (一企一策) --------------------------------------------------------------------------------

@transaction.atomic
def save_support_plan(*, actor, enterprise, year, summary=""):
    _check_perm(actor, "liaison.add_supportplan")
    _check_scope(actor, enterprise)
    plan = SupportPlan.objects.select_for_update().filter(enterprise=enterprise, year=year).first()
    if plan is None:
        plan = SupportPlan(enterprise=enterprise, year=year, prepared_by=actor)
    plan.summary = summary.strip()
    plan.full_clean()
    audited(plan, actor).save()
    return plan


@transaction.atomic
def add_plan_item(*, actor, plan, measure, action, owner, due_on, status=PlanItemStatus.PLANNED, note=""):
    _check_perm(actor, "liaison.add_supportplanitem")
    _check_scope(actor, plan.enterprise)
    item = SupportPlanItem(plan=plan, measure=measure, action=action.strip(), owner=owner.strip(), due_on=due_on,
                           status=status, note=note)
    item.full_clean()
    audited(item, actor).save()
    return item


@transaction.atomic
def set_plan_item_status(*, actor, item, status, note=None):
    _check_perm(actor, "liaison.change_supportplanitem")
    _check_scope(actor, item.plan.enterprise)
    item = SupportPlanItem.objects.select_for_update().get(pk=item.pk)
    item.status = PlanItemStatus(status)
    if note is not None:
        item.note = note
    audited(item, actor).save()
    return item


# --- the yearly duty (八) -----------------------------------------------------------------------------------------

@transaction.atomic
def evaluate_duty(*, year, actor=None, today=None):
    """Judge each assigned enterprise's duty for `year` and store the outcome (upsert keyed on year+enterprise).

    Re-running changes nothing unless the inputs changed; see rules.duty_holder for whose duty a reassigned
    enterprise is. Returns {"total", "met", "created", "updated", "removed"}.
    """
    day = reference_day(year, today or _today())
    if day < date(year, 1, 1):
        raise ValidationError("该年度尚未开始")
    policy = edition_standing_on(day)
    assignments = (
        LiaisonAssignment.objects.filter(started_on__lte=day)
        .filter(Q(ended_on__isnull=True) | Q(ended_on__gt=day))
        .select_related("enterprise")
    )
    by_enterprise = {}
    for assignment in assignments:
        by_enterprise.setdefault(assignment.enterprise_id, []).append(assignment)
    holders = {}
    for enterprise_id, rows in by_enterprise.items():
        holder = rules.duty_holder(rows, day)
        holders[enterprise_id] = (holder.officer_id, holder.enterprise.area_id)
    resolved = dict(
        Difficulty.objects.filter(
            status=DifficultyStatus.RESOLVED, resolved_on__gte=date(year, 1, 1), resolved_on__lte=date(year, 12, 31),
        ).order_by().values("enterprise").annotate(n=Count("pk")).values_list("enterprise", "n")
    )
    duty = rules.duty_rows(holders, resolved, policy.liaison_resolved_per_year)

    existing = {o.enterprise_id: o for o in DutyOutcome.objects.select_for_update().filter(year=year).order_by("pk")}
    fields = ("officer_id", "area_id", "policy_id", "required", "resolved_count", "met", "reference_day")
    to_create, to_update = [], []
    for row in duty:
        values = {
            "officer_id": row.officer_id, "area_id": row.area_id, "policy_id": policy.pk, "required": row.required,
            "resolved_count": row.resolved_count, "met": row.met, "reference_day": day,
        }
        outcome = existing.pop(row.enterprise_id, None)
        if outcome is None:
            to_create.append(DutyOutcome(year=year, enterprise_id=row.enterprise_id, **values))
        elif any(getattr(outcome, name) != value for name, value in values.items()):
            for name, value in values.items():
                setattr(outcome, name, value)
            outcome.evaluated_at = timezone.now()
            to_update.append(outcome)
    if to_create:
        bulk_create_with_history(to_create, DutyOutcome, default_user=actor)
    if to_update:
        bulk_update_with_history(
            to_update, DutyOutcome, [name.removesuffix("_id") for name in fields] + ["evaluated_at"],
            default_user=actor,
        )
    for stale in existing.values():  # no longer held on the reference day: no duty this year
        audited(stale, actor).delete()
    return {
        "total": len(duty), "met": sum(1 for row in duty if row.met),
        "created": len(to_create), "updated": len(to_update), "removed": len(existing),
    }


# --- training (十六) and service records (七) ----------------------------------------------------------------------

@transaction.atomic
def record_training_event(*, actor, title, held_on, days=1, organizer="桂林市工业和信息化局", venue="", description=""):
    _check_perm(actor, "liaison.add_trainingevent")
    event = TrainingEvent(title=title.strip(), held_on=held_on, days=days, organizer=organizer, venue=venue,
                          description=description)
    event.full_clean()
    audited(event, actor).save()
    return event


@transaction.atomic
def record_attendance(*, actor, event, enterprise, managers, attendee_names=""):
    """Create or update the enterprise's row for the event (one row per enterprise and event)."""
    _check_perm(actor, "liaison.add_trainingattendance")
    _check_scope(actor, enterprise)
    attendance = (
        TrainingAttendance.objects.select_for_update().filter(event=event, enterprise=enterprise).first()
        or TrainingAttendance(event=event, enterprise=enterprise)
    )
    attendance.managers = managers
    attendance.attendee_names = attendee_names
    attendance.full_clean()
    audited(attendance, actor).save()
    return attendance


@transaction.atomic
def record_service(*, actor, enterprise, provider, category, served_on, content):
    _check_perm(actor, "liaison.add_servicerecord")
    _check_scope(actor, enterprise)
    _not_in_future(served_on, "服务日期")
    record = ServiceRecord(enterprise=enterprise, provider=provider.strip(), category=category, served_on=served_on,
                           content=content.strip(), recorded_by=actor)
    record.full_clean()
    audited(record, actor).save()
    return record

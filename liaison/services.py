"""Writes of the liaison measures. Keyword-only, `actor=` first; each atomic, validated and audited.

`actor` is a user or a named system actor (audit.BEAT for the beat jobs, audit.DEMO for the demo), never None:
each service starts with `require_actor(actor)`, before it reads anything. Permission and scope checks apply to
users; a system actor passes them (it has every permission and sees the whole city). The "who" columns (assigned_by,
submitted_by, resolved_by, prepared_by, recorded_by, a transition's actor) hold `person(actor)`: the user, or
nothing for a system actor, whose name goes into the history as the change reason instead.
"""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from audit import audited, bulk_history, person, require_actor
from enterprises.models import Enterprise
from enterprises.notices import notify
from enterprises.roles import Role
from policy.rules import reference_day
from policy.selectors import edition_standing_on

from . import rules
from .models import (
    Difficulty,
    DifficultyTransition,
    DutyOutcome,
    LiaisonAssignment,
    SupportPlan,
    SupportPlanItem,
    Visit,
)
from .workflow import DifficultyStatus, PlanItemStatus, can_transition
from .write_checks import authorise, locked, not_in_future, save_validated
from .write_checks import today as _today

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
    require_actor(actor)
    authorise(actor, "liaison.add_liaisonassignment", enterprise.pk)
    # Serialise assignments of one enterprise: concurrent requests queue on the enterprise row.
    Enterprise.objects.select_for_update().filter(pk=enterprise.pk).first()
    current = check_assignment(enterprise=enterprise, officer=officer, started_on=started_on)
    if current is not None:
        current.ended_on = started_on
        audited(current, actor).save(update_fields=["ended_on"])
    assignment = LiaisonAssignment(
        enterprise=enterprise, officer=officer, started_on=started_on, assigned_by=person(actor), note=note,
    )
    return save_validated(assignment, actor)


@transaction.atomic
def end_assignment(*, actor, assignment, ended_on, note=""):
    """Close an assignment without a successor (e.g. the enterprise left the white list)."""
    require_actor(actor)
    assignment = locked(LiaisonAssignment, assignment)
    authorise(actor, "liaison.change_liaisonassignment", assignment.enterprise_id)
    if assignment.ended_on is not None:
        raise ValidationError("该指派已结束")
    return save_validated(assignment, actor, ended_on=ended_on, note=note or assignment.note)


@transaction.atomic
def update_assignment_note(*, actor, assignment, note):
    """The note is the one thing of an assignment that may be corrected; its period moves only as above."""
    require_actor(actor)
    assignment = locked(LiaisonAssignment, assignment)
    authorise(actor, "liaison.change_liaisonassignment", assignment.enterprise_id)
    return save_validated(assignment, actor, note=note.strip())


def current_officer(enterprise):
    assignment = LiaisonAssignment.objects.filter(enterprise=enterprise, ended_on__isnull=True).first()
    return assignment.officer if assignment else None


# --- visits and difficulties ------------------------------------------------------------------------------------

@transaction.atomic
def log_visit(*, actor, enterprise, visited_on, mode, content, follow_up="", follow_up_due=None, officer=None):
    """A visit by `officer` (by default the actor itself: a system actor must name the officer)."""
    require_actor(actor)
    authorise(actor, "liaison.add_visit", enterprise.pk)
    not_in_future(visited_on, "走访日期")
    visit = Visit(
        enterprise=enterprise, officer=officer or person(actor), visited_on=visited_on, mode=mode,
        content=content.strip(), follow_up=follow_up.strip(), follow_up_due=follow_up_due,
    )
    return save_validated(visit, actor)


@transaction.atomic
def update_visit(*, actor, visit, enterprise, visited_on, mode, content, follow_up="", follow_up_due=None):
    """Correct a visit (its officer stays). Moving it to another enterprise needs both enterprises in reach."""
    require_actor(actor)
    visit = locked(Visit, visit)
    authorise(actor, "liaison.change_visit", visit.enterprise_id, enterprise.pk)
    not_in_future(visited_on, "走访日期")
    return save_validated(visit, actor, enterprise=enterprise, visited_on=visited_on, mode=mode, content=content.strip(),
                 follow_up=follow_up.strip(), follow_up_due=follow_up_due)


@transaction.atomic
def delete_visit(*, actor, visit):
    require_actor(actor)
    visit = locked(Visit, visit)
    authorise(actor, "liaison.delete_visit", visit.enterprise_id)
    audited(visit, actor).delete()


@transaction.atomic
def submit_difficulty(*, actor, enterprise, title, description, category, department="", submitted_on=None,
                      source=None):
    """A difficulty from the enterprise's portal form, or logged by its officer (or county).

    The source follows the actor (the enterprise's own user → 企业提交); imports may name it.
    """
    require_actor(actor)
    authorise(actor, "liaison.add_difficulty", enterprise.pk)
    submitted_on = submitted_on or _today()
    not_in_future(submitted_on, "提出日期")
    from_enterprise = actor.enterprise_id == enterprise.pk
    difficulty = save_validated(Difficulty(
        enterprise=enterprise, title=title.strip(), description=description.strip(), category=category,
        department=department.strip(), submitted_by=person(actor), submitted_on=submitted_on,
        source=source or (Difficulty.Source.ENTERPRISE if from_enterprise else Difficulty.Source.OFFICER),
        officer=current_officer(enterprise), status=DifficultyStatus.OPEN,
    ), actor)
    DifficultyTransition.objects.create(
        difficulty=difficulty, from_status="", to_status=DifficultyStatus.OPEN, actor=person(actor),
        note="企业在线提交" if difficulty.source == Difficulty.Source.ENTERPRISE else "联络员登记",
    )
    return difficulty


@transaction.atomic
def update_difficulty(*, actor, difficulty, title, description, category, department=""):
    """Correct what a difficulty is about; its state and dates move only through transition_difficulty."""
    require_actor(actor)
    difficulty = locked(Difficulty, difficulty)
    authorise(actor, "liaison.change_difficulty", difficulty.enterprise_id)
    return save_validated(difficulty, actor, title=title.strip(), description=description.strip(), category=category,
                 department=department.strip())


@transaction.atomic
def transition_difficulty(*, actor, difficulty, to_status, note="", resolution="", department="", on=None):
    """Move a difficulty along the table in workflow.py, recording who, when and why."""
    require_actor(actor)
    difficulty = locked(Difficulty, difficulty)
    authorise(actor, "liaison.change_difficulty", difficulty.enterprise_id)
    to_status = DifficultyStatus(to_status)
    if not can_transition(difficulty.status, to_status):
        raise ValidationError(f"“{difficulty.get_status_display()}”状态不能变更为“{to_status.label}”")
    on = on or _today()
    not_in_future(on, "办理日期")
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
        difficulty.resolved_by = person(actor)
        difficulty.accepted_on = difficulty.accepted_on or on
    if (department or "").strip():
        difficulty.department = department.strip()
    if difficulty.officer_id is None and actor.role == Role.LIAISON:
        difficulty.officer = actor
    save_validated(difficulty, actor, status=to_status)
    DifficultyTransition.objects.create(
        difficulty=difficulty, from_status=from_status, to_status=to_status, actor=person(actor),
        note=(note or resolution or department or "").strip(),
    )
    title, body = _difficulty_message(difficulty, to_status)
    notify(enterprise=difficulty.enterprise, title=title, body=body)
    return difficulty


def _difficulty_message(difficulty, to_status):
    """What the enterprise is told at each step of its difficulty (站内消息 and e-mail)."""
    subject = f"贵单位提出的困难诉求“{difficulty.title}”"
    if to_status == DifficultyStatus.IN_PROGRESS:
        return "困难诉求已受理", f"{subject}已受理，正在办理。"
    if to_status == DifficultyStatus.ESCALATED:
        return "困难诉求已提级协调", f"{subject}已提交{difficulty.department}协调办理。"
    return "困难诉求已办结", f"{subject}已办结。\n办理结果：{difficulty.resolution}"


# --- one firm one policy (一企一策) --------------------------------------------------------------------------------

@transaction.atomic
def save_support_plan(*, actor, enterprise, year, summary=""):
    """The enterprise's plan for `year`, created or its summary replaced (one plan per enterprise and year)."""
    require_actor(actor)
    plan = SupportPlan.objects.select_for_update().filter(enterprise=enterprise, year=year).first()
    authorise(actor, "liaison.add_supportplan" if plan is None else "liaison.change_supportplan", enterprise.pk)
    if plan is None:
        plan = SupportPlan(enterprise=enterprise, year=year, prepared_by=person(actor))
    return save_validated(plan, actor, summary=summary.strip())


@transaction.atomic
def delete_support_plan(*, actor, plan):
    """A plan and its items, each item's removal in its own history."""
    require_actor(actor)
    plan = locked(SupportPlan, plan)
    authorise(actor, "liaison.delete_supportplan", plan.enterprise_id)
    for item in plan.items.select_for_update().order_by("pk"):
        audited(item, actor).delete()
    audited(plan, actor).delete()


@transaction.atomic
def add_plan_item(*, actor, plan, measure, action, owner, due_on, status=PlanItemStatus.PLANNED, note=""):
    require_actor(actor)
    authorise(actor, "liaison.add_supportplanitem", plan.enterprise_id)
    item = SupportPlanItem(plan=plan, measure=measure, action=action.strip(), owner=owner.strip(), due_on=due_on,
                           status=status, note=note)
    return save_validated(item, actor)


@transaction.atomic
def add_suggested_plan_item(*, actor, enterprise, year, measure, action, owner, due_on):
    """A suggestion the portal offers (a missed criterion of the tier check-up) added to the enterprise's plan for
    `year` — the plan created if there is none yet — unless the plan already lists the same action. Returns
    (item, created)."""
    require_actor(actor)
    authorise(actor, "liaison.add_supportplanitem", enterprise.pk)
    plan = SupportPlan.objects.select_for_update().filter(enterprise=enterprise, year=year).first()
    if plan is None:
        plan = save_support_plan(actor=actor, enterprise=enterprise, year=year)
    existing = plan.items.filter(action=action.strip()).first()
    if existing is not None:
        return existing, False
    return add_plan_item(actor=actor, plan=plan, measure=measure, action=action, owner=owner, due_on=due_on), True


@transaction.atomic
def update_plan_item(*, actor, item, measure, action, owner, due_on, status, note=""):
    require_actor(actor)
    item = locked(SupportPlanItem, item)
    authorise(actor, "liaison.change_supportplanitem", item.plan.enterprise_id)
    return save_validated(item, actor, measure=measure, action=action.strip(), owner=owner.strip(), due_on=due_on,
                 status=PlanItemStatus(status), note=note)


@transaction.atomic
def set_plan_item_status(*, actor, item, status, note=None):
    require_actor(actor)
    item = locked(SupportPlanItem, item)
    authorise(actor, "liaison.change_supportplanitem", item.plan.enterprise_id)
    return save_validated(item, actor, status=PlanItemStatus(status), note=item.note if note is None else note)


@transaction.atomic
def delete_plan_item(*, actor, item):
    require_actor(actor)
    item = locked(SupportPlanItem, item)
    authorise(actor, "liaison.delete_supportplanitem", item.plan.enterprise_id)
    audited(item, actor).delete()


# --- the yearly duty (八) -----------------------------------------------------------------------------------------

@transaction.atomic
def evaluate_duty(*, year, actor, today=None):
    """Judge each assigned enterprise's duty for `year` and store the outcome (upsert keyed on year+enterprise).

    Re-running changes nothing unless the inputs changed; see rules.duty_holder for whose duty a reassigned
    enterprise is. The whole city is judged: a user needs the right to run it (the bureau). Returns
    {"total", "met", "created", "updated", "removed"}.
    """
    require_actor(actor)
    authorise(actor, "liaison.change_dutyoutcome")
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
    history = bulk_history(actor)
    if to_create:
        bulk_create_with_history(to_create, DutyOutcome, **history)
    if to_update:
        bulk_update_with_history(
            to_update, DutyOutcome, [name.removesuffix("_id") for name in fields] + ["evaluated_at"], **history,
        )
    for stale in existing.values():  # no longer held on the reference day: no duty this year
        audited(stale, actor).delete()
    return {
        "total": len(duty), "met": sum(1 for row in duty if row.met),
        "created": len(to_create), "updated": len(to_update), "removed": len(existing),
    }

import threading
from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from enterprises.roles import Role
from enterprises.tests.factories import EnterpriseFactory
from liaison import services, tasks, training_services
from liaison.models import Difficulty, DutyOutcome, LiaisonAssignment
from liaison.tests.factories import SETUP, assign, difficulty, officer, resolved, srdi_enterprise
from liaison.workflow import DifficultyStatus
from policy.models import PolicyRecord

pytestmark = pytest.mark.django_db

CLOSED_YEAR_TODAY = date(2026, 6, 1)  # evaluating 2025 as a closed year


# --- assignments ---------------------------------------------------------------------------------------------------

def test_database_refuses_two_active_assignments_for_one_enterprise():
    enterprise = EnterpriseFactory()
    LiaisonAssignment.objects.create(enterprise=enterprise, officer=officer(), started_on=date(2025, 1, 1))
    with pytest.raises(IntegrityError), transaction.atomic():
        LiaisonAssignment.objects.create(enterprise=enterprise, officer=officer(), started_on=date(2025, 2, 1))
    # a closed one beside the active one is fine
    LiaisonAssignment.objects.create(
        enterprise=enterprise, officer=officer(), started_on=date(2024, 1, 1), ended_on=date(2025, 1, 1),
    )
    assert LiaisonAssignment.objects.filter(enterprise=enterprise).count() == 2


def test_assigning_a_new_officer_closes_the_previous_one_and_keeps_history(role_users):
    county = role_users[Role.COUNTY]
    enterprise = srdi_enterprise(area=county.area)
    first, second = officer(), officer()
    services.assign_officer(actor=county, enterprise=enterprise, officer=first, started_on=date(2025, 1, 1))
    services.assign_officer(actor=county, enterprise=enterprise, officer=second, started_on=date(2025, 7, 1))

    rows = list(LiaisonAssignment.objects.filter(enterprise=enterprise).order_by("started_on"))
    assert [(r.officer, r.started_on, r.ended_on) for r in rows] == [
        (first, date(2025, 1, 1), date(2025, 7, 1)), (second, date(2025, 7, 1), None),
    ]
    assert all(r.assigned_by == county for r in rows)
    closing = rows[0].history.order_by("history_date").last()
    assert closing.history_type == "~" and closing.ended_on == date(2025, 7, 1) and closing.history_user == county


def test_assignment_checks_officer_role_dates_and_the_county_area(role_users, areas):
    county = role_users[Role.COUNTY]
    own = srdi_enterprise(area=county.area)
    elsewhere = srdi_enterprise(area=areas["阳朔县"])
    with pytest.raises(ValidationError, match="联络员"):
        services.assign_officer(actor=county, enterprise=own, officer=role_users[Role.REVIEWER], started_on=date(2025, 1, 1))
    with pytest.raises(PermissionDenied):
        services.assign_officer(actor=county, enterprise=elsewhere, officer=officer(), started_on=date(2025, 1, 1))
    with pytest.raises(PermissionDenied):  # a reviewer may look, not assign
        services.assign_officer(actor=role_users[Role.REVIEWER], enterprise=own, officer=officer(), started_on=date(2025, 1, 1))
    current = officer()
    assign(own, current, date(2025, 3, 1))
    with pytest.raises(ValidationError, match="现任"):
        assign(own, current, date(2025, 5, 1))
    with pytest.raises(ValidationError, match="不能早于"):
        assign(own, officer(), date(2025, 2, 1))
    assert LiaisonAssignment.objects.filter(enterprise=own).count() == 1


def test_an_enterprise_not_yet_on_the_white_list_may_be_assigned():
    candidate = EnterpriseFactory()
    assert assign(candidate, officer()).ended_on is None


# --- difficulties --------------------------------------------------------------------------------------------------

def test_difficulty_flow_records_who_and_when_at_every_step(role_users):
    enterprise = role_users["own_enterprise"]
    firm_user, county, liaison = role_users[Role.ENTERPRISE], role_users[Role.COUNTY], officer()
    assign(enterprise, liaison)
    case = difficulty(enterprise, actor=firm_user, submitted_on=date(2025, 3, 1))
    assert case.source == Difficulty.Source.ENTERPRISE and case.officer == liaison and case.status == DifficultyStatus.OPEN

    services.transition_difficulty(actor=liaison, difficulty=case, to_status=DifficultyStatus.IN_PROGRESS, on=date(2025, 3, 3))
    with pytest.raises(ValidationError, match="协调部门"):
        services.transition_difficulty(actor=county, difficulty=case, to_status=DifficultyStatus.ESCALATED, department=" ")
    services.transition_difficulty(actor=county, difficulty=case, to_status=DifficultyStatus.ESCALATED,
                                   department="市自然资源和规划局", on=date(2025, 3, 20))
    with pytest.raises(ValidationError, match="办理结果"):
        services.transition_difficulty(actor=liaison, difficulty=case, to_status=DifficultyStatus.RESOLVED)
    case = services.transition_difficulty(actor=liaison, difficulty=case, to_status=DifficultyStatus.RESOLVED,
                                          on=date(2025, 4, 2), resolution="用地指标已落实。")
    assert (case.accepted_on, case.escalated_on, case.resolved_on, case.resolved_by) == (
        date(2025, 3, 3), date(2025, 3, 20), date(2025, 4, 2), liaison)
    steps = [(t.from_status, t.to_status, t.actor) for t in case.transitions.all()]
    assert steps == [
        ("", "open", firm_user), ("open", "in_progress", liaison), ("in_progress", "escalated", county),
        ("escalated", "resolved", liaison),
    ]
    assert case.history.count() == 4
    with pytest.raises(ValidationError, match="不能变更"):
        services.transition_difficulty(actor=liaison, difficulty=case, to_status=DifficultyStatus.IN_PROGRESS)


def test_enterprise_user_cannot_move_a_difficulty_and_officers_only_their_own(role_users):
    own, other = role_users["own_enterprise"], role_users["other_enterprise"]
    case = difficulty(own, actor=role_users[Role.ENTERPRISE])
    with pytest.raises(PermissionDenied):
        services.transition_difficulty(actor=role_users[Role.ENTERPRISE], difficulty=case, to_status="in_progress")
    stranger = officer()
    assign(other, stranger)
    with pytest.raises(PermissionDenied):
        services.transition_difficulty(actor=stranger, difficulty=case, to_status="in_progress")
    with pytest.raises(PermissionDenied):  # an enterprise files only for itself
        difficulty(other, actor=role_users[Role.ENTERPRISE])


def test_database_requires_a_resolution_date_exactly_when_resolved():
    case = difficulty(EnterpriseFactory())
    with pytest.raises(IntegrityError), transaction.atomic():
        Difficulty.objects.filter(pk=case.pk).update(status=DifficultyStatus.RESOLVED)


# --- the yearly duty -----------------------------------------------------------------------------------------------

def _outcomes(year):
    return {o.enterprise: (o.officer, o.resolved_count, o.met) for o in DutyOutcome.objects.filter(year=year)}


def test_duty_counts_only_difficulties_resolved_in_that_year():
    liaison = officer()
    late, early, on_time, none = (srdi_enterprise() for _ in range(4))
    for enterprise in (late, early, on_time, none):
        assign(enterprise, liaison, date(2024, 1, 1))
    resolved(late, on=date(2026, 1, 2), submitted_on=date(2025, 12, 20))  # raised in 2025, resolved in 2026
    resolved(early, on=date(2024, 12, 31))
    resolved(on_time, on=date(2025, 12, 31), submitted_on=date(2024, 11, 1))
    open_case = difficulty(none, submitted_on=date(2025, 5, 1))
    services.transition_difficulty(actor=SETUP, difficulty=open_case, to_status="escalated", department="市发展改革委",
                                   on=date(2025, 6, 1))  # escalated is not resolved

    summary = services.evaluate_duty(year=2025, actor=SETUP, today=CLOSED_YEAR_TODAY)
    assert summary == {"total": 4, "met": 1, "created": 4, "updated": 0, "removed": 0}
    assert _outcomes(2025) == {
        late: (liaison, 0, False), early: (liaison, 0, False), on_time: (liaison, 1, True), none: (liaison, 0, False),
    }


def test_reassigned_mid_year_the_year_end_officer_answers_and_earlier_resolutions_count():
    enterprise = srdi_enterprise()
    before, after = officer(), officer()
    assign(enterprise, before, date(2024, 1, 1))
    resolved(enterprise, on=date(2025, 3, 1))  # resolved by the first officer's watch
    assign(enterprise, after, date(2025, 9, 1))
    services.evaluate_duty(year=2025, actor=SETUP, today=CLOSED_YEAR_TODAY)
    assert _outcomes(2025) == {enterprise: (after, 1, True)}
    # 2024 was the first officer's whole year
    services.evaluate_duty(year=2024, actor=SETUP, today=CLOSED_YEAR_TODAY)
    assert _outcomes(2024) == {enterprise: (before, 0, False)}


def test_duty_evaluation_is_idempotent_and_follows_changes():
    liaison = officer()
    enterprise, leaving = srdi_enterprise(), srdi_enterprise()
    assign(enterprise, liaison, date(2024, 1, 1))
    held = assign(leaving, liaison, date(2024, 1, 1))
    services.evaluate_duty(year=2025, actor=SETUP, today=CLOSED_YEAR_TODAY)
    history = DutyOutcome.history.count()
    assert services.evaluate_duty(year=2025, actor=SETUP, today=CLOSED_YEAR_TODAY) == {
        "total": 2, "met": 0, "created": 0, "updated": 0, "removed": 0}
    assert DutyOutcome.history.count() == history  # a re-run writes nothing

    resolved(enterprise, on=date(2025, 10, 1))
    services.end_assignment(actor=SETUP, assignment=held, ended_on=date(2025, 11, 30))
    assert services.evaluate_duty(year=2025, actor=SETUP, today=CLOSED_YEAR_TODAY) == {
        "total": 1, "met": 1, "created": 0, "updated": 1, "removed": 1}
    assert _outcomes(2025) == {enterprise: (liaison, 1, True)}
    change = DutyOutcome.history.filter(enterprise=enterprise).order_by("history_date").last()
    assert change.history_type == "~" and change.met


def test_duty_reads_the_required_number_from_the_policy_record():
    PolicyRecord.objects.update(liaison_resolved_per_year=2)
    enterprise = srdi_enterprise()
    assign(enterprise, officer(), date(2024, 1, 1))
    resolved(enterprise, on=date(2025, 5, 1))
    services.evaluate_duty(year=2025, actor=SETUP, today=CLOSED_YEAR_TODAY)
    outcome = DutyOutcome.objects.get()
    assert (outcome.required, outcome.resolved_count, outcome.met) == (2, 1, False)
    assert outcome.policy == PolicyRecord.objects.get()


def test_the_beat_task_evaluates_the_running_year():
    enterprise = srdi_enterprise()
    assign(enterprise, officer(), date(2024, 1, 1))
    result = tasks.evaluate_liaison_duty.delay().get()
    assert result["total"] == 1
    assert DutyOutcome.objects.get().year == timezone.localdate().year


# --- training and service records ----------------------------------------------------------------------------------

def test_attendance_is_one_row_per_enterprise_and_event():
    event = training_services.record_training_event(actor=SETUP, title="经营管理人才培训班", held_on=date(2025, 10, 20))
    enterprise = srdi_enterprise()
    training_services.record_attendance(actor=SETUP, event=event, enterprise=enterprise, managers=2)
    training_services.record_attendance(actor=SETUP, event=event, enterprise=enterprise, managers=3)
    assert [(a.enterprise, a.managers) for a in event.attendances.all()] == [(enterprise, 3)]
    with pytest.raises(ValidationError):
        training_services.record_attendance(actor=SETUP, event=event, enterprise=enterprise, managers=0)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_assignments_queue_on_the_enterprise_and_leave_one_active():
    enterprise = srdi_enterprise()
    officers = [officer() for _ in range(4)]
    errors, barrier = [], threading.Barrier(len(officers))

    def assign_in_thread(to):
        try:
            barrier.wait()
            assign(enterprise, to, date(2025, 1, 1))
        except Exception as error:  # noqa: BLE001 - collected for the assertion below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=assign_in_thread, args=(o,)) for o in officers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not [e for e in errors if isinstance(e, IntegrityError)]
    assert LiaisonAssignment.objects.filter(enterprise=enterprise, ended_on__isnull=True).count() == 1
    assert LiaisonAssignment.objects.filter(enterprise=enterprise).count() == len(officers)


# --- suggested plan items (梯度体检 → 一企一策) ----------------------------------------------------------------------

def test_a_suggested_item_creates_the_plan_once_keeps_its_summary_and_is_never_added_twice():
    enterprise = srdi_enterprise()
    liaison = officer()
    assign(enterprise, liaison)
    plan = services.save_support_plan(actor=SETUP, enterprise=enterprise, year=2026, summary="总体思路")
    args = {"enterprise": enterprise, "year": 2026, "measure": 1, "action": "研发投入未达标", "owner": "联络员",
            "due_on": date(2026, 12, 31)}
    item, created = services.add_suggested_plan_item(actor=liaison, **args)
    assert created and item.plan == plan and item.history.get().history_user == liaison
    again, created = services.add_suggested_plan_item(actor=liaison, **args)
    assert again == item and not created
    plan.refresh_from_db()
    assert plan.summary == "总体思路" and plan.items.count() == 1
    fresh, created = services.add_suggested_plan_item(actor=liaison, **{**args, "year": 2027})
    assert created and fresh.plan.year == 2027 and fresh.plan.prepared_by == liaison


def test_a_suggested_item_is_refused_outside_the_officers_reach():
    enterprise = srdi_enterprise()
    with pytest.raises(PermissionDenied):
        services.add_suggested_plan_item(actor=officer(), enterprise=enterprise, year=2026, measure=1, action="x",
                                         owner="联络员", due_on=date(2026, 12, 31))


def test_the_enterprise_is_told_at_every_step_of_its_difficulty(role_users, django_capture_on_commit_callbacks):
    from declarations.models import PortalMessage

    enterprise = role_users["own_enterprise"]
    firm_user, county = role_users[Role.ENTERPRISE], role_users[Role.COUNTY]
    case = difficulty(enterprise, actor=firm_user, submitted_on=date(2025, 3, 1), title="二期厂房用地指标")
    with django_capture_on_commit_callbacks(execute=True):
        services.transition_difficulty(actor=county, difficulty=case, to_status=DifficultyStatus.IN_PROGRESS,
                                       on=date(2025, 3, 3))
        services.transition_difficulty(actor=county, difficulty=case, to_status=DifficultyStatus.ESCALATED,
                                       department="市自然资源和规划局", on=date(2025, 3, 20))
        services.transition_difficulty(actor=county, difficulty=case, to_status=DifficultyStatus.RESOLVED,
                                       on=date(2025, 4, 2), resolution="用地指标已落实。")
    messages = list(PortalMessage.objects.filter(recipient=firm_user).order_by("pk"))
    assert [m.title for m in messages] == ["困难诉求已受理", "困难诉求已提级协调", "困难诉求已办结"]
    assert "市自然资源和规划局" in messages[1].body and "用地指标已落实。" in messages[2].body

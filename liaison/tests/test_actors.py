"""Every liaison service names its actor: a user, checked for permission and scope, or a named system actor, which
passes the checks and is recorded as the history's change reason. `None` is refused."""

import inspect
import random
from datetime import date

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from audit import BEAT
from enterprises.roles import Role
from liaison import demo, services, tasks, training_services
from liaison.models import Difficulty, DutyOutcome, LiaisonAssignment
from liaison.tests.factories import SETUP, assign, difficulty, officer, resolved, srdi_enterprise

pytestmark = pytest.mark.django_db

WRITES = {
    name: function for module in (services, training_services)
    for name, function in inspect.getmembers(module, inspect.isfunction)
    if function.__module__ == module.__name__ and not name.startswith("_")
    and "actor" in inspect.signature(function).parameters
}


def test_the_writes_are_all_found():
    assert {"assign_officer", "log_visit", "update_visit", "delete_visit", "evaluate_duty", "record_attendance",
            "update_attendance", "remove_attendance", "delete_training_event", "delete_support_plan"} <= set(WRITES)


@pytest.mark.parametrize("name", sorted(WRITES))
def test_a_service_called_without_an_actor_raises_type_error_before_anything_else(name):
    function = WRITES[name]
    required = {
        parameter.name: None for parameter in inspect.signature(function).parameters.values()
        if parameter.default is inspect.Parameter.empty
    }
    with CaptureQueriesContext(connection) as queries, pytest.raises(TypeError, match="actor is required"):
        function(**{**required, "actor": None})
    # nothing read or written: only the savepoint of @transaction.atomic, rolled back
    assert all("SAVEPOINT" in query["sql"] for query in queries.captured_queries)


def test_evaluate_duty_has_no_default_actor():
    with pytest.raises(TypeError):
        services.evaluate_duty(year=2025)


def test_the_yearly_evaluation_is_for_the_bureau_not_a_county(role_users):
    with pytest.raises(PermissionDenied):
        services.evaluate_duty(year=2025, actor=role_users[Role.COUNTY], today=date(2026, 6, 1))
    assert services.evaluate_duty(year=2025, actor=role_users[Role.REVIEWER], today=date(2026, 6, 1))["total"] == 0


def test_a_system_actor_leaves_the_who_columns_empty_and_is_named_in_the_history():
    enterprise = srdi_enterprise()
    assignment = assign(enterprise, officer(), actor=SETUP)
    case = resolved(enterprise, on=date(2025, 5, 1), actor=SETUP)
    assert assignment.assigned_by is None and assignment.history.get().history_change_reason == "测试数据"
    assert (case.submitted_by, case.resolved_by) == (None, None)
    assert [step.actor for step in case.transitions.all()] == [None, None]
    assert {row.history_change_reason for row in case.history.all()} == {"测试数据"}
    assert {row.history_user for row in case.history.all()} == {None}


def test_a_user_is_the_who_and_the_history_author(role_users):
    county = role_users[Role.COUNTY]
    enterprise = srdi_enterprise(area=county.area)
    assignment = assign(enterprise, officer(), actor=county)
    case = difficulty(enterprise, actor=county)
    assert assignment.assigned_by == county and assignment.history.get().history_user == county
    assert case.submitted_by == county and case.transitions.get().actor == county
    assert case.history.get().history_change_reason is None


def _beat_fixture(year):
    """Two enterprises assigned since 2024; one resolves a difficulty in `year`."""
    first, second = srdi_enterprise(granted_on=date(2024, 1, 1)), srdi_enterprise(granted_on=date(2024, 1, 1))
    person = officer()
    assign(first, person, date(2024, 1, 1))
    assign(second, person, date(2024, 1, 1))
    return first, second


def test_the_beat_tasks_record_the_beat_as_the_change_reason():
    year = timezone.localdate().year
    first, second = _beat_fixture(year)
    tasks.evaluate_liaison_duty.delay().get()
    tasks.evaluate_closed_liaison_duty.delay().get()
    assert set(DutyOutcome.objects.values_list("year", flat=True)) == {year, year - 1}
    created = DutyOutcome.history.all()
    assert created.count() == 4
    assert {(row.history_type, row.history_user, row.history_change_reason) for row in created} == {
        ("+", None, BEAT.name)}
    assert BEAT.name == "定时任务"

    # an update (bulk) and a removal (one row) are named the same way
    resolved(first, on=timezone.localdate(), actor=SETUP)
    LiaisonAssignment.objects.filter(enterprise=second).delete()
    tasks.evaluate_liaison_duty.delay().get()
    later = DutyOutcome.history.filter(year=year).exclude(history_type="+")
    assert {(row.enterprise_id, row.history_type, row.history_change_reason) for row in later} == {
        (first.pk, "~", "定时任务"), (second.pk, "-", "定时任务")}


def test_a_rerun_asked_for_by_a_user_names_that_user(role_users):
    reviewer = role_users[Role.REVIEWER]
    _beat_fixture(2025)
    tasks.evaluate_liaison_duty.delay(2025, actor_id=reviewer.pk).get()
    assert {(row.history_user, row.history_change_reason) for row in DutyOutcome.history.all()} == {(reviewer, None)}


def test_the_demo_defaults_to_the_demo_actor(areas):
    srdi_enterprise(area=areas["秀峰区"])
    srdi_enterprise(area=areas["阳朔县"])
    srdi_enterprise(area=areas["阳朔县"])
    demo.seed(rng=random.Random(1))
    assert LiaisonAssignment.objects.exists()
    assert set(LiaisonAssignment.history.values_list("history_change_reason", flat=True)) == {"演示数据"}
    assert set(Difficulty.objects.values_list("submitted_by", flat=True)) <= {None}

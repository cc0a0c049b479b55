"""The 免申即享 flow: each transition, its guards, who may take it, and what it records."""

import inspect
import threading
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.urls import reverse

from audit import BEAT, COMMAND, DEMO
from awards import permissions, services
from awards.models import Award
from awards.recompute import recompute_eligibility
from awards.states import TRANSITIONS, AwardKind, AwardState
from enterprises.roles import Role
from enterprises.tests.factories import make_user

from .factories import growing_firm

pytestmark = pytest.mark.django_db

# Every write of awards taking an actor: the flow in awards.services and the recompute it re-exports.
SERVICES = sorted(
    name for name, function in inspect.getmembers(services, inspect.isfunction)
    if function.__module__ in ("awards.services", "awards.recompute", "awards.runs") and not name.startswith("_")
    and "actor" in inspect.signature(function).parameters
)

BANK = {"bank_name": "中国工商银行桂林分行营业部", "account_number": "2103 0012 0900 1234 567"}


@pytest.fixture
def people(areas):
    return {role: make_user(role) for role in (Role.REVIEWER, Role.FINANCE)} | {
        Role.COUNTY: make_user(Role.COUNTY, area=areas["七星区"]),
    }


def _candidate():
    firm = growing_firm()
    recompute_eligibility(year=2024, actor=BEAT)
    award = Award.objects.get(enterprise=firm, kind=AwardKind.GROWTH, year=2024)
    return firm, award, make_user(Role.ENTERPRISE, enterprise=firm)


def _to_notice(award, firm_user, reviewer, starts_on=date(2025, 4, 1)):
    services.notify_awards(awards=[award], actor=reviewer)
    services.confirm_award(award=award, actor=firm_user, account_name=award.enterprise.name, **BANK)
    services.approve_award(award=award, actor=reviewer)
    services.publish_notice(awards=[award], actor=reviewer, starts_on=starts_on)
    award.refresh_from_db()
    return award


def test_the_whole_flow_records_who_and_when(people):
    firm, award, firm_user = _candidate()
    reviewer, finance = people[Role.REVIEWER], people[Role.FINANCE]
    moved, skipped = services.notify_awards(awards=[award], actor=reviewer)
    assert len(moved) == 1 and not skipped
    services.confirm_award(award=award, actor=firm_user, account_name=firm.name, **BANK)
    award.refresh_from_db()
    assert award.state == AwardState.CONFIRMED and award.account_number == "2103001209001234567"
    assert award.confirmed_by == firm_user
    services.approve_award(award=award, actor=reviewer)
    services.publish_notice(awards=[award], actor=reviewer, starts_on=date(2025, 4, 1))
    award.refresh_from_db()
    assert award.notice_ends_on == date(2025, 4, 7)  # 7 days from the policy record, both ends included
    services.record_payment(award=award, actor=finance, paid_on=date(2025, 4, 10), voucher_number="桂财-2025-0042",
                            today=date(2025, 4, 10))
    services.archive_awards(awards=[award], actor=finance)
    award.refresh_from_db()
    assert award.state == AwardState.ARCHIVED and award.paid_by == finance and award.reviewed_by == reviewer
    assert award.amount == Decimal("60000.00")
    trail = list(award.history.order_by("history_date", "history_id").values_list("state", "history_user_id"))
    assert trail == [
        (AwardState.CANDIDATE, None), (AwardState.NOTIFIED, reviewer.pk), (AwardState.CONFIRMED, firm_user.pk),
        (AwardState.APPROVED, reviewer.pk), (AwardState.PUBLIC_NOTICE, reviewer.pk), (AwardState.PAID, finance.pk),
        (AwardState.ARCHIVED, finance.pk),
    ]


def test_transitions_outside_the_table_are_refused(people):
    firm, award, firm_user = _candidate()
    reviewer = people[Role.REVIEWER]
    with pytest.raises(services.InvalidTransition):
        services.approve_award(award=award, actor=reviewer)  # not confirmed yet
    with pytest.raises(services.InvalidTransition):
        services.confirm_award(award=award, actor=firm_user, account_name=firm.name, **BANK)  # not notified
    moved, skipped = services.approve_awards(awards=[award], actor=reviewer)
    assert not moved and skipped == [award]
    assert ("paid", "approved") not in TRANSITIONS


def test_roles_are_enforced(people):
    firm, award, firm_user = _candidate()
    other_firm_user = make_user(Role.ENTERPRISE, enterprise=growing_firm())
    with pytest.raises(PermissionDenied):
        services.notify_awards(awards=[award], actor=people[Role.COUNTY])
    services.notify_awards(awards=[award], actor=people[Role.REVIEWER])
    for outsider in (other_firm_user, people[Role.COUNTY], people[Role.FINANCE]):
        with pytest.raises(PermissionDenied):
            services.confirm_award(award=award, actor=outsider, account_name=firm.name, **BANK)
    services.confirm_award(award=award, actor=firm_user, account_name=firm.name, **BANK)
    with pytest.raises(PermissionDenied):
        services.approve_award(award=award, actor=people[Role.FINANCE])
    services.approve_award(award=award, actor=people[Role.REVIEWER])
    services.publish_notice(awards=[award], actor=people[Role.REVIEWER], starts_on=date(2025, 1, 1))
    with pytest.raises(PermissionDenied):
        services.record_payment(award=award, actor=people[Role.REVIEWER], paid_on=date(2025, 2, 1),
                                voucher_number="x", today=date(2025, 2, 1))


@pytest.mark.parametrize("field, value, message", [
    ("account_name", "别的公司", "须与企业名称"),
    ("bank_name", "", "开户银行"),
    ("account_number", "1234567", "8 至 30 位数字"),
    ("account_number", "62220200abc", "8 至 30 位数字"),
])
def test_bank_account_is_validated(people, field, value, message):
    firm, award, firm_user = _candidate()
    services.notify_awards(awards=[award], actor=people[Role.REVIEWER])
    given = {"account_name": firm.name, **BANK, field: value}
    with pytest.raises(ValidationError) as error:
        services.confirm_award(award=award, actor=firm_user, **given)
    assert message in str(error.value.message_dict[field])
    award.refresh_from_db()
    assert award.state == AwardState.NOTIFIED


def test_rejection_needs_a_reason_and_is_possible_at_any_step_before_payment(people):
    firm, award, firm_user = _candidate()
    reviewer = people[Role.REVIEWER]
    with pytest.raises(ValidationError):
        services.reject_award(award=award, actor=reviewer, reason=" ")
    _to_notice(award, firm_user, reviewer)
    services.reject_award(award=award, actor=reviewer, reason="公示期间收到实名举报，经核实产值数据不实")
    award.refresh_from_db()
    assert award.state == AwardState.REJECTED and "举报" in award.rejection_reason


def test_payment_waits_for_the_end_of_the_public_notice(people):
    firm, award, firm_user = _candidate()
    award = _to_notice(award, firm_user, people[Role.REVIEWER], starts_on=date(2025, 4, 1))
    finance = people[Role.FINANCE]
    with pytest.raises(ValidationError) as error:
        services.record_payment(award=award, actor=finance, paid_on=date(2025, 4, 7), voucher_number="v1",
                                today=date(2025, 4, 7))
    assert "公示期满后" in str(error.value)
    with pytest.raises(ValidationError):  # a payment date in the future
        services.record_payment(award=award, actor=finance, paid_on=date(2025, 4, 9), voucher_number="v1",
                                today=date(2025, 4, 8))
    with pytest.raises(ValidationError):  # no voucher
        services.record_payment(award=award, actor=finance, paid_on=date(2025, 4, 8), voucher_number=" ",
                                today=date(2025, 4, 8))
    services.record_payment(award=award, actor=finance, paid_on=date(2025, 4, 8), voucher_number="v1",
                            today=date(2025, 4, 8))
    award.refresh_from_db()
    assert award.state == AwardState.PAID and award.paid_on == date(2025, 4, 8)


def test_bulk_approve_approves_confirmed_awards_only(people):
    reviewer = people[Role.REVIEWER]
    firms = [growing_firm() for _ in range(3)]
    recompute_eligibility(year=2024, actor=BEAT)
    awards = list(Award.objects.filter(kind=AwardKind.GROWTH).order_by("pk"))
    services.notify_awards(awards=awards, actor=reviewer)
    for firm, award in zip(firms[:2], awards[:2], strict=True):
        services.confirm_award(award=award, actor=make_user(Role.ENTERPRISE, enterprise=firm),
                               account_name=firm.name, **BANK)
    approved, skipped = services.approve_awards(awards=awards, actor=reviewer)
    assert [a.pk for a in approved] == [a.pk for a in awards[:2]] and [a.pk for a in skipped] == [awards[2].pk]


def test_acknowledging_a_flag_keeps_the_decision_and_stays_quiet(people):
    from enterprises.tests.factories import figures

    firm, award, firm_user = _candidate()
    reviewer = people[Role.REVIEWER]
    _to_notice(award, firm_user, reviewer)
    figures(firm, 2024, "90000000", "1150000")
    recompute_eligibility(year=2024, actor=BEAT)
    award.refresh_from_db()
    assert award.needs_attention and award.amount == Decimal("60000.00")
    services.acknowledge_input_change(award=award, actor=reviewer)
    recompute_eligibility(year=2024, actor=BEAT)
    award.refresh_from_db()
    assert not award.needs_attention and award.state == AwardState.PUBLIC_NOTICE


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_reviewers_approving_at_once_end_in_one_decision():
    firm, award, firm_user = _candidate()
    services.notify_awards(awards=[award], actor=BEAT)
    services.confirm_award(award=award, actor=firm_user, account_name=firm.name, **BANK)
    reviewers = [make_user(Role.REVIEWER), make_user(Role.REVIEWER)]
    barrier = threading.Barrier(2)
    outcomes = []

    def approve(reviewer):
        try:
            barrier.wait(timeout=10)
            services.approve_award(award=award.pk, actor=reviewer)
            outcomes.append("approved")
        except services.InvalidTransition:
            outcomes.append("refused")
        finally:
            connection.close()

    threads = [threading.Thread(target=approve, args=(r,)) for r in reviewers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(outcomes) == ["approved", "refused"]
    award.refresh_from_db()
    assert award.state == AwardState.APPROVED
    assert award.history.filter(state=AwardState.APPROVED).count() == 1


def test_notice_length_comes_from_the_policy(people):
    firm, award, firm_user = _candidate()
    award.policy.public_notice_days = 5
    award.policy.save()
    award = _to_notice(award, firm_user, people[Role.REVIEWER], starts_on=date(2025, 6, 1))
    assert award.notice_ends_on - award.notice_starts_on == timedelta(days=4)


def test_entering_the_issuance_date_sets_the_two_year_period_of_force(client):
    from enterprises.roles import Role
    from enterprises.tests.factories import make_user
    from policy.models import PolicyRecord

    admin_user = make_user(Role.ADMIN)
    record = PolicyRecord.objects.get()
    client.force_login(admin_user)
    url = reverse("admin:policy_policyrecord_change", args=[record.pk])
    data = client.get(url).context["adminform"].form.initial
    form = {key: ("" if value is None else value) for key, value in data.items() if key != "id"}
    form.update({"issued_on": "2023-05-10"})
    response = client.post(url, form)
    assert response.status_code == 302, response.content.decode()[:2000]
    record.refresh_from_db()
    assert (record.effective_from, record.effective_until) == (date(2023, 5, 10), date(2025, 5, 9))
    assert record.history.order_by("-history_date").first().history_user == admin_user

    # a period set by hand together with the date is kept as entered
    form.update({"issued_on": "2023-06-01", "effective_from": "2023-07-01", "effective_until": "2025-06-30"})
    client.post(url, form)
    record.refresh_from_db()
    assert (record.effective_from, record.effective_until) == (date(2023, 7, 1), date(2025, 6, 30))


def test_every_service_is_covered_below():
    assert {"notify_awards", "confirm_award", "approve_award", "approve_awards", "reject_award", "publish_notice",
            "record_payment", "archive_awards", "acknowledge_input_change", "start_recompute", "record_run",
            "recompute_eligibility", "refresh_recognition_award"} <= set(SERVICES)


@pytest.mark.parametrize("name", SERVICES)
def test_a_service_refuses_a_missing_actor(name):
    function = getattr(services, name)
    parameters = inspect.signature(function).parameters
    assert parameters["actor"].default is inspect.Parameter.empty  # no default: forgetting it fails too
    others = {p: None for p, spec in parameters.items() if p != "actor" and spec.default is inspect.Parameter.empty}
    with pytest.raises(TypeError, match="actor is required"):
        function(actor=None, **others)
    assert not Award.history.exists()


@pytest.mark.parametrize("actor", [BEAT, DEMO, COMMAND])
def test_a_system_actor_passes_every_predicate_as_the_bureau(actor):
    firm, award, _ = _candidate()
    assert permissions.can_review(actor) and permissions.can_pay(actor) and permissions.can_recompute(actor)
    assert permissions.can_confirm(actor, award)


def test_a_system_actor_takes_the_flow_with_no_person_in_the_who_columns_and_is_named_in_history():
    firm, award, _ = _candidate()
    services.notify_awards(awards=[award], actor=DEMO)
    services.confirm_award(award=award, actor=DEMO, account_name=firm.name, **BANK)
    services.approve_award(award=award, actor=DEMO)
    services.publish_notice(awards=[award], actor=DEMO, starts_on=date(2025, 4, 1))
    services.record_payment(award=award, actor=DEMO, paid_on=date(2025, 4, 10), voucher_number="桂财-2025-0042",
                            today=date(2025, 4, 10))
    award.refresh_from_db()
    assert award.state == AwardState.PAID
    assert (award.confirmed_by, award.reviewed_by, award.paid_by) == (None, None, None)
    flow = award.history.exclude(state=AwardState.CANDIDATE)
    assert set(flow.values_list("history_user", "history_change_reason")) == {(None, "演示数据")}
    assert award.history.get(state=AwardState.CANDIDATE).history_change_reason == "定时任务"  # _candidate: BEAT


def test_a_real_user_is_not_a_system_actor_in_history(people):
    firm, award, _ = _candidate()
    services.notify_awards(awards=[award], actor=people[Role.REVIEWER])
    record = award.history.order_by("-history_date", "-history_id").first()
    assert (record.history_user, record.history_change_reason) == (people[Role.REVIEWER], None)


def test_an_enterprise_user_may_not_recompute():
    growing_firm()
    firm_user = make_user(Role.ENTERPRISE, enterprise=growing_firm())
    with pytest.raises(PermissionDenied):
        recompute_eligibility(year=2024, actor=firm_user)
    with pytest.raises(PermissionDenied):
        services.start_recompute(year=2024, actor=firm_user)
    assert not Award.objects.exists()

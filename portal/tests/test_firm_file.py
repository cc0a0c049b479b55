from datetime import date, timedelta
from decimal import Decimal

import pytest

from audit import BEAT
from awards.services import refresh_recognition_award
from declarations.tests.factories import draft_application, submitted_application
from enterprises.models import Enterprise
from enterprises.roles import Role
from enterprises.tests.factories import credit_entry, designate, figures
from finance.tests.factories import loan, pool_entry
from liaison import services, training_services
from liaison.models import Visit
from liaison.tests.factories import SETUP, assign, officer, resolved, srdi_enterprise
from policy.levels import Level
from portal.firm_file import one_firm_file

pytestmark = pytest.mark.django_db

CLOSED_YEAR_TODAY = date(2026, 6, 1)


def _can_open(user, enterprise):
    try:
        one_firm_file(user, enterprise.pk)
    except Enterprise.DoesNotExist:
        return False
    return True


def test_one_firm_file_is_visible_to_the_firm_its_officer_its_county_and_the_bureau_only(role_users):
    own, other = role_users["own_enterprise"], role_users["other_enterprise"]
    liaison = role_users[Role.LIAISON]
    assign(other, liaison)
    expected = {
        Role.ENTERPRISE: (True, False), Role.COUNTY: (True, False), Role.LIAISON: (False, True),
        Role.REVIEWER: (True, True), Role.ADMIN: (True, True),
        Role.FINANCE: (False, False), Role.FINANCIAL_SERVICES: (False, False),
    }
    for role, (sees_own, sees_other) in expected.items():
        assert (_can_open(role_users[role], own), _can_open(role_users[role], other)) == (sees_own, sees_other), role


def test_a_former_officer_loses_the_file():
    enterprise = srdi_enterprise()
    former = officer()
    assign(enterprise, former, date(2024, 1, 1))
    assign(enterprise, officer(), date(2025, 1, 1))
    assert not _can_open(former, enterprise)


def test_one_firm_file_gathers_every_section(role_users):
    enterprise = role_users["own_enterprise"]
    designate(enterprise, Level.MUNICIPAL, date(2024, 1, 1))
    figures(enterprise, 2024, "20000000", "1000000")
    figures(enterprise, 2025, "27000000", "1100000")
    liaison = officer()
    assign(enterprise, officer(), date(2024, 1, 1))
    assign(enterprise, liaison, date(2025, 1, 1))
    services.log_visit(actor=SETUP, officer=liaison, enterprise=enterprise, visited_on=date(2025, 4, 1), mode="onsite",
                       content="了解生产经营情况")
    resolved(enterprise, on=date(2025, 5, 1))
    plan = services.save_support_plan(actor=SETUP, enterprise=enterprise, year=2025, summary="重点支持扩产")
    services.add_plan_item(actor=SETUP, plan=plan, measure=9, action="推荐桂惠贷", owner="市金融办", due_on=date(2025, 6, 30))
    event = training_services.record_training_event(actor=SETUP, title="经营管理人才培训班", held_on=date(2025, 10, 20))
    training_services.record_attendance(actor=SETUP, event=event, enterprise=enterprise, managers=2)

    file = one_firm_file(role_users[Role.REVIEWER], enterprise.pk, on=date(2025, 12, 1))
    assert file.white_listed and file.current_tier == Level.MUNICIPAL.label
    assert (file.designations[0].state, file.designations[0].days_left) == ("valid", 395)  # through 2026-12-31
    later = one_firm_file(role_users[Role.REVIEWER], enterprise.pk, on=date(2026, 9, 1))
    assert (later.designations[0].state, later.designations[0].days_left) == ("expiring", 121)
    assert [(f.year, f.output_growth) for f in file.figures] == [(2025, Decimal("0.35")), (2024, None)]
    assert file.liaison.current_assignment.officer == liaison and len(file.liaison.past_assignments) == 1
    assert len(file.liaison.visits) == 1 and file.liaison.difficulty_counts["resolved"] == 1
    assert [i.owner for i in file.liaison.support_plans[0].items.all()] == ["市金融办"]
    assert file.liaison.managers_trained == 2


@pytest.mark.parametrize("rows", [2, 20])
def test_one_firm_file_takes_the_same_queries_whatever_the_rows(role_users, django_assert_num_queries, rows):
    enterprise = role_users["own_enterprise"]
    liaison = officer()
    assign(enterprise, liaison, date(2020, 1, 1))
    Visit.objects.bulk_create(
        Visit(enterprise=enterprise, officer=liaison, visited_on=date(2025, 1, 1), content=f"第{n}次") for n in range(rows)
    )
    for n in range(rows):
        figures(enterprise, 2000 + n, "20000000", "1000000")
        resolved(enterprise, on=date(2025, 2, 1))
    plan = services.save_support_plan(actor=SETUP, enterprise=enterprise, year=2025)
    for n in range(rows):
        services.add_plan_item(actor=SETUP, plan=plan, measure=16, action=f"培训{n}", owner="联络员", due_on=date(2025, 9, 1))
    designate(enterprise, Level.MUNICIPAL, date(2023, 6, 1))
    refresh_recognition_award(enterprise=enterprise, actor=BEAT)
    pool_entry(enterprise, entered_on=date(2024, 3, 1))
    for n in range(rows):
        loan(enterprise, granted_on=date(2024, 1 + n % 12, 1))
        credit_entry(enterprise, date(2020, 1, 1) + timedelta(days=n))
    submitted_application(role_users[Role.ENTERPRISE], year=2026)
    draft_application(role_users[Role.ENTERPRISE], year=2027)  # the enterprise's draft stays out of the file
    user = role_users[Role.COUNTY]
    # perms (user, groups), enterprise, designations, the tier names (criteria editions), the warning period
    # (policy editions), credit entries, figures, assignments, visits, difficulties, plans, plan items, training,
    # service records, declarations, their steps, awards, loans, listing entry, its stage changes; the tier
    # check-up's criteria edition in force and the latest application (years in the niche, equity financing)
    with django_assert_num_queries(38):  # + the other measures' tables (markets 4, liaison 1, finance 1, chains 4, innovation 3, talent 2)
        file = one_firm_file(user, enterprise.pk)
    assert len(file.liaison.visits) == rows and len(file.figures) == rows and len(file.credit_entries) == rows
    assert len(file.financing.loans) == rows and file.financing.listing_entry is not None
    assert [(a.kind, a.amount) for a in file.awards] == [("recognition", Decimal("100000.00"))]
    assert [(d.year, d.status, len(d.steps.all())) for d in file.declarations] == [(2026, "submitted", 1)]

from datetime import date
from decimal import Decimal

import pytest

from enterprises.roles import Role
from enterprises.tests.factories import EnterpriseFactory, make_user
from finance import selectors, services
from finance.stages import ListingStage
from finance.tests.factories import SETUP, loan, pool_entry, srdi_enterprise

pytestmark = pytest.mark.django_db


def _listed(entry, on):
    for stage in (ListingStage.TUTORING, ListingStage.ACCEPTED, ListingStage.APPROVED):
        entry = services.advance_stage(actor=SETUP, entry=entry, to_stage=stage, on=entry.stage_since)
    return services.advance_stage(actor=SETUP, entry=entry, to_stage=ListingStage.LISTED, on=on)


def test_financing_share_counts_white_list_firms_with_a_loan_that_year():
    financed_twice, financed_once, earlier_only, never = (srdi_enterprise() for _ in range(4))
    loan(financed_twice, granted_on=date(2025, 2, 1))
    loan(financed_twice, granted_on=date(2025, 9, 1))
    loan(financed_once, granted_on=date(2025, 11, 30))
    loan(earlier_only, granted_on=date(2024, 12, 31))
    loan(EnterpriseFactory(), granted_on=date(2025, 5, 1))  # not on the white list: outside the ratio
    result = selectors.financing_share(2025)
    assert (result.as_of, result.white_listed, result.financed, result.share) == (
        date(2025, 12, 31), 4, 2, Decimal("0.5"))
    assert selectors.financing_share(2024).financed == 1
    assert selectors.financing_share(2023).white_listed == 0 and selectors.financing_share(2023).share is None


def test_finance_by_area_adds_up_per_area(areas):
    xiufeng, lingui = areas["秀峰区"], areas["临桂区"]
    entries = [pool_entry(area=xiufeng) for _ in range(3)]
    _listed(entries[0], date(2025, 6, 1))
    services.advance_stage(actor=SETUP, entry=entries[1], to_stage=ListingStage.WITHDRAWN, on=date(2024, 5, 1))
    pool_entry(area=lingui)
    financed = srdi_enterprise(area=lingui)
    loan(financed, amount="1000000", subsidy="10000", granted_on=date(2025, 3, 1))
    loan(financed, amount="2500000.50", subsidy="0", granted_on=date(2025, 4, 1))
    loan(financed, amount="9999999", granted_on=date(2024, 4, 1))
    rows = {row.area.name: row for row in selectors.finance_by_area(2025)}
    assert len(rows) == 20
    x, lg = rows["秀峰区"], rows["临桂区"]
    assert (x.pool_size, x.listed_in_year, x.listed_total, x.white_listed, x.loan_count) == (1, 1, 1, 3, 0)
    assert (lg.pool_size, lg.loan_count, lg.loan_amount, lg.interest_subsidy, lg.white_listed, lg.financed) == (
        1, 2, Decimal("3500000.50"), Decimal("10000"), 2, 1)
    assert lg.financed_share == Decimal("0.5") and x.financed_share == Decimal("0")
    assert rows["资源县"].financed_share is None
    totals = selectors.city_totals(rows.values())
    assert (totals.pool_size, totals.loan_count, totals.white_listed, totals.financed) == (2, 2, 5, 1)
    assert selectors.finance_by_area(2024)[0].listed_in_year == 0


def test_finance_by_area_for_a_county_official_is_its_area_only(areas):
    pool_entry(area=areas["秀峰区"])
    pool_entry(area=areas["七星区"])
    county = make_user(Role.COUNTY, area=areas["秀峰区"])
    rows = selectors.finance_by_area(2025, county)
    assert [(row.area.name, row.pool_size) for row in rows] == [("秀峰区", 1)]


@pytest.mark.parametrize("n", [2, 20])
def test_finance_by_area_is_four_queries_for_any_size(areas, django_assert_num_queries, n):
    for index in range(n):
        entry = pool_entry(area=areas["雁山区" if index % 2 else "灵川县"])
        loan(entry.enterprise, granted_on=date(2025, 1 + index % 12, 1))
    # areas, reserve entries by area, loans by area, white list and financed by area
    with django_assert_num_queries(4):
        rows = selectors.finance_by_area(2025)
    assert sum(row.loan_count for row in rows) == n


@pytest.mark.parametrize("n", [3, 30])
def test_financing_for_enterprise_is_three_queries(django_assert_num_queries, n):
    entry = pool_entry(entered_on=date(2024, 2, 1))
    for step in range(n):
        loan(entry.enterprise, granted_on=date(2024 + step % 2, 1 + step % 12, 1 + step % 27))
    entry = services.advance_stage(actor=SETUP, entry=entry, to_stage=ListingStage.TUTORING, on=date(2024, 5, 1))
    with django_assert_num_queries(3):
        financing = selectors.financing_for_enterprise(entry.enterprise)
        summary = [(c.to_stage, c.changed_by) for c in financing.stage_changes]
    assert len(financing.loans) == n
    assert financing.loans == sorted(financing.loans, key=lambda loan: (loan.granted_on, loan.pk), reverse=True)
    assert summary == [(ListingStage.IN_POOL, None), (ListingStage.TUTORING, None)]
    assert financing.listing_entry == entry and financing.loan_total == Decimal("5000000") * n


def test_financing_for_an_enterprise_outside_the_pool():
    enterprise = EnterpriseFactory()
    financing = selectors.financing_for_enterprise(enterprise)
    assert (financing.loans, financing.listing_entry, financing.stage_changes, financing.loan_total) == ([], None, [], 0)


@pytest.mark.parametrize("n", [2, 20])
def test_finance_summary_query_count_is_constant(areas, django_assert_num_queries, n):
    user = make_user(Role.FINANCIAL_SERVICES)
    for index in range(n):
        entry = pool_entry(area=areas["七星区" if index % 2 else "阳朔县"])
        loan(entry.enterprise, granted_on=date(2025, 1 + index % 12, 2))
    # the policy editions (one read, in force or lapsed), entry counts, loans by programme,
    # reserve list, financing share, 4 for the areas table
    with django_assert_num_queries(9):
        summary = selectors.finance_summary(user, 2025)
    assert summary.pool.actual == n and summary.loan_count == n and len(summary.entries) == n


def test_summary_counts_listings_inside_the_goal_window_against_the_policy_numbers():
    user = make_user(Role.FINANCIAL_SERVICES)
    entries = [pool_entry(entered_on=date(2024, 1, 15)) for _ in range(3)]
    _listed(entries[0], date(2025, 12, 31))
    _listed(entries[1], date(2026, 1, 1))  # after the goal year: counted in the total only
    summary = selectors.finance_summary(user, 2025)
    assert (summary.pool.actual, summary.pool.required) == (1, 10)
    assert (summary.listings.actual, summary.listings.required, summary.listed_total) == (1, 5, 2)
    assert summary.goal_window == (date(2023, 1, 1), date(2025, 12, 31))
    from policy.models import PolicyRecord

    PolicyRecord.objects.update(listing_pool_min=1, listing_goal=1, listing_goal_year=2026)
    summary = selectors.finance_summary(user, 2025)
    assert summary.pool.met and summary.listings.met and summary.listings.actual == 2


def test_county_sees_its_areas_entries_and_loans_liaison_its_assigned_firms(areas):
    from liaison.models import LiaisonAssignment

    own = pool_entry(area=areas["秀峰区"])
    other = pool_entry(area=areas["阳朔县"])
    loan(own.enterprise)
    loan(other.enterprise)
    county = make_user(Role.COUNTY, area=areas["秀峰区"])
    assert list(selectors.pool_entries_for(county)) == [own]
    assert [x.enterprise for x in selectors.loans_for(county)] == [own.enterprise]
    liaison = make_user(Role.LIAISON)
    LiaisonAssignment.objects.create(enterprise=other.enterprise, officer=liaison, started_on=date(2024, 1, 1))
    assert [x.enterprise for x in selectors.loans_for(liaison)] == [other.enterprise]
    for role in (Role.REVIEWER, Role.FINANCIAL_SERVICES):
        assert selectors.pool_entries_for(make_user(role)).count() == 2
    assert selectors.pushes_for(county).query.is_empty()

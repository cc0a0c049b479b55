from datetime import date
from decimal import Decimal

import pytest

from audit import BEAT
from awards.recompute import recompute_eligibility
from dashboards import rules, selectors
from enterprises.models import CultivationPoolEntry
from enterprises.tests.factories import EnterpriseFactory, designate, figures
from finance.tests.factories import loan, pool_entry
from liaison import services as liaison
from liaison import training_services as liaison_training
from liaison.tests.factories import SETUP, assign, officer, resolved
from policy.levels import Level

from .factories import set_baseline, srdi_firm, target

pytestmark = pytest.mark.django_db
ON = date(2025, 7, 1)  # just under half of 2025 gone


def test_new_municipal_counts_only_an_enterprises_first_municipal_title(areas):
    xiufeng = areas["秀峰区"]
    first = EnterpriseFactory(area=xiufeng)
    designate(first, Level.MUNICIPAL, date(2024, 5, 1))
    renewed = EnterpriseFactory(area=xiufeng)
    designate(renewed, Level.MUNICIPAL, date(2021, 5, 1))
    designate(renewed, Level.MUNICIPAL, date(2024, 6, 1))  # second municipal title: not new
    regional = EnterpriseFactory(area=xiufeng)
    designate(regional, Level.REGIONAL, date(2024, 6, 1))  # not municipal at all
    elsewhere = EnterpriseFactory(area=areas["阳朔县"])
    designate(elsewhere, Level.MUNICIPAL, date(2024, 12, 31))

    counts = selectors.new_municipal_by_area([2021, 2024])
    assert counts == {(xiufeng.pk, 2021): 1, (xiufeng.pk, 2024): 1, (areas["阳朔县"].pk, 2024): 1}


def test_srdi_count_is_distinct_enterprises_valid_on_the_day(areas):
    xiufeng = areas["秀峰区"]
    climber = EnterpriseFactory(area=xiufeng)
    designate(climber, Level.MUNICIPAL, date(2022, 1, 1))
    designate(climber, Level.REGIONAL, date(2023, 1, 1))  # both valid in 2023: counted once
    innovative = EnterpriseFactory(area=xiufeng)
    designate(innovative, Level.INNOVATIVE, date(2023, 1, 1))  # not SRDI
    lapsed = EnterpriseFactory(area=xiufeng)
    designate(lapsed, Level.MUNICIPAL, date(2020, 1, 1))  # valid through 2022-12-31

    counts = selectors.srdi_count_by_area({"a": date(2022, 12, 31), "b": date(2023, 6, 1), "c": date(2030, 1, 1)})
    assert counts[xiufeng.pk] == {"a": 2, "b": 1, "c": 0}
    assert counts[areas["阳朔县"].pk] == {"a": 0, "b": 0, "c": 0}


def test_output_sums_the_year_of_firms_that_were_srdi_then(areas):
    xiufeng = areas["秀峰区"]
    srdi_firm(xiufeng, granted_on=date(2023, 1, 1), output=30_000_000, year=2023)
    srdi_firm(xiufeng, granted_on=date(2024, 3, 1), output=50_000_000, year=2023)  # not yet SRDI at end of 2023
    plain = EnterpriseFactory(area=xiufeng)
    figures(plain, 2023, 90_000_000, 1)
    result = selectors.srdi_output_by_area({2023: date(2023, 12, 31), 2024: date(2024, 12, 31)})
    assert result == {(xiufeng.pk, 2023): (Decimal("30000000"), 1)}


def test_dashboard_against_targets_and_baseline(areas):
    xiufeng, yangshuo = areas["秀峰区"], areas["阳朔县"]
    for _ in range(2):
        srdi_firm(xiufeng, granted_on=date(2022, 12, 1), output=10_000_000, year=2022)
    srdi_firm(xiufeng, granted_on=date(2025, 3, 1))
    srdi_firm(yangshuo, granted_on=date(2025, 4, 1))
    target(xiufeng, 2025, 4)
    target(yangshuo, 2025, 2)
    set_baseline(baseline_date=date(2022, 12, 31), count=2, output=Decimal("20000000"))

    dashboard = selectors.build_dashboard(2025, on=ON)
    by_name = {s.area.name: s for s in dashboard.areas}
    xf = by_name["秀峰区"]
    assert (xf.new_municipal.actual, xf.new_municipal.target) == (1, 4)
    assert xf.new_municipal.status == rules.BEHIND  # 25 % done, about 50 % expected
    assert by_name["阳朔县"].new_municipal.status == rules.ON_PACE  # 1 of 2 at mid-year
    assert (xf.srdi.actual, xf.srdi_baseline, xf.srdi.target) == (3, 2, 4)
    assert xf.srdi_target_date == date(2024, 12, 31)
    assert xf.output_year == 2022 and xf.output.actual == Decimal("20000000")
    assert by_name["七星区"].new_municipal.status == rules.NO_TARGET
    assert dashboard.city.new_municipal.target == 6 and dashboard.city.new_municipal.actual == 2
    assert (dashboard.city.srdi.actual, dashboard.city.srdi.target) == (4, 4)
    assert dashboard.city.srdi.status == rules.DONE
    assert [p.year for p in xf.trend] == [2021, 2022, 2023, 2024, 2025]
    assert [p.new_municipal for p in xf.trend] == [0, 2, 0, 0, 1]
    assert {s.area.name for s in dashboard.laggards} >= {"秀峰区"}
    assert "阳朔县" not in {s.area.name for s in dashboard.laggards}


def test_dashboard_without_baseline_says_so(areas):
    srdi_firm(areas["秀峰区"], granted_on=date(2024, 6, 1))
    dashboard = selectors.build_dashboard(2025, on=ON)
    assert not dashboard.baseline_set
    assert dashboard.city.srdi.actual == 1 and dashboard.city.srdi.status == rules.NO_TARGET
    assert dashboard.city.srdi_baseline is None and dashboard.city.output.target is None


def test_pool_by_stage(areas):
    xiufeng = areas["秀峰区"]
    for stage in ("reserve", "reserve", "upgrade"):
        CultivationPoolEntry.objects.create(area=xiufeng, enterprise=EnterpriseFactory(area=xiufeng), stage=stage,
                                            since=date(2024, 1, 1))
    standing = selectors.build_dashboard(2025, area_ids=[xiufeng.pk], on=ON).areas[0]
    assert standing.pool == {"reserve": 2, "cultivate": 0, "upgrade": 1} and standing.pool_total == 3


def _sections_data(enterprises, year):
    """Awards recomputed, liaison duty evaluated, training, listing reserve and loans recorded for `enterprises`,
    via their services."""
    recompute_eligibility(year=year, actor=BEAT)
    person = officer()
    event = liaison_training.record_training_event(actor=SETUP, title="专精特新企业经营管理培训班", held_on=date(year, 5, 20))
    for index, enterprise in enumerate(enterprises):
        assign(enterprise, person, started_on=date(year, 1, 1))
        if index % 2 == 0:
            resolved(enterprise, date(year, 4, 1))
        if index % 3 == 0:
            liaison_training.record_attendance(actor=SETUP, event=event, enterprise=enterprise, managers=2)
            pool_entry(enterprise, entered_on=date(year, 6, 1))
        loan(enterprise, amount="3000000", granted_on=date(year, 7, 1), subsidy="30000")
    liaison.evaluate_duty(year=year, actor=SETUP, today=date(year, 12, 31))


def test_sections_from_awards_liaison_and_training(areas):
    xiufeng = areas["秀峰区"]
    firms = [srdi_firm(xiufeng, granted_on=date(2024, 3, 1)) for _ in range(3)]
    firms.append(srdi_firm(areas["阳朔县"], granted_on=date(2024, 3, 1)))
    _sections_data(firms, 2024)
    dashboard = selectors.build_dashboard(2024, on=date(2025, 2, 1))
    sections = {s.area.name: s.sections for s in dashboard.areas}
    xf = sections["秀峰区"]
    # (三) first municipal recognition in the policy period: 100,000 yuan each, not yet approved
    assert (xf.awards.candidates, xf.awards.candidate_amount, xf.awards.approved) == (3, Decimal("300000"), 0)
    assert (xf.duty.evaluated, xf.duty.enterprises, xf.duty.met, xf.duty.unmet) == (True, 3, 2, 1)
    assert xf.duty_progress.status == rules.BEHIND  # a closed year: every owing enterprise should be met
    assert (xf.training.srdi_covered, xf.training.srdi_total, xf.training.managers) == (1, 3, 2)
    assert (xf.finance.pool_size, xf.finance.loan_count, xf.finance.loan_amount) == (1, 3, Decimal("9000000"))
    assert (xf.finance.financed, xf.finance.white_listed) == (3, 3)
    assert not sections["七星区"].duty.evaluated and sections["七星区"].duty_progress.status == rules.NO_TARGET
    city = dashboard.city.sections
    assert (city.awards.candidates, city.duty.enterprises, city.duty.met, city.training.srdi_total) == (4, 4, 2, 4)
    assert city.duty.evaluated and city.finance.loan_count == 4 and city.finance.pool_size == 2


@pytest.mark.parametrize("firms", [3, 30])
def test_dashboard_query_count_does_not_grow(areas, django_assert_num_queries, firms):
    made = []
    for index in range(firms):
        area = list(areas.values())[index % len(areas)]
        made.append(srdi_firm(area, granted_on=date(2023 + index % 2, 6, 1), output=20_000_000 + index, year=2024))
    _sections_data(made, 2024)
    # areas, first municipal titles, SRDI counts, output, pool, targets, the policy editions;
    # awards by area (+ its recoveries, the budgets, its areas), duty by area, training by area (areas, attendance, coverage),
    # declarations by area (+ its areas), finance by area (areas, reserve pool, loans, white list)
    with django_assert_num_queries(22):  # + every measure source at once (one union: dashboards.measure_reach)
        dashboard = selectors.build_dashboard(2025, on=ON)
    assert sum(s.srdi.actual for s in dashboard.areas) == firms


def test_cached_dashboard_reads_the_database_once(areas, settings, django_assert_num_queries):
    settings.QUOTA_DASHBOARD_CACHE_SECONDS = 60
    srdi_firm(areas["秀峰区"])
    selectors.cached_dashboard(2025, area_ids=[areas["秀峰区"].pk], on=ON)
    with django_assert_num_queries(0):
        again = selectors.cached_dashboard(2025, area_ids=[areas["秀峰区"].pk], on=ON)
    assert again.areas[0].srdi.actual == 1


def test_stale_dashboard_is_served_while_another_request_rebuilds_it(areas, settings, django_assert_num_queries):
    from django.core.cache import cache

    settings.QUOTA_DASHBOARD_CACHE_SECONDS = 60
    xiufeng = areas["秀峰区"]
    srdi_firm(xiufeng)
    first = selectors.cached_dashboard(2025, area_ids=[xiufeng.pk], on=ON)
    srdi_firm(xiufeng)
    key = f"dashboards:dashboard:v2:{xiufeng.pk}:2025"
    cache.set(key, (first.built_at - 61, first), 600)  # a minute later: stale
    cache.add(f"{key}:lock", 1, 30)  # another request is rebuilding it
    with django_assert_num_queries(0):
        assert selectors.cached_dashboard(2025, area_ids=[xiufeng.pk], on=ON).areas[0].srdi.actual == 1
    cache.delete(f"{key}:lock")
    assert selectors.cached_dashboard(2025, area_ids=[xiufeng.pk], on=ON).areas[0].srdi.actual == 2
    # a new day refreshes at once
    assert selectors.cached_dashboard(2025, area_ids=[xiufeng.pk], on=date(2025, 7, 2)).on == date(2025, 7, 2)


def test_declarations_by_review_step(areas):
    from declarations.tests.factories import (
        enterprise_with_user,
        recommended_application,
        submitted_application,
    )
    from enterprises.roles import Role
    from enterprises.tests.factories import make_user

    xiufeng = areas["秀峰区"]
    county = make_user(Role.COUNTY, area=xiufeng)
    submitted = submitted_application(enterprise_with_user(xiufeng)[1])
    recommended_application(enterprise_with_user(xiufeng)[1], county)
    submitted_application(enterprise_with_user(areas["阳朔县"])[1])
    year = submitted.year
    dashboard = selectors.build_dashboard(year, on=date(year, 11, 1))
    xf = {s.area.name: s.sections for s in dashboard.areas}["秀峰区"].declarations
    assert [(label, n) for _, label, n in xf.steps][:3] == [("待初审", 1), ("退回修改", 0), ("待复审", 1)]
    assert xf.in_review == 2 and xf.total == 2
    assert dashboard.city.sections.declarations.counts == {"submitted": 2, "recommended": 1}

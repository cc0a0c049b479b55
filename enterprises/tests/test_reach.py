"""enterprises.reach: the coverage every measure's section shows — SRDI enterprises reached against all of them."""

from datetime import date
from decimal import Decimal

import pytest

from enterprises.models import Area, CreditEntry
from enterprises.reach import ReachSource, measure_reach
from policy.levels import Level

from .factories import EnterpriseFactory, credit_entry, designate

pytestmark = pytest.mark.django_db

# Any counted record with a foreign key `enterprise` can be a measure's source; credit listings stand in here.
LISTED = ReachSource(measure=99, label="列入名录", bureau="市场监管局",
                     reached=lambda year: CreditEntry.objects.filter(listed_on__year=year))


def _srdi(area_name, granted_on=date(2023, 1, 1), level=Level.MUNICIPAL):
    enterprise = EnterpriseFactory(area=Area.objects.get(name=area_name))
    designate(enterprise, level, granted_on)
    return enterprise


def test_counts_srdi_enterprises_reached_per_area_and_the_citys_sum():
    reached = _srdi("七星区")
    _srdi("七星区")
    other = _srdi("秀峰区")
    not_srdi = EnterpriseFactory(area=Area.objects.get(name="秀峰区"))
    designate(not_srdi, Level.INNOVATIVE, date(2023, 1, 1))  # the first tier is not on the white list
    for enterprise in (reached, other, not_srdi):
        credit_entry(enterprise, date(2024, 6, 1))
    credit_entry(reached, date(2024, 8, 1))  # a second record does not count the enterprise twice

    result = measure_reach(LISTED, 2024)

    by_name = {row.area_name: row for row in result.areas}
    assert (by_name["七星区"].reached, by_name["七星区"].srdi_total) == (1, 2)
    assert (by_name["秀峰区"].reached, by_name["秀峰区"].srdi_total) == (1, 1)
    assert by_name["七星区"].share == Decimal("50.0")
    assert (result.total.reached, result.total.srdi_total) == (2, 3)
    assert by_name["叠彩区"].share is None  # no SRDI enterprise: no share, not 0 %


def test_the_trend_reads_each_year_on_its_own_reference_day():
    early = _srdi("七星区", granted_on=date(2021, 1, 1))
    _srdi("七星区", granted_on=date(2023, 3, 1))  # SRDI from 2023 only
    credit_entry(early, date(2022, 5, 1))

    result = measure_reach(LISTED, 2024, trend_years=3)

    assert result.trend_years == [2022, 2023, 2024]
    # the 2021 designation runs out after its three years: by 31 December 2024 only the 2023 one is SRDI
    assert [(p.reached, p.srdi_total) for p in result.trend] == [(1, 1), (0, 2), (0, 1)]


def test_a_county_sees_its_own_areas_only():
    _srdi("七星区")
    xiufeng = Area.objects.get(name="秀峰区")
    result = measure_reach(LISTED, 2024, area_ids=[xiufeng.pk])
    assert [row.area_name for row in result.areas] == ["秀峰区"]
    assert result.total.srdi_total == 0


@pytest.mark.parametrize("enterprises", [2, 20])
def test_two_queries_whatever_the_number_of_enterprises(enterprises, django_assert_num_queries):
    for _ in range(enterprises):
        credit_entry(_srdi("七星区"), date(2024, 6, 1))
    with django_assert_num_queries(2):
        result = measure_reach(LISTED, 2024)
    assert result.total.reached == enterprises

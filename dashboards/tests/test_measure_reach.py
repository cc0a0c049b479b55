"""The measures' section of the dashboards: each capability's sources, SRDI enterprises reached against all of them,
per area and with the trend; the county sees its own area; the queries do not grow with the enterprises."""

from datetime import date
from types import SimpleNamespace

import pytest
from django.urls import reverse

from dashboards import measure_reach
from enterprises import reach as enterprise_reach
from enterprises.models import CreditEntry
from enterprises.reach import ReachSource
from enterprises.roles import Role
from enterprises.tests.factories import EnterpriseFactory, credit_entry, designate, make_user
from policy.levels import Level

pytestmark = pytest.mark.django_db
YEAR = 2024

# A capability with one source; credit listings stand in for a measure's records.
FAKE = SimpleNamespace(
    reach_sources=lambda: [ReachSource(measure=15, label="获得质量品牌荣誉", bureau="市市场监管局",
                                       reached=lambda year: CreditEntry.objects.filter(listed_on__year=year))],
    workbook_sheets=dict,
)


@pytest.fixture
def capability(monkeypatch):
    monkeypatch.setattr(measure_reach, "CAPABILITIES", [FAKE])


def _srdi(area, reached):
    enterprise = EnterpriseFactory(area=area)
    designate(enterprise, Level.MUNICIPAL, date(2023, 3, 1))
    if reached:
        credit_entry(enterprise, date(YEAR, 5, 1))
    return enterprise


def test_the_city_page_shows_each_measure_with_its_coverage_and_areas(client, areas, capability):
    _srdi(areas["秀峰区"], True)
    _srdi(areas["秀峰区"], False)
    _srdi(areas["七星区"], True)
    client.force_login(make_user(Role.REVIEWER))
    response = client.get(f"{reverse('dashboards:city')}?year={YEAR}")
    html = response.content.decode()
    assert "各项措施覆盖专精特新企业情况" in html and "（十五）推进质量品牌提升" in html and "市市场监管局" in html
    (section,) = response.context["dashboard"].measures
    assert (section.reach.total.reached, section.reach.total.srdi_total) == (2, 3)
    assert "1/2（50.0%）" in html  # 秀峰区 in the areas' matrix


def test_a_county_sees_its_own_area(client, areas, capability):
    _srdi(areas["秀峰区"], True)
    _srdi(areas["七星区"], True)
    _srdi(areas["七星区"], False)
    client.force_login(make_user(Role.COUNTY, area=areas["七星区"]))
    response = client.get(f"{reverse('dashboards:area', args=[areas['七星区'].pk])}?year={YEAR}")
    (section,) = response.context["dashboard"].measures
    assert (section.reach.total.reached, section.reach.total.srdi_total) == (1, 2)
    assert "50.0%" in response.content.decode()


@pytest.mark.parametrize("per_area", [1, 10])
def test_one_query_per_source_whatever_the_enterprises(areas, capability, django_assert_num_queries, per_area):
    for area in list(areas.values())[:3]:
        for index in range(per_area):
            _srdi(area, index % 2 == 0)
    area_list = list(areas.values())
    with django_assert_num_queries(1):
        (section,) = measure_reach.reach_of_measures(YEAR, area_list)
    assert section.reach.total.srdi_total == 3 * per_area


@pytest.mark.parametrize("source", measure_reach.sources(), ids=lambda s: f"measure-{s.measure}-{s.reached.__qualname__}")
@pytest.mark.parametrize("per_area", [1, 10])
def test_every_measure_counts_its_reach_in_one_query(areas, source, django_assert_num_queries, per_area):
    """Each capability's source, as the dashboards use it: one aggregate whatever the number of enterprises."""
    for area in list(areas.values())[:3]:
        for _ in range(per_area):
            _srdi(area, reached=False)
    area_list = list(areas.values())
    with django_assert_num_queries(1):
        reach = enterprise_reach.measure_reach(source, YEAR, areas=area_list)
    assert (reach.total.reached, reach.total.srdi_total) == (0, 3 * per_area)
    assert source.bureau and source.label

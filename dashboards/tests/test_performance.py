"""绩效评价: the medians on a small hand-made set where they are known, the groups and tiers, the page per role,
its export, and its query count."""

from datetime import date
from decimal import Decimal
from io import BytesIO

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from awards.models import Award
from awards.states import AwardKind, AwardState, Outcome
from dashboards import performance, rules
from enterprises.roles import Role
from enterprises.tests.factories import EnterpriseFactory, designate, figures, make_user
from policy.levels import Level

pytestmark = pytest.mark.django_db
YEAR = 2024
D = Decimal


def awarded(enterprise, state=AwardState.APPROVED, year=YEAR):
    """An award of `year` in `state` (the set-up writes the row: the medians, not the award flow, are under test)."""
    extra = {"rejection_reason": "测试"} if state == AwardState.REJECTED else {}
    if state == AwardState.PAID:
        extra = {"paid_on": date(YEAR + 1, 4, 1), "voucher_number": "v-1"}
    Award.objects.update_or_create(
        enterprise=enterprise, kind=AwardKind.GROWTH, year=year,
        defaults={"outcome": Outcome.ELIGIBLE, "amount": D("60000"), "clause": "（四）", "fingerprint": "t",
                  "computed_at": timezone.now(), "state": state, **extra},
    )


def firm(area, level=Level.MUNICIPAL, *, before=None, after=None, award=None):
    """`before`/`after`: (output, tax, R&D or None, employees or None) of YEAR and YEAR + 1 (None: not reported)."""
    enterprise = EnterpriseFactory(area=area)
    designate(enterprise, level, date(2022, 6, 1))
    for year, values in ((YEAR, before), (YEAR + 1, after)):
        if values is not None:
            output, tax, rd, employees = values
            figures(enterprise, year, output, tax, rd_expense=None if rd is None else D(rd), employees=employees)
    if award is not None:
        awarded(enterprise, award)
    return enterprise


@pytest.fixture
def known_set(areas):
    xf, ys = areas["秀峰区"], areas["阳朔县"]
    # 秀峰区, awarded (municipal): output +10 % +20 % +30 % +50 % +100 %; tax +10 % +20 % −10 % 0 % +50 %;
    # R&D: one base of 0 (left out), then +100 % +50 % 0 % +20 % (4 firms: too few); employees +10 % +5 % 0 −10 % +20 %
    rows = [
        ((100, 10, 0, 100), (110, 11, 5, 110)),
        ((100, 10, 10, 100), (120, 12, 20, 105)),
        ((100, 10, 10, 100), (130, 9, 15, 100)),
        ((100, 10, 10, 100), (150, 10, 10, 90)),
        ((100, 10, 10, 100), (200, 15, 12, 120)),
    ]
    for index, (before, after) in enumerate(rows):
        firm(xf, before=before, after=after, award=AwardState.PAID if index == 0 else AwardState.APPROVED)
    firm(xf, before=(100, 10, None, None), award=AwardState.PUBLIC_NOTICE)  # no YEAR + 1 figures: in no median
    # 秀峰区, not awarded (municipal): output 0 … +50 %, tax +10 %, no R&D, employees flat; one was rejected
    for index, growth in enumerate((100, 110, 120, 130, 140, 150)):
        firm(xf, before=(100, 10, None, 50), after=(growth, 11, None, 50),
             award=AwardState.REJECTED if index == 0 else None)
    firm(xf, Level.LITTLE_GIANT, before=(100, 10, None, 50), after=(900, 11, None, 50))  # a tier no winner holds
    innovative = EnterpriseFactory(area=xf)  # not SRDI
    designate(innovative, Level.INNOVATIVE, date(2022, 6, 1))
    figures(innovative, YEAR, 100, 10)
    figures(innovative, YEAR + 1, 999, 10)
    # 阳朔县: one regional winner (+200 %), one regional firm not awarded (+100 %)
    firm(ys, Level.REGIONAL, before=(100, 10, None, None), after=(300, 10, None, None), award=AwardState.APPROVED)
    firm(ys, Level.REGIONAL, before=(100, 10, None, None), after=(200, 10, None, None))
    return areas


def test_growth_rate_and_median_rules():
    assert rules.growth_rate(D("100"), D("135")) == D("0.35")
    assert rules.growth_rate(D("0"), D("5")) is None and rules.growth_rate(None, D("5")) is None
    pairs = [(100, 110), (100, 90), (0, 5), (100, 100), (100, 120), (None, 3), (100, 150)]
    result = rules.median_growth(pairs)
    assert (result.median, result.n, result.zero_base) == (D("0.1"), 5, 1)
    four = rules.median_growth(pairs[:5])
    assert (four.median, four.n, four.too_small) == (None, 4, True)
    assert rules.median_growth([(100, 110), (100, 120), (100, 130), (100, 140), (100, 150), (100, 160)]).median \
        == D("0.35")  # even count: the mean of the middle two


def test_known_medians_per_area_and_city(known_set, role_users):
    result = performance.performance_for(role_users[Role.REVIEWER], YEAR)
    xf = next(row for row in result.areas if row.name == "秀峰区")
    assert xf.tiers == [Level.MUNICIPAL]
    output, tax, rd, employees = xf.awarded.by_figure
    assert xf.awarded.enterprises == 6
    assert (output.median, output.n) == (D("0.3"), 5)
    assert (tax.median, tax.n) == (D("0.1"), 5)
    assert (rd.median, rd.n, rd.zero_base, rd.too_small) == (None, 4, 1, True)
    assert (employees.median, employees.n) == (D("0.05"), 5)
    others = xf.others.by_figure
    assert xf.others.enterprises == 6  # the rejected one is not awarded; the little giant is another tier
    assert (others[0].median, others[0].n) == (D("0.25"), 6)
    assert (others[1].median, others[2].n, others[3].median) == (D("0.1"), 0, D("0"))
    ys = next(row for row in result.areas if row.name == "阳朔县")
    assert ys.tiers == [Level.REGIONAL] and ys.awarded.by_figure[0].too_small and ys.awarded.by_figure[0].n == 1
    city = result.city
    assert city.tiers == [Level.MUNICIPAL, Level.REGIONAL]
    assert (city.awarded.by_figure[0].median, city.awarded.by_figure[0].n) == (D("0.4"), 6)
    assert (city.others.by_figure[0].median, city.others.by_figure[0].n) == (D("0.3"), 7)
    assert city.awarded.by_figure[0].percent == D("40.00")


def test_county_sees_its_area_only_and_the_page_shows_the_note(client, known_set, role_users):
    client.force_login(role_users[Role.COUNTY])  # 秀峰区
    response = client.get(f"{reverse('dashboards:performance')}?year={YEAR}")
    assert response.status_code == 200
    result = response.context["result"]
    assert result.city is None and [row.name for row in result.areas] == ["秀峰区"]
    page = response.content.decode()
    assert "阳朔县" not in page and "全市" not in page.split("performance-table")[1].split("口径说明")[0]
    assert "30.00%" in page and "（5 家）" in page and "样本不足（少于 5 家）" in page
    assert "<svg" in page and "<script" not in page


@pytest.mark.parametrize("role", [Role.REVIEWER, Role.FINANCE, Role.FINANCIAL_SERVICES, Role.ADMIN])
def test_bureau_roles_see_every_area_and_the_city(client, known_set, role_users, role):
    client.force_login(role_users[role])
    response = client.get(f"{reverse('dashboards:performance')}?year={YEAR}")
    assert response.status_code == 200
    assert response.context["result"].city is not None and len(response.context["result"].areas) == 20
    page = response.content.decode()
    assert "40.00%" in page and "阳朔县" in page


@pytest.mark.parametrize("role", [Role.ENTERPRISE, Role.LIAISON])
def test_other_roles_get_404(client, role_users, role):
    client.force_login(role_users[role])
    assert client.get(reverse("dashboards:performance")).status_code == 404
    assert client.get(reverse("dashboards:performance_export")).status_code == 404


def test_needs_login(client):
    response = client.get(reverse("dashboards:performance"))
    assert response.status_code == 302 and response.url.startswith(reverse("login"))


def test_year_is_bounded(client, role_users):
    client.force_login(role_users[Role.REVIEWER])
    for value in ("abc", "1900", "9999", str(YEAR)):
        assert client.get(f"{reverse('dashboards:performance')}?year={value}").status_code == 200


def test_export_has_numeric_medians_and_notes(client, known_set, role_users):
    client.force_login(role_users[Role.REVIEWER])
    response = client.get(f"{reverse('dashboards:performance_export')}?year={YEAR}")
    assert response.status_code == 200 and response["Content-Disposition"].startswith("attachment;")
    sheet = load_workbook(BytesIO(response.content)).active
    headers = [cell.value for cell in sheet[2]]
    assert headers[:5] == ["区域", "组别", "比较层级", "企业数（家）", "工业总产值增长率中位数"]
    rows = {(row[0].value, row[1].value): row for row in sheet.iter_rows(min_row=3)}
    city = rows[("全市", "获奖企业")]
    assert city[4].value == pytest.approx(0.4) and city[4].data_type == "n" and city[4].number_format == "0.00%"
    assert city[5].value == 6
    xf = rows[("秀峰区", "获奖企业")]
    rd = headers.index("研发费用增长率中位数")
    assert xf[rd].value == "样本不足（少于 5 家）" and xf[rd + 1].value == 4 and xf[rd + 2].value == 1
    county = make_user(Role.COUNTY, area=known_set["秀峰区"])
    client.force_login(county)
    names = {row[0].value for row in load_workbook(BytesIO(client.get(
        f"{reverse('dashboards:performance_export')}?year={YEAR}").content)).active.iter_rows(min_row=3)}
    assert names == {"秀峰区"}


def _population(areas, per_area):
    for area in areas:
        for index in range(per_area):
            firm(area, before=(100, 10, 5, 10), after=(120 + index, 11, 6, 11),
                 award=None if index % 2 else AwardState.APPROVED)


@pytest.mark.parametrize("per_area", [1, 10])
def test_selector_query_count_does_not_grow(areas, role_users, django_assert_num_queries, per_area):
    _population(list(areas.values())[:3], per_area)
    # the areas, the SRDI designations of the year, the awarded enterprises, the figures of Y and Y+1
    with django_assert_num_queries(4):
        result = performance.performance_for(role_users[Role.REVIEWER], YEAR)
    assert result.city.awarded.enterprises + result.city.others.enterprises == 3 * per_area


@pytest.mark.parametrize("per_area", [1, 10])
def test_page_query_count_does_not_grow(client, areas, django_assert_num_queries, per_area):
    _population([areas["秀峰区"], areas["阳朔县"]], per_area)
    client.force_login(make_user(Role.COUNTY, area=areas["秀峰区"]))
    # session, user; the four of the selector; permissions (2, the navigation)
    with django_assert_num_queries(8):
        response = client.get(f"{reverse('dashboards:performance')}?year={YEAR}")
    assert response.context["result"].areas[0].awarded.enterprises == (per_area + 1) // 2

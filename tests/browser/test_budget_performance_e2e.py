"""The bureau opens the city dashboard's budget section and the 绩效评价 page, and sees them drawn; a county
official sees its area beside the city-wide budget. Screenshots in test-artifacts/. Needs Debian's chromium."""

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from audit import BEAT
from awards import budgets
from awards.models import Award
from awards.recompute import recompute_eligibility
from awards.states import AwardKind, AwardState, Outcome
from enterprises.roles import Role
from enterprises.tests.factories import TEST_PASSWORD, EnterpriseFactory, designate, figures, make_user
from policy.levels import Level

from .test_dashboards_e2e import ARTIFACTS, browser  # noqa: F401  (the fixture)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
YEAR = 2024


@pytest.fixture
def bureau_data(areas, settings):
    from django.core.cache import cache

    settings.QUOTA_DASHBOARD_CACHE_SECONDS = 0
    cache.clear()
    xiufeng = areas["秀峰区"]
    for index in range(12):
        enterprise = EnterpriseFactory(area=xiufeng, name=f"桂林漓江绩效{index}号科技有限公司")
        designate(enterprise, Level.MUNICIPAL, date(2024, 3, 1) if index < 3 else date(2022, 6, 1))
        figures(enterprise, YEAR, 100_000_000 // 10, 1_000_000, rd_expense=Decimal(500_000), employees=100)
        figures(enterprise, YEAR + 1, 100_000_000 // 10 * (110 + 5 * index) // 100, 1_100_000,
                rd_expense=Decimal(600_000), employees=100 + index)
    recompute_eligibility(year=YEAR, actor=BEAT)  # three first recognitions of 2024: 300,000 yuan matched
    winners = list(Award.objects.filter(year=YEAR, kind=AwardKind.RECOGNITION, outcome=Outcome.ELIGIBLE))
    for enterprise in EnterpriseFactory._meta.model.objects.filter(area=xiufeng).order_by("pk")[3:6]:
        winners.append(Award.objects.update_or_create(
            enterprise=enterprise, kind=AwardKind.GROWTH, year=YEAR,
            defaults={"outcome": Outcome.ELIGIBLE, "amount": Decimal("30000"), "clause": "（四）",
                      "fingerprint": "e2e", "computed_at": timezone.now(), "state": AwardState.APPROVED},
        )[0])
    Award.objects.filter(pk__in=[a.pk for a in winners]).update(state=AwardState.APPROVED)
    budgets.save_budget(actor=BEAT, year=YEAR, kind=AwardKind.RECOGNITION, amount=Decimal("200000"))
    budgets.save_budget(actor=BEAT, year=YEAR, kind=AwardKind.GROWTH, amount=Decimal("500000"))
    make_user(Role.REVIEWER, username="shenhe-e2e")
    make_user(Role.COUNTY, area=xiufeng, username="xianqu-budget-e2e")


def _sign_in(page, url, username):
    page.goto(url + reverse("login"))
    page.fill("#id_username", username)
    page.fill("#id_password", TEST_PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_load_state("networkidle")


def _watch(page):
    problems = []
    page.on("console", lambda m: m.type == "error" and "Failed to load resource" not in m.text and problems.append(m.text))
    page.on("response", lambda r: r.status >= 400 and not r.url.endswith("/favicon.ico") and problems.append(r.url))
    return problems


def test_bureau_sees_the_budget_and_the_performance_page(live_server, bureau_data, browser):  # noqa: F811
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    problems = _watch(page)
    _sign_in(page, live_server.url, "shenhe-e2e")
    page.goto(f"{live_server.url}{reverse('dashboards:city')}?year={YEAR}")
    budget = page.locator("#award-budget")
    assert budget.is_visible()
    rows = budget.locator("tbody tr")
    assert rows.count() == 2
    recognition = rows.nth(0).inner_text()
    assert "认定奖励" in recognition and "20.00 万元" in recognition and "3 家 · 30.00 万元" in recognition
    assert "150%" in recognition and "超出预算" in recognition
    assert "超出预算" not in rows.nth(1).inner_text()  # growth: 9.00 of 50.00 万元
    assert page.locator("#budget-warning").inner_text() == "比对符合金额超出预算"
    # the over-budget row is drawn in the warning colour by the portal's own stylesheet
    assert rows.nth(0).locator("td").first.evaluate("e => getComputedStyle(e).fontWeight") == "700"
    ARTIFACTS.mkdir(exist_ok=True)
    budget.screenshot(path=str(ARTIFACTS / "dashboard-budget.png"))

    page.click("text=绩效评价")
    page.wait_for_load_state("networkidle")
    assert "/dashboards/performance/" in page.url
    page.goto(f"{live_server.url}{reverse('dashboards:performance')}?year={YEAR}")
    assert page.locator("h1").inner_text().startswith("奖励资金绩效评价")
    assert page.locator("svg.chart-svg").count() == 2
    assert page.locator("svg.chart-svg rect.bar.s0").count() >= 4
    city = page.locator('tr[data-scope="全市"][data-group="awarded"]').inner_text()
    assert "6 家" in city and "（6 家）" in city and "%" in city
    others = page.locator('tr[data-scope="全市"][data-group="others"]').inner_text()
    assert "6 家" in others
    assert page.locator('tr[data-scope="阳朔县"][data-group="awarded"]').inner_text().count("样本不足（少于 5 家）") == 4
    with page.expect_download() as download:
        page.click("#performance-export")
    assert download.value.suggested_filename == f"performance-{YEAR}.xlsx"
    assert problems == []
    page.screenshot(path=str(ARTIFACTS / "performance-city.png"), full_page=True)


def test_county_sees_its_area_beside_the_city_budget(live_server, bureau_data, browser):  # noqa: F811
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    problems = _watch(page)
    _sign_in(page, live_server.url, "xianqu-budget-e2e")
    page.goto(f"{page.url.split('?')[0]}?year={YEAR}")
    budget = page.locator("#award-budget")
    assert "全市预算" in budget.inner_text() and "占全市预算" in budget.inner_text()
    assert page.locator("#budget-warning").count() == 0
    page.goto(f"{live_server.url}{reverse('dashboards:performance')}?year={YEAR}")
    scopes = set(page.locator("#performance-table tbody tr").evaluate_all("rows => rows.map(r => r.dataset.scope)"))
    assert scopes == {"秀峰区"}
    assert page.locator("svg.chart-svg").count() == 1
    assert problems == []

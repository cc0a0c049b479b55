"""The other measures' pages as staff see them at 1366 × 900: the dashboards' coverage section, the talent needs
directory and the service coverage, drawn with the portal's own assets and no console error. Screenshots go to
test-artifacts/measures-*.png."""

from datetime import date

import pytest
from django.urls import reverse

from enterprises.roles import Role
from enterprises.tests.factories import TEST_PASSWORD, EnterpriseFactory, designate, make_user
from markets import services as market_services
from markets.models import Honour
from policy.levels import Level

from .test_recognition_e2e import ARTIFACTS, browser  # noqa: F401 (the fixture)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def city_with_measures(areas, settings):
    from django.core.cache import cache

    settings.QUOTA_DASHBOARD_CACHE_SECONDS = 0
    cache.clear()
    year = date.today().year
    reviewer = make_user(Role.REVIEWER, username="shenhe-measures")
    for index in range(3):
        firm = EnterpriseFactory(area=areas["秀峰区"], name=f"桂林漓江品牌{index}号科技有限公司")
        designate(firm, Level.MUNICIPAL, date(year - 1, 3, 1))
        if index:
            market_services.save_record(actor=reviewer, record=Honour(
                enterprise=firm, category="quality_award", name=f"桂林市市长质量奖{index}", level="municipal",
                granted_on=date(year, 5, 1),
            ))
    make_user(Role.COUNTY, area=areas["秀峰区"], username="xianqu-measures")
    return year


def _sign_in(browser, live_server, username):  # noqa: F811
    context = browser.new_context(viewport={"width": 1366, "height": 900}, locale="zh-CN")
    page = context.new_page()
    page.set_default_timeout(20_000)
    problems = []
    page.on("console", lambda m: m.type == "error" and "Failed to load resource" not in m.text and problems.append(m.text))
    page.on("response", lambda r: r.status >= 400 and not r.url.endswith("/favicon.ico") and problems.append(r.url))
    page.goto(live_server.url + reverse("login"))
    page.fill("#id_username", username)
    page.fill("#id_password", TEST_PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_load_state("networkidle")
    return context, page, problems


def test_staff_see_the_measures_pages(live_server, city_with_measures, browser):  # noqa: F811
    year = city_with_measures
    ARTIFACTS.mkdir(exist_ok=True)
    context, page, problems = _sign_in(browser, live_server, "shenhe-measures")
    page.goto(f"{live_server.url}{reverse('dashboards:city')}?year={year}")
    section = page.locator("#measures")
    assert "各项措施覆盖专精特新企业情况" in section.inner_text()
    row = section.locator("tr", has_text="获得质量品牌荣誉").first
    assert "2" in row.inner_text() and "66.7%" in row.inner_text()  # two of the three SRDI firms
    section.screenshot(path=str(ARTIFACTS / "measures-city-dashboard.png"))
    for name, url in {"talent-directory": reverse("talent:directory"),
                      "service-coverage": reverse("liaison:service_coverage"),
                      "chain-map": reverse("chains:map"),
                      "procurement": reverse("chains:procurement_list"),
                      "innovation-pipeline": reverse("innovation:pipeline"),
                      "renovation": reverse("innovation:renovation")}.items():
        page.goto(f"{live_server.url}{url}?year={year}")
        page.wait_for_load_state("networkidle")
        assert page.locator("h1").count() == 1
        page.screenshot(path=str(ARTIFACTS / f"measures-{name}.png"), full_page=True)
    assert problems == []
    context.close()

    context, page, problems = _sign_in(browser, live_server, "xianqu-measures")
    assert "/dashboards/areas/" in page.url
    assert "获得质量品牌荣誉" in page.locator("#measures").inner_text()
    page.screenshot(path=str(ARTIFACTS / "measures-county-dashboard.png"), full_page=True)
    assert problems == []
    context.close()

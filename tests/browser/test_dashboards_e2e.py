"""A county official signs in, lands on the area's quota dashboard and sees it drawn; a screenshot is kept in
test-artifacts/. Needs Debian's chromium (no `playwright install`)."""

import os
import shutil
from datetime import date
from pathlib import Path

import pytest
from django.urls import reverse

from conftest import skip_or_fail
from enterprises.models import AreaTarget
from enterprises.roles import Role
from enterprises.tests.factories import TEST_PASSWORD, EnterpriseFactory, designate, figures, make_user
from policy.levels import Level

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
CHROMIUM = "/usr/bin/chromium"
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


@pytest.fixture
def browser():
    executable = CHROMIUM if os.path.exists(CHROMIUM) else shutil.which("chromium")
    if not executable:
        skip_or_fail("chromium is not installed")
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=executable, args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        yield browser
        browser.close()


@pytest.fixture
def county_data(areas, settings):
    from django.core.cache import cache

    settings.QUOTA_DASHBOARD_CACHE_SECONDS = 0
    cache.clear()
    xiufeng = areas["秀峰区"]
    year = date.today().year
    for offset in range(4):
        for index in range(offset + 1):
            enterprise = EnterpriseFactory(area=xiufeng, name=f"桂林漓江{offset}{index}号科技有限公司")
            designate(enterprise, Level.MUNICIPAL, date(year - 3 + offset, 6, 1))
            figures(enterprise, year - 1, 30_000_000 + index, 1_000_000)
        AreaTarget.objects.create(area=xiufeng, year=year - 3 + offset, new_municipal_target=3)
    return make_user(Role.COUNTY, area=xiufeng, username="xianqu-e2e")


def test_county_official_opens_the_dashboard(live_server, county_data, browser):
    # county_data before browser: once Playwright's loop runs in this thread, the ORM would open a second
    # database connection that outlives the test.
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    problems = []
    page.on("console", lambda m: m.type == "error" and "Failed to load resource" not in m.text and problems.append(m.text))
    # every asset comes from the portal and exists (the browser's own favicon probe aside)
    page.on("response", lambda r: r.status >= 400 and not r.url.endswith("/favicon.ico") and problems.append(r.url))
    page.goto(live_server.url + reverse("login"))
    page.fill("#id_username", "xianqu-e2e")
    page.fill("#id_password", TEST_PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_load_state("networkidle")

    assert "/dashboards/areas/" in page.url  # a county official's home is the dashboard
    assert page.locator("h1").inner_text().startswith("秀峰区专精特新培育指标")
    assert page.locator(".kpi").count() == 8  # four quota figures; awards, liaison duty, training, finance
    assert page.locator("svg.chart-svg").count() == 3
    assert page.locator(".chart-svg rect.bar").count() >= 5
    # the stylesheet is served by the portal itself and applied
    assert page.locator(".kpi").first.evaluate("e => getComputedStyle(e).borderTopWidth") == "4px"
    # in a table of figures each number column's header is aligned with its numbers
    aligned = page.locator("table.table.num").first.evaluate(
        "t => [...t.querySelectorAll('thead th')].slice(1).map(th => getComputedStyle(th).textAlign)"
        " .concat([...t.querySelectorAll('tbody tr:first-child td')].slice(1).map(td => getComputedStyle(td).textAlign))")
    assert aligned and set(aligned) == {"right"}, aligned
    assert problems == []  # no CSP violation, no missing asset

    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "dashboard-county.png"), full_page=True)
    page.emulate_media(media="print")
    page.screenshot(path=str(ARTIFACTS / "dashboard-county-print.png"), full_page=True)

    page.goto(live_server.url + reverse("dashboards:city"))  # the city view is not theirs: back to their area
    assert "/dashboards/areas/" in page.url

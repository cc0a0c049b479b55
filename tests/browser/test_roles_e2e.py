"""Every role signs in and lands where its work is, at 1366 × 900 (the enterprise also at 390 × 844): its landing
page and its main pages open with the portal's own assets, no CSP violation and no English in what the user reads.
Screenshots go to test-artifacts/role-<role>-<page>.png."""

import re
from datetime import date

import pytest
from django.urls import reverse

from enterprises.roles import Role
from enterprises.tests.factories import TEST_PASSWORD, EnterpriseFactory, designate, figures, make_user
from policy.levels import Level

from .test_recognition_e2e import ARTIFACTS, browser  # noqa: F401 (the fixture)

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.django_db(transaction=True)]
# English a Chinese user could meet in a page's text (not in URLs, codes or the enterprise's own data)
ENGLISH = re.compile(r"\b(Add|Save|Delete|History|Search|Filter|Home|Log ?out|Axes|Groups?|Users?|Welcome|"
                     r"Dashboard|Recent actions|None)\b")


@pytest.fixture
def people(areas, settings):
    from django.core.cache import cache

    settings.QUOTA_DASHBOARD_CACHE_SECONDS = 0
    cache.clear()
    firm = EnterpriseFactory(area=areas["秀峰区"], name="桂林漓江精密传动科技股份有限公司")
    designate(firm, Level.MUNICIPAL, date(date.today().year - 1, 6, 1))
    figures(firm, date.today().year - 1, "50000000", "1000000")
    users = {
        Role.ENTERPRISE: make_user(Role.ENTERPRISE, enterprise=firm, username="e2e-qiye"),
        Role.COUNTY: make_user(Role.COUNTY, area=areas["秀峰区"], username="e2e-xianqu"),
        Role.LIAISON: make_user(Role.LIAISON, username="e2e-lianluo"),
        Role.REVIEWER: make_user(Role.REVIEWER, username="e2e-shenhe"),
        Role.FINANCE: make_user(Role.FINANCE, username="e2e-caizheng"),
        Role.FINANCIAL_SERVICES: make_user(Role.FINANCIAL_SERVICES, username="e2e-jinrong"),
        Role.ADMIN: make_user(Role.ADMIN, username="e2e-guanli"),
    }
    main_pages = {
        Role.ENTERPRISE: ["declarations:home", "awards:mine", "liaison:my_difficulties", "declarations:messages"],
        Role.COUNTY: ["admin:index", "declarations:review_queue", "liaison:service_coverage", "chains:map"],
        Role.LIAISON: ["liaison:my_enterprises", "admin:index"],
        Role.REVIEWER: ["admin:index", "dashboards:city", "declarations:review_queue", "innovation:pipeline",
                        "talent:directory"],
        Role.FINANCE: ["admin:index", "dashboards:city"],
        Role.FINANCIAL_SERVICES: ["admin:index", "finance:summary"],
        Role.ADMIN: ["admin:index", "dashboards:city", "chains:procurement_list"],
    }
    return users, main_pages


def _visit(page, url, shot, problems):
    response = page.goto(url)
    page.wait_for_load_state("networkidle")
    assert response.status < 400, (url, response.status)
    page.screenshot(path=str(ARTIFACTS / shot), full_page=True)
    text = page.locator("body").inner_text()
    english = sorted(set(ENGLISH.findall(text)))
    assert english == [], (url, english)
    assert problems == [], (url, problems)


def test_every_role_lands_on_its_work(live_server, people, browser):  # noqa: F811
    users, main_pages = people
    ARTIFACTS.mkdir(exist_ok=True)
    for role, user in users.items():
        sizes = [(1366, 900)] + ([(390, 844)] if role == Role.ENTERPRISE else [])
        for width, height in sizes:
            context = browser.new_context(viewport={"width": width, "height": height}, locale="zh-CN")
            page = context.new_page()
            page.set_default_timeout(20_000)
            problems = []
            page.on("console", lambda m, p=problems: m.type == "error" and "Failed to load resource" not in m.text
                    and p.append(m.text))
            page.on("response", lambda r, p=problems: r.status >= 400 and not r.url.endswith("/favicon.ico")
                    and p.append(f"{r.status} {r.url}"))
            page.goto(live_server.url + reverse("login"))
            page.fill("#id_username", user.username)
            page.fill("#id_password", TEST_PASSWORD)
            page.click("button[type=submit]")
            page.wait_for_load_state("networkidle")
            size = f"{width}"
            _visit(page, page.url, f"role-{role.value}-landing-{size}.png", problems)
            if width < 1000:
                assert page.evaluate("document.documentElement.scrollWidth") <= width
            for name in main_pages[role]:
                _visit(page, live_server.url + reverse(name), f"role-{role.value}-{name.replace(':', '-')}-{size}.png",
                       problems)
                if width < 1000:
                    assert page.evaluate("document.documentElement.scrollWidth") <= width, name
            context.close()

"""An enterprise user opens 政策计算器 from its navigation, reads what it misses in its own numbers, tries other
figures and sees them judged, and nothing of the trial is kept; a screenshot is kept in test-artifacts/."""

from datetime import date

import pytest
from django.urls import reverse

from enterprises.models import AnnualFigures
from enterprises.roles import Role
from enterprises.tests.factories import TEST_PASSWORD, EnterpriseFactory, designate, figures, make_user
from policy.levels import Level
from tests.browser.test_dashboards_e2e import ARTIFACTS, browser  # noqa: F401  (the shared browser fixture)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def firm_user(areas):
    enterprise = EnterpriseFactory(area=areas["秀峰区"], name="桂林漓江精密传动有限公司")
    designate(enterprise, Level.MUNICIPAL, date(2023, 6, 1))
    figures(enterprise, 2023, "50000000", "1000000")
    figures(enterprise, 2024, "65600000", "1200000", revenue="30000000", rd_expense="900000", employees=120)
    make_user(Role.ENTERPRISE, enterprise=enterprise, username="qiye-calc-e2e")
    return enterprise


def test_enterprise_tries_the_policy_calculator(live_server, firm_user, browser):  # noqa: F811
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    problems = []
    page.on("response", lambda r: r.status >= 400 and not r.url.endswith("/favicon.ico") and problems.append(r.url))
    page.goto(live_server.url + reverse("login"))
    page.fill("#id_username", "qiye-calc-e2e")
    page.fill("#id_password", TEST_PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_load_state("networkidle")
    page.click("text=政策计算器")
    page.wait_for_load_state("networkidle")

    assert page.url.endswith("/awards/calculator/")
    text = page.locator("#awards").inner_text()
    assert "产值同比增长 31.20%，距 35% 还差 3.80 个百分点，即产值再增加 1,900,000.00 元" in text
    assert "梯度体检" in page.locator("#checkup").inner_text()
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "calculator-enterprise.png"), full_page=True)

    page.fill("#id_output_value", "67500000")
    page.click("#trial button[type=submit]")
    page.wait_for_load_state("networkidle")
    assert "试算数据不会保存" in page.content()
    assert "产值同比增长 35.00%，达到 35%（含）" in page.locator("#awards").inner_text()
    page.screenshot(path=str(ARTIFACTS / "calculator-trial.png"), full_page=True)

    page.fill("#id_output_value", "-5")
    page.click("#trial button[type=submit]")
    page.wait_for_load_state("networkidle")
    assert "当年工业总产值（元）不能为负数" in page.locator("#trial").inner_text()
    assert problems == []
    assert sorted(AnnualFigures.objects.values_list("year", "output_value")) == [
        (2023, 50000000), (2024, 65600000)]  # the trial changed nothing

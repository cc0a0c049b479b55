"""A reviewer tries a draft edition in the admin (政策模拟): from the recompute list, edits the edition offered, runs
it, reads the totals, the areas and their chart, the gainers, and downloads the comparison. Nothing is stored."""

from datetime import date

import pytest
from django.urls import reverse

from awards.models import Award
from awards.tests.factories import growing_firm
from enterprises.models import Area
from enterprises.roles import Role
from enterprises.tests.factories import TEST_PASSWORD, make_user
from policy.models import PolicyRecord

from .test_dashboards_e2e import ARTIFACTS, browser  # noqa: F401 (the fixture)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_reviewer_runs_a_draft_and_downloads_the_comparison(live_server, browser, tmp_path):  # noqa: F811
    growing_firm(area=Area.objects.get(name="秀峰区"))
    growing_firm(recognized_on=date(2024, 3, 15), area=Area.objects.get(name="阳朔县"))
    make_user(Role.REVIEWER, username="shenhe-whatif")
    awards, editions = Award.objects.count(), PolicyRecord.objects.count()
    page = browser.new_page(viewport={"width": 1366, "height": 900})
    problems = []
    page.on("console", lambda m: m.type == "error" and "Failed to load resource" not in m.text and problems.append(m.text))
    page.on("response", lambda r: r.status >= 400 and not r.url.endswith("/favicon.ico") and problems.append(r.url))
    page.goto(live_server.url + reverse("admin:login"))
    page.fill("#id_username", "shenhe-whatif")
    page.fill("#id_password", TEST_PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_load_state("networkidle")

    page.goto(live_server.url + reverse("admin:awards_recomputerun_changelist"))
    page.get_by_text("政策模拟").first.click()
    page.wait_for_load_state("networkidle")
    page.fill("#id_year", "2024")
    text = page.input_value("#id_text")
    assert 'amount = "100000"' in text
    page.fill("#id_text", text.replace('amount = "100000"', 'amount = "150000"').replace('rate = "0.003"', 'rate = "0.004"'))
    page.get_by_role("button", name="开始模拟").click()
    page.wait_for_load_state("networkidle")

    assert page.locator("#whatif-summary").inner_text() == "合计：现行 3 家 220000.00 元；模拟 3 家 310000.00 元"
    assert "阳朔县" in page.locator("#whatif-areas").inner_text()
    assert page.locator("#whatif-chart rect").count() >= 40
    assert page.locator("#whatif-gainers tr").count() == 4  # header + 3 rows
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "whatif.png"), full_page=True)

    with page.expect_download() as info:
        page.get_by_role("button", name="下载对比表（CSV）").click()
    path = tmp_path / "whatif.csv"
    info.value.save_as(path)
    lines = path.read_text(encoding="utf-8-sig").splitlines()
    assert lines[0] == "统一社会信用代码,企业名称,所属区域,奖励类型,现行结果,现行金额（元）,模拟结果,模拟金额（元）"
    assert len(lines) == 4
    assert (Award.objects.count(), PolicyRecord.objects.count()) == (awards, editions)
    assert not problems, problems

"""A reviewer starts a recompute from the admin and follows it: the form says what it starts (开始重算 <year> 年),
and a run's page follows its progress live until the run ends. Needs Debian's chromium (no `playwright install`)."""

from datetime import date

import pytest
from django.db import connections
from django.urls import reverse

from audit import BEAT
from awards import runs
from awards.models import Award
from awards.tests.factories import growing_firm
from enterprises.roles import Role
from enterprises.tests.factories import TEST_PASSWORD, make_user

from .test_dashboards_e2e import ARTIFACTS, browser  # noqa: F401 (the fixture)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def half_done_run(settings):
    settings.RECOMPUTE_CHUNK_SIZE = 2
    for _ in range(3):
        growing_firm()
    growing_firm(recognized_on=date(2024, 5, 1))
    Award.objects.all().delete()
    make_user(Role.REVIEWER, username="shenhe-e2e")
    run = runs.record_run(year=2024, actor=BEAT)
    pending = runs.plan_run(run.pk)
    runs.process_chunk(pending[0], actor=BEAT)
    return run, pending[1:]


def test_a_reviewer_starts_a_run_and_watches_it_finish(live_server, half_done_run, browser):  # noqa: F811
    run, pending = half_done_run
    page = browser.new_page(viewport={"width": 1366, "height": 900})
    problems = []
    page.on("console", lambda m: m.type == "error" and "Failed to load resource" not in m.text and problems.append(m.text))
    page.on("response", lambda r: r.status >= 400 and not r.url.endswith("/favicon.ico") and problems.append(r.url))
    page.goto(live_server.url + reverse("admin:login"))
    page.fill("#id_username", "shenhe-e2e")
    page.fill("#id_password", TEST_PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_load_state("networkidle")

    # the add form says what it does, and its one button names the year it will start
    page.goto(live_server.url + reverse("admin:awards_recomputerun_add"))
    assert "发起资格重算" in page.locator("#recompute-explainer").inner_text()
    button = page.locator("#start-recompute")
    assert button.inner_text() == f"开始重算 {date.today().year - 1} 年"
    page.fill("#id_year", "2023")
    assert button.inner_text() == "开始重算 2023 年"
    assert page.get_by_text("保存并继续编辑").count() == 0
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "recompute-add.png"), full_page=True)

    # a run half done: its page shows the true state, then follows it to the end without a reload
    page.goto(live_server.url + reverse("admin:awards_recomputerun_change", args=[run.pk]))
    panel = page.locator("#recompute-progress")
    assert "计算中" in panel.inner_text() and "已处理 2/4 家（50%）" in panel.inner_text()
    for chunk_id in pending:
        runs.process_chunk(chunk_id, actor=BEAT)
    connections.close_all()  # the ORM's connection from this thread must not outlive the test
    page.wait_for_function(
        "() => document.querySelector('#recompute-progress [data-field=text]').textContent.includes('4/4')",
        timeout=15000,
    )
    assert page.locator("#recompute-progress [data-field=label]").inner_text() == "已完成"
    assert page.locator("#recompute-progress progress").evaluate("e => e.value") == 4
    page.screenshot(path=str(ARTIFACTS / "recompute-run.png"), full_page=True)
    assert problems == []  # no CSP violation, no missing asset

"""End to end in a real headless Chromium: an enterprise applies, the county recommends, the bureau approves,
the notice is public, the notice period is concluded and the title shows on the enterprise's home page.

Screenshots of every page go to test-artifacts/ (look at them: they are what the public sees)."""

import os
import shutil
from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connections
from django.urls import reverse

from audit import BEAT
from conftest import skip_or_fail
from declarations import selectors, services
from declarations.models import Declaration
from declarations.states import Status
from declarations.tests.factories import GOOD_APPLICATION, PDF_BYTES
from enterprises.roles import Role
from enterprises.tests.factories import TEST_PASSWORD, EnterpriseFactory, make_user
from policy.levels import Level

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run", "--lang=zh-CN"]
ARTIFACTS = Path(settings.BASE_DIR) / "test-artifacts"

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def browser(monkeypatch):
    if not (os.path.exists(CHROMIUM) or shutil.which("chromium")):
        skip_or_fail("Debian's chromium is not installed (/usr/bin/chromium)")
    # The sync Playwright API runs an event loop in this thread; the test's own ORM calls are still synchronous.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        yield browser
        for context in browser.contexts:
            context.close()
        browser.close()
        # ORM calls made while Playwright's loop runs get their own connection (Django keeps connections per
        # async context); close it, or PostgreSQL refuses to drop the test database at the end of the run.
        connections.close_all()


def shot(page, name):
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def sign_in(browser, live_server, user):
    context = browser.new_context(viewport={"width": 1360, "height": 900}, locale="zh-CN")
    page = context.new_page()
    page.set_default_timeout(20_000)
    page.goto(live_server.url + reverse("login"))
    page.fill("#id_username", user.username)
    page.fill("#id_password", TEST_PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_load_state("networkidle")
    return page


def test_an_application_goes_from_the_form_to_a_recognized_title(browser, live_server, tmp_path, areas):
    enterprise = EnterpriseFactory(area=areas["秀峰区"], name="桂林漓江精密传动科技有限公司",
                                   contact_person="黄伟", contact_phone="0773-2801234")
    firm_user = make_user(Role.ENTERPRISE, enterprise=enterprise, username="ljcd")
    county = make_user(Role.COUNTY, area=areas["秀峰区"], username="xiufeng")
    reviewer = make_user(Role.REVIEWER, username="shiju")
    licence = tmp_path / "营业执照副本.pdf"
    licence.write_bytes(PDF_BYTES)

    # 1. the enterprise signs in, fills in the application, attaches its licence and submits
    page = sign_in(browser, live_server, firm_user)
    assert page.url.endswith(reverse("declarations:home"))
    shot(page, "01-enterprise-home")
    page.get_by_role("button", name="开始申报").click()
    page.wait_for_url("**/edit/")
    for name, value in GOOD_APPLICATION.items():
        if name == "rd_institution":
            page.select_option(f"[name={name}]", value)
        else:
            page.fill(f"[name={name}]", str(value))
    page.select_option("[name=att-category]", "licence")
    page.set_input_files("[name=att-file]", str(licence))
    page.check("[name=pledge]")
    shot(page, "02-application-form")
    page.click("button[name=submit]")
    page.wait_for_load_state("networkidle")
    assert "等待县（市、区）工信部门初审" in page.content()
    shot(page, "03-application-submitted")
    declaration = Declaration.objects.get(enterprise=enterprise)
    assert declaration.status == Status.SUBMITTED and declaration.attachments.count() == 1

    # 2. the county official finds it in the review queue and recommends it
    page = sign_in(browser, live_server, county)
    page.goto(live_server.url + reverse("declarations:review_queue"))
    assert enterprise.name in page.content()
    shot(page, "04-county-queue")
    page.get_by_role("link", name="办理", exact=True).click()
    page.wait_for_url("**/review/")
    page.check("input[value=county_recommend]")
    page.fill("[name=comment]", "材料齐全，符合申报条件，同意推荐。")
    shot(page, "05-county-review")
    page.get_by_role("button", name="确认办理").click()
    page.wait_for_load_state("networkidle")
    declaration.refresh_from_db()
    assert declaration.status == Status.COUNTY_RECOMMENDED

    # 3. the bureau approves it with an expert score and the recognition document number
    page = sign_in(browser, live_server, reviewer)
    page.goto(live_server.url + reverse("declarations:review", args=[declaration.pk]))
    page.check("input[value=bureau_approve]")
    page.fill("[name=expert_score]", "88.5")
    page.fill("[name=document_number]", "市工信认〔2026〕15号")
    shot(page, "06-bureau-review")
    page.get_by_role("button", name="确认办理").click()
    page.wait_for_load_state("networkidle")
    declaration.refresh_from_db()
    assert declaration.status == Status.PUBLIC_NOTICE

    # 4. the public notice lists it, to anyone
    public = browser.new_context(viewport={"width": 1360, "height": 900}, locale="zh-CN").new_page()
    public.goto(live_server.url + reverse("declarations:public_notices"))
    assert enterprise.name in public.content() and "精密传动" in public.content()
    shot(public, "07-public-notice")

    # 5. the notice period passes (moved into the past here) and the daily service concludes it
    today = selectors.today()
    days = declaration.policy.public_notice_days
    Declaration.objects.filter(pk=declaration.pk).update(
        notice_starts_on=today - timedelta(days=days + 1), notice_ends_on=today - timedelta(days=2))
    done, failures = services.conclude_public_notices(actor=BEAT, document_date=today - timedelta(days=1))
    assert failures == [] and [d.pk for d in done] == [declaration.pk]

    # 6. the designation is on the enterprise's home page
    page = sign_in(browser, live_server, firm_user)
    content = page.content()
    assert Level.MUNICIPAL.label in content and "市工信认〔2026〕15号" in content
    shot(page, "08-enterprise-home-recognized")
    page.goto(live_server.url + reverse("declarations:detail", args=[declaration.pk]))
    assert "已认定为市级“专精特新”中小企业" in page.content()
    shot(page, "09-declaration-history")
    public.goto(live_server.url + reverse("declarations:public_notices"))
    assert "市工信认〔2026〕15号" in public.content()
    shot(public, "10-public-recognized")

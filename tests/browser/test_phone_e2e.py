"""An enterprise on a phone (390 × 844): every page it uses fits the screen — no horizontal scroll, badges that
read as words, a stepper that wraps. Screenshots of each page go to test-artifacts/phone-*.png."""

from datetime import date

import pytest
from django.urls import reverse

from audit import BEAT
from awards import services as award_services
from awards.models import Award
from awards.recompute import recompute_eligibility
from awards.states import AwardKind
from declarations.tests.factories import draft_application, submitted_application
from enterprises.roles import Role
from enterprises.tests.factories import TEST_PASSWORD, EnterpriseFactory, designate, figures, make_user
from liaison.tests.factories import difficulty

from .test_recognition_e2e import ARTIFACTS, browser  # noqa: F401 (the fixture)

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.django_db(transaction=True)]
WIDTH, HEIGHT = 390, 844


@pytest.fixture
def firm_on_a_phone(areas):
    firm = EnterpriseFactory(area=areas["秀峰区"], name="桂林漓江精密传动科技股份有限公司")
    user = make_user(Role.ENTERPRISE, enterprise=firm, username="qiye-phone")
    designate(firm, "municipal", date(2023, 6, 1))
    figures(firm, 2023, "50000000", "1000000")
    figures(firm, 2024, "70000000", "1150000")
    recompute_eligibility(year=2024, actor=BEAT)
    award_services.notify_awards(awards=list(Award.objects.filter(enterprise=firm)), actor=make_user(Role.REVIEWER))
    submitted = submitted_application(user, year=2025)
    draft = draft_application(user, year=2026)
    case = difficulty(firm, title="二期厂房用地指标需要协调落实")
    award = Award.objects.get(enterprise=firm, kind=AwardKind.GROWTH, year=2024)
    pages = {
        "home": reverse("declarations:home"),
        "declaration": reverse("declarations:detail", args=[submitted.pk]),
        "application-form": reverse("declarations:edit", args=[draft.pk]),
        "awards": reverse("awards:mine"),
        "award-confirm": reverse("awards:confirm", args=[award.pk]),
        "difficulties": reverse("liaison:my_difficulties"),
        "difficulty": reverse("liaison:difficulty", args=[case.pk]),
        "difficulty-form": reverse("liaison:difficulty_new"),
        "messages": reverse("declarations:messages"),
        "public-notices": reverse("declarations:public_notices"),
        "award-notices": reverse("awards:public_notices"),
        "calculator": reverse("awards:calculator"),
        # the other measures (六 to 十八) the enterprise files for or is offered
        "honours": reverse("markets:honours"),
        "honour-form": reverse("markets:honours_new"),
        "fairs": reverse("markets:fairs"),
        "fair-form": reverse("markets:fairs_new"),
        "ecommerce": reverse("markets:ecommerce"),
        "ecommerce-form": reverse("markets:ecommerce_new"),
        "talent-needs": reverse("talent:needs"),
        "talent-need-form": reverse("talent:need_new"),
        "talents": reverse("talent:talents"),
        "service-package": reverse("liaison:service_package"),
        "products": reverse("chains:product_list"),
        "tech-demands": reverse("innovation:demands"),
        "tech-demand-form": reverse("innovation:demand_new"),
        "renovation-projects": reverse("innovation:projects"),
        "renovation-form": reverse("innovation:project_new"),
    }
    return user, pages


def _overflow(page):
    """The page's width, and the innermost elements that stick out past the screen's right edge (for the message)."""
    return page.evaluate(f"""() => [document.documentElement.scrollWidth,
        [...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > {WIDTH} + 1
          && ![...e.children].some(c => c.getBoundingClientRect().right > {WIDTH} + 1)).slice(0, 5).map(e => e.tagName + '.' + e.className + ' ' + Math.round(e.getBoundingClientRect().right))]""")


def test_every_page_an_enterprise_uses_fits_a_phone(live_server, firm_on_a_phone, browser):  # noqa: F811
    user, pages = firm_on_a_phone
    context = browser.new_context(viewport={"width": WIDTH, "height": HEIGHT}, device_scale_factor=2,
                                  is_mobile=True, has_touch=True, locale="zh-CN")
    page = context.new_page()
    page.set_default_timeout(20_000)
    ARTIFACTS.mkdir(exist_ok=True)

    page.goto(live_server.url + reverse("login"))
    width, sticking_out = _overflow(page)
    page.screenshot(path=str(ARTIFACTS / "phone-login.png"), full_page=True)
    assert width <= WIDTH, ("login", width, sticking_out)
    page.fill("#id_username", user.username)
    page.fill("#id_password", TEST_PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_load_state("networkidle")

    too_wide = {}
    for name, url in pages.items():
        page.goto(live_server.url + url)
        page.wait_for_load_state("networkidle")
        page.screenshot(path=str(ARTIFACTS / f"phone-{name}.png"), full_page=True)
        if name == "awards":  # the stepper, close up
            page.locator(".award-card").first.screenshot(path=str(ARTIFACTS / "phone-award-card.png"))
        width, sticking_out = _overflow(page)
        if width > WIDTH:
            too_wide[name] = (width, sticking_out)
        # a badge is a word on one line, never a column of single characters
        narrow = page.evaluate("""() => [...document.querySelectorAll('.badge')].filter(
            b => b.textContent.trim().length >= 2 && b.getBoundingClientRect().height > 2.2 * parseFloat(
            getComputedStyle(b).fontSize) && b.getBoundingClientRect().width < 2.5 * parseFloat(
            getComputedStyle(b).fontSize)).map(b => b.textContent.trim())""")
        assert narrow == [], (name, narrow)
    assert too_wide == {}, too_wide
    context.close()

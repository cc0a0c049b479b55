"""Values in the admin as staff read them: money with separators, rates as percentages, the figures a rule used as
a table, names in Chinese order, times in Asia/Shanghai, and no 保存 on a page the user may only read."""

import re
from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from audit.admin_display import admin_money, admin_percent, admin_rate, admin_table
from awards.models import Award, AwardEvent
from awards.states import AwardKind, AwardState, Outcome
from declarations.models import ReviewStep
from declarations.states import Action
from enterprises.roles import Role
from enterprises.services import create_account
from enterprises.tests.factories import SETUP, make_user
from finance.models import LoanSupport
from policy.models import PolicyRecord


@pytest.mark.parametrize(("value", "unit", "shown"), [
    (Decimal("36435420.00"), "元", "36,435,420.00 元（3,643.54 万元）"),
    (Decimal("9999.50"), "元", "9,999.50 元"),
    (Decimal("1234.5"), "万元", "1,234.50 万元"),
    (None, "元", "—"),
])
def test_money_reads_with_separators_and_its_wan(value, unit, shown):
    assert admin_money(value, unit) == shown


def test_rates_read_as_percentages():
    assert (admin_rate(Decimal("0.100000")), admin_rate(Decimal("0.003000"))) == ("10.00%", "0.30%")
    assert admin_percent(Decimal("3.650")) == "3.65%"


def test_figures_read_as_a_table_in_chinese():
    html = admin_table({"年度": 2024, "2024年工业总产值": "70000000.00", "有效认定": ["市级（2023-06-01 至 2026-05-31）"],
                        "产值同比增长": "40.00%", "再次市级认定": []})
    assert "<th scope=\"row\">2024年工业总产值</th><td>70,000,000.00 元（7,000.00 万元）</td>" in html
    assert "<td>40.00%</td>" in html and "<td>无</td>" in html and "<td>2024</td>" in html
    assert admin_table({}) == "无"


@pytest.fixture
def award(role_users):
    return Award.objects.create(
        enterprise=role_users["own_enterprise"], kind=AwardKind.GROWTH, year=2024, outcome=Outcome.ELIGIBLE,
        amount=Decimal("36435420.00"), clause="四", fingerprint="f", computed_at=timezone.now(),
        state=AwardState.APPROVED, policy=PolicyRecord.objects.order_by("pk").first(),
        figures={"年度": 2024, "2024年工业总产值": "70000000.00", "产值同比增长": "40.00%"},
    )


@pytest.mark.django_db
def test_the_award_list_and_page_read_amounts_and_figures(client, role_users, award):
    client.force_login(role_users[Role.REVIEWER])
    listing = client.get(reverse("admin:awards_award_changelist")).content.decode()
    assert "36,435,420.00" in listing and "36435420.00" not in listing
    page = client.get(reverse("admin:awards_award_change", args=[award.pk])).content.decode()
    assert "36,435,420.00 元（3,643.54 万元）" in page and "36435420.00" not in page
    assert '<table class="admin-figures">' in page and "70,000,000.00 元" in page
    assert "\\u5e74" not in page and "{&quot;" not in page  # not the JSON


@pytest.mark.django_db
def test_finance_reads_an_award_without_save_buttons(client, role_users, award):
    client.force_login(role_users[Role.FINANCE])
    response = client.get(reverse("admin:awards_award_change", args=[award.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert award.enterprise.name in html
    for button in ('name="_save"', 'name="_continue"', 'name="_addanother"', "保存并继续编辑", "保存并增加另一个"):
        assert button not in html


@pytest.mark.django_db
def test_a_policy_edition_read_only_shows_its_rates_as_percentages(client, role_users, award):
    """Finance reads the policy edition (view only): its rates read 10.00% and 0.30%, not 0.100000."""
    client.force_login(role_users[Role.FINANCE])
    html = client.get(reverse("admin:policy_policyrecord_change", args=[award.policy_id])).content.decode()
    assert "0.30%" in html and "10.00%" in html and "35.00%" in html
    assert "0.003000" not in html and "0.100000" not in html
    assert "100,000.00 元（10.00 万元）" in html


@pytest.mark.django_db
def test_loan_rates_and_amounts_in_the_list(client, role_users):
    LoanSupport.objects.create(enterprise=role_users["own_enterprise"], programme="other", programme_name="科技贷",
                               bank="桂林银行", amount=Decimal("2000000"), term_months=12,
                               annual_rate=Decimal("3.2"), interest_subsidy=Decimal("20000"),
                               granted_on=date(2025, 3, 1), recorded_by=role_users[Role.FINANCIAL_SERVICES])
    client.force_login(role_users[Role.FINANCIAL_SERVICES])
    html = client.get(reverse("admin:finance_loansupport_changelist")).content.decode()
    assert "3.20%" in html and "3.200" not in html


@pytest.mark.django_db
def test_names_in_chinese_order(client, role_users):
    official = create_account(actor=SETUP, username="zhangwei", password="Test-password-2026", role=Role.REVIEWER,
                              first_name="伟", last_name="张")
    assert official.get_full_name() == "张伟"
    client.force_login(make_user(Role.ADMIN))
    html = client.get(reverse("admin:enterprises_user_changelist")).content.decode()
    assert "张伟" in html and "伟 张" not in html


@pytest.mark.django_db
def test_history_times_in_asia_shanghai(client, role_users):
    enterprise = role_users["own_enterprise"]
    recorded = enterprise.history.latest("history_date").history_date
    client.force_login(role_users[Role.REVIEWER])
    html = client.get(reverse("admin:enterprises_enterprise_history", args=[enterprise.pk])).content.decode()
    local = timezone.localtime(recorded, timezone.get_fixed_timezone(8 * 60))
    assert f"{local:%H:%M}" in html
    assert f"{recorded.astimezone(timezone.get_fixed_timezone(0)):%H:%M}" not in html


def test_ledger_and_review_steps_name_their_time_in_asia_shanghai():
    """Their names show in the admin (history, inlines, delete pages): 20:30 UTC is 04:30 the next day in Guilin."""
    at = datetime(2026, 12, 2, 20, 30, tzinfo=UTC)
    assert str(AwardEvent(award_id=7, action="approve", action_label="审核通过", at=at)) == "7 · 审核通过（2026-12-03 04:30）"
    assert str(ReviewStep(action=Action.SUBMIT, at=at)) == "提交申报（2026-12-03 04:30）"


@pytest.mark.django_db
def test_an_editable_rate_reads_as_typed_and_says_how_it_reads(client, role_users):
    """The admin edits a policy edition: 0.003, with the hint that it is 0.3%, not 0.003000."""
    client.force_login(role_users[Role.ADMIN])
    policy = PolicyRecord.objects.order_by("pk").first()
    html = client.get(reverse("admin:policy_policyrecord_change", args=[policy.pk])).content.decode()
    assert 'value="0.003"' in html and 'value="0.003000"' not in html
    assert "0.003 表示 0.3%" in html


@pytest.mark.django_db
def test_the_history_reads_its_changes(client, role_users, award):
    """Not "None → 2026-12-01", a raw 36435420.00 or a UTC time: the changes as the pages show them."""
    award.amount, award.notice_starts_on, award.notice_ends_on = Decimal("40000000.00"), date(2026, 11, 20), date(
        2026, 12, 1)
    award.state_changed_at = datetime(2026, 12, 2, 20, 30, tzinfo=UTC)
    award.save()
    client.force_login(role_users[Role.REVIEWER])
    html = client.get(reverse("admin:awards_award_history", args=[award.pk])).content.decode()
    assert "36,435,420.00 元（3,643.54 万元）" in html and "40,000,000.00 元（4,000.00 万元）" in html
    assert "（空）" in html and "2026-12-01" in html
    assert "2026年12月3日 04:30" in html  # 20:30 UTC in Asia/Shanghai
    assert not re.search(r">\s*None\s*<", html) and "pk=None" not in html


@pytest.mark.django_db
def test_a_declarations_content_reads_its_amounts_and_shares(client, role_users):
    from declarations.tests.factories import submitted_application

    declaration = submitted_application(role_users[Role.ENTERPRISE], revenue_last=Decimal("36435420.00"))
    client.force_login(role_users[Role.COUNTY])
    html = client.get(reverse("admin:declarations_declaration_change", args=[declaration.pk])).content.decode()
    assert "36,435,420.00 元（3,643.54 万元）" in html and "36435420.00" not in html
    assert "72.50%" in html  # 主导产品收入占营业收入比重（%）


@pytest.mark.django_db
def test_yes_and_no_read_as_words_not_a_tick_and_a_red_cross(client, role_users, award):
    """unfold drew False as a red ✕ (close_small), which reads as an error: the award list's 待复核 says 否."""
    client.force_login(role_users[Role.REVIEWER])
    listing = client.get(reverse("admin:awards_award_changelist")).content.decode()
    assert re.search(r'<span class="admin-yes-no is-no">否</span>', listing)
    assert "close_small" not in listing and "check_small" not in listing
    Award.objects.filter(pk=award.pk).update(needs_attention=True)
    listing = client.get(reverse("admin:awards_award_changelist")).content.decode()
    assert '<span class="admin-yes-no is-yes">是</span>' in listing

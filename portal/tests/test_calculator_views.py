"""/awards/calculator/: the enterprise's own figures or figures typed in to try (never saved), per role, and the
tier check-up feeding the support plan (一企一策) on the one-firm file."""

from datetime import date

import pytest
from django.apps import apps
from django.urls import reverse

from enterprises.roles import Role
from enterprises.tests.factories import designate, figures, make_user
from liaison.models import SupportPlanItem
from liaison.tests.factories import assign, officer
from policy.levels import Level
from policy.models import CriteriaEdition

pytestmark = pytest.mark.django_db

SENTENCE = "产值同比增长 31.20%，距 35% 还差 3.80 个百分点，即产值再增加 1,900,000.00 元"


def _own(role_users, innovative=False):
    enterprise = role_users["own_enterprise"]
    designate(enterprise, Level.MUNICIPAL, date(2023, 6, 1))
    if innovative:
        designate(enterprise, Level.INNOVATIVE, date(2026, 1, 1), date(2028, 12, 31))
    figures(enterprise, 2023, "50000000", "1000000")
    figures(enterprise, 2024, "65600000", "1200000", revenue="30000000", rd_expense="900000", employees=120)
    return enterprise


def _page(client, user, pk=None, **params):
    client.force_login(user)
    url = reverse("awards:calculator") if pk is None else reverse("awards:calculator_for", args=[pk])
    return client.get(url, params)


def test_the_enterprise_sees_what_it_misses_in_its_own_numbers(client, role_users):
    enterprise = _own(role_users)
    assert reverse("awards:calculator") == "/awards/calculator/"
    response = _page(client, role_users[Role.ENTERPRISE])
    body = response.content.decode()
    assert response.status_code == 200 and enterprise.name in body
    assert SENTENCE in body and "税收同比增长 20.00%，达到 10%（含）" in body
    assert "梯度体检" in body and "（三）首次认定市级一次性奖励" in body
    assert 'href="/awards/calculator/"' in body  # the enterprise navigation links the calculator


def test_the_tier_checkup_shows_each_criterion_of_the_edition_in_force_with_the_gap(client, role_users):
    _own(role_users, innovative=True)
    body = _page(client, role_users[Role.ENTERPRISE]).content.decode()
    assert "下一梯度：<strong>市级专精特新中小企业</strong>" in body and "工信部企业〔2026〕2号" in body
    # 2026 edition: R&D at least 1,500,000 and 3.5% of revenue (1,050,000): 900,000 misses by 600,000
    assert "研发费用还差 600,000.00 元（须达到 1,500,000.00 元）" in body
    assert "✓ 达标" in body and "✗ 未达标" in body


@pytest.mark.parametrize(("role", "status"), [
    (Role.ENTERPRISE, 200), (Role.COUNTY, 200), (Role.LIAISON, 404), (Role.REVIEWER, 404), (Role.FINANCE, 404),
    (Role.FINANCIAL_SERVICES, 404), (Role.ADMIN, 404),
])
def test_who_sees_an_enterprise_calculator(client, role_users, role, status):
    enterprise = _own(role_users)
    assert _page(client, role_users[role], enterprise.pk).status_code == status


def test_the_officer_sees_its_enterprises_only_and_the_county_its_area_only(client, role_users):
    enterprise, other = _own(role_users), role_users["other_enterprise"]
    liaison = officer()
    assign(enterprise, liaison, date(2024, 1, 1))
    response = _page(client, liaison, enterprise.pk)
    assert response.status_code == 200 and SENTENCE in response.content.decode()
    assert _page(client, liaison, other.pk).status_code == 404
    assert _page(client, role_users[Role.COUNTY], other.pk).status_code == 404
    assert _page(client, make_user(Role.COUNTY, area=other.area), other.pk).status_code == 200


def test_only_the_enterprise_user_has_a_calculator_without_an_id(client, role_users):
    _own(role_users)
    for role in (Role.COUNTY, Role.LIAISON, Role.REVIEWER, Role.ADMIN):
        assert _page(client, role_users[role]).status_code == 404, role


def test_another_enterprise_and_a_guessed_id_answer_404(client, role_users):
    _own(role_users)
    user = role_users[Role.ENTERPRISE]
    response = _page(client, user, role_users["other_enterprise"].pk)
    assert response.status_code == 404 and role_users["other_enterprise"].name not in response.content.decode()
    assert _page(client, user, 987654321).status_code == 404
    assert _page(client, role_users[Role.COUNTY], 987654321).status_code == 404


def _row_counts():
    """Every table's row count, history tables included."""
    return {model._meta.label: model._default_manager.count() for model in apps.get_models()}


TRIAL = {"year": "2024", "output_value": "67500000", "prior_output_value": "50000000", "tax_paid": "1100000",
         "prior_tax_paid": "1000000", "revenue": "", "rd_expense": "", "employees": "", "years_in_niche": "",
         "equity_financing": ""}


@pytest.mark.parametrize("method", ["get", "post"])
def test_typed_in_figures_are_judged_and_never_saved(client, role_users, method):
    _own(role_users)
    client.force_login(role_users[Role.ENTERPRISE])
    before = _row_counts()
    response = getattr(client, method)(reverse("awards:calculator"), TRIAL)
    body = response.content.decode()
    assert response.status_code == 200 and "试算数据不会保存" in body
    assert "产值同比增长 35.00%，达到 35%（含）" in body and "符合，52,500.00 元" in body
    assert SENTENCE not in body
    after = _row_counts()
    assert after == before, {label: (before[label], after[label]) for label in before if before[label] != after[label]}


@pytest.mark.parametrize(("field", "value", "error"), [
    ("output_value", "-1", "当年工业总产值（元）不能为负数"),
    ("prior_tax_paid", "一百万", "上年纳税总额（元）须为数字"),
    ("employees", "-3", "从业人员（人）不能为负数"),
    ("output_value", "", "请填写当年工业总产值（元）"),
])
def test_bad_typed_in_figures_are_refused_in_chinese_and_nothing_is_judged_from_them(client, role_users, field, value,
                                                                                      error):
    _own(role_users)
    client.force_login(role_users[Role.ENTERPRISE])
    before = _row_counts()
    response = client.get(reverse("awards:calculator"), {**TRIAL, field: value})
    body = response.content.decode()
    assert response.status_code == 200 and error in body
    assert "试算数据不会保存。</div>" not in body and SENTENCE in body  # the page stays on the firm's own figures
    assert _row_counts() == before


@pytest.mark.parametrize("rows", [2, 20])
def test_the_calculator_takes_the_same_queries_whatever_the_rows(client, role_users, django_assert_num_queries, rows):
    enterprise = role_users["own_enterprise"]
    for n in range(rows):
        figures(enterprise, 2000 + n, str(20000000 + n), "1000000")
        designate(enterprise, Level.INNOVATIVE, date(2000 + n, 1, 1), date(2000 + n, 12, 31))
    figures(enterprise, 2023, "50000000", "1000000")
    figures(enterprise, 2024, "65600000", "1200000")
    designate(enterprise, Level.MUNICIPAL, date(2023, 6, 1))
    client.force_login(role_users[Role.ENTERPRISE])
    # session, user, enterprise, designations, figures, policy editions, tier names, criteria edition in force,
    # latest application
    with django_assert_num_queries(9):
        response = client.get(reverse("awards:calculator"))
    assert response.status_code == 200 and SENTENCE in response.content.decode()


# --- the support plan (一企一策) -------------------------------------------------------------------------------------

def test_the_officer_adds_a_missed_criterion_to_the_support_plan_once_and_it_is_audited(client, role_users):
    enterprise = _own(role_users, innovative=True)
    liaison = officer()
    assign(enterprise, liaison, date(2024, 1, 1))
    client.force_login(liaison)
    page = client.get(reverse("liaison:file", args=[enterprise.pk])).content.decode()
    assert "建议事项（梯度体检：冲刺市级专精特新中小企业）" in page and "加入一企一策" in page
    url = reverse("liaison:file_plan_suggestion", args=[enterprise.pk])
    response = client.post(url, {"label": "研发投入"})
    assert response.status_code == 302
    item = SupportPlanItem.objects.get()
    assert item.plan.enterprise == enterprise and item.measure == 1
    assert item.action == "梯度体检（冲刺市级专精特新中小企业）：研发投入未达标，研发费用还差 600,000.00 元（须达到 1,500,000.00 元）"
    assert item.history.get().history_user == liaison
    client.post(url, {"label": "研发投入"})
    assert SupportPlanItem.objects.count() == 1  # the same suggestion is not added twice
    page = client.get(reverse("liaison:file", args=[enterprise.pk])).content.decode()
    assert "研发费用还差 600,000.00 元" in page and "该建议事项已在一企一策中" in page


def test_a_criterion_that_is_met_or_made_up_is_not_added(client, role_users):
    enterprise = _own(role_users, innovative=True)
    client.force_login(role_users[Role.COUNTY])
    response = client.post(reverse("liaison:file_plan_suggestion", args=[enterprise.pk]), {"label": "我编的条件"})
    assert response.status_code == 302 and not SupportPlanItem.objects.exists()


@pytest.mark.parametrize("role", [Role.ENTERPRISE, Role.REVIEWER, Role.FINANCE, Role.LIAISON])
def test_who_may_not_add_a_suggestion_gets_404(client, role_users, role):
    enterprise = _own(role_users, innovative=True)
    client.force_login(role_users[role])  # the unassigned officer does not reach the firm
    response = client.post(reverse("liaison:file_plan_suggestion", args=[enterprise.pk]), {"label": "研发投入"})
    assert response.status_code == 404 and not SupportPlanItem.objects.exists()


def test_a_typed_in_figure_replaces_the_firms_own_in_the_checkup_and_a_blank_one_keeps_it(client, role_users):
    _own(role_users, innovative=True)
    client.force_login(role_users[Role.ENTERPRISE])
    body = client.get(reverse("awards:calculator"), {**TRIAL, "rd_expense": "1500000"}).content.decode()
    assert "研发费用还差" not in body  # 1,500,000 typed in: the R&D criterion is met
    assert "占比 5%" in body  # of the firm's own revenue of 30,000,000, kept because the field was left blank


def test_the_officer_and_the_county_reach_the_calculator_from_their_pages(client, role_users):
    enterprise = _own(role_users)
    liaison = officer()
    assign(enterprise, liaison, date(2024, 1, 1))
    link = f'href="{reverse("awards:calculator_for", args=[enterprise.pk])}"'
    client.force_login(liaison)
    assert link in client.get(reverse("liaison:my_enterprises")).content.decode()
    client.force_login(role_users[Role.COUNTY])
    assert link in client.get(reverse("liaison:file", args=[enterprise.pk])).content.decode()


def test_an_enterprise_without_figures_titles_or_criteria_editions_is_told_what_is_missing(client, role_users):
    CriteriaEdition.objects.all().delete()
    response = _page(client, role_users[Role.ENTERPRISE])
    body = response.content.decode()
    assert response.status_code == 200
    assert "未持有有效的市级、自治区级专精特新" in body or "不在任何政策有效期内" in body
    assert "尚未录入国家认定条件版本，暂不能进行梯度体检。" in body


@pytest.mark.parametrize("rows", [2, 20])
def test_the_officers_calculator_takes_the_same_queries_whatever_the_rows(client, role_users, django_assert_num_queries,
                                                                        rows):
    enterprise = _own(role_users)
    for n in range(rows):
        figures(enterprise, 2000 + n, str(20000000 + n), "1000000")
        designate(enterprise, Level.INNOVATIVE, date(2000 + n, 1, 1), date(2000 + n, 12, 31))
    liaison = officer()
    assign(enterprise, liaison, date(2024, 1, 1))
    client.force_login(liaison)
    # session, user, the enterprise (scoped by the officer's assignments), designations, figures, policy editions,
    # tier names, criteria edition, latest application, the navigation's perms (user, groups)
    with django_assert_num_queries(11):
        response = client.get(reverse("awards:calculator_for", args=[enterprise.pk]))
    assert response.status_code == 200 and SENTENCE in response.content.decode()

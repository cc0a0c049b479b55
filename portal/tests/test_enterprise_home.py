from datetime import date, timedelta

import pytest
from django.urls import reverse

from audit import BEAT
from awards import services as award_services
from declarations.tests.factories import draft_application, enterprise_with_user
from enterprises.roles import Role
from enterprises.tests.factories import designate
from liaison.tests.factories import difficulty
from policy.levels import Level
from policy.selectors import edition_standing_on
from policy.services import save_policy_record
from portal.firm_file import one_firm_file

pytestmark = pytest.mark.django_db


@pytest.fixture
def firm(areas, client):
    enterprise, user = enterprise_with_user(areas["秀峰区"])
    client.force_login(user)
    return enterprise, user


def test_an_enterprise_user_lands_on_its_portal_home(client, firm):
    enterprise, _ = firm
    response = client.get(reverse("home"), follow=True)
    assert response.redirect_chain[-1][0] == reverse("declarations:home")
    assert enterprise.name in response.content.decode()


def test_home_shows_the_tier_and_warns_inside_the_policys_warning_period(client, firm):
    enterprise, _ = firm
    today = date.today()
    designate(enterprise, Level.MUNICIPAL, today - timedelta(days=1000), valid_until=today + timedelta(days=180),
              document_number="市工信〔2024〕5号")
    designate(enterprise, Level.INNOVATIVE, today - timedelta(days=100), valid_until=today + timedelta(days=900))
    page = client.get(reverse("declarations:home")).content.decode()
    assert "市级专精特新中小企业" in page.split("当前梯度层级")[1][:200]
    assert "认定即将到期提醒" in page and "剩余 180 天" in page and "180 天后到期" in page


def test_no_warning_when_every_title_has_more_than_the_warning_period(client, firm):
    enterprise, _ = firm
    today = date.today()
    designate(enterprise, Level.MUNICIPAL, today - timedelta(days=10), valid_until=today + timedelta(days=181))
    assert "认定即将到期提醒" not in client.get(reverse("declarations:home")).content.decode()


def test_the_warning_period_is_the_policys_number_and_the_firm_file_agrees(client, firm, role_users):
    enterprise, _ = firm
    today = date.today()
    designate(enterprise, Level.MUNICIPAL, today - timedelta(days=10), valid_until=today + timedelta(days=45))
    record = edition_standing_on(today)
    record.expiry_warning_days = 30
    save_policy_record(actor=role_users[Role.ADMIN], record=record)
    assert "认定即将到期提醒" not in client.get(reverse("declarations:home")).content.decode()
    assert one_firm_file(role_users[Role.REVIEWER], enterprise.pk).designations[0].state == "valid"
    record.expiry_warning_days = 45
    save_policy_record(actor=role_users[Role.ADMIN], record=record)
    assert "剩余 45 天" in client.get(reverse("declarations:home")).content.decode()
    assert one_firm_file(role_users[Role.REVIEWER], enterprise.pk).designations[0].state == "expiring"


@pytest.mark.parametrize("extra", [2, 20])
def test_home_query_count_does_not_grow(client, firm, django_assert_num_queries, extra):
    enterprise, user = firm
    for year in range(2026 - extra, 2026):
        draft_application(user, year=year)
        designate(enterprise, Level.INNOVATIVE, date(year, 1, 1))
        difficulty(enterprise, actor=user, title=f"{year}年用工招聘困难")
    designate(enterprise, Level.MUNICIPAL, date(2024, 3, 1))
    award_services.notify_awards(
        awards=[award_services.refresh_recognition_award(enterprise=enterprise, actor=BEAT)], actor=BEAT)
    # session, user, enterprise(+area), designations, the warning period (policy editions), declarations, messages,
    # unread count, criteria, awards, the editions (lapse notice), difficulties
    with django_assert_num_queries(13):  # + the criteria editions naming each grant's tier
        page = client.get(reverse("declarations:home")).content.decode()
    assert "2024 年认定奖励" in page and "确认领取并填写收款账户" in page and "100,000.00 元" in page
    assert page.count("年用工招聘困难") == min(extra, 5)

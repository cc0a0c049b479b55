from datetime import date

import pytest
from django.urls import reverse

from enterprises.roles import Role
from enterprises.tests.factories import TEST_PASSWORD, EnterpriseFactory, designate
from policy.levels import Level

pytestmark = pytest.mark.django_db


def test_pages_need_login(client, role_users):
    own = role_users["own_enterprise"]
    for url in (reverse("home"), reverse("enterprises:list"), reverse("enterprises:detail", args=[own.pk])):
        response = client.get(url)
        assert response.status_code == 302 and response.url.startswith(reverse("login"))


def test_county_official_gets_404_for_another_areas_enterprise(client, role_users):
    client.force_login(role_users[Role.COUNTY])
    own, other = role_users["own_enterprise"], role_users["other_enterprise"]
    assert client.get(reverse("enterprises:detail", args=[own.pk])).status_code == 200
    response = client.get(reverse("enterprises:detail", args=[other.pk]))
    assert response.status_code == 404
    assert other.name not in response.content.decode()


def test_enterprise_user_sees_itself_only(client, role_users):
    own, other = role_users["own_enterprise"], role_users["other_enterprise"]
    designate(own, Level.MUNICIPAL, date(2024, 6, 1), document_number="市工信〔2024〕8号")
    client.force_login(role_users[Role.ENTERPRISE])
    page = client.get(reverse("enterprises:detail", args=[own.pk])).content.decode()
    assert "市级专精特新中小企业" in page and "市工信〔2024〕8号" in page
    assert client.get(reverse("enterprises:detail", args=[other.pk])).status_code == 404
    assert client.get(reverse("enterprises:detail", args=[999999])).status_code == 404
    listing = client.get(reverse("enterprises:list")).content.decode()
    assert own.name in listing and other.name not in listing


def test_admin_changelist_is_scoped_for_a_county_official(client, role_users):
    client.force_login(role_users[Role.COUNTY])
    own, other = role_users["own_enterprise"], role_users["other_enterprise"]
    listing = client.get(reverse("admin:enterprises_enterprise_changelist")).content.decode()
    assert own.name in listing and other.name not in listing
    assert client.get(reverse("admin:enterprises_enterprise_change", args=[other.pk])).status_code in (302, 404)


@pytest.mark.parametrize("extra", [5, 50])
def test_enterprise_list_query_count_does_not_grow(client, role_users, django_assert_num_queries, extra):
    client.force_login(role_users[Role.REVIEWER])
    for _ in range(extra):
        designate(EnterpriseFactory(), Level.MUNICIPAL, date(2024, 1, 1))
    # session, user, page count, the page (tier and area joined), the navigation's permissions (user, groups)
    with django_assert_num_queries(6):
        response = client.get(reverse("enterprises:list"))
    # 2 of the 52 firms (the fixtures' own) hold no title; at most 50 rows a page
    assert min(extra, 48) <= response.content.decode().count("市级专精特新中小企业") <= min(extra, 50)


def test_login_is_throttled_after_five_failures(client, role_users):
    user = role_users[Role.REVIEWER]
    for _ in range(5):
        client.post(reverse("login"), {"username": user.username, "password": "wrong"}, REMOTE_ADDR="10.0.0.9")
    response = client.post(reverse("login"), {"username": user.username, "password": TEST_PASSWORD}, REMOTE_ADDR="10.0.0.9")
    assert response.status_code == 429
    assert "登录已暂停" in response.content.decode()


def test_login_with_the_right_password_lands_on_the_role_home(client, role_users):
    user = role_users[Role.ENTERPRISE]
    response = client.post(reverse("login"), {"username": user.username, "password": TEST_PASSWORD}, follow=True)
    assert response.status_code == 200
    assert role_users["own_enterprise"].name in response.content.decode()


@pytest.mark.parametrize(
    ("role", "lands_on"),
    [(Role.ENTERPRISE, "/declarations/"), (Role.LIAISON, "/liaison/mine/"), (Role.REVIEWER, "/admin/"),
     (Role.FINANCE, "/admin/")],
)
def test_each_role_lands_where_its_work_is(client, role_users, role, lands_on):
    client.force_login(role_users[role])
    assert client.get(reverse("home")).url == lands_on


def test_the_enterprise_page_links_to_the_one_firm_file_for_those_who_may_see_it(client, role_users):
    own = role_users["own_enterprise"]
    client.force_login(role_users[Role.COUNTY])
    assert reverse("liaison:file", args=[own.pk]) in client.get(reverse("enterprises:detail", args=[own.pk])).content.decode()
    client.force_login(role_users[Role.FINANCE])
    assert reverse("liaison:file", args=[own.pk]) not in client.get(reverse("enterprises:detail", args=[own.pk])).content.decode()


def test_admin_filters_enterprises_by_the_tier_they_hold_today(client, role_users):
    climber, lapsed = EnterpriseFactory(name="桂林攀升科技有限公司"), EnterpriseFactory(name="桂林过期科技有限公司")
    designate(climber, Level.MUNICIPAL, date(2020, 1, 1))
    designate(climber, Level.REGIONAL, date(2025, 1, 1))
    designate(lapsed, Level.MUNICIPAL, date(2019, 1, 1))  # expired at the end of 2021
    client.force_login(role_users[Role.REVIEWER])
    url = reverse("admin:enterprises_enterprise_changelist")
    regional = client.get(url, {"tier": "regional"}).content.decode()
    municipal = client.get(url, {"tier": "municipal"}).content.decode()
    none = client.get(url, {"tier": "none"}).content.decode()
    assert climber.name in regional and climber.name not in municipal
    assert lapsed.name not in municipal and lapsed.name in none

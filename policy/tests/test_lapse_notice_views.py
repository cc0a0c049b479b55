"""Every page that shows awards says plainly which edition lapsed on which day when none is in force today, and
says nothing of the kind while one is."""

from datetime import timedelta

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from enterprises.roles import Role
from policy.models import PolicyRecord

from .factories import set_period

pytestmark = pytest.mark.django_db

PLACEHOLDER = "待补录发文字号（2023-01-01 起施行）"


@pytest.fixture(autouse=True)
def _fresh_dashboard_cache(settings):
    settings.QUOTA_DASHBOARD_CACHE_SECONDS = 0
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def in_force():
    today = timezone.localdate()
    return set_period(today - timedelta(days=400), today + timedelta(days=300))


@pytest.fixture
def lapsed():
    today = timezone.localdate()
    return set_period(today - timedelta(days=800), today - timedelta(days=10))


def pages(role_users, areas):
    return [
        (role_users[Role.ENTERPRISE], reverse("awards:mine")),
        (role_users[Role.ENTERPRISE], reverse("declarations:home")),
        (role_users[Role.REVIEWER], reverse("dashboards:city")),
        (role_users[Role.COUNTY], reverse("dashboards:area", args=[areas["秀峰区"].pk])),
    ]


def test_no_notice_while_an_edition_is_in_force(client, role_users, areas, in_force):
    for user, url in pages(role_users, areas):
        client.force_login(user)
        page = client.get(url).content.decode()
        assert "当前无施行中的政策版本" not in page and "到期失效" not in page, url
    client.force_login(role_users[Role.ENTERPRISE])
    assert "符合条件时会在此推送" in client.get(reverse("awards:mine")).content.decode()
    assert "系统比对后主动推送" in client.get(reverse("declarations:home")).content.decode()


def test_a_lapsed_edition_is_named_with_its_end_date_on_every_page(client, role_users, areas, lapsed):
    ended = lapsed.effective_until.isoformat()
    for user, url in pages(role_users, areas):
        client.force_login(user)
        page = client.get(url).content.decode()
        assert "当前无施行中的政策版本" in page, url
        assert f"《{lapsed.name}》（{PLACEHOLDER}）已于 {ended} 到期失效" in page, url
    client.force_login(role_users[Role.ENTERPRISE])
    for url in (reverse("awards:mine"), reverse("declarations:home")):
        page = client.get(url).content.decode()
        assert "符合条件时会在此推送" not in page and "系统比对后主动推送" not in page  # no promise of awards to come
        assert "录入新版本政策后将自动比对" in page


def test_no_edition_at_all_is_said_on_the_award_page(client, role_users):
    PolicyRecord.objects.all().delete()
    client.force_login(role_users[Role.ENTERPRISE])
    assert "尚未录入政策参数" in client.get(reverse("awards:mine")).content.decode()

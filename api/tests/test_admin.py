"""The admin lists institutions and tokens (never the token itself), revokes tokens and edits their expiry."""

import pytest
from django.utils import timezone

from api.models import ApiToken, Institution
from api.tests.factories import bearer, token
from enterprises.roles import Role
from enterprises.tests.factories import make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_user(db):
    return make_user(Role.ADMIN)


def test_tokens_are_listed_by_prefix_and_never_shown(client, admin_user):
    record, raw = token("桂林银行股份有限公司", Institution.Kind.BANK)
    client.force_login(admin_user)
    listing = client.get("/admin/api/apitoken/").content.decode()
    assert record.prefix in listing and raw not in listing and record.token_hash not in listing
    page = client.get(f"/admin/api/apitoken/{record.pk}/change/").content.decode()
    assert raw not in page and record.token_hash not in page
    assert "桂林银行股份有限公司" in client.get("/admin/api/institution/").content.decode()


def test_the_admin_revokes_a_token_and_the_bank_is_refused(client, admin_user):
    record, raw = token("桂林银行股份有限公司", Institution.Kind.BANK)
    assert client.get("/api/v1/pushes/", **bearer(raw)).status_code == 200
    client.force_login(admin_user)
    response = client.post("/admin/api/apitoken/", {"action": "revoke", "_selected_action": [record.pk]})
    assert response.status_code == 302
    assert ApiToken.objects.get(pk=record.pk).revoked_at is not None
    client.logout()
    assert client.get("/api/v1/pushes/", **bearer(raw)).status_code == 401


def test_the_admin_sets_an_expiry(client, admin_user):
    record, raw = token("桂林银行股份有限公司", Institution.Kind.BANK)
    client.force_login(admin_user)
    past = timezone.localtime() - timezone.timedelta(days=1)
    response = client.post(f"/admin/api/apitoken/{record.pk}/change/", {
        "expires_at_0": past.strftime("%Y-%m-%d"), "expires_at_1": past.strftime("%H:%M:%S"),
    })
    assert response.status_code == 302, response.content.decode()[:2000]
    assert ApiToken.objects.get(pk=record.pk).expires_at is not None
    assert ApiToken.objects.get(pk=record.pk).history.first().history_user == admin_user
    client.logout()
    assert client.get("/api/v1/pushes/", **bearer(raw)).json()["detail"] == "访问令牌已过期。"


def test_a_county_official_does_not_reach_the_tokens(client, areas):
    client.force_login(make_user(Role.COUNTY, area=areas["七星区"]))
    assert client.get("/admin/api/apitoken/").status_code == 403

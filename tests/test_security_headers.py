import pytest
from django.urls import reverse

from enterprises.roles import Role

pytestmark = pytest.mark.django_db


def test_portal_pages_get_a_strict_self_only_policy(client):
    response = client.get(reverse("login"))
    policy = response["Content-Security-Policy"]
    assert "default-src 'self'" in policy and "script-src 'self'" in policy
    assert "unsafe-eval" not in policy
    assert response["X-Frame-Options"] == "DENY"


def test_only_the_staff_admin_may_evaluate_scripts(client, role_users):
    client.force_login(role_users[Role.REVIEWER])
    policy = client.get(reverse("admin:index"))["Content-Security-Policy"]
    assert "'unsafe-eval'" in policy and "https:" not in policy and "http:" not in policy

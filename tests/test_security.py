"""Sessions expire and end on logout; CSRF is enforced on every portal form and on sign-in."""

from datetime import timedelta

import pytest
from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from enterprises.roles import Role
from enterprises.tests.factories import TEST_PASSWORD

pytestmark = pytest.mark.django_db


def test_an_idle_session_expires(client, role_users, settings):
    assert settings.SESSION_COOKIE_AGE <= 30 * 60 and settings.SESSION_SAVE_EVERY_REQUEST
    client.force_login(role_users[Role.ENTERPRISE])
    assert client.get(reverse("declarations:home")).status_code == 200
    Session.objects.update(expire_date=timezone.now() - timedelta(seconds=1))
    response = client.get(reverse("declarations:home"))
    assert response.status_code == 302 and response.url.startswith(reverse("login"))


def test_logout_ends_the_session(client, role_users):
    client.force_login(role_users[Role.ENTERPRISE])
    client.post(reverse("logout"))
    assert not Session.objects.filter(expire_date__gt=timezone.now()).exists()
    assert client.get(reverse("declarations:home")).status_code == 302


def test_portal_forms_refuse_a_post_without_the_csrf_token(role_users):
    client = Client(enforce_csrf_checks=True)
    client.force_login(role_users[Role.ENTERPRISE])
    assert client.post(reverse("declarations:start_application")).status_code == 403
    client.get(reverse("declarations:home"))  # sets the CSRF cookie
    token = client.cookies["csrftoken"].value
    response = client.post(reverse("declarations:start_application"), {"csrfmiddlewaretoken": token})
    assert response.status_code == 302


def test_sign_in_refuses_a_post_without_the_csrf_token(role_users):
    client = Client(enforce_csrf_checks=True)
    user = role_users[Role.ENTERPRISE]
    response = client.post(reverse("login"), {"username": user.username, "password": TEST_PASSWORD})
    assert response.status_code == 403
    assert "_auth_user_id" not in client.session


def test_admin_review_refuses_a_post_without_the_csrf_token(role_users):
    client = Client(enforce_csrf_checks=True)
    client.force_login(role_users[Role.REVIEWER])
    response = client.post(reverse("admin:declarations_declaration_changelist"), {"action": "bulk_bureau_approve"})
    assert response.status_code == 403

"""A signed-in session is extended on use without a write per page: its row is rewritten only when its expiry would
move by SESSION_REFRESH_SECONDS or more, or when its data changed."""

from datetime import timedelta
from importlib import import_module

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from enterprises.roles import Role

pytestmark = pytest.mark.django_db

AGE = timedelta(seconds=settings.SESSION_COOKIE_AGE)


def session_writes(queries):
    return [q["sql"] for q in queries if q["sql"].startswith(("UPDATE", "INSERT")) and "django_session" in q["sql"]]


def expiry():
    return Session.objects.get().expire_date


def test_pages_read_soon_after_sign_in_do_not_rewrite_the_session(client, role_users):
    client.force_login(role_users[Role.ENTERPRISE])
    signed_in_until = expiry()
    with CaptureQueriesContext(connection) as queries:
        for _ in range(3):
            assert client.get(reverse("declarations:home")).status_code == 200
    assert session_writes(queries.captured_queries) == []
    assert expiry() == signed_in_until


def test_a_session_in_use_is_extended_once_its_expiry_lags_a_minute(client, role_users):
    client.force_login(role_users[Role.ENTERPRISE])
    Session.objects.update(expire_date=timezone.now() + AGE - timedelta(seconds=90))
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("declarations:home")).status_code == 200
    assert len(session_writes(queries.captured_queries)) == 1
    assert expiry() > timezone.now() + AGE - timedelta(seconds=5)


def test_a_changed_session_is_written_at_once(client, role_users):
    client.force_login(role_users[Role.ENTERPRISE])
    key = client.session.session_key
    store = import_module(settings.SESSION_ENGINE).SessionStore(key)
    store["pending_imports"] = ["enterprises.xlsx"]  # read, then changed within a minute of signing in
    store.save()
    assert import_module(settings.SESSION_ENGINE).SessionStore(key)["pending_imports"] == ["enterprises.xlsx"]

"""Institutions, tokens and pushes for the interface tests, made through the real services."""

import pytest
from django.core.cache import cache

from api import services
from enterprises.roles import Role
from enterprises.tests.factories import SETUP, make_user
from finance import services as finance_services
from finance.models import ListPush


def token(name, kind, **extra):
    """(the token record, the token itself) for a new or existing institution."""
    return services.issue_token(actor=SETUP, institution_name=name, kind=kind, **extra)


def bearer(raw):
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


def push_to(name, kind=ListPush.RecipientKind.BANK, **filters):
    """The financial-services office records a push to `name` (linked to the institution of that name)."""
    officer = make_user(Role.FINANCIAL_SERVICES)
    return finance_services.record_push(actor=officer, recipient_kind=kind, recipient_name=name, **filters)


@pytest.fixture(autouse=True)
def _fresh_throttle():
    cache.clear()
    yield
    cache.clear()

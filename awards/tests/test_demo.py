import random

import pytest

from audit import DEMO
from awards import demo
from awards.models import Award
from awards.states import AwardState
from enterprises import demo as registry_demo
from enterprises.models import User
from enterprises.roles import Role
from enterprises.tests.factories import make_user

pytestmark = pytest.mark.django_db


def _seed_registry(*, users=True):
    """The registry demo, seeded as an administrator: a person, which enterprises.demo takes whatever its own actor
    rules (audit.DEMO, or the demo administrator)."""
    admin = make_user(Role.ADMIN)
    registry_demo.seed(actor=admin, rng=random.Random("registry"))
    if users:
        registry_demo.seed_users(actor=admin)


def test_demo_moves_awards_through_the_flow_and_runs_twice_without_adding_anything():
    _seed_registry()
    admin = User.objects.get(username="guanli")
    summary = demo.seed(actor=admin, rng=random.Random("awards"))
    assert "推送" in summary
    states = set(Award.objects.values_list("state", flat=True))
    assert {AwardState.NOTIFIED, AwardState.CONFIRMED, AwardState.PUBLIC_NOTICE, AwardState.PAID} <= states
    assert set(Award.objects.values_list("year", flat=True)) >= {2023, 2024}
    paid = Award.objects.filter(state=AwardState.PAID).first()
    assert paid.paid_by.username == "caizheng" and paid.reviewed_by.username == "shenhe"
    before, history = Award.objects.count(), Award.history.count()
    demo.seed(actor=admin, rng=random.Random("awards"))
    assert (Award.objects.count(), Award.history.count()) == (before, history)


def test_demo_as_the_demo_system_actor_names_it_in_history():
    _seed_registry(users=False)
    demo.seed(actor=DEMO, rng=random.Random("awards"))  # no demo users: the system actor takes every step
    assert Award.objects.filter(state=AwardState.PAID).exists()
    assert set(Award.history.values_list("history_user", "history_change_reason")) == {(None, "演示数据")}
    assert not Award.objects.exclude(paid_by=None).exists() and not Award.objects.exclude(reviewed_by=None).exists()

import random

import pytest

from awards import demo
from awards.models import Award
from awards.states import AwardState
from enterprises import demo as registry_demo
from enterprises.models import User

pytestmark = pytest.mark.django_db


def test_demo_moves_awards_through_the_flow_and_runs_twice_without_adding_anything():
    registry_demo.seed(actor=None, rng=random.Random("registry"))
    registry_demo.seed_users(actor=None)
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

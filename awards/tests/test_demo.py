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


def test_the_money_chain_demo_tells_the_whole_story_once():
    from awards import demo_money_chain
    from awards.models import AwardObjection, AwardRecovery, PaymentBatch, PaymentItem
    from awards.objections import ObjectionStatus
    from enterprises.models import CreditEntry

    _seed_registry()
    admin = User.objects.get(username="guanli")
    demo.seed(actor=admin, rng=random.Random("awards"))
    summary = demo_money_chain.seed(actor=admin, rng=random.Random("chain"))
    # a batch reconciled from a receipt file: paid items and one failed transfer due again
    batch = PaymentBatch.objects.get()
    results = set(PaymentItem.objects.filter(batch=batch).values_list("result", flat=True))
    assert results == {PaymentItem.Result.SUCCEEDED, PaymentItem.Result.FAILED}
    # an objection dismissed and one upheld (that award rejected)
    assert sorted(AwardObjection.objects.values_list("status", flat=True)) == [ObjectionStatus.DISMISSED,
                                                                                ObjectionStatus.UPHELD]
    assert AwardObjection.objects.get(status=ObjectionStatus.UPHELD).award.state == AwardState.REJECTED
    # a credit entry blocking a payment: its award is not in the batch
    listed = CreditEntry.objects.get().enterprise
    assert not PaymentItem.objects.filter(award__enterprise=listed).exists()
    assert Award.objects.filter(enterprise=listed, state=AwardState.PUBLIC_NOTICE).exists()
    # a flagged award resolved, with its recovery
    recovery = AwardRecovery.objects.get()
    assert recovery.award.events.filter(action="resolve_accept").exists() and not recovery.award.needs_attention
    assert "追回" in summary
    before = (PaymentBatch.objects.count(), AwardObjection.objects.count(), Award.history.count())
    demo_money_chain.seed(actor=admin, rng=random.Random("chain"))
    assert (PaymentBatch.objects.count(), AwardObjection.objects.count(), Award.history.count()) == before


def test_demo_enters_the_budgets_once():
    from awards.models import AwardBudget

    _seed_registry()
    admin = User.objects.get(username="guanli")
    demo.seed(actor=admin, rng=random.Random("awards"))
    assert set(AwardBudget.objects.values_list("year", flat=True)) == {2023, 2024}
    assert AwardBudget.objects.count() == 4 and AwardBudget.history.count() == 4
    demo.seed(actor=admin, rng=random.Random("awards"))
    assert AwardBudget.objects.count() == 4 and AwardBudget.history.count() == 4

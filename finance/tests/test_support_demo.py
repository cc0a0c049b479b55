import random

import pytest

from enterprises import demo as registry_demo
from enterprises.roles import Role
from enterprises.tests.factories import make_user
from finance import demo_support
from finance.models import FinanceSupport

pytestmark = pytest.mark.django_db


def test_support_demo_covers_every_kind_and_a_second_run_creates_nothing():
    admin = make_user(Role.ADMIN)
    registry_demo.seed(actor=admin, rng=random.Random("guilin-zjtx:enterprises.demo"))
    registry_demo.seed_users(actor=admin)
    summary = demo_support.seed(actor=admin, rng=random.Random("guilin-zjtx:finance.demo_support"))
    assert 50 <= FinanceSupport.objects.count() <= 60
    assert summary == f"金融支持新建 {FinanceSupport.objects.count()} 条"
    assert set(FinanceSupport.objects.values_list("kind", flat=True)) == set(FinanceSupport.Kind)
    assert {"桂林银行", "中国工商银行桂林分行", "广西农信"} <= set(FinanceSupport.objects.values_list("institution", flat=True))
    count = FinanceSupport.objects.count()
    assert "新建 0 条" in demo_support.seed(actor=admin, rng=random.Random("guilin-zjtx:finance.demo_support"))
    assert FinanceSupport.objects.count() == count

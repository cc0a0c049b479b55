import random

import pytest

from api import demo
from api.models import Institution
from enterprises.tests.factories import SETUP

pytestmark = pytest.mark.django_db


def test_the_demo_registers_the_institutions_once_and_makes_no_token():
    assert "新建 4 家" in demo.seed(actor=SETUP, rng=random.Random(1))
    assert "新建 0 家" in demo.seed(actor=SETUP, rng=random.Random(1))
    assert Institution.objects.filter(kind=Institution.Kind.DEPARTMENT, figure_source="tax").count() == 1
    assert not Institution.objects.filter(tokens__isnull=False).exists()

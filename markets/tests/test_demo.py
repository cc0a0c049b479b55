import random

import pytest

from enterprises import demo as registry_demo
from enterprises.filings import FilingState
from enterprises.roles import Role
from enterprises.tests.factories import make_user
from markets import demo
from markets.models import FairParticipation, Honour, LogisticsSupport, OnlineSales

pytestmark = pytest.mark.django_db
MODELS = (LogisticsSupport, Honour, FairParticipation, OnlineSales)


def test_demo_seed_gives_every_kind_and_a_second_run_creates_nothing():
    admin = make_user(Role.ADMIN)
    registry_demo.seed(actor=admin, rng=random.Random("guilin-zjtx:enterprises.demo"))
    summary = demo.seed(actor=admin, rng=random.Random("guilin-zjtx:markets.demo"))
    assert "物流降本支持新建" in summary
    assert all(model.objects.exists() for model in MODELS)
    assert OnlineSales.objects.filter(platform="阿里巴巴国际站", cross_border=True).exists()
    assert FairParticipation.objects.filter(fair_name="中国—东盟博览会", venue="南宁").exists()
    assert {FilingState.DRAFT, FilingState.SUBMITTED, FilingState.CONFIRMED} <= set(
        Honour.objects.values_list("filing_state", flat=True))
    counts = [model.objects.count() for model in MODELS]
    registry_demo.seed_users(actor=admin)  # the registry changes between runs, as seed_demo's later floors do
    again = demo.seed(actor=admin, rng=random.Random("guilin-zjtx:markets.demo"))
    assert "跳过" in again and "新建 0 条" in again
    assert counts == [model.objects.count() for model in MODELS]

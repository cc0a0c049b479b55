"""The chain demo: two chains with weak links, a leader each, a dozen products, four plans, recommendations in
every outcome; a second run creates nothing."""

import random

import pytest

from chains import demo, selectors
from chains.models import ChainLink, Outcome, Procurement, ProcurementRecommendation, Product
from enterprises.roles import Role
from enterprises.tests.factories import make_user

from .conftest import srdi

pytestmark = pytest.mark.django_db


def test_the_demo_seeds_every_outcome_and_is_idempotent(areas):
    for index in range(10):
        srdi(areas["七星区"] if index % 2 else areas["象山区"])
    actor = make_user(Role.ADMIN)
    first = demo.seed(actor=actor, rng=random.Random(1))
    assert "产业链环节 新建 6 条" in first
    assert set(ChainLink.objects.values_list("chain", flat=True)) == {demo.ELECTRONICS, demo.EQUIPMENT}
    assert ChainLink.objects.filter(weak=True).count() == 2
    assert Product.objects.count() == 12 and Procurement.objects.count() == 4
    assert set(ProcurementRecommendation.objects.values_list("outcome", flat=True)) == set(Outcome.values)
    assert len(selectors.leader_ids()) == 2
    gaps = {row[1] for row in selectors.gap_rows(selectors.chain_map(actor))}
    assert gaps == {"光通信器件", "汽车零部件"}
    second = demo.seed(actor=actor, rng=random.Random(1))
    assert "新建 0 条" in second and "新建 1" not in second
    assert ProcurementRecommendation.objects.count() == 6

import random

import pytest

from enterprises import demo as registry_demo
from enterprises.roles import Role
from enterprises.tests.factories import make_user
from finance import demo
from finance.models import ListingReserveEntry, ListingStageChange, ListPush, LoanSupport
from finance.stages import ListingStage

pytestmark = pytest.mark.django_db


def test_demo_seed_gives_every_stage_and_is_idempotent():
    admin = make_user(Role.ADMIN)
    registry_demo.seed(actor=admin, rng=random.Random("guilin-zjtx:enterprises.demo"))
    registry_demo.seed_users(actor=admin)
    summary = demo.seed(actor=admin, rng=random.Random("guilin-zjtx:finance.demo"))
    assert "上市后备企业 12 家" in summary
    stages = set(ListingReserveEntry.objects.values_list("stage", flat=True))
    assert stages == {ListingStage.IN_POOL, ListingStage.TUTORING, ListingStage.ACCEPTED, ListingStage.APPROVED,
                      ListingStage.LISTED}
    assert ListingReserveEntry.objects.filter(stage=ListingStage.LISTED).count() == 2
    assert 35 <= LoanSupport.objects.count() <= 45
    assert set(LoanSupport.objects.dates("granted_on", "year").values_list("granted_on__year", flat=True)) == {
        2024, 2025, 2026}
    assert ListPush.objects.count() == 2 and all(push.rows.count() == push.row_count for push in ListPush.objects.all())
    counts = (ListingReserveEntry.objects.count(), ListingStageChange.objects.count(), LoanSupport.objects.count(),
              ListPush.objects.count())
    assert "跳过" in demo.seed(actor=admin, rng=random.Random("guilin-zjtx:finance.demo"))
    assert counts == (ListingReserveEntry.objects.count(), ListingStageChange.objects.count(),
                      LoanSupport.objects.count(), ListPush.objects.count())

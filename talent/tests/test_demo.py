import random

import pytest

from declarations import demo as declarations_demo
from enterprises import demo as registry_demo
from enterprises.filings import FilingState
from enterprises.roles import Role
from enterprises.selectors import today, white_list
from enterprises.tests.factories import make_user
from talent import demo
from talent.models import Talent, TalentLevel, TalentNeed

pytestmark = pytest.mark.django_db


def test_demo_seed_gives_needs_in_every_state_and_talents_and_is_idempotent():
    admin = make_user(Role.ADMIN)
    registry_demo.seed(actor=admin, rng=random.Random("guilin-zjtx:enterprises.demo"))
    registry_demo.seed_users(actor=admin)
    declarations_demo.seed(actor=admin, rng=random.Random("guilin-zjtx:declarations.demo"))  # the firms' accounts
    summary = demo.seed(actor=admin, rng=random.Random("guilin-zjtx:talent.demo"))
    assert "人才需求新建" in summary
    year = today().year
    firms = TalentNeed.objects.values("enterprise").distinct().count()
    srdi = white_list().count()
    assert 0.35 * srdi <= firms <= 0.6 * srdi
    assert set(TalentNeed.objects.values_list("year", flat=True)) == {year - 1, year}
    states = set(TalentNeed.objects.filter(year=year).values_list("filing_state", flat=True))
    assert {FilingState.DRAFT, FilingState.SUBMITTED, FilingState.CONFIRMED} <= states
    assert TalentNeed.objects.filter(filing_state=FilingState.CONFIRMED).count() > TalentNeed.objects.count() / 2
    assert 12 <= Talent.objects.count() <= 15
    levels = list(Talent.objects.values_list("level", flat=True))
    assert sum(level in (TalentLevel.C, TalentLevel.D, TalentLevel.E) for level in levels) > len(levels) / 2
    counts = (TalentNeed.objects.count(), Talent.objects.count(), TalentNeed.history.count())
    assert "新建 0 条" in demo.seed(actor=admin, rng=random.Random("guilin-zjtx:talent.demo"))
    assert counts == (TalentNeed.objects.count(), Talent.objects.count(), TalentNeed.history.count())

"""The demo: demands, achievements, matches in every state and renovation projects; a second run creates nothing."""

import random

import pytest

from audit import DEMO
from enterprises import demo as enterprises_demo
from innovation import demo
from innovation.models import Match, MatchStep, RenovationProject, TechAchievement, TechDemand
from innovation.states import MatchState

pytestmark = pytest.mark.django_db


def test_the_demo_holds_every_state_and_a_second_run_creates_nothing():
    enterprises_demo.seed(actor=DEMO, rng=random.Random(1))
    summary = demo.seed(actor=DEMO, rng=random.Random(1))
    assert "技术需求新建 10 条" in summary and "技术成果新建 15 条" in summary
    assert TechDemand.objects.count() == 10 and TechAchievement.objects.count() == 15
    assert set(Match.objects.values_list("state", flat=True)) == set(MatchState.values)
    assert Match.objects.filter(enterprise_interested=True).exists()
    assert RenovationProject.objects.count() == 8
    assert Match.objects.get(state=MatchState.TRANSFERRED).steps.count() == 4
    steps = MatchStep.objects.count()
    again = demo.seed(actor=DEMO, rng=random.Random(1))
    assert again == "技术需求新建 0 条，技术成果新建 0 条，揭榜对接新建 0 条，技术改造项目新建 0 条"
    assert MatchStep.objects.count() == steps

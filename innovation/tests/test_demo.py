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


@pytest.mark.slow
def test_seed_demo_gives_the_demo_enterprise_its_demands_and_the_bureau_its_pipeline(client):
    import io

    from django.core.management import call_command
    from django.urls import reverse

    from enterprises.models import User

    out = io.StringIO()
    call_command("seed_demo", stdout=out)
    assert "innovation.demo: 技术需求新建 10 条" in out.getvalue()
    client.force_login(User.objects.get(username="qiye"))
    page = client.get(reverse("innovation:demands")).content.decode()
    assert "高精度光纤连接器自动化组装" in page and "光纤连接器自动化装配视觉定位系统" in page
    client.force_login(User.objects.get(username="shenhe"))
    pipeline = client.get(reverse("innovation:pipeline"))
    assert pipeline.status_code == 200 and pipeline.context["pipeline"].unanswered_overdue >= 1
    assert client.get(reverse("innovation:renovation")).context["rows"]
    call_command("seed_demo", stdout=out)
    assert "innovation.demo: 技术需求新建 0 条" in out.getvalue()

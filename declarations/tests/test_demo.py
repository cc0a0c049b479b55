import io
import random

import pytest
from django.core.management import call_command
from django.urls import reverse

from audit import DEMO
from awards import demo as awards_demo
from declarations import demo
from declarations.models import Declaration
from declarations.states import Status
from enterprises import demo as registry_demo
from enterprises.models import User
from enterprises.roles import Role
from enterprises.tests.factories import make_user

pytestmark = pytest.mark.django_db


@pytest.mark.slow
def test_demo_declarations_cover_every_step_and_a_second_run_adds_nothing(client):
    call_command("seed_demo", stdout=io.StringIO())
    statuses = set(Declaration.objects.values_list("status", flat=True))
    assert {Status.DRAFT, Status.SUBMITTED, Status.RETURNED, Status.COUNTY_RECOMMENDED, Status.PUBLIC_NOTICE,
            Status.RECOGNIZED} <= statuses
    count = Declaration.objects.count()
    call_command("seed_demo", stdout=io.StringIO())
    assert Declaration.objects.count() == count

    client.force_login(User.objects.get(username="qiye"))
    assert "年度经营数据填报" in client.get(reverse("declarations:home")).content.decode()
    client.force_login(User.objects.get(username="xianqu"))
    assert "待初审" in client.get(reverse("declarations:review_queue")).content.decode()
    client.force_login(User.objects.get(username="shenhe"))
    assert "待复审" in client.get(reverse("declarations:review_queue")).content.decode()
    client.logout()
    notices = client.get(reverse("declarations:public_notices")).content.decode()
    assert notices.count("公示期") and Declaration.objects.filter(status=Status.PUBLIC_NOTICE).first().enterprise.name in notices


def test_demo_declarations_as_the_demo_system_actor():
    admin = make_user(Role.ADMIN)  # a person: enterprises.demo takes it whatever its own actor rules
    registry_demo.seed(actor=admin, rng=random.Random("registry"))
    registry_demo.seed_users(actor=admin)
    awards_demo.seed(actor=DEMO, rng=random.Random("awards"))
    summary = demo.seed(actor=DEMO, rng=random.Random("declarations"))
    assert "已认定 1 件" in summary and "退回修改 1 件" in summary
    statuses = set(Declaration.objects.values_list("status", flat=True))
    assert {Status.DRAFT, Status.SUBMITTED, Status.RETURNED, Status.COUNTY_RECOMMENDED, Status.PUBLIC_NOTICE,
            Status.RECOGNIZED} <= statuses
    assert demo.seed(actor=DEMO, rng=random.Random("declarations")) == "申报演示数据已存在，跳过"

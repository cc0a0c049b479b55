"""python manage.py seed_demo — a believable demo city. Idempotent: a second run adds nothing.

It lives with the project (the top floor) because it seeds every floor below, each through its own `demo.seed(actor=, rng=)`."""

import random

from django.db import transaction

from api import demo as api_demo
from audit import DEMO
from audit.commands import DatabaseSafeCommand
from awards import demo as awards_demo
from awards import demo_money_chain
from chains import demo as chains_demo
from dashboards import demo as dashboards_demo
from declarations import demo as declarations_demo
from enterprises import demo as enterprises_demo
from enterprises import services as registry
from enterprises.models import Enterprise, User
from finance import demo as finance_demo
from finance import demo_support as finance_support_demo
from innovation import demo as innovation_demo
from liaison import demo as liaison_demo
from liaison import demo_services as liaison_services_demo
from markets import demo as markets_demo
from policy.levels import Level
from talent import demo as talent_demo

# In this order: later floors build on what earlier ones seeded. innovation comes after the dashboards' renewals,
# which change which firm is the first municipal one (the demo enterprise user's, as bound below).
# The interfaces' institutions come before the finance demo, so its pushes go to registered institutions.
DEMO_MODULES = (enterprises_demo, awards_demo, demo_money_chain, declarations_demo, liaison_demo, api_demo,
                finance_demo, liaison_services_demo, finance_support_demo, chains_demo, dashboards_demo, talent_demo,
                markets_demo, innovation_demo)


class Command(DatabaseSafeCommand):
    help = "生成演示数据：企业、认定、经营数据、培育库，以及各角色演示账号（可重复执行）"

    def handle(self, *args, **options):
        with transaction.atomic():
            created = enterprises_demo.seed_users(actor=DEMO)
        self.stdout.write(f"演示账号：新建 {len(created)} 个")
        actor = User.objects.get(username="guanli")
        for module in DEMO_MODULES:
            with transaction.atomic():
                summary = module.seed(actor=actor, rng=random.Random(f"guilin-zjtx:{module.__name__}"))
            self.stdout.write(f"{module.__name__}: {summary}")
        # The enterprise demo user is bound to an enterprise that only exists once the registry is seeded.
        with transaction.atomic():
            enterprises_demo.seed_users(actor=actor)
            _bind_demo_enterprise_user(actor)
        self.stdout.write(self.style.SUCCESS("演示数据就绪"))


def _bind_demo_enterprise_user(actor):
    user = User.objects.filter(username="qiye").first()
    first = Enterprise.objects.filter(designations__level=Level.MUNICIPAL).order_by("pk").first()
    if user and first and user.enterprise_id != first.pk:
        user.enterprise = first
        registry.save_account(actor=actor, user=user)

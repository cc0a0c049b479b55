"""python manage.py seed_demo — a believable demo city. Idempotent: a second run adds nothing."""

import random
from importlib import import_module

from django.core.management.base import BaseCommand
from django.db import transaction

# Each app's `demo.seed(actor=, rng=)` runs in this order; later apps build on earlier ones.
DEMO_MODULES = (
    "enterprises.demo", "awards.demo", "declarations.demo", "liaison.demo", "finance.demo",
    "dashboards.demo",
)


class Command(BaseCommand):
    help = "生成演示数据：企业、认定、经营数据、培育库，以及各角色演示账号（可重复执行）"

    def handle(self, *args, **options):
        from enterprises.demo import seed_users

        with transaction.atomic():
            created = seed_users(actor=None)
        self.stdout.write(f"演示账号：新建 {len(created)} 个")
        from enterprises.models import User

        actor = User.objects.get(username="guanli")
        for name in DEMO_MODULES:
            try:
                module = import_module(name)
            except ModuleNotFoundError as error:
                if error.name == name:
                    continue
                raise
            with transaction.atomic():
                summary = module.seed(actor=actor, rng=random.Random(f"guilin-zjtx:{name}"))
            self.stdout.write(f"{name}: {summary}")
        # The enterprise demo user is bound to an enterprise that only exists once the registry is seeded.
        with transaction.atomic():
            seed_users(actor=actor)
            _bind_demo_enterprise_user()
        self.stdout.write(self.style.SUCCESS("演示数据就绪"))


def _bind_demo_enterprise_user():
    from enterprises.models import Enterprise, User
    from policy.levels import Level

    user = User.objects.filter(username="qiye").first()
    first = Enterprise.objects.filter(designations__level=Level.MUNICIPAL).order_by("pk").first()
    if user and first and user.enterprise_id != first.pk:
        user.enterprise = first
        user.save(update_fields=["enterprise"])

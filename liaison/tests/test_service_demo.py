import random

import pytest

from enterprises import demo as registry_demo
from enterprises.roles import Role
from enterprises.tests.factories import make_user
from liaison import demo, demo_services
from liaison.models import ServicePackage, ServicePackageItem, ServiceProvider, ServiceRecord

pytestmark = pytest.mark.django_db


def test_service_demo_links_the_liaison_records_and_a_second_run_creates_nothing():
    admin = make_user(Role.ADMIN)
    registry_demo.seed(actor=admin, rng=random.Random("guilin-zjtx:enterprises.demo"))
    registry_demo.seed_users(actor=admin)
    demo.seed(actor=admin, rng=random.Random("guilin-zjtx:liaison.demo"))
    unlinked = ServiceRecord.objects.count()
    summary = demo_services.seed(actor=admin, rng=random.Random("guilin-zjtx:liaison.demo_services"))
    assert 10 <= ServiceProvider.objects.count() <= 14
    assert set(ServiceProvider.objects.values_list("carrier_type", flat=True)) == set(ServiceProvider.CarrierType)
    package = ServicePackage.objects.get(name="专精特新企业专属服务包", year=2026)
    assert 5 <= package.items.count() <= 8
    assert not ServiceRecord.objects.filter(provider_ref__isnull=True).exists()  # every demo record names its provider
    assert ServiceRecord.objects.count() > unlinked
    assert f"服务记录关联 {unlinked} 条" in summary
    counts = (ServiceProvider.objects.count(), ServicePackageItem.objects.count(), ServiceRecord.objects.count())
    again = demo_services.seed(actor=admin, rng=random.Random("guilin-zjtx:liaison.demo_services"))
    assert "服务机构新建 0 家" in again and "专属服务包新建 0 个" in again and "新建 0 条" in again
    assert counts == (ServiceProvider.objects.count(), ServicePackageItem.objects.count(), ServiceRecord.objects.count())

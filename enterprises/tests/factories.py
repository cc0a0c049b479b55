"""factory_boy factories for the registry. Accounts, designations and figures go through the real services, as
`SETUP`, a system actor named in the history they write."""

import itertools
from datetime import date
from decimal import Decimal

import factory

from audit import SystemActor
from enterprises import services
from enterprises.credit_codes import make_credit_code
from enterprises.models import Area, CreditEntry, CreditStatus, Enterprise

_serial = itertools.count(900_000_001)
TEST_PASSWORD = "Test-password-2026"
SETUP = SystemActor("测试数据")


class EnterpriseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Enterprise

    credit_code = factory.LazyFunction(lambda: make_credit_code("450305", next(_serial)))
    name = factory.Sequence(lambda n: f"桂林测试科技{n}号有限公司")
    area = factory.LazyFunction(lambda: Area.objects.get(name="七星区"))
    founded_on = date(2010, 5, 1)
    industry = "专用设备制造业"


def make_user(role, *, enterprise=None, area=None, username=None):
    username = username or f"{role}-{next(_serial)}"
    return services.create_account(
        actor=SETUP, username=username, password=TEST_PASSWORD, role=role, enterprise=enterprise, area=area,
    )


def designate(enterprise, level, granted_on, valid_until=None, document_number="测试〔2023〕1号"):
    return services.record_designation(
        actor=SETUP, enterprise=enterprise, level=level, granted_on=granted_on, valid_until=valid_until,
        document_number=document_number,
    )


def figures(enterprise, year, output_value, tax_paid, **extra):
    return services.save_annual_figures(
        actor=SETUP, enterprise=enterprise, year=year, output_value=Decimal(output_value),
        tax_paid=Decimal(tax_paid), **extra,
    )


def credit_entry(enterprise, listed_on, removed_on=None, status=CreditStatus.ABNORMAL_OPERATION,
                 authority="桂林市市场监督管理局"):
    return services.save_credit_entry(actor=SETUP, entry=CreditEntry(
        enterprise=enterprise, status=status, listed_on=listed_on, removed_on=removed_on, authority=authority,
    ))

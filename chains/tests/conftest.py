"""Shared set-up of the chain tests: a small chain list, SRDI enterprises at known tiers, product categories."""

from datetime import date

import pytest

from audit import SystemActor
from chains.models import ChainLink, ChainMember, MemberRole, Position, Procurement, Product
from enterprises.tests.factories import EnterpriseFactory, designate
from policy.levels import Level
from vocabulary.models import Category, Term

SETUP = SystemActor("测试数据")
GRANTED = date(2024, 3, 1)


def term(name):
    return Term.objects.get_or_create(category=Category.PRODUCT_CATEGORY, name=name)[0]


def srdi(area, level=Level.MUNICIPAL, **kwargs):
    enterprise = EnterpriseFactory(area=area, **kwargs)
    if level is not None:
        designate(enterprise, level, GRANTED)
    return enterprise


def link(chain, name, position=Position.MIDSTREAM, weak=False, gap_note=""):
    return ChainLink.objects.create(chain=chain, name=name, position=position, weak=weak, gap_note=gap_note)


def member(enterprise, chain_link, role=MemberRole.SUPPLIER):
    return ChainMember.objects.create(enterprise=enterprise, link=chain_link, role=role)


def product(enterprise, name, category, share=None, **kwargs):
    return Product.objects.create(enterprise=enterprise, name=name, category=term(category), domestic_share=share,
                                  **kwargs)


def plan(purchaser, title, category, amount="100", deadline=date(2026, 12, 31)):
    return Procurement.objects.create(enterprise=purchaser, title=title, category=term(category), amount_wan=amount,
                                      deadline=deadline)


@pytest.fixture
def chain_links(db):
    return {
        "up": link("桂林电子信息产业链", "电子元器件", Position.UPSTREAM),
        "mid": link("桂林电子信息产业链", "光通信器件", Position.MIDSTREAM, weak=True, gap_note="高端光芯片依赖外购"),
        "down": link("桂林电子信息产业链", "智能终端", Position.DOWNSTREAM),
    }

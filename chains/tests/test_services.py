"""The writes: only the bureau keeps the chain list and sends recommendations; a recommendation must be a
candidate; outcomes are signed, dated and kept in history; 未成 needs a reason."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from chains import services
from chains.models import ChainLink, MemberRole, Outcome, Position, Procurement, Product
from enterprises.roles import Role
from enterprises.tests.factories import make_user
from policy.levels import Level

from .conftest import member, plan, product, srdi, term

pytestmark = pytest.mark.django_db


@pytest.fixture
def matching(areas, chain_links):
    leader = srdi(areas["七星区"])
    member(leader, chain_links["down"], MemberRole.LEADER)
    supplier = srdi(areas["七星区"], Level.REGIONAL)
    product(supplier, "贴片电容", "电子元器件", "10")
    return {"plan": plan(leader, "元器件采购", "电子元器件"), "supplier": supplier, "leader": leader,
            "bureau": make_user(Role.REVIEWER), "county": make_user(Role.COUNTY, area=areas["七星区"])}


def test_only_the_bureau_keeps_the_chain_list(areas):
    link = ChainLink(chain="  新材料产业链 ", name="稀土功能材料", position=Position.UPSTREAM)
    with pytest.raises(PermissionDenied):
        services.save_link(actor=make_user(Role.COUNTY, area=areas["七星区"]), link=link)
    services.save_link(actor=make_user(Role.REVIEWER), link=link)
    assert ChainLink.objects.get().chain == "新材料产业链"


def test_a_recommendation_is_a_candidate_signed_and_dated(matching):
    bureau, target = matching["bureau"], matching["plan"]
    with pytest.raises(PermissionDenied):
        services.recommend(actor=matching["county"], plan=target, enterprise=matching["supplier"])
    with pytest.raises(ValidationError, match="不是该采购计划的候选企业"):
        services.recommend(actor=bureau, plan=target, enterprise=matching["leader"])
    sent = services.recommend(actor=bureau, plan=target, enterprise=matching["supplier"], note="对口")
    assert (sent.recommended_by, sent.outcome, sent.recommended_at is not None) == (bureau, Outcome.IN_CONTACT, True)
    with pytest.raises(ValidationError, match="已向该采购计划推荐过"):
        services.recommend(actor=bureau, plan=target, enterprise=matching["supplier"])


def test_outcomes_are_signed_and_kept_in_history(matching):
    bureau = matching["bureau"]
    sent = services.recommend(actor=bureau, plan=matching["plan"], enterprise=matching["supplier"])
    with pytest.raises(ValidationError, match="请说明原因"):
        services.record_outcome(actor=bureau, recommendation=sent, outcome=Outcome.FAILED)
    failed = services.record_outcome(actor=bureau, recommendation=sent, outcome=Outcome.FAILED, note="价格未谈拢")
    assert (failed.outcome, failed.outcome_by, failed.outcome_at is not None) == (Outcome.FAILED, bureau, True)
    signed = services.record_outcome(actor=bureau, recommendation=sent, outcome=Outcome.SIGNED, note="重新报价后签约")
    assert [h.outcome for h in signed.history.order_by("history_date")] == ["in_contact", "failed", "signed"]
    assert signed.history.latest().history_user == bureau


def test_a_purchase_plan_needs_a_chain_leader(matching):
    plan_ = Procurement(enterprise=matching["supplier"], title="外壳采购", category=term("包装材料"), amount_wan=10,
                        deadline="2026-12-31")
    with pytest.raises(ValidationError, match="链主企业"):
        services.save_procurement(actor=matching["bureau"], plan=plan_)


def test_a_county_records_products_of_its_own_enterprises_only(areas, matching):
    other = srdi(areas["阳朔县"])
    with pytest.raises(PermissionDenied):
        services.save_product(actor=matching["county"],
                              product=Product(enterprise=other, name="外区产品", category=term("传感器")))
    saved = services.save_product(actor=matching["county"],
                                  product=Product(enterprise=matching["leader"], name="本区产品", category=term("传感器")))
    assert saved.pk and saved.counts

"""The chain pages per role: the map and its export (bureau city-wide, county its own firms, enterprise none),
procurement matching (bureau records recommendations and outcomes; another county's plan is 404), and the
products an enterprise files (drafts, submit, confirmed by the county before they count)."""

import io

import openpyxl
import pytest
from django.urls import reverse

from chains import selectors
from chains.models import MemberRole, Outcome, ProcurementRecommendation, Product
from enterprises.filing_services import confirm_filing, return_filing
from enterprises.filings import FilingState
from enterprises.roles import Role
from enterprises.tests.factories import designate, make_user
from policy.levels import Level

from .conftest import GRANTED, member, plan, product, srdi, term

pytestmark = pytest.mark.django_db


@pytest.fixture
def chain_setup(areas, chain_links):
    own = srdi(areas["秀峰区"], name="秀峰配套")
    other = srdi(areas["阳朔县"], name="阳朔链主")
    member(own, chain_links["up"])
    member(other, chain_links["down"], MemberRole.LEADER)
    return {"own": own, "other": other}


def test_anonymous_users_are_sent_to_login(client):
    for name in ("chains:map", "chains:procurement_list", "chains:product_list"):
        response = client.get(reverse(name))
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_an_enterprise_has_no_chain_map(client, role_users):
    client.force_login(role_users[Role.ENTERPRISE])
    assert client.get(reverse("chains:map")).status_code == 403
    assert client.get(reverse("chains:procurement_list")).status_code == 403


def test_the_bureau_sees_the_city_and_one_area(client, role_users, chain_setup):
    client.force_login(role_users[Role.REVIEWER])
    page = client.get(reverse("chains:map")).content.decode()
    assert "秀峰配套" in page and "阳朔链主" in page and "薄弱环节" in page
    yangshuo = chain_setup["other"].area
    page = client.get(reverse("chains:map"), {"area": yangshuo.pk}).content.decode()
    assert "阳朔链主" in page and "秀峰配套" not in page


def test_a_county_sees_its_own_firms_whatever_area_it_asks_for(client, role_users, chain_setup):
    client.force_login(role_users[Role.COUNTY])
    page = client.get(reverse("chains:map"), {"area": chain_setup["other"].area_id}).content.decode()
    assert "秀峰配套" in page and "阳朔链主" not in page


def test_the_gap_list_exports_to_excel(client, role_users, chain_setup):
    client.force_login(role_users[Role.REVIEWER])
    response = client.get(reverse("chains:gaps_export"))
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert list(rows[0]) == selectors.GAP_HEADERS
    assert {(row[1], row[4]) for row in rows[1:]} == {("光通信器件", "薄弱环节；无本地专精特新企业")}


@pytest.mark.parametrize("n", [1, 10])
def test_the_map_page_takes_constant_queries(client, role_users, areas, chain_links, django_assert_max_num_queries, n):
    for _ in range(n):
        member(srdi(areas["秀峰区"]), chain_links["mid"])
    client.force_login(role_users[Role.REVIEWER])
    with django_assert_max_num_queries(12):
        assert client.get(reverse("chains:map")).status_code == 200


def test_the_bureau_recommends_a_candidate_and_records_the_outcome(client, role_users, areas, chain_setup):
    wanted = plan(chain_setup["other"], "元器件采购", "电子元器件")
    product(chain_setup["own"], "贴片电容", "电子元器件", "20")
    client.force_login(role_users[Role.REVIEWER])
    detail = reverse("chains:procurement_detail", args=[wanted.pk])
    assert "秀峰配套" in client.get(detail).content.decode()
    response = client.post(detail, {"enterprise": chain_setup["own"].pk, "note": "产品对口"})
    assert response.status_code == 302
    sent = ProcurementRecommendation.objects.get()
    assert (sent.enterprise, sent.recommended_by, sent.outcome) == (chain_setup["own"], role_users[Role.REVIEWER],
                                                                    Outcome.IN_CONTACT)
    client.post(reverse("chains:recommendation_outcome", args=[sent.pk]), {"outcome": "signed", "note": "已签框架协议"})
    sent.refresh_from_db()
    assert (sent.outcome, sent.outcome_by) == (Outcome.SIGNED, role_users[Role.REVIEWER])
    assert sent.history.count() == 2
    listing = client.get(reverse("chains:procurement_list")).content.decode()
    assert "元器件采购" in listing


def test_a_county_views_its_own_plans_and_another_countys_plan_is_404(client, role_users, areas, chain_links):
    own_leader, other_leader = srdi(areas["秀峰区"]), srdi(areas["阳朔县"])
    member(own_leader, chain_links["down"], MemberRole.LEADER)
    member(other_leader, chain_links["down"], MemberRole.LEADER)
    own_plan, other_plan = plan(own_leader, "本区采购", "电子元器件"), plan(other_leader, "外区采购", "电子元器件")
    client.force_login(role_users[Role.COUNTY])
    assert client.get(reverse("chains:procurement_detail", args=[own_plan.pk])).status_code == 200
    assert client.get(reverse("chains:procurement_detail", args=[other_plan.pk])).status_code == 404
    assert client.post(reverse("chains:procurement_detail", args=[own_plan.pk]), {"enterprise": 1}).status_code == 403
    assert "外区采购" not in client.get(reverse("chains:procurement_list")).content.decode()


def test_an_enterprise_files_a_product_the_county_confirms_it_and_then_it_counts(client, role_users, areas):
    firm, county = role_users["own_enterprise"], role_users[Role.COUNTY]
    designate(firm, Level.MUNICIPAL, GRANTED)
    user = role_users[Role.ENTERPRISE]
    client.force_login(user)
    category = term("电子元器件")
    response = client.post(reverse("chains:product_new"), {"name": "贴片电容", "category": category.pk,
                                                           "domestic_share": "15"})
    assert response.status_code == 302
    filed = Product.objects.get(enterprise=firm)
    assert filed.filing_state == FilingState.DRAFT
    client.post(reverse("chains:product_edit", args=[filed.pk]), {"name": "贴片电容", "category": category.pk,
                                                                   "domestic_share": "18"})
    filed.refresh_from_db()
    assert str(filed.domestic_share) == "18.00"
    client.post(reverse("chains:product_submit", args=[filed.pk]))
    filed.refresh_from_db()
    assert filed.filing_state == FilingState.SUBMITTED
    assert client.get(reverse("chains:product_edit", args=[filed.pk])).status_code == 302  # no longer editable

    leader = srdi(areas["阳朔县"])
    wanted = plan(leader, "元器件采购", "电子元器件")
    assert firm not in selectors.recommend(wanted)  # submitted is not confirmed yet
    return_filing(actor=county, record=filed, reason="请补充细分市场")
    assert client.get(reverse("chains:product_edit", args=[filed.pk])).status_code == 200
    client.post(reverse("chains:product_edit", args=[filed.pk]), {"name": "贴片电容", "category": category.pk,
                                                                   "segment": "消费电子", "domestic_share": "18"})
    client.post(reverse("chains:product_submit", args=[filed.pk]))
    confirm_filing(actor=county, record=Product.objects.get(pk=filed.pk))
    assert [e.pk for e in selectors.recommend(wanted)] == [firm.pk]


def test_an_enterprise_sees_only_its_own_products(client, role_users):
    mine = product(role_users["own_enterprise"], "自家产品", "传感器")
    theirs = product(role_users["other_enterprise"], "别家产品", "传感器", filing_state=FilingState.DRAFT)
    client.force_login(role_users[Role.ENTERPRISE])
    page = client.get(reverse("chains:product_list")).content.decode()
    assert mine.name in page and theirs.name not in page
    assert client.get(reverse("chains:product_edit", args=[theirs.pk])).status_code == 404
    assert client.post(reverse("chains:product_submit", args=[theirs.pk])).status_code == 404


def test_a_county_user_has_no_product_filing_page(client, role_users):
    client.force_login(role_users[Role.COUNTY])
    assert client.get(reverse("chains:product_list")).status_code == 403


def test_an_enterprise_user_of_a_non_srdi_firm_may_still_file(client, areas):
    firm = srdi(areas["七星区"], level=None)
    client.force_login(make_user(Role.ENTERPRISE, enterprise=firm))
    assert client.get(reverse("chains:product_new")).status_code == 200


def test_a_product_filed_twice_is_refused_with_a_clear_message(client, role_users):
    product(role_users["own_enterprise"], "贴片电容", "电子元器件")
    client.force_login(role_users[Role.ENTERPRISE])
    response = client.post(reverse("chains:product_new"), {"name": "贴片电容", "category": term("电子元器件").pk})
    assert response.status_code == 200 and "该产品已填报过" in response.content.decode()
    response = client.post(reverse("chains:product_new"), {"name": "光模块", "category": term("光通信器件").pk,
                                                           "domestic_share": "150"})
    assert response.status_code == 200 and Product.objects.count() == 1


def test_a_county_cannot_record_an_outcome(client, role_users, areas, chain_setup):
    wanted = plan(chain_setup["own"], "本区采购", "电子元器件")
    sent = ProcurementRecommendation.objects.create(plan=wanted, enterprise=chain_setup["other"],
                                                    recommended_at=wanted.created_at)
    client.force_login(role_users[Role.COUNTY])
    response = client.post(reverse("chains:recommendation_outcome", args=[sent.pk]), {"outcome": "signed"})
    assert response.status_code == 403
    sent.refresh_from_db()
    assert sent.outcome == Outcome.IN_CONTACT


def test_the_plan_list_counts_recommended_and_signed(client, role_users, areas, chain_setup):
    wanted = plan(chain_setup["other"], "元器件采购", "电子元器件")
    for index, outcome in enumerate([Outcome.SIGNED, Outcome.FAILED, Outcome.SIGNED]):
        ProcurementRecommendation.objects.create(plan=wanted, enterprise=srdi(areas["七星区"], name=f"候选{index}"),
                                                 recommended_at=wanted.created_at, outcome=outcome)
    client.force_login(role_users[Role.REVIEWER])
    [listed] = client.get(reverse("chains:procurement_list")).context["plans"]
    assert (listed.recommended_count, listed.signed_count) == (3, 2)


@pytest.mark.parametrize("n", [1, 10])
def test_the_plan_page_takes_constant_queries(client, role_users, areas, chain_setup, django_assert_max_num_queries, n):
    wanted = plan(chain_setup["other"], "元器件采购", "电子元器件")
    for index in range(n):
        firm = srdi(areas["七星区"])
        product(firm, f"元件{index}", "电子元器件", str(index))
        ProcurementRecommendation.objects.create(plan=wanted, enterprise=firm, recommended_at=wanted.created_at)
    client.force_login(role_users[Role.REVIEWER])
    with django_assert_max_num_queries(14):
        response = client.get(reverse("chains:procurement_detail", args=[wanted.pk]))
    assert len(response.context["candidates"]) == n

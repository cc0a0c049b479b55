"""The chain records in the admin: scoped lists (a county its own area), the products' confirm action, the export
buttons, and writes through the services."""

import pytest
from django.urls import reverse

from chains.models import MemberRole, Product
from enterprises.filings import FilingState
from enterprises.roles import Role

from .conftest import member, plan, product, srdi

pytestmark = pytest.mark.django_db


def url(name, *args):
    return reverse(f"admin:chains_{name}", args=args)


@pytest.fixture
def rows(areas, chain_links):
    own, other = srdi(areas["秀峰区"], name="秀峰企业"), srdi(areas["阳朔县"], name="阳朔企业")
    member(own, chain_links["down"], MemberRole.LEADER)
    member(other, chain_links["down"], MemberRole.LEADER)
    return {
        "own": own, "other": other,
        "own_product": product(own, "秀峰产品", "传感器", filing_state=FilingState.SUBMITTED),
        "other_product": product(other, "阳朔产品", "传感器", filing_state=FilingState.SUBMITTED),
        "own_plan": plan(own, "秀峰采购", "传感器"), "other_plan": plan(other, "阳朔采购", "传感器"),
    }


@pytest.mark.parametrize("name", ["chainlink", "chainmember", "product", "procurement", "procurementrecommendation"])
def test_the_bureau_reaches_every_list(client, role_users, rows, name):
    client.force_login(role_users[Role.REVIEWER])
    assert client.get(url(f"{name}_changelist")).status_code == 200


def test_a_county_sees_its_own_area_and_another_areas_row_is_404(client, role_users, rows):
    client.force_login(role_users[Role.COUNTY])
    page = client.get(url("product_changelist")).content.decode()
    assert "秀峰产品" in page and "阳朔产品" not in page
    assert client.get(url("product_change", rows["other_product"].pk)).status_code == 404
    assert client.get(url("procurement_change", rows["other_plan"].pk)).status_code == 404
    assert "阳朔采购" not in client.get(url("procurement_changelist")).content.decode()


def test_a_county_confirms_its_own_submitted_products_in_bulk(client, role_users, rows):
    client.force_login(role_users[Role.COUNTY])
    client.post(url("product_changelist"), {
        "action": "confirm_filings",
        "_selected_action": [rows["own_product"].pk, rows["other_product"].pk],
    })
    assert Product.objects.get(pk=rows["own_product"].pk).filing_state == FilingState.CONFIRMED
    assert Product.objects.get(pk=rows["other_product"].pk).filing_state == FilingState.SUBMITTED


def test_the_export_button_writes_the_import_headers(client, role_users, rows):
    client.force_login(role_users[Role.REVIEWER])
    response = client.post(url("chainlink_export"), {"format": "0", "resource": "0"})
    assert response.status_code == 200
    first_line = response.content.decode("utf-8-sig").splitlines()[0]
    assert first_line == "产业链,环节,环节位置,是否薄弱环节,关键短板说明"


def test_a_plan_for_a_firm_that_leads_no_chain_is_refused_on_the_form(client, role_users, rows, areas):
    supplier = srdi(areas["七星区"])
    client.force_login(role_users[Role.REVIEWER])
    data = {"title": "新采购", "category": rows["own_plan"].category_id, "amount_wan": "10", "deadline": "2026-12-31"}
    response = client.post(url("procurement_add"), {**data, "enterprise": supplier.pk})
    assert response.status_code == 200 and "链主企业" in response.content.decode()
    response = client.post(url("procurement_add"), {**data, "enterprise": rows["own"].pk})
    assert response.status_code == 302
    saved = rows["own"].procurements.get(title="新采购")
    assert saved.history.latest().history_user == role_users[Role.REVIEWER]

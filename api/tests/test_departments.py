"""Departments report annual figures: all or nothing with each bad item named, idempotent, counted."""

from decimal import Decimal

import pytest

from api.models import ApiCall, Institution
from api.tests.factories import bearer, token
from enterprises import changes
from enterprises.models import AnnualFigures
from enterprises.tests.factories import EnterpriseFactory, figures

pytestmark = pytest.mark.django_db
URL = "/api/v1/figures/"


@pytest.fixture
def tax(db):
    return bearer(token("国家税务总局桂林市税务局", Institution.Kind.DEPARTMENT)[1])


def _post(client, items, headers):
    return client.post(URL, items, content_type="application/json", **headers)


def test_figures_are_created_then_unchanged_then_changed(client, tax):
    first, second = EnterpriseFactory(), EnterpriseFactory()
    items = [
        {"credit_code": first.credit_code, "year": 2025, "output_value": "12000000", "tax_paid": "600000",
         "employees": 80},
        {"credit_code": second.credit_code, "year": 2025, "output_value": 8000000.5, "tax_paid": 300000},
    ]
    assert _post(client, items, tax).json() == {"created": 2, "changed": 0, "unchanged": 0}
    stored = AnnualFigures.objects.get(enterprise=first, year=2025)
    assert (stored.output_value, stored.tax_paid, stored.employees) == (Decimal("12000000"), Decimal("600000"), 80)
    assert AnnualFigures.objects.get(enterprise=second).output_value == Decimal("8000000.50")
    assert _post(client, items, tax).json() == {"created": 0, "changed": 0, "unchanged": 2}
    items[0]["tax_paid"] = "650000"
    assert _post(client, items, tax).json() == {"created": 0, "changed": 1, "unchanged": 1}
    assert ApiCall.objects.filter(endpoint=URL, status=200).first().row_count == 2


def test_a_report_may_leave_out_what_the_registry_already_holds(client, tax):
    firm = EnterpriseFactory()
    figures(firm, 2025, "1000000", "50000")
    answer = _post(client, [{"credit_code": firm.credit_code, "year": 2025, "rd_expense": "70000"}], tax)
    assert answer.json() == {"created": 0, "changed": 1, "unchanged": 0}
    stored = AnnualFigures.objects.get(enterprise=firm, year=2025)
    assert (stored.output_value, stored.rd_expense) == (Decimal("1000000.00"), Decimal("70000.00"))


def test_one_bad_item_writes_nothing_and_every_bad_item_is_named(client, tax):
    firm = EnterpriseFactory()
    items = [
        {"credit_code": firm.credit_code, "year": 2025, "output_value": "1000000", "tax_paid": "50000"},
        {"credit_code": "91450300MA5XXXXXX1", "year": 2025, "output_value": "1", "tax_paid": "1"},
        {"credit_code": firm.credit_code, "year": 2024, "revenue": "10"},
        {"credit_code": firm.credit_code, "year": 2025, "output_value": "2", "tax_paid": "2"},
    ]
    response = _post(client, items, tax)
    assert response.status_code == 422
    errors = response.json()["errors"]
    assert sorted({error["index"] for error in errors}) == [1, 2, 3]
    assert any(error["index"] == 2 and error["field"] == "output_value" and "首次报送" in error["reason"]
               for error in errors)
    assert any(error["index"] == 3 and "重复" in error["reason"] for error in errors)
    assert not AnnualFigures.objects.exists()


def test_a_malformed_item_is_named_by_its_index(client, tax):
    firm = EnterpriseFactory()
    response = _post(client, [{"credit_code": firm.credit_code, "year": 2025},
                              {"credit_code": firm.credit_code, "year": "二〇二五", "tax_paid": -1}], tax)
    assert response.status_code == 422
    assert {(error["index"], error["field"]) for error in response.json()["errors"]} == {(1, "year"), (1, "tax_paid")}


def test_a_changed_figure_re_evaluates_the_enterprise(client, tax):
    firm = EnterpriseFactory()
    told = []

    def listener(*, enterprise_ids, actor, figure_years=None):
        told.append((enterprise_ids, str(actor)))

    changes.register_listener(listener)
    try:
        _post(client, [{"credit_code": firm.credit_code, "year": 2025, "output_value": "1", "tax_paid": "1"}], tax)
        _post(client, [{"credit_code": firm.credit_code, "year": 2025, "output_value": "1", "tax_paid": "1"}], tax)
    finally:
        changes.unregister_listener(listener)
    assert told == [([firm.pk], "开放接口：国家税务总局桂林市税务局")]


def test_a_bank_may_not_report_figures(client):
    bank = bearer(token("桂林银行股份有限公司", Institution.Kind.BANK)[1])
    assert _post(client, [], bank).status_code == 403


def test_the_reasons_of_a_malformed_item_are_in_chinese(client, tax):
    firm = EnterpriseFactory()
    response = _post(client, [{"credit_code": firm.credit_code, "year": "二〇二五", "tax_paid": -1},
                              {"year": 2025}], tax)
    reasons = {(e["index"], e["field"]): e["reason"] for e in response.json()["errors"]}
    assert reasons == {(0, "year"): "须为整数", (0, "tax_paid"): "不能小于 0", (1, "credit_code"): "必填"}
    not_a_list = _post(client, {"credit_code": firm.credit_code, "year": 2025}, tax)
    assert not_a_list.status_code == 422 and not_a_list.json()["errors"][0]["reason"] == "请求体应为 JSON 数组"

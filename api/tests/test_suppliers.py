"""(五) suppliers fetch the white list in force today; each fetch is kept as a push of their kind."""

from datetime import date

import pytest

from api.models import Institution
from api.tests.factories import bearer, token
from enterprises.tests.factories import EnterpriseFactory, designate
from finance import selectors
from finance.models import ListPush
from finance.tests.factories import srdi_enterprise
from policy.levels import Level

pytestmark = pytest.mark.django_db
SUPPLIER = Institution.Kind.SUPPLIER


def test_a_supplier_gets_todays_white_list_and_the_fetch_is_kept_as_its_push(client, areas):
    on_list = srdi_enterprise(name="桂林甲科技有限公司", area=areas["七星区"], level=Level.LITTLE_GIANT)
    expired = EnterpriseFactory(name="桂林过期认定有限公司")
    designate(expired, Level.MUNICIPAL, date(2019, 1, 1), valid_until=date(2021, 12, 31))
    EnterpriseFactory(name="桂林未认定有限公司")
    record, raw = token("桂林燃气有限公司", SUPPLIER, supplies=Institution.Supplies.GAS)
    response = client.get("/api/v1/priority-list/", **bearer(raw))
    assert response.status_code == 200
    answer = response.json()
    assert answer["rows"] == [{"code": on_list.credit_code, "name": "桂林甲科技有限公司", "area": "七星区",
                               "tier": "国家级专精特新小巨人企业"}]
    push = ListPush.objects.get()
    assert (push.pk, push.recipient_kind, push.recipient_name, push.institution_id, push.pushed_by) == (
        answer["push_id"], ListPush.RecipientKind.GAS, "桂林燃气有限公司", record.institution_id, None)
    assert [row.enterprise for row in selectors.push_rows(push)] == [on_list]
    client.get("/api/v1/priority-list/", **bearer(raw))
    assert ListPush.objects.count() == 2


def test_a_power_supplier_fetch_is_a_power_push(client, areas):
    srdi_enterprise(area=areas["七星区"])
    _, raw = token("广西电网桂林供电局", SUPPLIER)
    client.get("/api/v1/priority-list/", **bearer(raw))
    assert ListPush.objects.get().recipient_kind == ListPush.RecipientKind.POWER


def test_an_empty_white_list_answers_no_rows_and_keeps_nothing(client):
    _, raw = token("广西电网桂林供电局", SUPPLIER)
    answer = client.get("/api/v1/priority-list/", **bearer(raw)).json()
    assert (answer["push_id"], answer["rows"]) == (None, [])
    assert not ListPush.objects.exists()


def test_a_bank_token_may_not_fetch_the_priority_list(client):
    _, raw = token("桂林银行股份有限公司", Institution.Kind.BANK)
    assert client.get("/api/v1/priority-list/", **bearer(raw)).status_code == 403


def test_a_suppliers_fetches_are_not_listed_to_a_bank(client, areas):
    srdi_enterprise(area=areas["七星区"])
    _, supplier = token("广西电网桂林供电局", SUPPLIER)
    _, bank = token("桂林银行股份有限公司", Institution.Kind.BANK)
    client.get("/api/v1/priority-list/", **bearer(supplier))
    assert client.get("/api/v1/pushes/", **bearer(bank)).json() == []

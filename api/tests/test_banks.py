"""(九) the banks' interfaces: each bank sees only the pushes sent to it, acknowledges them once, and reports loans
only to enterprises that were on its lists."""

import csv
import io
from decimal import Decimal

import pytest
from django.test import Client

from api.models import ApiCall, Institution
from api.tests.factories import bearer, push_to, token
from enterprises.roles import Role
from enterprises.tests.factories import make_user
from finance import exports, selectors
from finance.models import LoanSupport
from finance.tests.factories import srdi_enterprise

pytestmark = pytest.mark.django_db
BANK = Institution.Kind.BANK
FIRST, SECOND = "桂林银行股份有限公司", "中国工商银行桂林分行"


@pytest.fixture
def banks(db):
    first, raw_first = token(FIRST, BANK)
    second, raw_second = token(SECOND, BANK)
    return {"first": bearer(raw_first), "second": bearer(raw_second),
            "first_id": first.institution_id, "second_id": second.institution_id}


@pytest.fixture
def firm(areas):
    return srdi_enterprise(name="桂林甲科技有限公司", area=areas["七星区"], address="七星区朝阳路 1 号")


def _loan(credit_code, **extra):
    return {"credit_code": credit_code, "programme": "guihuidai", "amount": "5000000.00", "annual_rate": "3.450",
            "granted_on": "2025-04-01", "term_months": 12, **extra}


def test_a_push_to_a_registered_bank_is_listed_to_it_only(client, banks, firm):
    push = push_to(FIRST)
    push_to("未登记的某银行")
    answer = client.get("/api/v1/pushes/", **banks["first"]).json()
    assert answer == [{"id": push.pk, "sent_at": push.pushed_at.isoformat().replace("+00:00", "Z"), "rows": 1,
                       "acknowledged_at": None}]
    assert client.get("/api/v1/pushes/", **banks["second"]).json() == []
    assert ApiCall.objects.filter(institution_id=banks["first_id"], status=200).get().row_count == 1


def test_the_rows_are_the_cells_of_the_download(client, banks, firm, areas):
    srdi_enterprise(name="桂林乙材料有限公司", area=areas["秀峰区"])
    push = push_to(FIRST)
    answer = client.get(f"/api/v1/pushes/{push.pk}/rows/", **banks["first"]).json()
    download = list(csv.reader(io.StringIO(exports.render_csv(selectors.push_rows(push)).decode("utf-8-sig"))))
    assert answer["headers"] == download[0]
    assert [[str(cell) for cell in row] for row in answer["rows"]] == download[1:]
    assert answer["csv_sha256"] == push.csv_sha256 and len(answer["rows"]) == 2


def test_another_banks_push_answers_404(client, banks, firm):
    push = push_to(FIRST)
    for url, method in ((f"/api/v1/pushes/{push.pk}/rows/", client.get), (f"/api/v1/pushes/{push.pk}/ack/", client.post)):
        response = method(url, **banks["second"])
        assert response.status_code == 404 and response.json()["detail"]
    assert selectors.pushes_to(banks["first_id"]).get().acknowledged_at is None


def test_an_acknowledgement_keeps_the_first_time(client, banks, firm):
    push = push_to(FIRST)
    first = client.post(f"/api/v1/pushes/{push.pk}/ack/", **banks["first"])
    assert first.status_code == 200 and first.json()["acknowledged_at"]
    again = client.post(f"/api/v1/pushes/{push.pk}/ack/", **banks["first"])
    assert again.json()["acknowledged_at"] == first.json()["acknowledged_at"]
    listed = client.get("/api/v1/pushes/", **banks["first"]).json()
    assert listed[0]["acknowledged_at"] == first.json()["acknowledged_at"]


def test_a_bank_reports_a_loan_to_a_firm_on_its_list(client, banks, firm):
    push_to(FIRST)
    response = client.post("/api/v1/loans/", _loan(firm.credit_code), content_type="application/json",
                           **banks["first"])
    assert response.status_code == 201, response.json()
    loan = LoanSupport.objects.get()
    assert (loan.enterprise, loan.bank, loan.reported_by_id, loan.amount) == (
        firm, FIRST, banks["first_id"], Decimal("5000000.00"))
    assert loan.source_label == f"{FIRST}（银行接口报送）"
    assert loan.history.get().history_change_reason == f"开放接口：{FIRST}"
    again = client.post("/api/v1/loans/", _loan(firm.credit_code), content_type="application/json", **banks["first"])
    assert again.status_code == 200 and again.json()["created"] is False
    assert LoanSupport.objects.count() == 1
    assert list(selectors.loans_reported_by(banks["second_id"])) == []


def test_a_loan_to_a_firm_not_pushed_to_this_bank_answers_422(client, banks, firm):
    push_to(FIRST)
    response = client.post("/api/v1/loans/", _loan(firm.credit_code), content_type="application/json",
                           **banks["second"])
    assert response.status_code == 422
    assert "不在推送给本机构的名单上" in response.json()["detail"]
    assert response.json()["errors"][0]["field"] == "credit_code"
    assert not LoanSupport.objects.exists()


def test_a_malformed_loan_answers_422_naming_the_field(client, banks, firm):
    push_to(FIRST)
    response = client.post("/api/v1/loans/", _loan(firm.credit_code, amount="-1", term_months=0),
                           content_type="application/json", **banks["first"])
    assert response.status_code == 422
    assert {error["field"] for error in response.json()["errors"]} == {"amount", "term_months"}
    future = client.post("/api/v1/loans/", _loan(firm.credit_code, granted_on="2100-01-01"),
                         content_type="application/json", **banks["first"])
    assert future.status_code == 422 and "放款日期" in future.json()["errors"][0]["reason"]
    assert not LoanSupport.objects.exists()


def test_a_reported_loan_shows_its_bank_as_source_in_the_one_firm_file(client, banks, firm):
    push_to(FIRST)
    client.post("/api/v1/loans/", _loan(firm.credit_code), content_type="application/json", **banks["first"])
    client.force_login(make_user(Role.REVIEWER))
    page = client.get(f"/liaison/file/{firm.pk}/")
    assert page.status_code == 200
    assert f"{FIRST}（银行接口报送）" in page.content.decode()


def test_a_bank_registered_later_sees_the_pushes_sent_to_its_name_before(client, firm):
    earlier = push_to("桂林农村商业银行股份有限公司")
    push_to("桂林农村商业银行股份有限公司", kind="power")  # a power push of the same name is not a bank's
    _, raw = token("桂林农村商业银行股份有限公司", BANK)
    assert [push["id"] for push in client.get("/api/v1/pushes/", **bearer(raw)).json()] == [earlier.pk]
    response = client.post("/api/v1/loans/", _loan(firm.credit_code), content_type="application/json", **bearer(raw))
    assert response.status_code == 201


def test_token_authenticated_posts_need_no_csrf_token(banks, firm):
    push = push_to(FIRST)
    strict = Client(enforce_csrf_checks=True)
    assert strict.post(f"/api/v1/pushes/{push.pk}/ack/", **banks["first"]).status_code == 200

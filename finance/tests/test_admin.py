from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from enterprises.roles import Role
from enterprises.tests.factories import EnterpriseFactory
from finance import services
from finance.models import ListingReserveEntry, LoanSupport
from finance.stages import ListingStage
from finance.tests.factories import loan, pool_entry, srdi_enterprise

pytestmark = pytest.mark.django_db

INLINE = {"stage_changes-TOTAL_FORMS": "0", "stage_changes-INITIAL_FORMS": "0"}


@pytest.fixture
def finserv(client, role_users):
    client.force_login(role_users[Role.FINANCIAL_SERVICES])
    return client


def test_the_officer_enters_a_white_list_firm_in_the_admin(finserv, role_users):
    enterprise = srdi_enterprise()
    response = finserv.post(reverse("admin:finance_listingreserveentry_add"), {
        "enterprise": enterprise.pk, "board": "bse", "entered_on": "2024-05-06", "note": "", **INLINE,
    })
    assert response.status_code == 302, response.content.decode()[:2000]
    entry = ListingReserveEntry.objects.get()
    assert (entry.stage, entry.entered_on, entry.created_by) == (ListingStage.IN_POOL, date(2024, 5, 6),
                                                                 role_users[Role.FINANCIAL_SERVICES])
    assert entry.stage_changes.get().changed_by == role_users[Role.FINANCIAL_SERVICES]


def test_the_admin_refuses_a_firm_off_the_white_list_with_the_reason(finserv):
    enterprise = EnterpriseFactory(name="桂林普通制造有限公司")
    response = finserv.post(reverse("admin:finance_listingreserveentry_add"), {
        "enterprise": enterprise.pk, "board": "bse", "entered_on": "2024-05-06", **INLINE,
    })
    assert response.status_code == 200
    assert "不能纳入上市后备企业资源库" in response.content.decode()
    assert not ListingReserveEntry.objects.exists()


def test_the_stage_moves_through_the_admin_form_only_along_the_table(finserv, role_users):
    entry = pool_entry(entered_on=date(2024, 3, 1))
    url = reverse("admin:finance_listingreserveentry_change", args=[entry.pk])
    page = finserv.get(url).content.decode()
    assert "辅导备案" in page and 'value="accepted"' not in page  # only the allowed next steps are offered
    inline = {"stage_changes-TOTAL_FORMS": "1", "stage_changes-INITIAL_FORMS": "1",
              "stage_changes-0-id": entry.stage_changes.get().pk, "stage_changes-0-entry": entry.pk}
    refused = finserv.post(url, {"board": "bse", "note": "", "next_stage": "accepted", "change_on": "2024-06-01", **inline})
    assert refused.status_code == 200
    response = finserv.post(url, {"board": "star", "note": "", "next_stage": "tutoring", "change_on": "2024-06-01",
                                  "change_note": "华泰联合证券辅导", **inline})
    assert response.status_code == 302, response.content.decode()[:3000]
    entry.refresh_from_db()
    assert (entry.stage, entry.stage_since, entry.board) == (ListingStage.TUTORING, date(2024, 6, 1), "star")
    last = entry.stage_changes.last()
    assert (last.note, last.changed_by) == ("华泰联合证券辅导", role_users[Role.FINANCIAL_SERVICES])


def test_a_loan_entered_in_the_admin_records_its_recorder(finserv, role_users):
    enterprise = srdi_enterprise()
    response = finserv.post(reverse("admin:finance_loansupport_add"), {
        "enterprise": enterprise.pk, "programme": "other", "programme_name": "", "bank": "桂林银行",
        "amount": "2000000", "term_months": "12", "annual_rate": "3.2", "interest_subsidy": "20000",
        "granted_on": "2025-03-01", "note": "",
    })
    assert response.status_code == 200 and "请填写政策名称" in response.content.decode()
    response = finserv.post(reverse("admin:finance_loansupport_add"), {
        "enterprise": enterprise.pk, "programme": "other", "programme_name": "科技贷", "bank": "桂林银行",
        "amount": "2000000", "term_months": "12", "annual_rate": "3.2", "interest_subsidy": "20000",
        "granted_on": "2025-03-01", "note": "",
    })
    assert response.status_code == 302
    record = LoanSupport.objects.get()
    assert (record.amount, record.recorded_by) == (Decimal("2000000"), role_users[Role.FINANCIAL_SERVICES])


def test_county_official_views_its_area_read_only_in_the_admin(client, role_users, areas):
    own = pool_entry(area=areas["秀峰区"])
    other = pool_entry(area=areas["阳朔县"])
    own_loan, other_loan = loan(own.enterprise), loan(other.enterprise)
    client.force_login(role_users[Role.COUNTY])
    listing = client.get(reverse("admin:finance_listingreserveentry_changelist")).content.decode()
    assert own.enterprise.name in listing and other.enterprise.name not in listing
    loans = client.get(reverse("admin:finance_loansupport_changelist")).content.decode()
    assert own_loan.bank in loans and other.enterprise.name not in loans
    assert client.get(reverse("admin:finance_loansupport_change", args=[other_loan.pk])).status_code in (302, 404)
    assert client.get(reverse("admin:finance_listingreserveentry_add")).status_code == 403
    assert client.get(reverse("admin:finance_listpush_changelist")).status_code == 403


def test_push_records_cannot_be_added_or_edited_in_the_admin(finserv):
    assert finserv.get(reverse("admin:finance_listpush_changelist")).status_code == 200
    assert finserv.get(reverse("admin:finance_listpush_add")).status_code == 403


def test_a_loan_deleted_in_the_admin_goes_through_the_service_and_keeps_its_history(finserv, role_users):
    first, second, third = (loan(srdi_enterprise(), amount=str(1_000_000 * n)) for n in (1, 2, 3))
    response = finserv.post(reverse("admin:finance_loansupport_delete", args=[first.pk]), {"post": "yes"})
    assert response.status_code == 302
    response = finserv.post(reverse("admin:finance_loansupport_changelist"), {
        "action": "delete_selected", "_selected_action": [second.pk, third.pk], "post": "yes",
    })
    assert response.status_code == 302
    assert not LoanSupport.objects.exists()
    removed = LoanSupport.history.filter(history_type="-")
    assert removed.count() == 3
    assert {row.history_user for row in removed} == {role_users[Role.FINANCIAL_SERVICES]}


def test_the_delete_service_refuses_a_loan_outside_the_actors_scope(role_users, areas):
    other = loan(srdi_enterprise(area=areas["阳朔县"]))
    with pytest.raises(ValidationError, match="无权删除"):
        services.delete_loan(actor=role_users[Role.COUNTY], loan=other)
    assert LoanSupport.objects.filter(pk=other.pk).exists()


def test_a_reserve_entry_is_never_deleted_it_leaves_through_a_stage(finserv):
    entry = pool_entry()
    assert finserv.get(reverse("admin:finance_listingreserveentry_delete", args=[entry.pk])).status_code == 403
    assert ListingReserveEntry.objects.filter(pk=entry.pk).exists()


def test_finance_services_refuse_a_missing_actor():
    with pytest.raises(TypeError, match="actor is required"):
        services.enter_pool(actor=None, enterprise=srdi_enterprise(), board="bse")

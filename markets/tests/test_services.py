"""The writes: an enterprise's filing flow (draft kept, submitted, confirmed by its county → counted; returned →
editable again), the admin's scoped saves and deletes, and the database's own guards."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from enterprises.filing_services import confirm_filing, return_filing
from enterprises.filings import FilingState
from enterprises.roles import Role
from enterprises.tests.factories import make_user
from markets import selectors, services
from markets.models import FairParticipation, Honour, HonourCategory, HonourLevel, LogisticsSupport, OnlineSales

from .factories import fair, honour, logistics, sales

pytestmark = pytest.mark.django_db


def _draft_honour(user, name="广西壮族自治区主席质量奖"):
    return services.file_draft(actor=user, record=Honour(
        category=HonourCategory.QUALITY_AWARD, name=name, level=HonourLevel.REGIONAL, granted_on=date(2025, 5, 20),
    ))


def test_a_draft_is_kept_and_counts_only_once_the_county_confirms(role_users):
    firm_user, county = role_users[Role.ENTERPRISE], role_users[Role.COUNTY]
    record = _draft_honour(firm_user)
    assert record.enterprise == role_users["own_enterprise"] and record.filing_state == FilingState.DRAFT
    record.name = "广西壮族自治区主席质量奖（提名奖）"
    services.file_draft(actor=firm_user, record=record)  # a draft may still change
    assert not selectors.honours_reached(2025).exists()

    services.submit(actor=firm_user, record=record)
    record.refresh_from_db()
    assert record.filing_state == FilingState.SUBMITTED and not selectors.honours_reached(2025).exists()
    with pytest.raises(ValidationError, match="已提交的信息不能修改"):
        services.file_draft(actor=firm_user, record=record)

    confirm_filing(actor=county, record=record)
    assert list(selectors.honours_reached(2025)) == [record]
    assert record.history.count() == 4  # created, changed, submitted, confirmed


def test_a_returned_filing_is_editable_and_can_be_submitted_again(role_users):
    firm_user = role_users[Role.ENTERPRISE]
    record = services.file_draft(actor=firm_user, record=OnlineSales(year=2025, platform="抖音电商",
                                                                      sales_wan=Decimal("300")))
    services.submit(actor=firm_user, record=record)
    return_filing(actor=role_users[Role.COUNTY], record=record, reason="销售额请按平台后台年度报表填写")
    record.refresh_from_db()
    assert record.filing_state == FilingState.RETURNED and record.editable
    record.sales_wan = Decimal("280.50")
    services.file_draft(actor=firm_user, record=record)
    services.submit(actor=firm_user, record=record)
    record.refresh_from_db()
    assert (record.filing_state, record.sales_wan, record.return_reason) == (FilingState.SUBMITTED, Decimal("280.50"), "")


def test_another_areas_county_cannot_confirm(role_users, areas):
    record = _draft_honour(role_users[Role.ENTERPRISE])
    services.submit(actor=role_users[Role.ENTERPRISE], record=record)
    with pytest.raises(PermissionDenied):
        confirm_filing(actor=make_user(Role.COUNTY, area=areas["阳朔县"]), record=record)


def test_an_enterprise_cannot_touch_another_enterprises_filing(role_users):
    other_user = make_user(Role.ENTERPRISE, enterprise=role_users["other_enterprise"])
    record = _draft_honour(role_users[Role.ENTERPRISE])
    with pytest.raises(PermissionDenied):
        services.submit(actor=other_user, record=record)
    record.name = "改名"
    with pytest.raises(PermissionDenied):
        services.file_draft(actor=other_user, record=record)


def test_the_same_honour_twice_is_refused_in_chinese(role_users):
    _draft_honour(role_users[Role.ENTERPRISE])
    with pytest.raises(ValidationError, match="同一类别、同一名称"):
        _draft_honour(role_users[Role.ENTERPRISE])


def test_a_county_saves_and_deletes_its_own_areas_records_only(role_users):
    county = role_users[Role.COUNTY]
    own = services.save_record(actor=county, record=FairParticipation(
        enterprise=role_users["own_enterprise"], fair_name="广交会", venue="广州", starts_on=date(2025, 10, 15),
        ends_on=date(2025, 10, 19),
    ))
    assert own.filing_state == FilingState.CONFIRMED  # entered by the county itself
    with pytest.raises(PermissionDenied):
        services.save_record(actor=county, record=FairParticipation(
            enterprise=role_users["other_enterprise"], fair_name="广交会", venue="广州",
            starts_on=date(2025, 10, 15), ends_on=date(2025, 10, 19),
        ))
    others = logistics(role_users["other_enterprise"])
    others.cost_saved_wan = Decimal("1")
    with pytest.raises(PermissionDenied):
        services.save_record(actor=county, record=others)
    with pytest.raises(PermissionDenied):
        services.delete_records(actor=county, records=[own, others])
    assert FairParticipation.objects.filter(pk=own.pk).exists()  # all or nothing
    pk = own.pk
    services.delete_records(actor=county, records=[own])
    assert not FairParticipation.objects.filter(pk=pk).exists()
    assert FairParticipation.history.filter(id=pk, history_type="-").get().history_user == county


def test_the_model_refuses_a_fair_ending_before_it_starts(role_users):
    with pytest.raises(ValidationError, match="结束日期不能早于开始日期"):
        fair(role_users["own_enterprise"], days=0)


@pytest.mark.parametrize("make", [
    lambda e: FairParticipation(enterprise=e, fair_name="x", venue="y", starts_on=date(2025, 2, 2),
                                ends_on=date(2025, 2, 1)),
    lambda e: FairParticipation(enterprise=e, fair_name="x", venue="y", starts_on=date(2025, 2, 2),
                                ends_on=date(2025, 2, 2), intended_deals_wan=Decimal("-1")),
    lambda e: LogisticsSupport(enterprise=e, year=2025, mode="outsourcing", cost_saved_wan=Decimal("-0.01")),
    lambda e: OnlineSales(enterprise=e, year=2025, platform="天猫", sales_wan=Decimal("-5")),
    lambda e: OnlineSales(enterprise=e, year=1999, platform="天猫", sales_wan=Decimal("5")),
])
def test_the_database_guards_dates_amounts_and_years(role_users, make):
    with pytest.raises(IntegrityError), transaction.atomic():
        make(role_users["own_enterprise"]).save()


def test_the_database_guards_the_keys(role_users):
    enterprise = role_users["own_enterprise"]
    honour(enterprise)
    sales(enterprise)
    for record in (Honour(enterprise=enterprise, category=HonourCategory.QUALITY_AWARD, name="广西壮族自治区主席质量奖",
                          level=HonourLevel.NATIONAL, granted_on=date(2024, 1, 1)),
                   OnlineSales(enterprise=enterprise, year=2025, platform="天猫", sales_wan=Decimal("1"))):
        with pytest.raises(IntegrityError), transaction.atomic():
            record.save()

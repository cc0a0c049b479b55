from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError

from audit import BEAT
from enterprises import services
from enterprises.models import AnnualFigures, AreaTarget, CultivationPoolEntry, Designation, User
from enterprises.roles import Role
from enterprises.tests.factories import SETUP, EnterpriseFactory, designate, figures, make_user
from policy.levels import Level
from policy.models import PolicyRecord

pytestmark = pytest.mark.django_db


def test_designation_validity_defaults_to_the_policy_period_for_its_level():
    policy = PolicyRecord.objects.get()
    policy.validity_municipal_years = 2
    policy.save()
    enterprise = EnterpriseFactory()
    municipal = designate(enterprise, Level.MUNICIPAL, date(2023, 6, 1))
    innovative = designate(enterprise, Level.INNOVATIVE, date(2023, 6, 1))
    assert municipal.valid_until == date(2025, 5, 31)
    assert innovative.valid_until == date(2026, 5, 31)


def test_designations_accumulate_and_a_duplicate_grant_is_refused():
    enterprise = EnterpriseFactory()
    designate(enterprise, Level.MUNICIPAL, date(2020, 6, 1))
    designate(enterprise, Level.MUNICIPAL, date(2023, 6, 1))
    assert enterprise.designations.count() == 2
    with pytest.raises(ValidationError):
        designate(enterprise, Level.MUNICIPAL, date(2023, 6, 1))


def test_database_refuses_validity_ending_before_the_grant():
    enterprise = EnterpriseFactory()
    with pytest.raises(IntegrityError):
        Designation.objects.create(
            enterprise=enterprise, level=Level.MUNICIPAL, granted_on=date(2023, 6, 1), valid_until=date(2023, 5, 1)
        )


def test_figures_are_one_row_per_year_and_history_names_the_author():
    reviewer = make_user(Role.REVIEWER)
    enterprise = EnterpriseFactory()
    services.save_annual_figures(actor=reviewer, enterprise=enterprise, year=2024, output_value=Decimal("100"), tax_paid=Decimal("5"))
    services.save_annual_figures(actor=reviewer, enterprise=enterprise, year=2024, output_value=Decimal("200"), tax_paid=Decimal("6"))
    row = AnnualFigures.objects.get(enterprise=enterprise, year=2024)
    assert row.output_value == Decimal("200")
    history = list(row.history.order_by("history_date"))
    assert [h.output_value for h in history] == [Decimal("100"), Decimal("200")]
    assert all(h.history_user == reviewer for h in history)


def test_negative_figures_are_refused_by_the_service_and_the_database():
    enterprise = EnterpriseFactory()
    with pytest.raises(ValidationError):
        figures(enterprise, 2024, "-1", "0")
    with pytest.raises(IntegrityError):
        AnnualFigures.objects.create(enterprise=enterprise, year=2024, output_value=Decimal("-1"), tax_paid=0)


def test_bad_credit_code_is_refused_with_a_chinese_message(areas):
    with pytest.raises(ValidationError) as error:
        services.register_enterprise(actor=SETUP, credit_code="91450300123456789X", name="某公司", area=areas["秀峰区"])
    assert "校验位不正确" in str(error.value)


def test_accounts_are_bound_to_their_enterprise_or_area(areas):
    with pytest.raises(ValidationError):
        services.create_account(actor=SETUP, username="x", password="p-123456789", role=Role.ENTERPRISE)
    with pytest.raises(ValidationError):
        services.create_account(actor=SETUP, username="y", password="p-123456789", role=Role.COUNTY)
    county = make_user(Role.COUNTY, area=areas["灵川县"])
    assert county.is_staff and county.groups.get().name == Role.COUNTY.label


# -- explicit actor, scope, deletion -------------------------------------------------------------------------------

def test_every_registry_service_refuses_a_missing_actor(areas):
    firm = EnterpriseFactory()
    designation = designate(firm, Level.MUNICIPAL, date(2023, 6, 1))
    row = figures(firm, 2024, "1", "1")
    calls = [
        lambda: services.register_enterprise(actor=None, credit_code=firm.credit_code, name="甲", area=areas["秀峰区"]),
        lambda: services.save_enterprise(actor=None, enterprise=firm),
        lambda: services.record_designation(actor=None, enterprise=firm, level=Level.INNOVATIVE,
                                            granted_on=date(2024, 1, 1)),
        lambda: services.save_designation(actor=None, designation=designation),
        lambda: services.save_annual_figures(actor=None, enterprise=firm, year=2023, output_value=1, tax_paid=1),
        lambda: services.save_figures_row(actor=None, figures=row),
        lambda: services.save_pool_entry(actor=None, entry=CultivationPoolEntry(
            enterprise=firm, area=firm.area, since=date(2024, 1, 1))),
        lambda: services.save_area_target(actor=None, target=AreaTarget(area=firm.area, year=2027,
                                                                        new_municipal_target=1)),
        lambda: services.save_area(actor=None, area=firm.area),
        lambda: services.delete_record(actor=None, record=row),
        lambda: services.create_account(actor=None, username="z", password="p-123456789", role=Role.REVIEWER),
        lambda: services.save_account(actor=None, user=User(username="z", role=Role.REVIEWER)),
        lambda: services.set_account_password(actor=None, user=make_user(Role.LIAISON), password="p-123456789"),
    ]
    for call in calls:
        with pytest.raises(TypeError, match="actor is required"):
            call()
    assert (Designation.objects.count(), AnnualFigures.objects.count(), CultivationPoolEntry.objects.count(),
            AreaTarget.objects.count(), User.objects.filter(username="z").count()) == (1, 1, 0, 0, 0)


def test_a_county_official_writes_only_its_own_areas_rows(role_users, areas):
    county, own, other = role_users[Role.COUNTY], role_users["own_enterprise"], role_users["other_enterprise"]
    theirs = designate(other, Level.MUNICIPAL, date(2023, 6, 1), document_number="旧")
    their_figures = figures(other, 2024, "100", "10")
    attempts = [
        lambda: services.record_designation(actor=county, enterprise=other, level=Level.INNOVATIVE,
                                            granted_on=date(2024, 1, 1)),
        lambda: services.save_annual_figures(actor=county, enterprise=other, year=2023, output_value=1, tax_paid=1),
        lambda: services.save_designation(actor=county, designation=_changed(theirs, document_number="改")),
        lambda: services.save_figures_row(actor=county, figures=_changed(their_figures, tax_paid=Decimal("1"))),
        # moving its own rows to another area's enterprise, or its enterprise to another area
        lambda: services.save_designation(actor=county, designation=_changed(
            designate(own, Level.INNOVATIVE, date(2023, 1, 1)), enterprise=other)),
        lambda: services.save_enterprise(actor=county, enterprise=_changed(own, area=areas["阳朔县"])),
        lambda: services.register_enterprise(actor=county, credit_code=EnterpriseFactory.build().credit_code,
                                             name="别区企业", area=areas["阳朔县"]),
        lambda: services.save_pool_entry(actor=county, entry=CultivationPoolEntry(
            enterprise=other, area=areas["秀峰区"], since=date(2024, 1, 1))),
        lambda: services.save_pool_entry(actor=county, entry=CultivationPoolEntry(
            enterprise=own, area=areas["阳朔县"], since=date(2024, 1, 1))),
        lambda: services.save_area_target(actor=county, target=AreaTarget(
            area=areas["阳朔县"], year=2027, new_municipal_target=1)),
        lambda: services.save_area(actor=county, area=areas["秀峰区"]),
        lambda: services.delete_record(actor=county, record=their_figures),
    ]
    for attempt in attempts:
        with pytest.raises(PermissionDenied):
            attempt()
    theirs.refresh_from_db()
    their_figures.refresh_from_db()
    own.refresh_from_db()
    assert (theirs.document_number, their_figures.tax_paid, own.area) == ("旧", Decimal("10"), areas["秀峰区"])
    assert not other.designations.exclude(pk=theirs.pk).exists() and not other.annual_figures.filter(year=2023).exists()
    assert not CultivationPoolEntry.objects.exists() and not AreaTarget.objects.exists()
    # its own area's rows it may write
    entry = services.save_pool_entry(actor=county, entry=CultivationPoolEntry(
        enterprise=own, area=areas["秀峰区"], since=date(2024, 1, 1)))
    assert entry.history.get().history_user == county


def _changed(instance, **values):
    """A fresh copy of `instance` with `values` set, as an admin form would hand it to a service."""
    copy = type(instance).objects.get(pk=instance.pk)
    for name, value in values.items():
        setattr(copy, name, value)
    return copy


def test_a_system_actor_is_named_in_history_and_deletion_keeps_who_deleted(role_users):
    reviewer = role_users[Role.REVIEWER]
    row = services.save_annual_figures(actor=BEAT, enterprise=role_users["own_enterprise"], year=2024,
                                       output_value=Decimal("1"), tax_paid=Decimal("1"))
    created = row.history.get()
    assert (created.history_user, created.history_change_reason) == (None, BEAT.name)
    services.delete_record(actor=reviewer, record=row)
    assert not AnnualFigures.objects.exists()
    deleted = AnnualFigures.history.get(history_type="-")
    assert deleted.history_user == reviewer
    with pytest.raises(PermissionDenied):
        services.delete_record(actor=reviewer, record=reviewer)  # accounts are deactivated, never deleted


def test_account_services_need_an_account_manager(role_users, areas):
    reviewer = role_users[Role.REVIEWER]
    with pytest.raises(PermissionDenied):
        services.create_account(actor=reviewer, username="boss", password="p-123456789", role=Role.ADMIN)
    with pytest.raises(PermissionDenied):
        services.set_account_password(actor=reviewer, user=role_users[Role.ADMIN], password="p-123456789")
    assert not User.objects.filter(username="boss").exists()
    created = services.create_account(actor=role_users[Role.ADMIN], username="county2", password="p-123456789",
                                      role=Role.COUNTY, area=areas["灵川县"], enterprise=role_users["own_enterprise"])
    assert (created.area, created.enterprise, created.is_staff) == (areas["灵川县"], None, True)

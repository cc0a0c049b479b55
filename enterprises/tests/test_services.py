from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError

from enterprises import services
from enterprises.models import AnnualFigures, Designation
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

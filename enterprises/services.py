"""Writes to the registry. Keyword-only, with the acting user; each one atomic, validated and audited."""

from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db import transaction

from audit import audited
from policy.rules import term_end
from policy.selectors import validity_years

from .credit_codes import normalise_credit_code
from .models import AnnualFigures, Designation, Enterprise, User
from .roles import STAFF_ROLES, Role, group_name


@transaction.atomic
def register_enterprise(*, actor, credit_code, name, area, founded_on=None, industry="", **contact):
    enterprise = Enterprise(
        credit_code=normalise_credit_code(credit_code), name=name.strip(), area=area,
        founded_on=founded_on, industry=industry, **contact,
    )
    enterprise.full_clean()
    audited(enterprise, actor).save()
    return enterprise


@transaction.atomic
def record_designation(*, actor, enterprise, level, granted_on, valid_until=None, document_number="",
                       source=Designation.Source.ADMIN):
    """Add a designation; valid-until defaults to the policy's validity period for the level."""
    if valid_until is None:
        valid_until = term_end(granted_on, validity_years(level, granted_on))
    designation = Designation(
        enterprise=enterprise, level=level, granted_on=granted_on, valid_until=valid_until,
        document_number=document_number, source=source,
    )
    designation.full_clean()
    audited(designation, actor).save()
    return designation


@transaction.atomic
def save_annual_figures(*, actor, enterprise, year, output_value, tax_paid, revenue=None, rd_expense=None,
                        employees=None):
    """Create or update the one row of figures for (enterprise, year)."""
    figures = (
        AnnualFigures.objects.select_for_update().filter(enterprise=enterprise, year=year).first()
        or AnnualFigures(enterprise=enterprise, year=year)
    )
    figures.output_value = output_value
    figures.tax_paid = tax_paid
    figures.revenue = revenue
    figures.rd_expense = rd_expense
    figures.employees = employees
    figures.full_clean()
    audited(figures, actor).save()
    return figures


@transaction.atomic
def create_account(*, actor, username, password, role, enterprise=None, area=None, first_name="", last_name="",
                   email=""):
    """A user bound to a role (and to its enterprise or area), placed in the role's group."""
    role = Role(role)
    if role == Role.ENTERPRISE and enterprise is None:
        raise ValidationError("企业用户必须绑定一家企业")
    if role == Role.COUNTY and area is None:
        raise ValidationError("县（市、区）用户必须绑定一个区域")
    user = User(
        username=username, role=role, enterprise=enterprise if role == Role.ENTERPRISE else None,
        area=area if role == Role.COUNTY else None, first_name=first_name, last_name=last_name, email=email,
        is_staff=role in STAFF_ROLES, is_superuser=role == Role.ADMIN,
    )
    user.set_password(password)
    user.save()
    user.groups.set([Group.objects.get_or_create(name=group_name(role))[0]])
    return user

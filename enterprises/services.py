"""Writes to the registry, the admin's included. Keyword-only, `actor` first: a user or a named system actor
(audit.BEAT, DEMO, COMMAND), never None. Each one atomic, validated with `full_clean()`, scope-checked (a user
writes only rows of the enterprises and areas it can see, as stored and as changed) and audited."""

from decimal import Decimal

from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from audit import audited, require_actor
from policy.rules import term_end
from policy.selectors import edition_standing_on

from .changes import registry_changed
from .credit_codes import normalise_credit_code
from .models import (
    AnnualFigures,
    Area,
    AreaTarget,
    CreditEntry,
    CultivationPoolEntry,
    Designation,
    Enterprise,
    FigureReport,
    FigureSource,
    User,
)
from .provenance import FIGURE_FIELDS, SETTLEMENT_FIELDS, as_field_value, chosen_source, precedence
from .roles import STAFF_ROLES, Role, group_name
from .rules import account_binding_errors
from .scoping import area_q, scope, scope_areas

OUT_OF_SCOPE = "无权操作：该记录不在您的管辖范围内"

# How a stored row of each model is scoped: (lookup to its enterprise, lookup to its area); None = not by that.
SCOPE_PATHS = {
    Enterprise: ("", "area"),
    Designation: ("enterprise", None),
    AnnualFigures: ("enterprise", None),
    CreditEntry: ("enterprise", None),
    CultivationPoolEntry: ("enterprise", "area"),
    AreaTarget: (None, "area"),
    Area: (None, ""),
}
# What the admin may delete through `delete_record`; users and areas are never deleted (see enterprises.admin).
DELETABLE = (Enterprise, Designation, AnnualFigures, CreditEntry, CultivationPoolEntry, AreaTarget)
# Rows whose writes can change an award result: each write tells enterprises.changes (fresh results).
RESULT_INPUTS = (Designation, AnnualFigures)


def default_valid_until(level, granted_on, edition=None):
    """The last day of a designation under the edition standing on its grant date (the import passes the edition
    it has already read)."""
    edition = edition or edition_standing_on(granted_on)
    return term_end(granted_on, edition.validity_years(level))


# -- scope and locks: the one place rows are locked ----------------------------------------------------------------

def locked(queryset):
    """`queryset` locked row by row, in primary-key order (the registry's one lock order)."""
    return queryset.select_for_update(of=("self",)).order_by("pk")


def _lock_stored(actor, record):
    """Lock the stored row of `record`; PermissionDenied when `actor` may not see it as stored. Returns the stored
    row's enterprise id for rows that belong to one (a change may move the row to another enterprise)."""
    enterprise_via, area_via = SCOPE_PATHS[type(record)]
    queryset = type(record).objects.filter(pk=record.pk)
    if enterprise_via is not None:
        queryset = scope(queryset, actor, via=enterprise_via)
    if area_via is not None:
        queryset = scope_areas(queryset, actor, via=area_via)
    belongs = enterprise_via == "enterprise"
    stored = list(locked(queryset).values_list("enterprise_id" if belongs else "pk", flat=True))
    if not stored:
        raise PermissionDenied(OUT_OF_SCOPE)
    return stored[0] if belongs else None


def _check_links(actor, record):
    """PermissionDenied when `record`, as it is about to be saved, points at an enterprise or area out of scope."""
    enterprise_id = None if isinstance(record, Enterprise) else getattr(record, "enterprise_id", None)
    if enterprise_id is not None and not scope(Enterprise.objects.filter(pk=enterprise_id), actor).exists():
        raise PermissionDenied(OUT_OF_SCOPE)
    area_id = getattr(record, "area_id", None)
    if area_id is not None and not scope_areas(Area.objects.filter(pk=area_id), actor, via="").exists():
        raise PermissionDenied(OUT_OF_SCOPE)


def _save(actor, record):
    """Save `record` in scope; the enterprise ids it touched (as stored before and as saved), for rows that belong to
    an enterprise."""
    touched = set()
    if record.pk is not None:
        touched.add(_lock_stored(actor, record))
    _check_links(actor, record)
    record.full_clean()
    audited(record, actor).save()
    touched.add(getattr(record, "enterprise_id", None))
    return touched - {None}


# -- enterprises -------------------------------------------------------------------------------------------------

@transaction.atomic
def save_enterprise(*, actor, enterprise):
    """Create or change an enterprise (the admin's form); the credit code is stored compact and upper case."""
    require_actor(actor)
    enterprise.credit_code = normalise_credit_code(enterprise.credit_code)
    enterprise.name = (enterprise.name or "").strip()
    _save(actor, enterprise)
    return enterprise


@transaction.atomic
def register_enterprise(*, actor, credit_code, name, area, founded_on=None, industry="", **contact):
    require_actor(actor)
    enterprise = Enterprise(
        credit_code=credit_code, name=name, area=area, founded_on=founded_on, industry=industry, **contact,
    )
    return save_enterprise(actor=actor, enterprise=enterprise)


# -- designations and figures ------------------------------------------------------------------------------------

@transaction.atomic
def save_designation(*, actor, designation):
    """Create or change a designation (the admin's form); the awards hear of it once (enterprises.changes)."""
    require_actor(actor)
    registry_changed(enterprise_ids=_save(actor, designation), actor=actor)
    return designation


@transaction.atomic
def record_designation(*, actor, enterprise, level, granted_on, valid_until=None, document_number="",
                       source=Designation.Source.ADMIN):
    """Add a designation; valid-until defaults to the policy's validity period for the level. Told once, by
    save_designation."""
    require_actor(actor)
    designation = Designation(
        enterprise=enterprise, level=level, granted_on=granted_on,
        valid_until=valid_until or default_valid_until(level, granted_on), document_number=document_number,
        source=source,
    )
    return save_designation(actor=actor, designation=designation)


@transaction.atomic
def save_figures_row(*, actor, figures):
    """Create or change one row of annual figures as edited (the admin's form); the awards hear of it once, with
    the row's year (and the year it had, when the edit moved it): figures only."""
    require_actor(actor)
    years = {figures.year}
    if figures.pk is not None:
        years.update(locked(AnnualFigures.objects.filter(pk=figures.pk)).values_list("year", flat=True))
    registry_changed(enterprise_ids=_save(actor, figures), actor=actor, figure_years=years)
    return figures


@transaction.atomic
def save_annual_figures(*, actor, enterprise, year, output_value, tax_paid, revenue=None, rd_expense=None,
                        employees=None, source=None, reported_by=""):
    """Create or update the one row of figures for (enterprise, year). With a `source` (县区核定 when the county
    confirms an enterprise's annual report) each given value is kept as that source's report and the row holds the
    value the precedence picks (enterprises.provenance); without one the values are written as given (the admin's
    and the demo's deliberate corrections). Told once, by save_figures_row."""
    require_actor(actor)
    figures = (
        locked(AnnualFigures.objects.filter(enterprise=enterprise, year=year)).first()
        or AnnualFigures(enterprise=enterprise, year=year)
    )
    given = {"output_value": output_value, "tax_paid": tax_paid, "revenue": revenue, "rd_expense": rd_expense,
             "employees": employees}
    used = given if source is None else _keep_reports(figures, given, source=source, reported_by=reported_by)
    for name in FIGURE_FIELDS:
        setattr(figures, name, used[name])
    return save_figures_row(actor=actor, figures=figures)


def _keep_reports(figures, given, *, source, reported_by):
    """Keep `source`'s given values (None: not reported) as its reports of `figures`' year and answer {field: value
    used}. A value held from before sources were kept is kept as 导入 first, as the figures importer does."""
    now = timezone.now()
    reports = {}
    for name, by, value, at in FigureReport.objects.filter(
        enterprise_id=figures.enterprise_id, year=figures.year,
    ).values_list("field", "source", "value", "received_at"):
        reports.setdefault(name, {})[by] = (value, at)
    ranks, used, keep = precedence(), {}, []
    for name in FIGURE_FIELDS:
        held, incoming, known = getattr(figures, name), given[name], reports.setdefault(name, {})
        if incoming is not None:
            if not known and held is not None and figures.pk and source != FigureSource.IMPORT:
                known[FigureSource.IMPORT] = (Decimal(held), figures.updated_at)
                keep.append((name, FigureSource.IMPORT, Decimal(held), figures.updated_at, ""))
            if source not in known or known[source][0] != Decimal(incoming):
                known[source] = (Decimal(incoming), now)
                keep.append((name, source, Decimal(incoming), now, reported_by[:100]))
        used[name] = as_field_value(name, known[chosen_source(known, ranks)][0]) if known else incoming
    FigureReport.objects.bulk_create(
        [FigureReport(enterprise_id=figures.enterprise_id, year=figures.year, field=name, source=by, value=value,
                      received_at=at, reported_by=label) for name, by, value, at, label in keep],
        update_conflicts=True, unique_fields=["enterprise", "year", "field", "source"],
        update_fields=["value", "received_at", "reported_by", *SETTLEMENT_FIELDS],
    )
    return used


# -- credit entries (信用审查) -------------------------------------------------------------------------------------

@transaction.atomic
def save_credit_entry(*, actor, entry):
    """Create or change a credit listing (the admin's form): its enterprise within the actor's scope. A listing
    changes no award result (approval, notice and payment check it when they happen), so nothing else is told."""
    require_actor(actor)
    _save(actor, entry)
    return entry


# -- pools, targets, areas ---------------------------------------------------------------------------------------

@transaction.atomic
def save_pool_entry(*, actor, entry):
    """Create or change a cultivation pool entry: its enterprise and its area both within the actor's scope."""
    require_actor(actor)
    _save(actor, entry)
    return entry


@transaction.atomic
def save_area_target(*, actor, target):
    """Create or change an area's yearly target (分解指标, clause 二)."""
    require_actor(actor)
    _save(actor, target)
    return target


@transaction.atomic
def save_area(*, actor, area):
    """Create or change a quota unit: the city's to decide (only a city-wide actor)."""
    require_actor(actor)
    if area_q(actor, via="") != Q():
        raise PermissionDenied(OUT_OF_SCOPE)
    _save(actor, area)
    return area


# -- deletion ----------------------------------------------------------------------------------------------------

@transaction.atomic
def delete_record(*, actor, record):
    """Delete one registry row the actor may see. Its history keeps a deletion row naming the actor; a row that
    other records point at is refused by the database (PROTECT), as the admin's confirmation page shows."""
    require_actor(actor)
    _delete(actor, [record])


@transaction.atomic
def delete_records(*, actor, records):
    """Delete registry rows the actor may see, one by one (the admin's bulk delete), in one transaction; the
    awards hear once of every enterprise whose designations or figures went."""
    require_actor(actor)
    _delete(actor, records)


def _delete(actor, records):
    touched, figure_years, designations = set(), set(), False
    for record in records:
        if not isinstance(record, DELETABLE):
            raise PermissionDenied(f"{type(record)._meta.verbose_name}不能删除")
        _lock_stored(actor, record)
        if isinstance(record, RESULT_INPUTS):
            touched.add(record.enterprise_id)
            if isinstance(record, AnnualFigures):
                figure_years.add(record.year)
            else:
                designations = True
        audited(record, actor).delete()
    # Only figures went: the awards need judge only what their years feed (enterprises.changes).
    registry_changed(enterprise_ids=touched, actor=actor, figure_years=None if designations else figure_years)


# -- accounts ----------------------------------------------------------------------------------------------------

def _check_account_manager(actor, user):
    action = "add" if user.pk is None else "change"
    if not actor.has_perm(f"enterprises.{action}_user"):
        raise PermissionDenied("无权管理用户账号")


@transaction.atomic
def save_account(*, actor, user):
    """Create or change an account (the admin's forms). A new account is set up by its role, as `create_account`
    does: bound only to what its role needs, staff for back-office roles, superuser for the administrator, in the
    role's group. A changed one keeps the flags and groups the administrator set. Either way an enterprise user
    is bound to one enterprise and a county official to one area."""
    require_actor(actor)
    _check_account_manager(actor, user)
    role = Role(user.role)
    new = user.pk is None
    if new:
        if role != Role.ENTERPRISE:
            user.enterprise = None
        if role != Role.COUNTY:
            user.area = None
        user.is_staff, user.is_superuser = role in STAFF_ROLES, role == Role.ADMIN
    errors = account_binding_errors(role, user.enterprise_id, user.area_id, is_superuser=user.is_superuser)
    if errors:
        raise ValidationError(errors)
    _check_links(actor, user)
    user.full_clean()
    user.save()
    if new:
        user.groups.set([Group.objects.get_or_create(name=group_name(role))[0]])
    return user


@transaction.atomic
def create_account(*, actor, username, password, role, enterprise=None, area=None, first_name="", last_name="",
                   email=""):
    """A user bound to a role (and to its enterprise or area), placed in the role's group."""
    require_actor(actor)
    user = User(
        username=username, role=role, enterprise=enterprise, area=area, first_name=first_name, last_name=last_name,
        email=email,
    )
    user.set_password(password)
    return save_account(actor=actor, user=user)


@transaction.atomic
def set_account_password(*, actor, user, password):
    """Set an account's password, or (password None) disable password sign-in."""
    require_actor(actor)
    _check_account_manager(actor, user)
    if password is None:
        user.set_unusable_password()
    else:
        user.set_password(password)
    user.save(update_fields=["password"])
    return user

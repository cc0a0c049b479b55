"""Writes of the figures' precedence: a change of where a source stands re-applies the order at once to every
figure that has sources kept, so the value used always follows the table (and the awards hear of the change)."""

from collections import defaultdict

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from simple_history.utils import bulk_update_with_history

from audit import audited, bulk_history, person, require_actor

from .changes import registry_changed
from .import_rows import in_chunks
from .models import FIGURE_FIELDS, AnnualFigures, FigureReport
from .provenance import as_field_value, chosen_source, precedence
from .roles import CITY_WIDE_ROLES, Role
from .scoping import scope

BATCH_SIZE = 2000


@transaction.atomic
def save_source_precedence(*, actor, entry):
    """Change where a source stands among the others (the admin), then re-apply the order."""
    require_actor(actor)
    entry.full_clean()
    audited(entry, actor).save()
    reapply_precedence(actor=actor)
    return entry


@transaction.atomic
def reapply_precedence(*, actor):
    """Set every figure that has sources kept to the value the precedence now picks; answers how many rows changed.
    A fixed number of queries per chunk of enterprises."""
    require_actor(actor)
    ranks = precedence()
    reports = defaultdict(dict)
    for enterprise_id, year, name, source, value, received_at in FigureReport.objects.values_list(
        "enterprise_id", "year", "field", "source", "value", "received_at",
    ):
        reports[(enterprise_id, year)].setdefault(name, {})[source] = (value, received_at)
    changed, now = [], timezone.now()
    for chunk in in_chunks({enterprise_id for enterprise_id, _ in reports}):
        for figures in AnnualFigures.objects.filter(enterprise_id__in=chunk):
            by_field = reports.get((figures.enterprise_id, figures.year))
            if not by_field:
                continue
            moved = False
            for name in FIGURE_FIELDS:
                if by_field.get(name):
                    value = as_field_value(name, by_field[name][chosen_source(by_field[name], ranks)][0])
                    if getattr(figures, name) != value:
                        setattr(figures, name, value)
                        moved = True
            if moved:
                figures.updated_at = now
                changed.append(figures)
    if changed:
        bulk_update_with_history(changed, AnnualFigures, fields=[*FIGURE_FIELDS, "updated_at"], batch_size=BATCH_SIZE,
                                 default_date=now, **bulk_history(actor, reason="数据来源优先顺序调整"))
        registry_changed(enterprise_ids={figures.enterprise_id for figures in changed}, actor=actor,
                         figure_years={figures.year for figures in changed})
    return len(changed)


@transaction.atomic
def settle_disagreement(*, actor, report, note):
    """The county (or the bureau) has looked into a figure its sources disagree on and settles it: the value the
    precedence picks stands, the note says why (e.g. 已与税务部门核实). Every source's report of that figure is
    marked settled by the actor, so it leaves the list until a source sends a new value."""
    require_actor(actor)
    note = " ".join((note or "").split())
    if not note:
        raise ValidationError("请填写核定说明，例如“已与税务部门核实，以税务数据为准”")
    role = getattr(actor, "role", None)
    if not (getattr(actor, "is_superuser", False) or role == Role.COUNTY or role in CITY_WIDE_ROLES):
        raise PermissionDenied("只有县（市、区）工信部门或市级部门可以核定数据分歧")
    if not scope(FigureReport.objects.filter(pk=report.pk), actor, via="enterprise").exists():
        raise PermissionDenied("只能核定本辖区企业的数据分歧")
    return FigureReport.objects.filter(
        enterprise_id=report.enterprise_id, year=report.year, field=report.field,
    ).update(settled_at=timezone.now(), settled_by=person(actor), settle_note=note[:200])

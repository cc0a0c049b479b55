"""Writes of the figures' precedence: a change of where a source stands re-applies the order at once to every
figure that has sources kept, so the value used always follows the table (and the awards hear of the change)."""

from collections import defaultdict

from django.db import transaction
from django.utils import timezone
from simple_history.utils import bulk_update_with_history

from audit import audited, bulk_history, require_actor

from .changes import registry_changed
from .import_rows import in_chunks
from .models import FIGURE_FIELDS, AnnualFigures, FigureReport
from .provenance import as_field_value, chosen_source, precedence

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
        registry_changed(enterprise_ids={figures.enterprise_id for figures in changed}, actor=actor)
    return len(changed)

"""The award's ledger (AwardEvent): every transition and money event, who, when, from, to, comment, batch.

One writer for one row (`record_event`) and one for many (`record_events`, the recompute's batches, or
`copy_events` with COPY on PostgreSQL); the enterprise's timeline hides staff names and shows the unit (`unit_of`)."""

from django.utils import timezone

from audit import PUBLIC, person
from enterprises.roles import Role

from .bulk_results import copy_rows
from .models import AwardEvent
from .states import ACTION_LABELS

UNITS = {
    Role.ENTERPRISE: "企业",
    Role.REVIEWER: "市工业和信息化局",
    Role.ADMIN: "市工业和信息化局",
    Role.FINANCE: "市财政局",
    Role.FINANCIAL_SERVICES: "市金融办",
    Role.LIAISON: "联络员",
}


def unit_of(actor):
    """The unit an actor acts for, as the enterprise may read it (no person's name)."""
    if actor == PUBLIC:
        return PUBLIC.name
    if getattr(actor, "is_system", False):
        return f"系统（{actor.name}）"
    if actor.role == Role.COUNTY:
        return f"{actor.area.name}工信部门" if actor.area_id else "县（市、区）工信部门"
    return UNITS.get(actor.role, "市工业和信息化局")


def actor_name(actor):
    """How a ledger or batch row names its author at the time: the person's name, or the system actor's."""
    if getattr(actor, "is_system", False):
        return actor.name
    return (actor.get_full_name() or actor.get_username())[:60]


def event(award, action, *, actor, from_state, to_state, comment="", batch=None, at=None):
    """An unsaved ledger row (for bulk writers)."""
    return AwardEvent(
        award_id=award.pk if hasattr(award, "pk") else award, at=at or timezone.now(), action=action,
        action_label=ACTION_LABELS.get(action, action), from_state=from_state, to_state=to_state,
        actor=person(actor), actor_name=actor_name(actor), actor_unit=unit_of(actor), comment=comment, batch=batch,
    )


def record_event(award, action, *, actor, from_state=None, to_state=None, comment="", batch=None, at=None):
    """Write one ledger row; a money event that moves no state passes neither state (both are the award's)."""
    row = event(award, action, actor=actor, from_state=from_state or award.state, to_state=to_state or award.state,
                comment=comment, batch=batch, at=at)
    row.save()
    return row


def record_events(rows):
    if rows:
        AwardEvent.objects.bulk_create(rows, batch_size=2000)


def copy_events(events, *, actor, at):
    """The rows `event` would build for (award, action, from_state, to_state, comment) of one actor at one time,
    in one COPY, without a model instance each (PostgreSQL)."""
    if not events:
        return
    user = person(actor)
    fixed = (at, user.pk if user else None, actor_name(actor), unit_of(actor), None)
    copy_rows(AwardEvent._meta.db_table, (
        "award_id", "action", "action_label", "from_state", "to_state", "comment",
        "at", "actor_id", "actor_name", "actor_unit", "batch_id",
    ), (
        (award.pk, action, ACTION_LABELS.get(action, action), from_state, to_state, comment, *fixed)
        for award, action, from_state, to_state, comment in events
    ))

"""Writes of training (十六) and service records (七). Keyword-only, `actor=` first (a user or a system actor,
never None); each atomic, validated and audited, like liaison.services."""

from django.core.exceptions import ValidationError
from django.db import transaction

from audit import audited, person, require_actor

from .models import ServiceRecord, TrainingAttendance, TrainingEvent
from .write_checks import authorise, locked, not_in_future, save_validated


@transaction.atomic
def record_training_event(*, actor, title, held_on, days=1, organizer="桂林市工业和信息化局", venue="", description=""):
    require_actor(actor)
    authorise(actor, "liaison.add_trainingevent")
    return save_validated(TrainingEvent(title=title.strip(), held_on=held_on, days=days, organizer=organizer, venue=venue,
                               description=description), actor)


@transaction.atomic
def update_training_event(*, actor, event, title, held_on, days, organizer, venue="", description=""):
    require_actor(actor)
    event = locked(TrainingEvent, event)
    authorise(actor, "liaison.change_trainingevent")
    return save_validated(event, actor, title=title.strip(), held_on=held_on, days=days, organizer=organizer, venue=venue,
                 description=description)


@transaction.atomic
def delete_training_event(*, actor, event):
    """An event and its attendance rows, each removal in its own history."""
    require_actor(actor)
    event = locked(TrainingEvent, event)
    authorise(actor, "liaison.delete_trainingevent")
    for attendance in event.attendances.select_for_update().order_by("pk"):
        audited(attendance, actor).delete()
    audited(event, actor).delete()


@transaction.atomic
def record_attendance(*, actor, event, enterprise, managers, attendee_names=""):
    """Create or update the enterprise's row for the event (one row per enterprise and event)."""
    require_actor(actor)
    authorise(actor, "liaison.add_trainingattendance", enterprise.pk)
    attendance = (
        TrainingAttendance.objects.select_for_update().filter(event=event, enterprise=enterprise).first()
        or TrainingAttendance(event=event, enterprise=enterprise)
    )
    return save_validated(attendance, actor, managers=managers, attendee_names=attendee_names)


@transaction.atomic
def update_attendance(*, actor, attendance, enterprise, managers, attendee_names=""):
    """Correct a row; naming another enterprise moves the row (still one per enterprise and event)."""
    require_actor(actor)
    attendance = locked(TrainingAttendance, attendance)
    authorise(actor, "liaison.change_trainingattendance", attendance.enterprise_id, enterprise.pk)
    return save_validated(attendance, actor, enterprise=enterprise, managers=managers, attendee_names=attendee_names)


@transaction.atomic
def remove_attendance(*, actor, attendance):
    require_actor(actor)
    attendance = locked(TrainingAttendance, attendance)
    authorise(actor, "liaison.delete_trainingattendance", attendance.enterprise_id)
    audited(attendance, actor).delete()


def _provider_name(provider, provider_ref):
    """(七) a registered provider names the record; otherwise the free text (older records, unregistered bodies)."""
    if provider_ref is not None:
        return provider_ref.name
    if not (provider or "").strip():
        raise ValidationError({"provider": "请填写服务机构，或选择已登记的服务机构"})
    return provider.strip()


@transaction.atomic
def record_service(*, actor, enterprise, provider="", category, served_on, content, provider_ref=None):
    require_actor(actor)
    authorise(actor, "liaison.add_servicerecord", enterprise.pk)
    not_in_future(served_on, "服务日期")
    record = ServiceRecord(enterprise=enterprise, provider=_provider_name(provider, provider_ref),
                           provider_ref=provider_ref, category=category, served_on=served_on,
                           content=content.strip(), recorded_by=person(actor))
    return save_validated(record, actor)


@transaction.atomic
def update_service_record(*, actor, record, enterprise, provider="", category, served_on, content, provider_ref=None):
    """Correct a record (its author stays). Moving it to another enterprise needs both enterprises in reach."""
    require_actor(actor)
    record = locked(ServiceRecord, record)
    authorise(actor, "liaison.change_servicerecord", record.enterprise_id, enterprise.pk)
    not_in_future(served_on, "服务日期")
    return save_validated(record, actor, enterprise=enterprise, provider=_provider_name(provider, provider_ref),
                          provider_ref=provider_ref, category=category, served_on=served_on, content=content.strip())


@transaction.atomic
def delete_service_record(*, actor, record):
    require_actor(actor)
    record = locked(ServiceRecord, record)
    authorise(actor, "liaison.delete_servicerecord", record.enterprise_id)
    audited(record, actor).delete()

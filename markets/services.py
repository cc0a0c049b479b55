"""Every write of the markets records. An enterprise files its own honours, fairs and online sales through
enterprises.filing_services (drafts, submission, the county's confirmation); the bureau and the counties write
here — the admin's forms and deletes, the demo — scoped, validated and audited like the registry's own rows."""

from django.core.exceptions import PermissionDenied
from django.db import transaction

from audit import audited, require_actor
from enterprises.filing_services import save_filing_draft, submit_filing
from enterprises.models import Enterprise
from enterprises.scoping import scope

from .models import FairParticipation, Honour, LogisticsSupport, OnlineSales

OUT_OF_SCOPE = "无权操作：该记录不在您的管辖范围内"
MODELS = (LogisticsSupport, Honour, FairParticipation, OnlineSales)
FILED_MODELS = (Honour, FairParticipation, OnlineSales)


def _locked_in_scope(actor, records):
    """Lock the stored rows of `records` in primary-key order (this app's one lock order); PermissionDenied when
    any of them is out of the actor's scope as stored."""
    by_model = {}
    for record in records:
        by_model.setdefault(type(record), set()).add(record.pk)
    for model, pks in by_model.items():
        visible = scope(model.objects.filter(pk__in=pks), actor, via="enterprise")
        found = list(visible.select_for_update(of=("self",)).order_by("pk").values_list("pk", flat=True))
        if len(found) != len(pks):
            raise PermissionDenied(OUT_OF_SCOPE)


def _check_enterprise(actor, enterprise_id):
    if enterprise_id is None or not scope(Enterprise.objects.filter(pk=enterprise_id), actor).exists():
        raise PermissionDenied(OUT_OF_SCOPE)


@transaction.atomic
def save_record(*, actor, record):
    """Create or change a markets record from the admin (or the demo): its enterprise, as stored and as saved,
    within the actor's scope. A filed record entered here is the reviewer's own act and keeps the state it was
    given (confirmed by default); confirming what an enterprise submitted goes through confirm_filing."""
    require_actor(actor)
    if not isinstance(record, MODELS):
        raise TypeError(f"not a markets record: {type(record).__name__}")
    if record.pk is not None:
        _locked_in_scope(actor, [record])
    _check_enterprise(actor, record.enterprise_id)
    record.full_clean()
    audited(record, actor).save()
    return record


@transaction.atomic
def delete_records(*, actor, records):
    """Delete markets records the actor may see (the admin's delete, one or in bulk), each leaving a history row
    naming the actor."""
    require_actor(actor)
    records = sorted(records, key=lambda record: (type(record).__name__, record.pk))
    _locked_in_scope(actor, records)
    for record in records:
        audited(record, actor).delete()


def file_draft(*, actor, record):
    """The enterprise keeps a draft of an honour, a fair or its online sales (new or still editable)."""
    if not isinstance(record, FILED_MODELS):
        raise TypeError(f"not a filed markets record: {type(record).__name__}")
    return save_filing_draft(actor=actor, record=record)


def submit(*, actor, record):
    """The enterprise sends its draft to the county, which confirms it before it counts."""
    if not isinstance(record, FILED_MODELS):
        raise TypeError(f"not a filed markets record: {type(record).__name__}")
    return submit_filing(actor=actor, record=record)

"""Celery jobs of the declarations flow: thin; the service is idempotent (a concluded notice is not due again)."""

from celery import shared_task

from audit import BEAT

from . import services


@shared_task(autoretry_for=(Exception,), retry_backoff=True, max_retries=3)
def conclude_due_public_notices():
    """Recognize the applications whose 公示 has ended and that already carry their recognition document (number and
    date); the job supplies neither. Those still without one, or held by an open objection, stay on the reviewers'
    list with the reason (the admin action concludes them with the batch's number and date)."""
    done, failures = services.conclude_public_notices(actor=BEAT)
    return {"recognized": [d.pk for d in done], "waiting": [(d.pk, reason) for d, reason in failures]}

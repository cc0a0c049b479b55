"""Celery jobs of the declarations flow: thin; the service is idempotent (a concluded notice is not due again)."""

from celery import shared_task

from audit import BEAT

from . import services


@shared_task(autoretry_for=(Exception,), retry_backoff=True, max_retries=3)
def conclude_due_public_notices():
    """Recognize the applications whose 公示 has ended and that already carry a recognition document number.
    Those still without one stay on the reviewers' list (the admin action concludes them with a batch number)."""
    done, failures = services.conclude_public_notices(actor=BEAT)
    return {"recognized": [d.pk for d in done], "waiting": [(d.pk, reason) for d, reason in failures]}

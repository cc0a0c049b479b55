"""Celery jobs of the liaison measures: thin, idempotent (the service upserts keyed on year + enterprise)."""

from celery import shared_task
from django.utils import timezone

from . import services


@shared_task(autoretry_for=(Exception,), retry_backoff=True, max_retries=3)
def evaluate_liaison_duty(year=None):
    """(八) judge every assigned enterprise's yearly duty; `year` defaults to the running year."""
    return services.evaluate_duty(year=int(year or timezone.localdate().year), actor=None)


@shared_task(autoretry_for=(Exception,), retry_backoff=True, max_retries=3)
def evaluate_closed_liaison_duty():
    """In January, settle the year just closed (difficulties resolved late in December are in by then)."""
    return services.evaluate_duty(year=timezone.localdate().year - 1, actor=None)

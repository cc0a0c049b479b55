"""Celery jobs of the liaison measures: thin, idempotent (the service upserts keyed on year + enterprise).

The beat runs them as audit.BEAT (定时任务 in the history); a user who asks for a re-run is named by `actor_id`."""

from celery import shared_task
from django.contrib.auth import get_user_model
from django.utils import timezone

from audit import BEAT

from . import services


def _actor(actor_id):
    return BEAT if actor_id is None else get_user_model().objects.get(pk=actor_id)


@shared_task(autoretry_for=(Exception,), retry_backoff=True, max_retries=3)
def evaluate_liaison_duty(year=None, actor_id=None):
    """(八) judge every assigned enterprise's yearly duty; `year` defaults to the running year."""
    return services.evaluate_duty(year=int(year or timezone.localdate().year), actor=_actor(actor_id))


@shared_task(autoretry_for=(Exception,), retry_backoff=True, max_retries=3)
def evaluate_closed_liaison_duty():
    """In January, settle the year just closed (difficulties resolved late in December are in by then)."""
    return services.evaluate_duty(year=timezone.localdate().year - 1, actor=BEAT)

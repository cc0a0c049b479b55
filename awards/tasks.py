"""Celery tasks: thin wrappers that take a year and a run id, call the recompute, own retries and progress.

A run acts as the user who triggered it; a run no user triggered acts as the system actor named in the message
(a command's audit.COMMAND), else as audit.BEAT (the yearly beat job). This module imports awards.recompute only:
awards.services queues these tasks, so importing services here would be a circle."""

from celery import shared_task
from django.contrib.auth import get_user_model
from django.db import InterfaceError, OperationalError
from django.utils import timezone

from audit import BEAT, COMMAND, DEMO

from .models import RecomputeRun
from .recompute import recompute_eligibility, record_run, reevaluate_enterprises

# A message carries a system actor by name (JSON); an unknown name falls back to the beat job.
SYSTEM_ACTORS = {actor.name: actor for actor in (BEAT, DEMO, COMMAND)}


def _progress(run_id):
    def report(done, total):
        RecomputeRun.objects.filter(pk=run_id).update(done=done, total=total)
    return report


@shared_task(
    bind=True, acks_late=True, reject_on_worker_lost=True,
    autoretry_for=(OperationalError, InterfaceError), retry_backoff=10, retry_backoff_max=600, retry_jitter=True,
    max_retries=5,
)
def recompute_eligibility_task(self, year, run_id, system_actor=None):
    """Idempotent: a redelivered or retried run starts over and skips every batch already written."""
    RecomputeRun.objects.filter(pk=run_id).update(
        status=RecomputeRun.Status.RUNNING, started_at=timezone.now(), done=0, error=""
    )
    try:
        summary = recompute_eligibility(year=year, actor=_actor(run_id, system_actor), progress=_progress(run_id))
    except (OperationalError, InterfaceError) as error:
        # Retried with backoff (autoretry_for); the last attempt marks the run failed.
        if self.request.retries >= self.max_retries:
            _fail(run_id, error)
        else:
            RecomputeRun.objects.filter(pk=run_id).update(error=f"第 {self.request.retries + 1} 次尝试失败，稍后重试：{error}")
        raise
    except Exception as error:
        _fail(run_id, error)
        raise
    RecomputeRun.objects.filter(pk=run_id).update(
        status=RecomputeRun.Status.SUCCEEDED, finished_at=timezone.now(), done=summary.total, total=summary.total,
        created=summary.created, updated=summary.updated, flagged=summary.flagged, error="",
    )
    return str(summary)


def _actor(run_id, system_actor=None):
    """The run's author: the user who triggered it, else the system actor the message names, else the beat job."""
    run = RecomputeRun.objects.select_related("triggered_by").filter(pk=run_id).first()
    if run and run.triggered_by:
        return run.triggered_by
    return SYSTEM_ACTORS.get(system_actor, BEAT)


def _fail(run_id, error):
    RecomputeRun.objects.filter(pk=run_id).update(
        status=RecomputeRun.Status.FAILED, finished_at=timezone.now(), error=f"{type(error).__name__}: {error}"
    )


@shared_task
def recompute_previous_year():
    """Beat, each 1 March: recompute the year just closed, once its figures are in."""
    year = timezone.localdate().year - 1
    run = record_run(year=year, actor=BEAT)  # committed already (no transaction here): the worker will see it
    recompute_eligibility_task.delay(year, run.pk, system_actor=BEAT.name)
    return run.pk


@shared_task(
    acks_late=True, reject_on_worker_lost=True,
    autoretry_for=(OperationalError, InterfaceError), retry_backoff=10, retry_backoff_max=600, retry_jitter=True,
    max_retries=5,
)
def reevaluate_enterprises_task(enterprise_ids, user_id=None, system_actor=None):
    """After one registry write: these enterprises, every year an edition covers. Idempotent (fingerprints)."""
    summary = reevaluate_enterprises(enterprise_ids=enterprise_ids, actor=_writer(user_id, system_actor))
    return str(summary)


def _writer(user_id, system_actor):
    user = get_user_model().objects.filter(pk=user_id).first() if user_id else None
    return user or SYSTEM_ACTORS.get(system_actor, BEAT)

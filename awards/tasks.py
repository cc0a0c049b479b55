"""Celery tasks: thin wrappers that take a run, a chunk or a list of enterprises, call awards.runs or the
recompute, and own retries and the queueing of a run's chunks.

A run acts as the user who triggered it; a run no user triggered acts as the system actor named in the message
(a command's audit.COMMAND), else as audit.BEAT (the yearly beat job). This module imports awards.runs and
awards.recompute only: awards.services queues these tasks, so importing services here would be a circle."""

from celery import shared_task
from django.contrib.auth import get_user_model
from django.db import InterfaceError, OperationalError
from django.utils import timezone

from audit import BEAT, COMMAND, DEMO

from . import runs
from .models import RecomputeChunk, RecomputeRun
from .recompute import reevaluate_enterprises

# A message carries a system actor by name (JSON); an unknown name falls back to the beat job.
SYSTEM_ACTORS = {actor.name: actor for actor in (BEAT, DEMO, COMMAND)}

# Retried with backoff on a lost database. Every countdown stays well under the broker's visibility timeout
# (settings.BROKER_VISIBILITY_TIMEOUT, 5 minutes): Redis hands a message held longer than that to another worker.
RETRIED = {
    "acks_late": True, "reject_on_worker_lost": True, "autoretry_for": (OperationalError, InterfaceError),
    "retry_backoff": 10, "retry_backoff_max": 120, "retry_jitter": True, "max_retries": 5,
}


@shared_task(bind=True, **RETRIED)
def recompute_eligibility_task(self, year, run_id, system_actor=None):
    """Start (or resume) run `run_id` of year `year`: split it into chunks once, then queue every chunk not done.
    Idempotent: a redelivered start finds the chunks and queues again only those not done."""
    try:
        pending = runs.plan_run(run_id)
    except Exception as error:
        _failed(self, run_id, error)
        raise
    for chunk_id in pending:
        recompute_chunk_task.delay(chunk_id, system_actor=system_actor)
    return len(pending)


@shared_task(bind=True, **RETRIED)
def recompute_chunk_task(self, chunk_id, system_actor=None):
    """One chunk: its results and counts in one transaction. A chunk done already is skipped (a redelivery)."""
    run_id = RecomputeChunk.objects.filter(pk=chunk_id).values_list("run_id", flat=True).first()
    if run_id is None:
        return "批次不存在"
    try:
        chunk = runs.process_chunk(chunk_id, actor=_actor(run_id, system_actor))
    except Exception as error:
        _failed(self, run_id, error)
        raise
    if chunk is None:
        return "该批次已完成，跳过"
    return f"{chunk}：新增 {chunk.created}，更新 {chunk.updated}，标记复核 {chunk.flagged}，未变化 {chunk.unchanged}"


def _failed(task, run_id, error):
    """A lost database is retried (autoretry_for) and only its last attempt fails the run; anything else fails it."""
    if isinstance(error, (OperationalError, InterfaceError)) and task.request.retries < task.max_retries:
        runs.note_retry(run_id, task.request.retries + 1, error)
    else:
        runs.fail_run(run_id, error)


def _actor(run_id, system_actor=None):
    """The run's author: the user who triggered it, else the system actor the message names, else the beat job."""
    run = RecomputeRun.objects.select_related("triggered_by").filter(pk=run_id).first()
    if run and run.triggered_by:
        return run.triggered_by
    return SYSTEM_ACTORS.get(system_actor, BEAT)


@shared_task
def recompute_previous_year():
    """Beat, each 1 March: recompute the year just closed, once its figures are in."""
    year = timezone.localdate().year - 1
    run = runs.record_run(year=year, actor=BEAT)  # committed already (no transaction here): the worker will see it
    recompute_eligibility_task.delay(year, run.pk, system_actor=BEAT.name)
    return run.pk


@shared_task
def mark_stale_recompute_runs():
    """Beat, each minute: a run whose heartbeat stopped is marked 中断 (what is done, what is not)."""
    return [run.pk for run in runs.mark_stale_runs()]


@shared_task(**RETRIED)
def reevaluate_enterprises_task(enterprise_ids, user_id=None, system_actor=None):
    """After one registry write: these enterprises, every year an edition covers. Idempotent (fingerprints)."""
    summary = reevaluate_enterprises(enterprise_ids=enterprise_ids, actor=_writer(user_id, system_actor))
    return str(summary)


def _writer(user_id, system_actor):
    user = get_user_model().objects.filter(pk=user_id).first() if user_id else None
    return user or SYSTEM_ACTORS.get(system_actor, BEAT)

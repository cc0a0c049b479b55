"""Celery tasks: thin wrappers that take a run, a chunk or a list of enterprises, call awards.runs or the
recompute, and own retries and the queueing of a run's chunks.

A run's chunks go out as one Celery group inside a chord whose callback closes the run: any number of workers on
any number of machines take chunks from the one queue, each chunk exactly once through its done_at (written with
its results, under its row lock) and the awards' unique constraints. A chord needs a result backend; eager mode
(tests, local without a broker) runs the chord in process. Without a backend the chunks go out as a bare group and
the last chunk's own refresh closes the run (awards.runs.refresh_run), as it also does when the chord fires early.

A run acts as the user who triggered it; a run no user triggered acts as the system actor named in the message
(a command's audit.COMMAND), else as audit.BEAT (the yearly beat job). This module imports awards.runs and
awards.recompute only: awards.services queues these tasks, so importing services here would be a circle."""

import os

from celery import chord, current_app, group, shared_task
from celery.backends.base import DisabledBackend
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
    if pending:
        queue_chunks(run_id, pending, system_actor=system_actor)
    return len(pending)


def queue_chunks(run_id, chunk_ids, *, system_actor=None):
    """The chunks as one group, closed by `close_recompute_run_task` once every one has returned (a chord), or a
    bare group where no result backend is configured (a chord cannot count its header without one)."""
    header = group(recompute_chunk_task.si(chunk_id, system_actor=system_actor) for chunk_id in chunk_ids)
    if chords_supported():
        return chord(header)(close_recompute_run_task.si(run_id))
    return header.apply_async()


def chords_supported(app=None):
    app = app or current_app
    return app.conf.task_always_eager or not isinstance(app.backend, DisabledBackend)


# Chord members store their (short) result so the backend can count them; every other task ignores its result.
@shared_task(bind=True, ignore_result=False, **RETRIED)
def recompute_chunk_task(self, chunk_id, system_actor=None):
    """One chunk: its results and counts in one transaction. A chunk done already is skipped (a redelivery)."""
    run_id = RecomputeChunk.objects.filter(pk=chunk_id).values_list("run_id", flat=True).first()
    if run_id is None:
        return "批次不存在"
    try:
        chunk = runs.process_chunk(chunk_id, actor=_actor(run_id, system_actor), worker=_worker_label(self))
    except Exception as error:
        _failed(self, run_id, error)
        raise
    if chunk is None:
        return "该批次已完成，跳过"
    return f"{chunk}：新增 {chunk.created}，更新 {chunk.updated}，标记复核 {chunk.flagged}，未变化 {chunk.unchanged}"


@shared_task(bind=True, **RETRIED)
def close_recompute_run_task(self, run_id):
    """The chord's callback: every chunk has returned, so the run's counts are the chunks' sums and it is complete.
    Idempotent (the last chunk's refresh may have closed it already). Returns the run's summary."""
    runs.refresh_run(run_id)
    run = RecomputeRun.objects.get(pk=run_id)
    return str(runs.summary_of(run))


def _worker_label(task):
    """Which worker process took a chunk: its node name and process id (two processes may share a node name)."""
    return f"{task.request.hostname or 'local'} · pid {os.getpid()}"[:100]


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
def reevaluate_enterprises_task(enterprise_ids, user_id=None, system_actor=None, figure_years=None):
    """After one registry write: these enterprises, every year an edition covers — or, after a write of annual
    figures only, the growth of the years those figures feed (`figure_years`, a list of years; a message without
    it, queued before years were named, re-evaluates everything). Idempotent (fingerprints)."""
    summary = reevaluate_enterprises(enterprise_ids=enterprise_ids, actor=_writer(user_id, system_actor),
                                     figure_years=figure_years)
    return str(summary)


def _writer(user_id, system_actor):
    user = get_user_model().objects.filter(pk=user_id).first() if user_id else None
    return user or SYSTEM_ACTORS.get(system_actor, BEAT)

"""A recompute run's life: recorded (at most one unfinished run per year), split into chunks, each chunk's results
and counts written in one transaction, a heartbeat per chunk, marked 中断 when the heartbeat stops, resumed by staff.

A worker that dies loses the chunk it held — a few thousand enterprises, redelivered by the broker after its
visibility timeout (settings.BROKER_VISIBILITY_TIMEOUT) — never the year; the chunks done stay done. Queueing is the
callers' (awards.tasks queue the chunks, awards.services a run): this module imports neither."""

from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, F, Q, Sum
from django.utils import timezone

from audit import BEAT, audited, change_reason, person, require_actor
from enterprises.bulk_load import refresh_statistics
from enterprises.models import AnnualFigures, Designation, FigureReport
from policy.models import PolicyRecord
from policy.rules import edition_for_year

from . import permissions
from .models import Award, RecomputeChunk, RecomputeRun
from .recompute import RecomputeSummary, YearPlan, plan_year, recompute_batch

Status = RecomputeRun.Status
LIVE = (Status.QUEUED, Status.RUNNING)
UNFINISHED = (*LIVE, Status.INTERRUPTED)
RESUMABLE = (Status.INTERRUPTED, Status.FAILED)
COUNTS = ("created", "updated", "flagged", "unchanged")


def heartbeat_timeout():
    """How long a live run may go without a heartbeat before it is 中断 (longer than a redelivery takes)."""
    return timedelta(seconds=settings.RECOMPUTE_HEARTBEAT_TIMEOUT)


def is_stale(run, now=None):
    """A queued or running run whose heartbeat stopped: no worker has written a chunk of it for too long."""
    beat = run.heartbeat_at or run.started_at or run.requested_at
    return run.status in LIVE and beat is not None and beat < (now or timezone.now()) - heartbeat_timeout()


# --- recording and resuming ---------------------------------------------------------------------------------------

def record_run(*, year, actor):
    """The run that will compute year `year`: a new one, or the year's interrupted run resumed (`run.resumed`).
    A live run of the year refuses a second one (and the database's one-unfinished-run constraint would too, were
    two requests to race). Queueing it is the caller's."""
    require_actor(actor)
    permissions.require(permissions.can_recompute(actor), "无权发起资格重算")
    now = timezone.now()
    with transaction.atomic():
        unfinished = RecomputeRun.objects.select_for_update().filter(year=year, status__in=UNFINISHED).first()
        if unfinished is not None and is_stale(unfinished, now):
            _interrupt(unfinished, now=now, actor=actor)
        if unfinished is not None and unfinished.status in LIVE:
            raise ValidationError(busy_message(unfinished))
        if unfinished is not None:
            return resume_run(unfinished, actor=actor)
        run = RecomputeRun(year=year, triggered_by=person(actor), heartbeat_at=now)
        try:
            with transaction.atomic():
                audited(run, actor).save()
        except IntegrityError:  # another request recorded the year's run in between
            raise ValidationError(f"{year} 年已有未完成的资格重算任务，请刷新后查看。") from None
    run.resumed = False
    return run


def busy_message(run):
    return (f"{run.year} 年已有{run.get_status_display()}的资格重算任务（编号 {run.pk}，已处理 {run.done:,}/{run.total:,} 家），"
            "不能同时再发起一次；请等待其完成。")


def resume_run(run, *, actor):
    """Continue an interrupted or failed run: the chunks done are kept, the others will be queued again (the
    caller queues the run's start, which finds them). Returns the run, `resumed` set."""
    require_actor(actor)
    permissions.require(permissions.can_recompute(actor), "无权发起资格重算")
    with transaction.atomic():
        run = RecomputeRun.objects.select_for_update().get(pk=run.pk)
        if run.status not in RESUMABLE:
            raise ValidationError(f"只有中断或失败的任务可以继续；该任务当前为“{run.get_status_display()}”。")
        run.status, run.heartbeat_at, run.finished_at = Status.QUEUED, timezone.now(), None
        run.error = ""
        try:
            with transaction.atomic():
                _save_as(run, actor, "继续计算")
        except IntegrityError:  # a failed run, and the year has another unfinished run meanwhile
            raise ValidationError(f"{run.year} 年已有未完成的资格重算任务，不能再继续这一次。") from None
    run.resumed = True
    return run


def fail_run(run_id, error):
    RecomputeRun.objects.filter(pk=run_id).update(
        status=Status.FAILED, finished_at=timezone.now(), error=f"{type(error).__name__}: {error}"
    )


def note_retry(run_id, attempt, error):
    RecomputeRun.objects.filter(pk=run_id).update(error=f"第 {attempt} 次尝试失败，稍后重试：{error}")


# --- the work: plan once, then one chunk at a time ----------------------------------------------------------------

def plan_run(run_id):
    """Split the run into chunks of settings.RECOMPUTE_CHUNK_SIZE enterprises — once: a redelivered or resumed start
    finds them. Returns the ids of the chunks not done yet, for the caller to queue or run."""
    now = timezone.now()
    with transaction.atomic():
        run = RecomputeRun.objects.select_for_update().get(pk=run_id)
        if run.status in UNFINISHED:
            run.status = Status.RUNNING
        if not run.chunks.exists():
            plan = plan_year(run.year)
            ids, size = plan.ids, settings.RECOMPUTE_CHUNK_SIZE
            RecomputeChunk.objects.bulk_create([
                RecomputeChunk(
                    run=run, number=number, size=len(batch),
                    recognition_ids=[i for i in batch if i in plan.recognition_ids],
                    growth_ids=[i for i in batch if i in plan.growth_ids],
                )
                for number, batch in enumerate((ids[start:start + size] for start in range(0, len(ids), size)), 1)
            ], batch_size=100)
            run.total, run.growth_policy = len(ids), str(plan.growth_policy or "")[:200]
            run.started_at = run.started_at or now
        RecomputeRun.objects.filter(pk=run.pk).update(
            status=run.status, total=run.total, growth_policy=run.growth_policy, started_at=run.started_at,
            heartbeat_at=now,
        )
    pending = list(run.chunks.filter(done_at__isnull=True).order_by("number").values_list("pk", flat=True))
    if pending:
        # the chunks' batch queries plan from these statistics: fresh, not what they were before the last big write
        refresh_statistics(Award, Designation, AnnualFigures, FigureReport)
    else:
        refresh_run(run_id)  # nothing to compute (or every chunk done already): the run is complete
    return pending


def process_chunk(chunk_id, *, actor, worker=""):
    """Write one chunk's results and its counts in one transaction, then the run's sums and heartbeat. A chunk done
    already is left as it is (a redelivery, or a resume beside a redelivery). `worker` names the process that took it
    (shown with the chunk). Returns the chunk, its counts written, or None when it was done already."""
    require_actor(actor)
    # The attempt is counted in its own commit first: an attempt whose worker dies is still seen.
    RecomputeChunk.objects.filter(pk=chunk_id, done_at__isnull=True).update(
        attempts=F("attempts") + 1, started_at=timezone.now()
    )
    with transaction.atomic():
        chunk = RecomputeChunk.objects.select_for_update().get(pk=chunk_id)
        if chunk.done_at is not None:
            return None
        year = RecomputeRun.objects.values_list("year", flat=True).get(pk=chunk.run_id)
        policies = list(PolicyRecord.objects.all())
        plan = YearPlan(year, policies, edition_for_year(policies, year), set(chunk.recognition_ids),
                        set(chunk.growth_ids))
        summary = recompute_batch(chunk.enterprise_ids, plan, actor=actor)
        for name in COUNTS:
            setattr(chunk, name, getattr(summary, name))
        chunk.done_at, chunk.worker = timezone.now(), worker or "本进程"
        chunk.save(update_fields=[*COUNTS, "done_at", "worker"])
    refresh_run(chunk.run_id)
    return chunk


def refresh_run(run_id):
    """The run's counts are its chunks' sums (whichever attempt wrote them), its heartbeat is now, and it is
    complete when every chunk is. The run's row is locked before the sums are read, so that of two chunks finishing
    together the later writer has seen both."""
    now = timezone.now()
    with transaction.atomic():
        run = RecomputeRun.objects.select_for_update().get(pk=run_id)
        sums = run.chunks.aggregate(
            done=Sum("size", filter=Q(done_at__isnull=False)), left=Count("pk", filter=Q(done_at__isnull=True)),
            **{name: Sum(name) for name in COUNTS},
        )
        fields = {name: sums[name] or 0 for name in ("done", *COUNTS)}
        fields["heartbeat_at"] = now
        if run.status in UNFINISHED:
            if sums["left"]:
                fields["status"] = Status.RUNNING
            else:
                fields.update(status=Status.SUCCEEDED, finished_at=now, error="", done=run.total)
        RecomputeRun.objects.filter(pk=run_id).update(**fields)


def run_inline(run, *, actor, progress=None):
    """Plan and compute `run` in this process, chunk by chunk (the command line without --async). A process that
    dies leaves the run to go stale and be resumed like any other. Returns the run's RecomputeSummary."""
    try:
        pending = plan_run(run.pk)
        run.refresh_from_db()
        if progress:
            progress(run.done, run.total)
        for chunk_id in pending:
            process_chunk(chunk_id, actor=actor)
            if progress:
                run.refresh_from_db(fields=["done", "total"])
                progress(run.done, run.total)
    except Exception as error:
        fail_run(run.pk, error)
        raise
    run.refresh_from_db()
    return summary_of(run)


def summary_of(run):
    return RecomputeSummary(year=run.year, total=run.total, growth_policy=run.growth_policy,
                            **{name: getattr(run, name) for name in COUNTS})


# --- the heartbeat check (beat, each minute) ------------------------------------------------------------------------

def mark_stale_runs(*, now=None, actor=BEAT):
    """Every live run whose heartbeat stopped longer ago than settings.RECOMPUTE_HEARTBEAT_TIMEOUT becomes 中断, with
    what is done and what is not in its 说明. Returns the runs marked."""
    now = now or timezone.now()
    marked = []
    for run_id in RecomputeRun.objects.filter(status__in=LIVE).values_list("pk", flat=True):
        with transaction.atomic():
            run = RecomputeRun.objects.select_for_update().get(pk=run_id)
            if is_stale(run, now):
                _interrupt(run, now=now, actor=actor)
                marked.append(run)
    return marked


def _interrupt(run, *, now, actor):
    run.status, run.error = Status.INTERRUPTED, interruption_report(run)
    _save_as(run, actor, "心跳停止，标记为中断")


def _save_as(run, actor, reason):
    """Save a run's change of status in its history: who (`audited`) and why."""
    audited(run, actor)
    run._change_reason = " · ".join(part for part in (reason, change_reason(actor)) if part)
    run.save()


@dataclass
class ChunkProgress:
    chunks: int
    chunks_done: int
    enterprises_done: int
    left: list  # the numbers of the chunks not done

    @property
    def left_label(self):
        return _ranges(self.left)


def chunk_progress(run):
    rows = list(run.chunks.order_by("number").values_list("number", "size", "done_at"))
    done = [(n, s) for n, s, at in rows if at is not None]
    return ChunkProgress(len(rows), len(done), sum(s for _, s in done), [n for n, _, at in rows if at is None])


def interruption_report(run):
    beat = timezone.localtime(run.heartbeat_at or run.started_at or run.requested_at)
    progress = chunk_progress(run)
    head = f"心跳于 {beat:%Y-%m-%d %H:%M} 后停止（工作进程可能已退出）"
    if not progress.chunks:
        return head + "：任务尚未开始计算。该年度的结果未更新，请点击“继续计算”。"
    left = run.total - progress.enterprises_done
    return (f"{head}：已完成 {progress.chunks_done}/{progress.chunks} 批（{progress.enterprises_done:,}/{run.total:,} 家），"
            f"未完成第 {progress.left_label} 批（{left:,} 家）。该年度的结果不完整，请点击“继续计算”。")


def _ranges(numbers):
    """[1, 2, 3, 5] -> "1–3、5"."""
    parts, start = [], None
    for i, n in enumerate(numbers):
        if start is None:
            start = n
        if i + 1 == len(numbers) or numbers[i + 1] != n + 1:
            parts.append(str(start) if start == n else f"{start}–{n}")
            start = None
    return "、".join(parts)

"""One recompute shared by two real worker processes against Redis and the PostgreSQL test database: every chunk is
done once, every result stored once with one history row, the ledger not doubled, and both workers took chunks."""

import time

import pytest

from tests.test_celery_worker import BROKER_URL, _bulk_firms, _redis_or_skip, _start_worker, _stop


@pytest.mark.postgres
@pytest.mark.redis
@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_two_workers_share_one_run_and_store_every_result_once(tmp_path):
    _redis_or_skip()
    from django.db.models import Count

    from audit import BEAT
    from awards import runs
    from awards.models import Award, AwardEvent, RecomputeChunk, RecomputeRun
    from awards.tasks import recompute_eligibility_task
    from enterprises.models import Area
    from guilin_zjtx.celery import app

    Area.objects.get_or_create(name="七星区", defaults={"code": "450305", "kind": Area.Kind.DISTRICT})  # a transactional test before may flush it
    _bulk_firms(600)
    run = runs.record_run(year=2024, actor=BEAT)
    worker = {"RECOMPUTE_CHUNK_SIZE": "5"}  # many small chunks, so that both workers are handed some
    workers = [_start_worker(tmp_path, f"w{n}", **worker) for n in (1, 2)]
    eager = app.conf.task_always_eager
    try:
        app.conf.task_always_eager = False
        with app.connection_for_write(BROKER_URL) as broker:
            recompute_eligibility_task.apply_async(args=(2024, run.pk), kwargs={"system_actor": BEAT.name},
                                                   connection=broker)
        deadline = time.monotonic() + 180
        while time.monotonic() < deadline:
            run.refresh_from_db()
            if run.status in (RecomputeRun.Status.SUCCEEDED, RecomputeRun.Status.FAILED):
                break
            time.sleep(0.3)
    finally:
        app.conf.task_always_eager = eager
        outputs = [_stop(process, log) for process, log in workers]
    assert run.status == RecomputeRun.Status.SUCCEEDED, f"run {run.status}: {run.error}\n" + "\n".join(outputs)
    chunks = RecomputeChunk.objects.filter(run=run)
    assert run.total >= 100 and chunks.count() == -(-run.total // 5)
    assert not chunks.filter(done_at__isnull=True).exists()
    assert set(chunks.values_list("attempts", flat=True)) == {1}  # every chunk done exactly once
    assert len(set(chunks.values_list("worker", flat=True))) == 2  # both workers took chunks
    # every result exactly once, one "+" history row each, no second history row, the ledger not doubled
    assert not Award.objects.values("enterprise", "kind", "year", "repeat_recognition").annotate(
        n=Count("pk")).filter(n__gt=1).exists()
    assert Award.history.count() == Award.history.filter(history_type="+").count() == Award.objects.count()
    eligible = Award.objects.filter(outcome="eligible").count()
    assert AwardEvent.objects.count() == eligible and not AwardEvent.objects.values("award").annotate(
        n=Count("pk")).filter(n__gt=1).exists()
    sums = {name: sum(chunks.values_list(name, flat=True)) for name in runs.COUNTS}
    assert {name: getattr(run, name) for name in runs.COUNTS} == sums and run.created == Award.objects.count()
    assert run.done == run.total
    assert "close_recompute_run_task" in "\n".join(outputs)  # the chord's callback closed the run

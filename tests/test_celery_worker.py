"""A real Celery worker against Redis and the PostgreSQL test database: eager mode hides serialization, acks and
the commit race, so this runs `celery -A guilin_zjtx worker` as a subprocess and waits for the recompute — and kills
one with SIGKILL in the middle of a run."""

import base64
import json
import os
import signal
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

import pytest
from django.db import connection

from conftest import skip_or_fail

BROKER_URL = os.environ.get("CELERY_TEST_BROKER_URL", "redis://127.0.0.1:6379/5")
ROOT = Path(__file__).resolve().parent.parent


def _redis_or_skip():
    import redis

    client = redis.Redis.from_url(BROKER_URL, socket_connect_timeout=2)
    try:
        client.ping()
    except redis.exceptions.RedisError as error:
        skip_or_fail(f"Redis is not reachable at {BROKER_URL}: {error}")
    client.flushdb()  # this test's own database number: leftovers of an earlier run must not be consumed
    return client


def _database_url():
    db = connection.settings_dict
    auth = db["USER"] + (f":{db['PASSWORD']}" if db.get("PASSWORD") else "")
    return f"postgres://{auth}@{db.get('HOST') or '127.0.0.1'}:{db.get('PORT') or 5432}/{db['NAME']}"


def _start_worker(tmp_path, name="worker", **settings):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "guilin_zjtx.settings.test",
        "DATABASE_URL": _database_url(),  # the test database pytest-django created
        "CELERY_BROKER_URL": BROKER_URL,
        "CELERY_TASK_ALWAYS_EAGER": "false",  # the tasks the worker queues (a run's chunks) go through Redis
        **settings,
    }
    log = open(tmp_path / f"{name}.log", "w+")  # noqa: SIM115 - closed with the process below
    process = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "guilin_zjtx", "worker", "--pool", "solo", "--loglevel", "INFO",
         "--without-heartbeat", "--without-mingle", "--without-gossip"],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
    )
    return process, log


def _stop(process, log):
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=15)
    log.seek(0)
    output = log.read()
    log.close()
    return output


@pytest.mark.postgres
@pytest.mark.redis
@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_a_real_worker_runs_the_recompute(tmp_path):
    _redis_or_skip()
    from awards.models import Award, RecomputeRun
    from awards.states import AwardKind, Outcome
    from awards.tasks import recompute_eligibility_task
    from awards.tests.factories import growing_firm
    from guilin_zjtx.celery import app

    firms = [growing_firm(recognized_on=date(2024, 5, 1)) for _ in range(3)]
    Award.objects.all().delete()  # the registry writes above re-evaluated them already: the worker starts afresh
    run = RecomputeRun.objects.create(year=2024)
    process, log = _start_worker(tmp_path)
    eager = app.conf.task_always_eager
    try:
        app.conf.task_always_eager = False
        with app.connection_for_write(BROKER_URL) as broker:
            recompute_eligibility_task.apply_async(args=(2024, run.pk), connection=broker)
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            run.refresh_from_db()
            if run.status in (RecomputeRun.Status.SUCCEEDED, RecomputeRun.Status.FAILED) or process.poll() is not None:
                break
            time.sleep(0.5)
    finally:
        app.conf.task_always_eager = eager
        output = _stop(process, log)
    assert run.status == RecomputeRun.Status.SUCCEEDED, f"run {run.status}: {run.error}\n--- worker log ---\n{output}"
    assert "awards.tasks.recompute_eligibility_task" in output and "succeeded" in output  # the worker ran it
    assert (run.done, run.total, run.created) == (3, 3, 6)
    growth = Award.objects.filter(kind=AwardKind.GROWTH, year=2024, outcome=Outcome.ELIGIBLE)
    assert sorted(growth.values_list("enterprise_id", flat=True)) == sorted(f.pk for f in firms)
    assert {str(a) for a in growth.values_list("amount", flat=True)} == {"60000.00"}


def _bulk_firms(count):
    """`count` enterprises with a municipal title and two years of figures, loaded in bulk (no registry hook, so no
    result exists before the run): every fourth grows enough for a growth award, every fifth is recognized in 2024."""
    from datetime import timedelta
    from decimal import Decimal

    from enterprises.credit_codes import make_credit_code
    from enterprises.models import AnnualFigures, Area, Designation, Enterprise

    area = Area.objects.get(name="七星区")
    firms = Enterprise.objects.bulk_create([
        Enterprise(credit_code=make_credit_code("450305", 800_000_000 + n), name=f"桂林中断测试{n}号有限公司",
                   area=area, founded_on=date(2010, 5, 1), industry="专用设备制造业")
        for n in range(count)
    ])
    designations, figures = [], []
    for n, firm in enumerate(firms):
        granted = date(2024, 5, 1) if n % 5 == 0 else date(2023, 6, 1) + timedelta(days=n % 90)
        designations.append(Designation(enterprise=firm, level="municipal", granted_on=granted,
                                        valid_until=granted.replace(year=granted.year + 3) - timedelta(days=1),
                                        document_number=f"测试〔{granted.year}〕{n}号"))
        current = Decimal("70000000") if n % 4 == 0 else Decimal("51000000")
        figures += [AnnualFigures(enterprise=firm, year=2023, output_value=Decimal("50000000"), tax_paid=Decimal("1000000")),
                    AnnualFigures(enterprise=firm, year=2024, output_value=current, tax_paid=Decimal("1150000"))]
    Designation.objects.bulk_create(designations)
    AnnualFigures.objects.bulk_create(figures)


def _results():
    from awards.models import Award

    return sorted(Award.objects.values_list(
        "enterprise_id", "kind", "year", "repeat_recognition", "outcome", "amount", "state", "reasons", "fingerprint",
    ))


def _held_chunks(client):
    """The chunk ids in the messages Redis holds for a worker that has not acknowledged them (its `unacked` hash)."""
    held = []
    for payload in client.hvals("unacked"):
        message = json.loads(payload)[0]
        if message["headers"]["task"] == "awards.tasks.recompute_chunk_task":
            held.append(json.loads(base64.b64decode(message["body"]))[0][0])
    return held


@pytest.mark.postgres
@pytest.mark.redis
@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_a_worker_killed_mid_run_leaves_the_year_complete_and_the_stale_run_reported(tmp_path, settings):
    client = _redis_or_skip()
    from audit import BEAT
    from awards import runs
    from awards.models import Award, RecomputeChunk, RecomputeRun
    from awards.recompute import recompute_eligibility
    from awards.tasks import recompute_eligibility_task
    from guilin_zjtx.celery import app

    settings.RECOMPUTE_HEARTBEAT_TIMEOUT = 2  # this process's heartbeat check
    worker = {"RECOMPUTE_CHUNK_SIZE": "25", "CELERY_VISIBILITY_TIMEOUT": "3", "CELERY_RESTORE_INTERVAL": "1"}
    _bulk_firms(600)
    run = runs.record_run(year=2024, actor=BEAT)
    first, first_log = _start_worker(tmp_path, "first", **worker)
    eager = app.conf.task_always_eager
    second = None
    try:
        app.conf.task_always_eager = False
        with app.connection_for_write(BROKER_URL) as broker:
            recompute_eligibility_task.apply_async(args=(2024, run.pk), kwargs={"system_actor": BEAT.name},
                                                   connection=broker)
        # Kill the worker while it holds a chunk: one begun (its attempt committed) after at least one done.
        chunks = RecomputeChunk.objects.filter(run=run)
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline and first.poll() is None:
            if chunks.filter(done_at__isnull=False).exists() and chunks.filter(
                    attempts=1, done_at__isnull=True, started_at__isnull=False).exists():
                break
            time.sleep(0.002)
        os.killpg(first.pid, signal.SIGKILL)
        first.wait(timeout=15)
        killed = time.monotonic()
        first_output = _stop(first, first_log)
        held = _held_chunks(client)
        run.refresh_from_db()
        assert held, f"the dead worker held no chunk\n--- worker log ---\n{first_output}"
        assert run.status == RecomputeRun.Status.RUNNING and 0 < run.done < run.total == 600, (run.done, run.total)
        done_at_kill = run.done

        # Its heartbeat stops: the check marks the run 中断 and says what is done and what is not.
        time.sleep(2.2)
        assert [r.pk for r in runs.mark_stale_runs()] == [run.pk]
        run.refresh_from_db()
        left = chunks.filter(done_at__isnull=True).count()
        assert run.status == RecomputeRun.Status.INTERRUPTED and run.done == done_at_kill
        assert f"/{chunks.count()} 批（{done_at_kill:,}/600 家），未完成第" in run.error and "结果不完整" in run.error
        assert left >= 1

        # A new worker: the message the dead one held comes back after the visibility timeout, the year completes.
        second, second_log = _start_worker(tmp_path, "second", **worker)
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and second.poll() is None:
            run.refresh_from_db()
            if run.status in (RecomputeRun.Status.SUCCEEDED, RecomputeRun.Status.FAILED):
                break
            time.sleep(0.2)
        finished = time.monotonic()
    finally:
        app.conf.task_always_eager = eager
        if second is not None:
            second_output = _stop(second, second_log)
        if first.poll() is None:
            _stop(first, first_log)
    assert run.status == RecomputeRun.Status.SUCCEEDED, f"run {run.status}: {run.error}\n{second_output}"
    redelivered = RecomputeChunk.objects.filter(pk__in=held)
    assert all(chunk.done_at for chunk in redelivered)
    assert not client.hlen("unacked")  # nothing left held
    print(f"\nkilled at {done_at_kill}/600; chunks held by the dead worker: {held} "
          f"(attempts {[c.attempts for c in redelivered]}); complete {finished - killed:.1f} s after the kill")
    # Every attempt's writes are counted, and the year is what a clean run makes of it.
    assert run.created == Award.objects.count() and (run.done, run.total) == (600, 600)
    assert run.history.filter(history_change_reason="心跳停止，标记为中断 · 定时任务").exists()
    after_kill = _results()
    Award.objects.all().delete()
    clean = recompute_eligibility(year=2024, actor=BEAT)
    assert _results() == after_kill and clean.created == run.created

"""A real Celery worker against Redis and the PostgreSQL test database: eager mode hides serialization, acks and
the commit race, so this runs `celery -A guilin_zjtx worker` as a subprocess and waits for the recompute."""

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


def _start_worker(tmp_path):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "guilin_zjtx.settings.test",
        "DATABASE_URL": _database_url(),  # the test database pytest-django created
        "CELERY_BROKER_URL": BROKER_URL,
    }
    log = open(tmp_path / "worker.log", "w+")  # noqa: SIM115 - closed with the process below
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

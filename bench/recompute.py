#!/usr/bin/env python
"""Benchmark: the yearly recompute over 100,000 synthetic enterprises on PostgreSQL.

    .venv/bin/python bench/recompute.py [--enterprises 100000] [--year 2024] [--recorded] [--keep]
                                        [--workers K] [--broker redis://127.0.0.1:6379/12]

Creates its own database (default zjtx_bench_awards; the name must start with "zjtx_bench"), migrates it, loads
the enterprises, their designations and two years of figures with COPY, then times `recompute_eligibility` for
the year: a first run (every result created, with history) and a second run (nothing changed: reads only).
With --recorded each run is a recorded run split into chunks (awards.runs: what `manage.py recompute_eligibility`
and the Celery workers do, with the chunk and heartbeat writes) instead of the bare in-process function.
With --workers K each run is queued (awards.tasks, the chord of chunks) and K real worker processes
(`celery -A guilin_zjtx worker -c 1`) share it through the broker; the time is from queueing to the run succeeded.
The database is dropped afterwards unless --keep. Never points at real data.
"""

import argparse
import io
import os
import random
import sys
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def parse():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--enterprises", type=int, default=100_000)
    parser.add_argument("--year", type=int, default=2024)
    parser.add_argument("--database", default="zjtx_bench_awards")
    parser.add_argument("--server", default=os.environ.get("BENCH_PG", "postgres://postgres@127.0.0.1:5432"))
    parser.add_argument("--keep", action="store_true", help="keep the database afterwards")
    parser.add_argument("--recorded", action="store_true", help="time recorded, chunked runs (awards.runs)")
    parser.add_argument("--workers", type=int, default=0, help="queue the runs to K real Celery worker processes")
    parser.add_argument("--broker", default=os.environ.get("BENCH_BROKER", "redis://127.0.0.1:6379/12"))
    args = parser.parse_args()
    if not args.database.startswith("zjtx_bench"):
        parser.error("the benchmark database name must start with zjtx_bench (it is dropped and re-created)")
    return args


def admin_sql(server, statement):
    import psycopg2

    conn = psycopg2.connect(f"{server}/postgres")
    conn.autocommit = True
    with conn.cursor() as cursor:
        cursor.execute(statement)
    conn.close()


def copy_rows(cursor, table, columns, rows):
    buffer = io.StringIO()
    for row in rows:
        buffer.write("\t".join("\\N" if v is None else str(v) for v in row) + "\n")
    buffer.seek(0)
    cursor.copy_expert(f"COPY {table} ({', '.join(columns)}) FROM STDIN", buffer)


def start_workers(count, database_url, broker):
    import subprocess

    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "guilin_zjtx.settings.test", "DATABASE_URL": database_url,
           "CELERY_BROKER_URL": broker, "CELERY_TASK_ALWAYS_EAGER": "false"}
    return [subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "guilin_zjtx", "worker", "-c", "1", "-n", f"bench{n}@%h",
         "--loglevel", "WARNING", "--without-heartbeat", "--without-mingle", "--without-gossip"],
        cwd=ROOT, env=env, start_new_session=True, stdout=subprocess.DEVNULL,
    ) for n in range(1, count + 1)]


def stop_workers(processes):
    import signal

    for process in processes:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
    for process in processes:
        process.wait(timeout=30)


def queued_run(year, broker):
    """Queue a recorded run to the workers and wait for it: its summary."""
    from audit import COMMAND
    from awards.models import RecomputeRun
    from awards.runs import record_run, summary_of
    from awards.tasks import recompute_eligibility_task
    from guilin_zjtx.celery import app

    run = record_run(year=year, actor=COMMAND)
    app.conf.task_always_eager = False
    with app.connection_for_write(broker) as connection:
        recompute_eligibility_task.apply_async(args=(year, run.pk), kwargs={"system_actor": COMMAND.name},
                                               connection=connection)
    while True:
        run.refresh_from_db()
        if run.status == RecomputeRun.Status.SUCCEEDED:
            return summary_of(run)
        if run.status == RecomputeRun.Status.FAILED:
            raise SystemExit(f"run failed: {run.error}")
        time.sleep(0.05)


def load(count, year, rng):
    from django.db import connection
    from django.utils import timezone

    from enterprises.credit_codes import make_credit_code
    from enterprises.models import Area

    areas = list(Area.objects.values_list("pk", "code"))
    now = timezone.now().isoformat()
    enterprises = []
    for serial in range(1, count + 1):
        area_id, code = areas[serial % len(areas)]
        enterprises.append((make_credit_code(code or "450300", serial), f"桂林基准测试{serial}号有限公司", "", area_id,
                            "", "", "", "", now))
    with connection.cursor() as cursor:
        copy_rows(cursor.cursor, "enterprises_enterprise",
                  ("credit_code", "name", "name_initials", "area_id", "industry", "contact_person", "contact_phone", "address",
                   "created_at"), enterprises)
        cursor.execute("SELECT id FROM enterprises_enterprise ORDER BY id")
        ids = [row[0] for row in cursor.fetchall()]

        designations, figures = [], []
        start = date(year - 3, 1, 1)
        for enterprise_id in ids:
            draw = rng.random()
            granted = start + timedelta(days=rng.randrange(0, 4 * 365))
            if draw < 0.70:
                levels = ["municipal"]
            elif draw < 0.85:
                levels = ["municipal", "regional"]
            elif draw < 0.90:
                levels = ["little_giant"]
            else:
                levels = ["innovative"]
            for offset, level in enumerate(levels):
                day = granted + timedelta(days=200 * offset)
                valid = day.replace(year=day.year + 3) - timedelta(days=1) if not (day.month == 2 and day.day == 29) \
                    else date(day.year + 3, 2, 28)
                designations.append((enterprise_id, level, day, valid, f"基准〔{day.year}〕{enterprise_id}号",
                                     "import", now))
            prior = rng.randrange(5_000_000, 120_000_000)
            prior_tax = rng.randrange(100_000, 5_000_000)
            growth = rng.uniform(-0.1, 0.8)
            tax_growth = rng.uniform(-0.05, 0.4)
            figures.append((enterprise_id, year - 1, f"{prior}.00", f"{prior_tax}.00", now))
            figures.append((enterprise_id, year, f"{int(prior * (1 + growth))}.{rng.randrange(100):02d}",
                            f"{int(prior_tax * (1 + tax_growth))}.00", now))
        copy_rows(cursor.cursor, "enterprises_designation",
                  ("enterprise_id", "level", "granted_on", "valid_until", "document_number", "source", "created_at"),
                  designations)
        copy_rows(cursor.cursor, "enterprises_annualfigures",
                  ("enterprise_id", "year", "output_value", "tax_paid", "updated_at"), figures)
        cursor.execute("ANALYZE")
    return len(ids), len(designations), len(figures)


def main():
    args = parse()
    os.environ["DATABASE_URL"] = f"{args.server}/{args.database}"
    os.environ["DJANGO_SETTINGS_MODULE"] = "guilin_zjtx.settings.test"
    admin_sql(args.server, f'DROP DATABASE IF EXISTS "{args.database}"')
    admin_sql(args.server, f'CREATE DATABASE "{args.database}"')
    try:
        import django

        django.setup()
        from django.core.management import call_command
        from django.db import connection

        from audit import COMMAND
        from awards.models import Award
        from awards.recompute import recompute_eligibility
        from awards.runs import record_run, run_inline

        call_command("migrate", verbosity=0)
        began = time.perf_counter()
        enterprises, designations, figures = load(args.enterprises, args.year, random.Random(2026))
        print(f"loaded {enterprises} enterprises, {designations} designations, {figures} figures rows "
              f"in {time.perf_counter() - began:.1f} s (CPUs: {os.cpu_count()})")

        workers = []
        if args.workers:
            import redis

            redis.Redis.from_url(args.broker).flushdb()  # the benchmark's own database number
            workers = start_workers(args.workers, os.environ["DATABASE_URL"], args.broker)
            time.sleep(8)  # let them connect before the clock starts

        def recompute():
            if args.workers:
                return queued_run(args.year, args.broker)
            if not args.recorded:
                return recompute_eligibility(year=args.year, actor=COMMAND)
            return run_inline(record_run(year=args.year, actor=COMMAND), actor=COMMAND)

        began = time.perf_counter()
        first = recompute()
        first_seconds = time.perf_counter() - began
        print(f"first recompute:  {first_seconds:6.1f} s  — {first}")
        began = time.perf_counter()
        second = recompute()
        second_seconds = time.perf_counter() - began
        print(f"second recompute: {second_seconds:6.1f} s  — {second}")
        if workers:
            stop_workers(workers)
            print(f"worker processes: {args.workers}")
        by_outcome = {}
        for outcome, kind in Award.objects.values_list("outcome", "kind"):
            by_outcome[(kind, outcome)] = by_outcome.get((kind, outcome), 0) + 1
        print("results:", ", ".join(f"{k}/{o}={n}" for (k, o), n in sorted(by_outcome.items())))
        print(f"history rows: {Award.history.count()}")
        target = 60.0
        verdict = "OK" if first_seconds < target else "SLOWER THAN TARGET"
        print(f"target < {target:.0f} s for the whole recompute: {verdict}")
        connection.close()
    finally:
        if not args.keep:
            admin_sql(args.server, f'DROP DATABASE IF EXISTS "{args.database}"')


if __name__ == "__main__":
    main()

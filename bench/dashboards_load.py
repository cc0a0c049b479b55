#!/usr/bin/env python
"""Load test of the quota dashboards: N county officials on their area dashboards for D seconds.

Builds (once; --rebuild to redo) 20,000 demo-like enterprises with designations, four years of figures,
cultivation pools, targets and the policy baseline in its OWN PostgreSQL database (default zjtx_bench_dash;
the name must start with "zjtx_bench"), starts gunicorn from the venv on 127.0.0.1 and a free port with
production settings, then runs a bounded thread-pool client: one thread per official (spread over the 20
areas), each with its own session, GET its dashboard, think, repeat. Prints errors, median, p95, p99.

    .venv/bin/python bench/dashboards_load.py                   # 50 officials, 60 s, 1 s think time
    .venv/bin/python bench/dashboards_load.py --think 0          # no think time: saturation
    .venv/bin/python bench/dashboards_load.py --no-cache         # every request rebuilds the figures
"""

import argparse
import http.client
import os
import random
import secrets
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV_BIN = Path(sys.executable).parent
PG = "postgres://postgres@127.0.0.1:5432"


def parse():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database", default="zjtx_bench_dash")
    parser.add_argument("--enterprises", type=int, default=20_000)
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--duration", type=int, default=60, help="seconds of load")
    parser.add_argument("--workers", type=int, default=3, help="gunicorn workers")
    parser.add_argument("--think", type=float, default=1.0, help="mean think time between a user's requests (s)")
    parser.add_argument("--no-cache", action="store_true", help="QUOTA_DASHBOARD_CACHE_SECONDS=0")
    parser.add_argument("--ramp", type=float, default=5.0, help="seconds over which the users arrive")
    parser.add_argument("--cold", action="store_true", help="no warm-up: start with an empty cache")
    parser.add_argument("--rebuild", action="store_true", help="drop and rebuild the bench database")
    parser.add_argument("--redis-cache", default="redis://127.0.0.1:6379/7")
    args = parser.parse_args()
    if not args.database.startswith("zjtx_bench"):
        parser.error("the bench database name must start with zjtx_bench (it is dropped and rebuilt)")
    return args


def server_env(args):
    env = dict(os.environ)
    env.update({
        "DJANGO_SETTINGS_MODULE": "guilin_zjtx.settings.production",
        "DATABASE_URL": f"{PG}/{args.database}",
        "SECRET_KEY": secrets.token_urlsafe(64),
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "False",
        "REDIS_CACHE_URL": args.redis_cache,
        # production settings refuse to start without a broker; the dashboards queue no task
        "CELERY_BROKER_URL": os.environ.get("CELERY_BROKER_URL") or "redis://127.0.0.1:6379/0",
        "CONN_MAX_AGE": "60",
        "QUOTA_DASHBOARD_CACHE_SECONDS": "0" if args.no_cache else "60",
        "LOG_LEVEL": "WARNING",
        "PYTHONWARNINGS": "ignore::UserWarning",  # whitenoise: no collectstatic for a bench
    })
    return env


# ── the data ───────────────────────────────────────────────────────────────────────────────────────────────────


def ensure_database(args, env):
    import psycopg2

    admin = psycopg2.connect(f"{PG}/postgres")
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [args.database])
        exists = cursor.fetchone() is not None
        if exists and args.rebuild:
            cursor.execute(f'DROP DATABASE "{args.database}" WITH (FORCE)')
            exists = False
        if not exists:
            cursor.execute(f'CREATE DATABASE "{args.database}"')
    admin.close()
    subprocess.run([sys.executable, "manage.py", "migrate", "-v0"], cwd=ROOT, env=env, check=True)


def build_data(args):
    """Demo-like registry at scale; plain bulk_create (bench data needs no audit trail)."""
    from django.db import transaction

    from enterprises.credit_codes import make_credit_code
    from enterprises.models import AnnualFigures, Area, AreaTarget, CultivationPoolEntry, Designation, Enterprise
    from policy.levels import Level
    from policy.models import PolicyRecord
    from policy.rules import term_end

    if Enterprise.objects.count() >= args.enterprises:
        print(f"bench data present: {Enterprise.objects.count()} enterprises")
        return
    rng = random.Random("zjtx-bench-dash")
    areas = list(Area.objects.order_by("sort_order"))
    cycle = [None, Level.INNOVATIVE, Level.INNOVATIVE, Level.MUNICIPAL, Level.MUNICIPAL, Level.MUNICIPAL,
             Level.REGIONAL, Level.MUNICIPAL, Level.LITTLE_GIANT, Level.INNOVATIVE]
    started = time.monotonic()
    with transaction.atomic():
        Enterprise.objects.bulk_create([
            Enterprise(credit_code=make_credit_code(areas[i % 20].code or "450300", 500_000_000 + i),
                       name=f"桂林压测{i:05d}号科技有限公司", area=areas[i % 20], industry="专用设备制造业")
            for i in range(args.enterprises)
        ], batch_size=2000)
        firms = list(Enterprise.objects.order_by("pk").values_list("pk", "area_id"))
        designations, figures, pool = [], [], []
        for index, (pk, area_id) in enumerate(firms):
            level = cycle[index % len(cycle)]
            if level:
                granted = date(rng.choice([2020, 2021, 2022, 2023, 2024, 2025, 2026]), rng.choice([3, 6, 9]), 1)
                designations.append(Designation(enterprise_id=pk, level=level, granted_on=granted,
                                                valid_until=term_end(granted, 3), document_number="压测"))
                if level in (Level.REGIONAL, Level.LITTLE_GIANT) and index % 2 == 0:
                    earlier = granted - timedelta(days=730)
                    designations.append(Designation(enterprise_id=pk, level=Level.MUNICIPAL, granted_on=earlier,
                                                    valid_until=term_end(earlier, 3)))
            output = Decimal(rng.randrange(8_000_000, 90_000_000))
            for year in (2022, 2023, 2024, 2025):
                figures.append(AnnualFigures(enterprise_id=pk, year=year, output_value=output,
                                             tax_paid=(output * Decimal("0.04")).quantize(Decimal("1"))))
                output = (output * Decimal(rng.randrange(90, 150)) / 100).quantize(Decimal("1"))
            if level in (None, Level.INNOVATIVE) and index % 2:
                pool.append(CultivationPoolEntry(area_id=area_id, enterprise_id=pk, since=date(2024, 1, 1),
                                                 stage=rng.choice(CultivationPoolEntry.Stage.values)))
        Designation.objects.bulk_create(designations, batch_size=5000)
        AnnualFigures.objects.bulk_create(figures, batch_size=5000)
        CultivationPoolEntry.objects.bulk_create(pool, batch_size=5000)
        AreaTarget.objects.bulk_create([
            AreaTarget(area=area, year=year, new_municipal_target=rng.randrange(40, 90))
            for area in areas for year in range(2022, 2027)
        ], ignore_conflicts=True)
        PolicyRecord.objects.update(baseline_date=date(2022, 12, 31), baseline_srdi_count=6000,
                                    baseline_output_value=Decimal("300000000000"))
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")  # planner statistics for the freshly loaded tables, as autovacuum would
    print(f"built {len(firms)} enterprises, {len(designations)} designations, {len(figures)} figure rows, "
          f"{len(pool)} pool entries in {time.monotonic() - started:.0f} s")


def build_section_data(args):
    """What the other apps' sections read, at scale: awards recomputed for two years, listing reserve entries,
    supported loans and training attendance (bulk, bench-only). Declarations and liaison duty stay empty."""
    from django.db import connection, transaction

    from audit import COMMAND
    from awards.models import Award
    from awards.recompute import recompute_eligibility
    from enterprises.models import Enterprise
    from finance.models import ListingReserveEntry, LoanSupport
    from liaison.models import TrainingAttendance, TrainingEvent

    if LoanSupport.objects.exists():
        return
    started = time.monotonic()
    if not Award.objects.exists():
        for year in (2024, 2025):
            recompute_eligibility(year=year, actor=COMMAND)
    ids = list(Enterprise.objects.order_by("pk").values_list("pk", flat=True))
    with transaction.atomic():
        LoanSupport.objects.bulk_create([
            LoanSupport(enterprise_id=pk, programme=LoanSupport.Programme.GUIHUIDAI, bank="桂林银行股份有限公司",
                        amount=Decimal(3_000_000 + index), term_months=12, annual_rate=Decimal("3.450"),
                        interest_subsidy=Decimal(30_000), granted_on=date(2025 + index % 2, 1 + index % 9, 10))
            for index, pk in enumerate(ids[::8])
        ], batch_size=2000)
        ListingReserveEntry.objects.bulk_create([
            ListingReserveEntry(enterprise_id=pk, board="bse", entered_on=date(2025, 3, 1),
                                stage_since=date(2025, 3, 1))
            for pk in ids[3::97]
        ])
        events = TrainingEvent.objects.bulk_create([
            TrainingEvent(title=f"专精特新企业经营管理培训第{n}期", held_on=date(year, 5, 10 + n))
            for year in (2025, 2026) for n in range(1, 4)
        ])
        TrainingAttendance.objects.bulk_create([
            TrainingAttendance(event=events[index % len(events)], enterprise_id=pk, managers=1 + index % 3)
            for index, pk in enumerate(ids[1::5])
        ], batch_size=2000)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    print(f"section data: awards {Award.objects.count()}, loans {LoanSupport.objects.count()}, "
          f"training rows {TrainingAttendance.objects.count()} in {time.monotonic() - started:.0f} s")


def officials_with_sessions(args):
    """One county official per simulated user, spread over the 20 areas, each signed in (a DB session)."""
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore

    from enterprises.models import Area, User
    from enterprises.roles import Role

    areas = list(Area.objects.order_by("sort_order"))
    result = []
    for index in range(args.users):
        area = areas[index % len(areas)]
        user, _ = User.objects.get_or_create(username=f"bench-county-{index:03d}",
                                             defaults={"role": Role.COUNTY, "area": area, "is_staff": True})
        session = SessionStore()
        session[SESSION_KEY] = str(user.pk)
        session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
        session[HASH_SESSION_KEY] = user.get_session_auth_hash()
        session.set_expiry(3600)
        session.save()
        result.append((session.session_key, area.pk))
    return result


# ── the server and the client ─────────────────────────────────────────────────────────────────────────────────


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_gunicorn(args, env, port):
    process = subprocess.Popen(
        [str(VENV_BIN / "gunicorn"), "guilin_zjtx.wsgi", "--bind", f"127.0.0.1:{port}", "--workers",
         str(args.workers), "--log-level", "warning", "--timeout", "30"],
        cwd=ROOT, env=env, start_new_session=True,
    )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            connection.request("GET", "/healthz")
            if connection.getresponse().status == 200:
                return process
        except OSError:
            time.sleep(0.3)
    process.terminate()
    raise SystemExit("gunicorn did not answer /healthz within 30 s")


def run_user(port, session_key, area_id, year, stop_at, think, rng, results, lock, ramp=0.0):
    time.sleep(rng.uniform(0, ramp))  # users arrive over the ramp-up, as locust spawns them, not all at once
    while time.monotonic() < stop_at:
        path = f"/dashboards/areas/{area_id}/" + (f"?year={year - 1}" if rng.random() < 0.2 else "")
        started = time.perf_counter()
        status, error = None, None
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
            connection.request("GET", path, headers={"Cookie": f"sessionid={session_key}", "Host": "127.0.0.1"})
            response = connection.getresponse()
            body = response.read()
            status = response.status
            if status != 200 or "专精特新培育指标".encode() not in body:
                error = f"HTTP {status}"
            connection.close()
        except OSError as exc:
            error = type(exc).__name__
        elapsed = (time.perf_counter() - started) * 1000
        with lock:
            results.append((elapsed, error, time.monotonic()))
        if think:
            time.sleep(rng.uniform(think / 2, think * 1.5))


class FixedChance(random.Random):
    """random() always `value`: the warm-up asks for one given year."""

    def __init__(self, value):
        super().__init__(0)
        self.value = value

    def random(self):
        return self.value


def run_threads(target, argument_lists, duration):
    """One simulated user per argument list, all started together: (when they started, the wall time until all are
    done)."""
    threads = [threading.Thread(target=target, daemon=True, args=arguments) for arguments in argument_lists]
    began = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=duration + 30)
    return began, time.monotonic() - began


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


def main():
    args = parse()
    env = server_env(args)
    os.environ.update(env)
    sys.path.insert(0, str(ROOT))
    ensure_database(args, env)
    import django

    django.setup()
    build_data(args)
    build_section_data(args)
    users = officials_with_sessions(args)
    from django.db import connection

    connection.close()

    port = free_port()
    server = start_gunicorn(args, env, port)
    results, lock = [], threading.Lock()
    try:
        year = date.today().year
        if not args.cold:
            # warm-up, not measured: each area's dashboard of this year and the last built once, as they are
            # during the day (entries are refreshed in the background of requests, not dropped at expiry)
            for session_key, area_id in users[:20]:
                for chance in (1.0, 0.0):
                    run_user(port, session_key, area_id, year, 0, 0, FixedChance(chance), [], lock)
        stop_at = time.monotonic() + args.duration
        began, wall = run_threads(run_user, [
            (port, key, area_id, year, stop_at, args.think, random.Random(index), results, lock, args.ramp)
            for index, (key, area_id) in enumerate(users)
        ], args.duration)
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)

    latencies = [ms for ms, _, _ in results]
    errors = [error for _, error, _ in results if error]
    print(f"\n{args.users} county officials (arriving over {args.ramp:.0f} s) × {args.duration} s, think {args.think} s, "
          f"gunicorn {args.workers} "
          f"workers, cache {'off' if args.no_cache else '60 s'}{', cold start' if args.cold else ''}, "
          f"{args.enterprises} enterprises")
    print(f"requests {len(results)}  errors {len(errors)}  throughput {len(results) / wall:.1f} req/s")
    if latencies:
        print(f"median {statistics.median(latencies):.1f} ms  p95 {percentile(latencies, 0.95):.1f} ms  "
              f"p99 {percentile(latencies, 0.99):.1f} ms  max {max(latencies):.1f} ms")
    if latencies and args.duration >= 20:
        windows = {}
        for ms, _, at in results:
            windows.setdefault(int((at - began) // 10), []).append(ms)
        print("per 10 s:", "  ".join(f"[{k * 10}-{k * 10 + 10}s] n={len(v)} p50={statistics.median(v):.0f} "
                                       f"p95={percentile(v, 0.95):.0f}" for k, v in sorted(windows.items())))
    if errors:
        print("errors:", {e: errors.count(e) for e in set(errors)})
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())

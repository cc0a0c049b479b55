#!/usr/bin/env python
"""Benchmark: `manage.py whatif` over 100,000 synthetic enterprises on PostgreSQL.

    .venv/bin/python bench/whatif.py [--enterprises 100000] [--year 2024] [--runs 3] [--keep]

Creates its own database (default zjtx_bench_whatif; the name must start with "zjtx_bench"), migrates it, loads the
enterprises, their designations and two years of figures with bench/recompute.py's loader, then times the command
with the example draft (docs/whatif-draft.toml) and a CSV output, `--runs` times, and reports the median. It checks
that nothing was stored (every table's row count before and after). The database is dropped afterwards unless
--keep. Never points at real data.
"""

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from io import StringIO
from pathlib import Path

from recompute import admin_sql, load  # bench/recompute.py: the same server helper and loader

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def parse():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--enterprises", type=int, default=100_000)
    parser.add_argument("--year", type=int, default=2024)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--draft", default=str(ROOT / "docs" / "whatif-draft.toml"))
    parser.add_argument("--database", default="zjtx_bench_whatif")
    parser.add_argument("--server", default=os.environ.get("BENCH_PG", "postgres://postgres@127.0.0.1:5432"))
    parser.add_argument("--keep", action="store_true", help="keep the database afterwards")
    args = parser.parse_args()
    if not args.database.startswith("zjtx_bench"):
        parser.error("the benchmark database name must start with zjtx_bench (it is dropped and re-created)")
    return args


def main():
    args = parse()
    os.environ["DATABASE_URL"] = f"{args.server}/{args.database}"
    os.environ["DJANGO_SETTINGS_MODULE"] = "guilin_zjtx.settings.test"
    admin_sql(args.server, f'DROP DATABASE IF EXISTS "{args.database}"')
    admin_sql(args.server, f'CREATE DATABASE "{args.database}"')
    try:
        import django

        django.setup()
        from django.apps import apps
        from django.core.management import call_command
        from django.db import connection

        call_command("migrate", verbosity=0)
        began = time.perf_counter()
        enterprises, designations, figures = load(args.enterprises, args.year, random.Random(2026))
        print(f"loaded {enterprises} enterprises, {designations} designations, {figures} figures rows "
              f"in {time.perf_counter() - began:.1f} s (CPUs: {os.cpu_count()})")

        def counts():
            return {m._meta.label: m._default_manager.count() for m in apps.get_models()}

        before = counts()
        seconds = []
        with tempfile.TemporaryDirectory() as folder:
            output = Path(folder) / "whatif.csv"
            for run in range(1, args.runs + 1):
                out = StringIO()
                began = time.perf_counter()
                call_command("whatif", "--year", str(args.year), "--policy", args.draft, "--output", str(output),
                             stdout=out)
                seconds.append(time.perf_counter() - began)
                lines = sum(1 for _ in output.open(encoding="utf-8")) - 1
                print(f"run {run}: {seconds[-1]:6.1f} s — {lines} rows; {out.getvalue().splitlines()[-1]}")
        print(f"median of {len(seconds)} runs: {statistics.median(seconds):.1f} s")
        print("nothing stored:", "yes" if counts() == before else "NO — a table's row count changed")
        target = 30.0
        verdict = "OK" if statistics.median(seconds) < target else "SLOWER THAN TARGET"
        print(f"target < {target:.0f} s: {verdict}")
        connection.close()
    finally:
        if not args.keep:
            admin_sql(args.server, f'DROP DATABASE IF EXISTS "{args.database}"')


if __name__ == "__main__":
    main()

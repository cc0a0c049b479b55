"""Benchmark: `manage.py import_data figures` on a synthetic file of N rows for N/10 enterprises.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/guilin_zjtx .venv/bin/python bench/import_figures.py --rows 100000
    DATABASE_URL=… .venv/bin/python bench/import_figures.py --rows 200000 --enterprises 100000 --designations
    DATABASE_URL=… .venv/bin/python bench/import_figures.py --rows 200000 --reevaluate

Every import is timed twice: first run (all new), second run (all unchanged). `--enterprises N` sets the number of
firms (default rows / 10); `--designations` also times a designations file (one grant for 97 % of the firms).
By default the award re-evaluation the imports trigger is left out (its listener detached: the imports alone);
`--reevaluate` keeps it (in-process when CELERY_BROKER_URL is unset).

Never touches real data: it creates its own database (`zjtx_bench_imports` on the server of DATABASE_URL, or a
temporary SQLite file when DATABASE_URL is not PostgreSQL), migrates it, loads the enterprises through the
enterprise import, times the figures import (first run: all new; second run: all unchanged), prints rows per
second and drops the database again. Targets (issue 15, PostgreSQL): 200,000 figure rows in under 6 s, an unchanged re-import in under 3 s.
"""

import argparse
import csv
import io
import os
import shutil
import sys
import tempfile
import time
from contextlib import redirect_stdout
from pathlib import Path
from urllib.parse import urlparse, urlunparse

BASE_DIR = Path(__file__).resolve().parent.parent
FIGURES_HEADERS = ["统一社会信用代码", "年度", "工业总产值（元）", "纳税总额（元）", "营业收入（元）", "研发费用（元）", "从业人员数"]
DESIGNATION_HEADERS = ["统一社会信用代码", "认定层级", "认定日期", "有效期至", "认定文号"]
ENTERPRISE_HEADERS = ["统一社会信用代码", "企业名称", "所属区域", "成立日期", "所属行业"]


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=100_000, help="figure rows (enterprises: rows / 10)")
    parser.add_argument("--database", default="zjtx_bench_imports", help="name of the throw-away PostgreSQL database")
    parser.add_argument("--keep", action="store_true", help="keep the benchmark database afterwards")
    parser.add_argument("--enterprises", type=int, help="number of enterprises (default: rows / 10)")
    parser.add_argument("--designations", action="store_true", help="also time a designations import")
    parser.add_argument("--reevaluate", action="store_true", help="include the award re-evaluation the imports trigger")
    args = parser.parse_args()

    if "bench" not in args.database:
        parser.error("the benchmark database is dropped afterwards: its name must contain 'bench'")
    url = os.environ.get("DATABASE_URL", "")
    workdir = Path(tempfile.mkdtemp(prefix="zjtx-bench-"))
    if url.startswith(("postgres://", "postgresql://")):
        bench_url = urlunparse(urlparse(url)._replace(path=f"/{args.database}"))
        recreate_postgres_database(bench_url, args.database)
    else:
        bench_url = f"sqlite:///{workdir / 'bench.sqlite3'}"
        print("DATABASE_URL is not PostgreSQL: using a temporary SQLite file (the 60 s target is for PostgreSQL)")
    os.environ["DATABASE_URL"] = bench_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "guilin_zjtx.settings.test")
    sys.path.insert(0, str(BASE_DIR))
    try:
        run(args.rows, workdir, firms=args.enterprises, designations=args.designations, reevaluate=args.reevaluate)
    finally:
        from django.db import connections

        connections.close_all()
        if bench_url.startswith("postgres") and not args.keep:
            drop_postgres_database(bench_url, args.database)
        shutil.rmtree(workdir, ignore_errors=True)


def run(rows, workdir, *, firms=None, designations=False, reevaluate=False):
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from enterprises import changes
    from enterprises.models import AnnualFigures, Area, Designation

    print(f"database: {connection.vendor} {connection.settings_dict['NAME']}")
    with redirect_stdout(io.StringIO()):
        call_command("migrate", verbosity=0)
    if not reevaluate:
        changes._listeners.clear()  # the imports alone: no award re-evaluation after the figures
    print("award re-evaluation: " + ("included" if reevaluate else "left out (--reevaluate includes it)"))
    firms = firms or max(1, rows // 10)
    enterprises_file, figures_file = write_files(rows, firms, list(Area.objects.order_by("pk")), workdir)
    timed(call_command, "enterprises", enterprises_file, firms)
    if designations:
        designations_file, granted = write_designations(firms, workdir)
        timed(call_command, "designations", designations_file, granted)
        assert Designation.objects.count() == granted
    timed(call_command, "figures", figures_file, rows)
    assert AnnualFigures.objects.count() == rows
    assert AnnualFigures.history.count() == rows, "one history row per created row, none for unchanged ones"


def timed(call_command, kind, path, rows):
    for label in ("all new", "re-import (all unchanged)"):
        out = io.StringIO()
        started, cpu = time.perf_counter(), time.process_time()
        call_command("import_data", kind, str(path), stdout=out)
        elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu
        print(f"{kind}, {label}: {rows:,} rows in {elapsed:.2f} s (this process's CPU {cpu:.2f} s) = "
              f"{rows / elapsed:,.0f} rows/s — {out.getvalue().strip()}")


def write_designations(firms, workdir):
    """One grant for 97 of every 100 firms, over the three tiers and several years."""
    from enterprises.credit_codes import make_credit_code
    from enterprises.models import Area

    areas = list(Area.objects.order_by("pk"))
    levels = ["创新型中小企业", "市级专精特新中小企业", "国家级专精特新小巨人企业"]
    path = workdir / "designations.csv"
    granted = 0
    with path.open("w", encoding="utf-8-sig", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(DESIGNATION_HEADERS)
        for i in range(firms):
            if i % 100 >= 97:
                continue
            code = make_credit_code(areas[i % len(areas)].code or "450300", 100_000 + i)
            writer.writerow([code, levels[i % 3], f"{2019 + i % 5}-0{1 + i % 9}-15", "", f"桂工信〔{2019 + i % 5}〕{i % 90}号"])
            granted += 1
    return path, granted


def write_files(rows, firms, areas, workdir):
    """N/10 enterprises spread over the areas, ten years of figures each, in the bureau's column format."""
    from enterprises.credit_codes import make_credit_code

    codes = [make_credit_code(areas[i % len(areas)].code or "450300", 100_000 + i) for i in range(firms)]
    enterprises_file = workdir / "enterprises.csv"
    with enterprises_file.open("w", encoding="utf-8-sig", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(ENTERPRISE_HEADERS)
        for i, code in enumerate(codes):
            writer.writerow([code, f"桂林基准测试{i}号有限公司", areas[i % len(areas)].name, "2010-01-01", "专用设备制造业"])
    figures_file = workdir / "figures.csv"
    with figures_file.open("w", encoding="utf-8-sig", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(FIGURES_HEADERS)
        for n in range(rows):
            code, year = codes[n % firms], 2024 - n // firms
            output = 10_000_000 + (n * 7919) % 90_000_000
            writer.writerow([code, year, f"{output:,}.50", f"{output // 25}", f"{output * 1.08:.2f}", "", 50 + n % 500])
    return enterprises_file, figures_file


def _admin_connection(url):
    import psycopg2

    parsed = urlparse(url)
    connection = psycopg2.connect(
        host=parsed.hostname, port=parsed.port or 5432, user=parsed.username, password=parsed.password,
        dbname="postgres",
    )
    connection.autocommit = True
    return connection


def recreate_postgres_database(url, name):
    drop_postgres_database(url, name)
    _execute(url, f'CREATE DATABASE "{name}"')


def drop_postgres_database(url, name):
    _execute(url, f'DROP DATABASE IF EXISTS "{name}"')


def _execute(url, statement):
    connection = _admin_connection(url)
    try:
        with connection.cursor() as cursor:
            cursor.execute(statement)
    finally:
        connection.close()


if __name__ == "__main__":
    main()

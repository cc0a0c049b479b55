"""Benchmark: one department posts N annual figures in one call of POST /api/v1/figures/ (default 10,000).

    .venv/bin/python bench/api_figures.py                      # temporary SQLite file
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/guilin_zjtx .venv/bin/python bench/api_figures.py

Never touches real data: it works in its own database (`zjtx_bench_api` on the server of DATABASE_URL, dropped
afterwards, or a temporary SQLite file), loads N enterprises through the enterprise import, issues a 税务 token with
the real service, and times the call through Django's test client (the whole stack: middleware, token, throttle,
schema validation, the import pipeline, the sources kept, the call log): first all new, then the same body again
(all unchanged), then with every output value changed (all changed, the value used re-evaluated).
"""

import argparse
import io
import json
import logging
import os
import shutil
import sys
import tempfile
import time
from contextlib import redirect_stdout
from pathlib import Path
from urllib.parse import urlparse, urlunparse

from import_figures import drop_postgres_database, recreate_postgres_database, write_files

BASE_DIR = Path(__file__).resolve().parent.parent


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--items", type=int, default=10_000, help="figures in the one call (one per enterprise)")
    parser.add_argument("--database", default="zjtx_bench_api", help="name of the throw-away PostgreSQL database")
    args = parser.parse_args()
    url = os.environ.get("DATABASE_URL", "")
    workdir = Path(tempfile.mkdtemp(prefix="zjtx-bench-"))
    if url.startswith(("postgres://", "postgresql://")):
        bench_url = urlunparse(urlparse(url)._replace(path=f"/{args.database}"))
        recreate_postgres_database(bench_url, args.database)
    else:
        bench_url = f"sqlite:///{workdir / 'bench.sqlite3'}"
    os.environ["DATABASE_URL"] = bench_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "guilin_zjtx.settings.test")
    sys.path.insert(0, str(BASE_DIR))
    try:
        run(args.items, workdir)
    finally:
        from django.db import connections

        connections.close_all()
        if bench_url.startswith("postgres"):
            drop_postgres_database(bench_url, args.database)
        shutil.rmtree(workdir, ignore_errors=True)


def run(items, workdir):
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import setup_test_environment

    from api.services import issue_token
    from audit import COMMAND
    from enterprises.models import AnnualFigures, Area, FigureReport

    setup_test_environment()  # the test client's host name is allowed, outgoing mail kept in memory
    logging.disable(logging.INFO)  # one line per re-evaluation task otherwise
    print(f"database: {connection.vendor} {connection.settings_dict['NAME']}")
    with redirect_stdout(io.StringIO()):
        call_command("migrate", verbosity=0)
    enterprises_file, _ = write_files(items, items, list(Area.objects.order_by("pk")), workdir)
    call_command("import_data", "enterprises", str(enterprises_file), stdout=io.StringIO())
    codes = [line.split(",")[0].lstrip("\ufeff") for line in enterprises_file.read_text("utf-8-sig").splitlines()[1:]]
    _, token = issue_token(actor=COMMAND, institution_name="国家税务总局桂林市税务局", kind="department")
    client = Client(HTTP_AUTHORIZATION=f"Bearer {token}")

    def body(bump):
        return json.dumps([
            {"credit_code": code, "year": 2024, "output_value": str(10_000_000 + n * 13 + bump),
             "tax_paid": str(400_000 + n), "revenue": f"{11_000_000 + n}.50", "employees": 50 + n % 400}
            for n, code in enumerate(codes)
        ])

    for label, payload in (("all new", body(0)), ("the same again (unchanged)", body(0)), ("all changed", body(1))):
        started = time.perf_counter()
        response = client.post("/api/v1/figures/", payload, content_type="application/json")
        elapsed = time.perf_counter() - started
        assert response.status_code == 200, response.content[:500]
        print(f"POST /api/v1/figures/ {items:,} items, {label}: {elapsed:.2f} s — {response.json()}")
    assert AnnualFigures.objects.count() == items
    print(f"sources kept: {FigureReport.objects.count():,} reports")


if __name__ == "__main__":
    main()

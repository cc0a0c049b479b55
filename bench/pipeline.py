#!/usr/bin/env python
"""Benchmark: the whole portal pipeline for N enterprises beside a plain Python script, in one run.

    BENCH_PG=postgres://postgres@127.0.0.1:5432 .venv/bin/python bench/pipeline.py [--enterprises 100000]
        [--year 2024] [--repeat 3] [--database zjtx_bench_pipeline] [--keep-files DIR]

1. Generates the three import files (enterprises; designations, ~0.97 a firm; figures, ~1.98 a firm) in the
   formats of `manage.py import_data` (README → Registry and imports), from a fixed seed.
2. Creates its own PostgreSQL database (its name must contain "bench"), migrates it once (untimed) and
   exports the seeded policy editions with `manage.py export_policy` (untimed).
3. Each repeat, on a fresh copy of that migrated database: times `import_data enterprises`, `import_data
   designations`, `import_data figures`, `recompute_eligibility --year Y` and `export_awards --year Y --output
   F.csv`, each a `manage.py` subprocess (CELERY_BROKER_URL unset: the tasks run in-process, DEBUG off); then
   times bench/pipeline_plain.py (a subprocess too) on the same files and the exported editions.
4. Checks the portal's (四) 成长奖励 rows of the export against the plain list row by row (credit code, area,
   year, outcome, amount) and prints the disagreements and the ratio portal / plain.

With --repeat N every figure printed at the end is the median of the N runs. The databases are dropped afterwards.
Never points at real data.
"""

import argparse
import csv
import os
import random
import secrets
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

ENTERPRISE_HEADERS = ["统一社会信用代码", "企业名称", "所属区域", "成立日期", "所属行业"]
DESIGNATION_HEADERS = ["统一社会信用代码", "认定层级", "认定日期", "有效期至", "认定文号"]
FIGURES_HEADERS = ["统一社会信用代码", "年度", "工业总产值（元）", "纳税总额（元）", "营业收入（元）", "研发费用（元）", "从业人员数"]
INNOVATIVE, MUNICIPAL, REGIONAL, LITTLE_GIANT = ("创新型中小企业", "市级专精特新中小企业", "自治区级专精特新中小企业",
                                                 "国家级专精特新小巨人企业")
GROWTH_KIND = "成长奖励"
STEPS = ("import_data enterprises", "import_data designations", "import_data figures", "recompute_eligibility",
         "export_awards")
TARGET_RATIO = 15.0
SECRET_KEY = secrets.token_urlsafe(50)  # DEBUG off (as in production) needs one; the benchmark's own


def parse():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--enterprises", type=int, default=100_000)
    parser.add_argument("--year", type=int, default=2024)
    parser.add_argument("--repeat", type=int, default=1, help="runs; the figures printed are their medians")
    parser.add_argument("--database", default="zjtx_bench_pipeline")
    parser.add_argument("--server", default=os.environ.get("BENCH_PG", "postgres://postgres@127.0.0.1:5432"))
    parser.add_argument("--keep-files", metavar="DIR", help="write the files and outputs here and keep them")
    args = parser.parse_args()
    if "bench" not in args.database:
        parser.error("the benchmark database is dropped and re-created: its name must contain 'bench'")
    if args.repeat < 1:
        parser.error("--repeat must be at least 1")
    return args


def admin_sql(server, *statements):
    import psycopg2

    conn = psycopg2.connect(f"{server}/postgres")
    conn.autocommit = True
    with conn.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)
    conn.close()


def query(url, statement):
    import psycopg2

    conn = psycopg2.connect(url)
    with conn.cursor() as cursor:
        cursor.execute(statement)
        rows = cursor.fetchall()
    conn.close()
    return rows


def generate(workdir, count, year, areas, rng):
    """Three files of the bureau's formats: every firm has two years of figures but about 2 % of them one only; 89 %
    hold a title (the innovative tier among them, which (四) does not reward; some municipal titles upgraded to a
    regional one), valid for three years from a grant date spread over four years before the end of `year`."""
    from enterprises.credit_codes import make_credit_code

    paths = {name: workdir / f"{name}.csv" for name in ("enterprises", "designations", "figures")}
    counts = dict.fromkeys(paths, 0)
    with (paths["enterprises"].open("w", encoding="utf-8-sig", newline="") as e_out,
          paths["designations"].open("w", encoding="utf-8-sig", newline="") as d_out,
          paths["figures"].open("w", encoding="utf-8-sig", newline="") as f_out):
        writers = {"enterprises": csv.writer(e_out), "designations": csv.writer(d_out), "figures": csv.writer(f_out)}
        writers["enterprises"].writerow(ENTERPRISE_HEADERS)
        writers["designations"].writerow(DESIGNATION_HEADERS)
        writers["figures"].writerow(FIGURES_HEADERS)
        start = date(year - 3, 1, 1)
        for serial in range(1, count + 1):
            area_name, area_code = areas[serial % len(areas)]
            code = make_credit_code(area_code or "450300", 300_000_000 + serial)
            writers["enterprises"].writerow([code, f"桂林流水线基准{serial}号有限公司", area_name,
                                             (date(2005, 1, 1) + timedelta(days=serial % 5000)).isoformat(),
                                             "专用设备制造业"])
            counts["enterprises"] += 1
            draw = rng.random()
            if draw < 0.50:
                levels = [MUNICIPAL]
            elif draw < 0.60:
                levels = [MUNICIPAL, REGIONAL]
            elif draw < 0.67:
                levels = [LITTLE_GIANT]
            elif draw < 0.89:
                levels = [INNOVATIVE]
            else:
                levels = []
            granted = start + timedelta(days=rng.randrange(0, 4 * 365 - 250))
            for offset, level in enumerate(levels[:1] if rng.random() < 0.20 else levels):
                day = granted + timedelta(days=200 * offset)
                valid = date(day.year + 3, day.month, 28 if (day.month, day.day) == (2, 29) else day.day) \
                    - timedelta(days=1)
                writers["designations"].writerow([code, level, day.isoformat(), valid.isoformat(),
                                                  f"桂工信〔{day.year}〕{serial}-{offset}号"])
                counts["designations"] += 1
            prior = rng.randrange(5_000_000, 130_000_000)
            prior_tax = rng.randrange(0, 5_000_000) if rng.random() < 0.005 else rng.randrange(100_000, 5_000_000)
            growth, tax_growth = rng.uniform(-0.1, 0.8), rng.uniform(-0.05, 0.4)
            years = [(year - 1, prior, prior_tax), (year, int(prior * (1 + growth)), int(prior_tax * (1 + tax_growth)))]
            if rng.random() < 0.02:
                years.pop(rng.randrange(2))
            for fig_year, output, tax in years:
                cents = rng.randrange(100)
                writers["figures"].writerow([code, fig_year, f"{output:,}.{cents:02d}", f"{tax}.00",
                                             f"{int(output * 1.1)}.00", "", 20 + serial % 400])
                counts["figures"] += 1
    return paths, counts


def manage(url, *arguments, timed=True):
    """One `manage.py` command as a subprocess against the benchmark database; its seconds."""
    env = {key: value for key, value in os.environ.items() if key not in ("CELERY_BROKER_URL", "DJANGO_SETTINGS_MODULE")}
    env.update(DATABASE_URL=url, DJANGO_SETTINGS_MODULE="guilin_zjtx.settings.local", DEBUG="False",
               SECRET_KEY=env.get("SECRET_KEY") or SECRET_KEY)
    began = time.perf_counter()
    done = subprocess.run([sys.executable, "manage.py", *arguments], cwd=ROOT, env=env, capture_output=True, text=True)
    seconds = time.perf_counter() - began
    if done.returncode != 0:
        raise SystemExit(f"manage.py {' '.join(arguments)} failed ({done.returncode}):\n{done.stdout}\n{done.stderr}")
    return seconds, done.stdout.strip().splitlines()[-1:] if done.stdout.strip() else []


def portal_rows(path, year):
    """The (四) rows of the portal's export: credit code → (area, year, outcome, amount)."""
    rows = {}
    with open(path, encoding="utf-8-sig", newline="") as stream:
        for row in csv.DictReader(stream):
            if row["奖励类型"] == GROWTH_KIND and row["年度"] == str(year):
                rows[row["统一社会信用代码"]] = (row["所属区域"], row["年度"], row["结果"], row["金额（元）"])
    return rows


def plain_rows(path):
    with open(path, encoding="utf-8", newline="") as stream:
        return {row["统一社会信用代码"]: (row["所属区域"], row["年度"], row["结果"], row["金额（元）"])
                for row in csv.DictReader(stream)}


def disagreements(portal, plain):
    """Rows that differ, or that only one side lists."""
    return sorted(code for code in portal.keys() | plain.keys() if portal.get(code) != plain.get(code))


def one_run(args, template, workdir, paths, policies, number):
    url = f"{args.server}/{args.database}"
    admin_sql(args.server, f'DROP DATABASE IF EXISTS "{args.database}"',
              f'CREATE DATABASE "{args.database}" TEMPLATE "{template}"')
    export = workdir / f"awards-{number}.csv"
    commands = [
        ("import_data", "enterprises", str(paths["enterprises"])),
        ("import_data", "designations", str(paths["designations"])),
        ("import_data", "figures", str(paths["figures"])),
        ("recompute_eligibility", "--year", str(args.year)),
        ("export_awards", "--year", str(args.year), "--output", str(export)),
    ]
    timings = {}
    for step, command in zip(STEPS, commands, strict=True):
        seconds, last_line = manage(url, *command)
        timings[step] = seconds
        print(f"  {step:<26} {seconds:7.2f} s  {' '.join(last_line)[:90]}", flush=True)
    timings["portal"] = sum(timings[step] for step in STEPS)

    plain_output = workdir / f"plain-{number}.csv"
    began = time.perf_counter()
    subprocess.run([sys.executable, str(ROOT / "bench" / "pipeline_plain.py"), "--year", str(args.year),
                    *[arg for policy in policies for arg in ("--policy", str(policy))],
                    str(paths["enterprises"]), str(paths["designations"]), str(paths["figures"]), str(plain_output)],
                   check=True)
    timings["plain"] = time.perf_counter() - began
    portal, plain = portal_rows(export, args.year), plain_rows(plain_output)
    differing = disagreements(portal, plain)
    print(f"  {'plain script':<26} {timings['plain']:7.2f} s  {len(plain):,} rows (四); portal {len(portal):,} rows (四)")
    print(f"  portal {timings['portal']:.2f} s = {timings['portal'] / timings['plain']:.1f}× plain; "
          f"disagreements: {len(differing)}", flush=True)
    for code in differing[:10]:
        print(f"    {code}: portal {portal.get(code)} / plain {plain.get(code)}")
    timings["disagreements"] = len(differing)
    timings["eligible"] = sum(1 for row in plain.values() if row[2] == "符合")
    return timings


def main():
    args = parse()
    template = f"{args.database}_migrated"
    workdir = Path(args.keep_files) if args.keep_files else Path(tempfile.mkdtemp(prefix="zjtx-pipeline-"))
    workdir.mkdir(parents=True, exist_ok=True)
    admin_sql(args.server, f'DROP DATABASE IF EXISTS "{args.database}"', f'DROP DATABASE IF EXISTS "{template}"',
              f'CREATE DATABASE "{template}"')
    try:
        template_url = f"{args.server}/{template}"
        seconds, _ = manage(template_url, "migrate", "-v0")
        print(f"migrated {template} in {seconds:.1f} s (untimed)")
        policies = []
        for (number,) in query(template_url, "SELECT document_number FROM policy_policyrecord ORDER BY effective_from"):
            policies.append(workdir / f"policy-{len(policies) + 1}.toml")
            manage(template_url, "export_policy", number, "--output", str(policies[-1]))
        print(f"policy editions exported: {len(policies)} ({', '.join(p.name for p in policies)})")
        areas = query(template_url, "SELECT name, code FROM enterprises_area ORDER BY id")
        began = time.perf_counter()
        paths, counts = generate(workdir, args.enterprises, args.year, areas, random.Random(2026))
        print(f"generated {counts['enterprises']:,} enterprises, {counts['designations']:,} designations, "
              f"{counts['figures']:,} figures rows in {time.perf_counter() - began:.1f} s (untimed) in {workdir}")
        print(f"CPUs: {os.cpu_count()}, load average {' '.join(f'{x:.2f}' for x in os.getloadavg())}", flush=True)

        runs = []
        for number in range(1, args.repeat + 1):
            print(f"run {number}/{args.repeat}")
            runs.append(one_run(args, template, workdir, paths, policies, number))

        label = "median of" if args.repeat > 1 else "one run of"
        print(f"\n{label} {args.repeat} run(s), {args.enterprises:,} enterprises, year {args.year}:")
        for step in (*STEPS, "portal", "plain"):
            values = [run[step] for run in runs]
            print(f"  {step:<26} {statistics.median(values):7.2f} s  ({' / '.join(f'{v:.2f}' for v in values)})")
        ratio = statistics.median(run["portal"] / run["plain"] for run in runs)
        wrong = max(run["disagreements"] for run in runs)
        print(f"  ratio portal/plain        {ratio:7.1f}×  (target ≤ {TARGET_RATIO:.0f}×: "
              f"{'OK' if ratio <= TARGET_RATIO else 'SLOWER THAN TARGET'})")
        print(f"  disagreements             {wrong:7d}   ({runs[0]['eligible']:,} eligible (四) results)")
        if wrong:
            raise SystemExit(1)
    finally:
        admin_sql(args.server, f'DROP DATABASE IF EXISTS "{args.database}"', f'DROP DATABASE IF EXISTS "{template}"')
        if not args.keep_files:
            import shutil

            shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()

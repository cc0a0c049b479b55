#!/usr/bin/env python
"""Load test of the portal's common pages beside a bare Django view, in one run on one gunicorn.

Builds (once; --rebuild to redo) the registry of bench/dashboards_load.py (20,000 enterprises, designations, four
years of figures, pools, targets, awards, loans, training) plus a few hundred declarations waiting for review, in
its OWN PostgreSQL database (default zjtx_pages_bench; the name must start with "zjtx_pages"). Starts gunicorn
(production settings with bench/pages_settings.py's URL list, which adds /bench/bare/: one row by primary key, no
session, no template) on 127.0.0.1, signs every simulated user in through the login form, then each user requests
its role's pages and the bare view in turn, with a think time. Prints per page: requests, errors, median, p95,
req/s and the ratio of its p95 to the bare view's p95.

    .venv/bin/python bench/pages_load.py                       # 50 users, 60 s, 1 s think time, dashboards cached
    .venv/bin/python bench/pages_load.py --no-cache            # every dashboard request rebuilds its figures
    .venv/bin/python bench/pages_load.py --think 0 --users 10  # saturation
    .venv/bin/python bench/pages_load.py --builds 20 --duration 0  # 20 uncached city dashboards in-process only
"""

import argparse
import http.client
import os
import random
import re
import signal
import statistics
import sys
import threading
import time
from datetime import date
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import dashboards_load  # noqa: E402  (the generator, the server start and the percentile are shared)

PG = dashboards_load.PG
PASSWORD = "bench-pages-Pa55word!"
BARE = "/bench/bare/"
ROLES = ("enterprise", "county", "reviewer")


def parse():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database", default="zjtx_pages_bench")
    parser.add_argument("--enterprises", type=int, default=20_000)
    parser.add_argument("--users", type=int, default=50, help="simulated users: 40%% enterprises, 30%% county, "
                                                              "30%% city reviewers")
    parser.add_argument("--duration", type=int, default=60, help="seconds of load")
    parser.add_argument("--workers", type=int, default=3, help="gunicorn workers")
    parser.add_argument("--think", type=float, default=1.0, help="mean think time between a user's requests (s)")
    parser.add_argument("--ramp", type=float, default=5.0, help="seconds over which the users arrive")
    parser.add_argument("--no-cache", action="store_true", help="QUOTA_DASHBOARD_CACHE_SECONDS=0")
    parser.add_argument("--only", default="", help="comma-separated page names to request (the bare view always)")
    parser.add_argument("--rebuild", action="store_true", help="drop and rebuild the bench database")
    parser.add_argument("--builds", type=int, default=0, help="before the load, time this many uncached builds of "
                                                               "the city dashboard in this process (no server)")
    parser.add_argument("--redis-cache", default="redis://127.0.0.1:6379/13")
    args = parser.parse_args()
    if not args.database.startswith("zjtx_pages"):
        parser.error("the bench database name must start with zjtx_pages (it is dropped and rebuilt)")
    return args


def server_env(args):
    env = dashboards_load.server_env(args)
    env["DJANGO_SETTINGS_MODULE"] = "bench.pages_settings"
    env["CELERY_BROKER_URL"] = args.redis_cache  # the pages queue no task; production settings want a broker
    return env


# ── the data ───────────────────────────────────────────────────────────────────────────────────────────────────


def build_declarations():
    """Applications and annual reports waiting at each step of the review (bench-only bulk rows)."""
    from django.utils import timezone

    from declarations.models import Declaration
    from declarations.states import Kind, Status
    from enterprises.models import Enterprise

    if Declaration.objects.exists():
        return
    year = date.today().year
    ids = list(Enterprise.objects.order_by("pk").values_list("pk", flat=True)[::40])
    steps = [Status.SUBMITTED, Status.SUBMITTED, Status.COUNTY_RECOMMENDED, Status.DRAFT, Status.RETURNED]
    now = timezone.now()
    Declaration.objects.bulk_create([
        Declaration(enterprise_id=pk, kind=Kind.APPLICATION if index % 3 else Kind.ANNUAL_REPORT,
                    year=year if index % 3 else year - 1, status=steps[index % len(steps)],
                    submitted_at=None if steps[index % len(steps)] == Status.DRAFT else now)
        for index, pk in enumerate(ids)
    ])
    print(f"declarations: {len(ids)}")


def accounts(args):
    """[(role, username, home data)] — the simulated users, each with a password to type into the login form."""
    from django.contrib.auth.hashers import make_password
    from django.contrib.auth.models import Group

    from enterprises.models import Area, Enterprise, User
    from enterprises.roles import Role, group_name

    password = make_password(PASSWORD)
    areas = list(Area.objects.order_by("sort_order"))
    firms = list(Enterprise.objects.order_by("pk").values_list("pk", flat=True)[:: max(1, args.enterprises // 100)])
    counts = {"enterprise": round(args.users * 0.4), "county": round(args.users * 0.3)}
    counts["reviewer"] = args.users - counts["enterprise"] - counts["county"]
    result = []
    for role in ROLES:
        group = Group.objects.get(name=group_name(Role(role)))
        for index in range(counts[role]):
            fields = {"role": role, "is_staff": role != "enterprise", "password": password}
            if role == "enterprise":
                fields["enterprise_id"] = firms[index % len(firms)]
            if role == "county":
                fields["area"] = areas[index % len(areas)]
            user, _ = User.objects.update_or_create(username=f"bench-pages-{role}-{index:03d}", defaults=fields)
            user.groups.set([group])
            result.append((role, user.username, user.area_id))
    return result


def pages_of(role, area_id):
    """{page name: path} a user of `role` goes through."""
    if role == "enterprise":
        return {"enterprise home": "/declarations/"}
    common = {"admin changelist": "/admin/enterprises/enterprise/", "review queue": "/declarations/review/"}
    if role == "county":
        return {"county dashboard": f"/dashboards/areas/{area_id}/", **common}
    return {"city dashboard": "/dashboards/", "admin landing": "/admin/", **common}


def time_builds(args):
    """The city dashboard built from the database `args.builds` times in this process, one at a time: its figures
    (selectors.build_dashboard) and the whole page (the view with its template, figures included)."""
    from django.test import RequestFactory, override_settings

    from dashboards import selectors, views
    from enterprises.models import User

    user = User.objects.get(username="bench-pages-reviewer-000")
    year = date.today().year
    figures, pages = [], []
    with override_settings(QUOTA_DASHBOARD_CACHE_SECONDS=0):
        selectors.build_dashboard(year)  # warm-up, not measured
        for _ in range(args.builds):
            started = time.perf_counter()
            selectors.build_dashboard(year)
            figures.append((time.perf_counter() - started) * 1000)
            request = RequestFactory().get("/dashboards/")
            request.user = user
            started = time.perf_counter()
            response = views.city(request)
            pages.append((time.perf_counter() - started) * 1000)
            if response.status_code != 200:
                raise SystemExit(f"city dashboard: HTTP {response.status_code}")
    print(f"city dashboard uncached, {args.builds} builds in one process: figures median "
          f"{statistics.median(figures):.1f} ms (min {min(figures):.1f}), whole page median "
          f"{statistics.median(pages):.1f} ms (min {min(pages):.1f})")


# ── the client ─────────────────────────────────────────────────────────────────────────────────────────────────


class Browser:
    """One signed-in user: its cookies, one new connection per request (gunicorn's sync workers close them)."""

    def __init__(self, port):
        self.port, self.cookies = port, {}

    def request(self, method, path, body=None, send_cookies=True):
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        headers = {"Host": "127.0.0.1"}
        if send_cookies and self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            content = response.read()
            for header in response.msg.get_all("Set-Cookie") or []:
                name, _, rest = header.partition("=")
                self.cookies[name.strip()] = rest.split(";", 1)[0]
            return response.status, response.getheader("Location"), content
        finally:
            connection.close()

    def sign_in(self, username):
        status, _, content = self.request("GET", "/accounts/login/")
        token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', content)
        if status != 200 or not token:
            raise RuntimeError(f"login form: HTTP {status}")
        form = urlencode({"username": username, "password": PASSWORD, "csrfmiddlewaretoken": token.group(1)})
        status, location, _ = self.request("POST", "/accounts/login/", body=form)
        if status != 302 or "sessionid" not in self.cookies:
            raise RuntimeError(f"{username} not signed in: HTTP {status} → {location}")


def run_user(browser, pages, firm_ids, stop_at, think, rng, results, lock, ramp):
    time.sleep(rng.uniform(0, ramp))
    names = [*pages, "bare view"]
    turn = rng.randrange(len(names))
    while time.monotonic() < stop_at:
        name = names[turn % len(names)]
        turn += 1
        bare = name == "bare view"
        path = f"{BARE}?pk={rng.choice(firm_ids)}" if bare else pages[name]
        started = time.perf_counter()
        error = None
        try:
            status, location, _ = browser.request("GET", path, send_cookies=not bare)
            if status != 200:
                error = f"HTTP {status}" + (f" → {location}" if location else "")
        except OSError as exc:
            error = type(exc).__name__
        elapsed = (time.perf_counter() - started) * 1000
        with lock:
            results.append((name, elapsed, error))
        if think:
            time.sleep(rng.uniform(think / 2, think * 1.5))


def report(args, results, wall):
    bare = [ms for name, ms, _ in results if name == "bare view"]
    bare_p95 = dashboards_load.percentile(bare, 0.95) if bare else None
    print(f"\n{args.users} users (40% enterprises, 30% county, 30% city reviewers; arriving over {args.ramp:.0f} s) × "
          f"{args.duration} s, think {args.think} s, gunicorn {args.workers} workers, dashboard cache "
          f"{'off' if args.no_cache else '60 s'}, {args.enterprises} enterprises")
    print(f"{'page':<18} {'requests':>8} {'errors':>6} {'median ms':>10} {'p95 ms':>8} {'req/s':>6} {'p95/bare':>9}")
    order = ["bare view", "enterprise home", "county dashboard", "city dashboard", "admin changelist",
             "review queue", "admin landing"]
    failed = 0
    for name in order:
        rows = [(ms, error) for page, ms, error in results if page == name]
        if not rows:
            continue
        latencies = [ms for ms, _ in rows]
        errors = [error for _, error in rows if error]
        failed += len(errors)
        p95 = dashboards_load.percentile(latencies, 0.95)
        ratio = f"{p95 / bare_p95:.1f}×" if bare_p95 else "-"
        print(f"{name:<18} {len(rows):>8} {len(errors):>6} {statistics.median(latencies):>10.1f} {p95:>8.1f} "
              f"{len(rows) / wall:>6.1f} {ratio:>9}")
        if errors:
            print(f"{'':<18} errors: {dict((e, errors.count(e)) for e in set(errors))}")
    print(f"all pages: {len(results)} requests, {len(results) / wall:.1f} req/s")
    return 1 if failed else 0


def main():
    args = parse()
    env = server_env(args)
    os.environ.update(env)
    dashboards_load.ensure_database(args, env)
    import django

    django.setup()
    dashboards_load.build_data(args)
    dashboards_load.build_section_data(args)
    build_declarations()
    users = accounts(args)
    if args.builds:
        time_builds(args)
    if not args.duration:
        return 0
    from enterprises.models import Enterprise

    firm_ids = list(Enterprise.objects.values_list("pk", flat=True)[:2000])
    from django.db import connection

    connection.close()

    port = dashboards_load.free_port()
    server = dashboards_load.start_gunicorn(args, env, port)
    only = {name.strip() for name in args.only.split(",") if name.strip()}
    results, lock = [], threading.Lock()
    try:
        browsers = []
        for role, username, area_id in users:
            browser = Browser(port)
            browser.sign_in(username)
            pages = {name: path for name, path in pages_of(role, area_id).items() if not only or name in only}
            browsers.append((browser, pages))
        for browser, pages in browsers[:: max(1, len(browsers) // 10)]:  # warm-up, not measured
            for path in pages.values():
                try:
                    browser.request("GET", path)
                except OSError:  # a page slower than the client's timeout is counted in the measured run
                    pass
        stop_at = time.monotonic() + args.duration
        _, wall = dashboards_load.run_threads(run_user, [
            (browser, pages, firm_ids, stop_at, args.think, random.Random(index), results, lock, args.ramp)
            for index, (browser, pages) in enumerate(browsers)
        ], args.duration)
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
    return report(args, results, wall)


if __name__ == "__main__":
    sys.exit(main())

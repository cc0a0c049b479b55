"""Finance benchmark: time and query count of the summary, the per-area selector and a whole-city list push.

Run against a seeded database (manage.py migrate && manage.py seed_demo); it writes nothing that survives
(the push is recorded inside a transaction that is rolled back). Export speed is also measured on a synthetic
snapshot of N rows, so a white list far larger than the demo's can be judged:

    .venv/bin/python bench/finance_bench.py [--rows 5000] [--repeat 5]
"""

import argparse
import os
import sys
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "guilin_zjtx.settings.local")

import django  # noqa: E402

django.setup()

from django.db import connection, transaction  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402

from enterprises.models import User  # noqa: E402
from enterprises.selectors import today  # noqa: E402
from finance import exports, selectors, services  # noqa: E402
from finance.models import ListPush, ListPushRow  # noqa: E402


def measure(label, repeat, func):
    best, queries, result = None, 0, None
    for _ in range(repeat):
        with CaptureQueriesContext(connection) as captured:
            start = time.perf_counter()
            result = func()
            elapsed = time.perf_counter() - start
        best = elapsed if best is None else min(best, elapsed)
        queries = len(captured)
    print(f"{label:<46} best {best * 1000:8.1f} ms   {queries:3d} queries")
    return result


class Rollback(Exception):
    pass


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=5000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    user = User.objects.filter(username="jinrong").first() or User.objects.filter(is_superuser=True).first()
    if user is None:
        sys.exit("no user: run manage.py seed_demo first")
    year = today().year
    print(f"database: {connection.vendor}; white list today: {selectors.push_candidates(user=user, on=today()).count()}")
    measure(f"finance_summary(user, {year})", args.repeat, lambda: selectors.finance_summary(user, year))
    measure(f"finance_by_area({year})", args.repeat, lambda: selectors.finance_by_area(year))
    measure(f"financing_share({year})", args.repeat, lambda: selectors.financing_share(year))

    def push_and_export():
        try:
            with transaction.atomic():
                push = services.record_push(actor=user, recipient_kind="bank", recipient_name="基准测试银行")
                rows = list(selectors.push_rows(push))
                exports.render_csv(rows)
                exports.render_xlsx(push, rows)
                raise Rollback
        except Rollback:
            pass

    measure("record_push + csv + xlsx (whole city, rolled back)", args.repeat, push_and_export)

    push = ListPush(recipient_name="基准测试银行", pushed_at=timezone.now())
    rows = [
        ListPushRow(position=i, name=f"桂林基准测试科技{i}号有限公司", credit_code="91450300MA5K000000",
                    area_name="七星区", tier_label="市级专精特新中小企业", tier_valid_until=date(2027, 6, 30),
                    industry="专用设备制造业", contact_person="黄经理", contact_phone="0773-5800000",
                    address="桂林市七星区朝阳路 1 号")
        for i in range(1, args.rows + 1)
    ]
    measure(f"render_csv, {args.rows} rows", args.repeat, lambda: exports.render_csv(rows))
    content = measure(f"render_xlsx, {args.rows} rows", args.repeat, lambda: exports.render_xlsx(push, rows))
    print(f"xlsx size for {args.rows} rows: {len(content) / 1024:.0f} KiB")


if __name__ == "__main__":
    main()

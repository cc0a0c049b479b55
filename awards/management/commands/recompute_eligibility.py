"""python manage.py recompute_eligibility --year Y [--async]"""

from django.core.management.base import BaseCommand
from django.db import transaction

from awards.recompute import recompute_eligibility


class Command(BaseCommand):
    help = "按（三）（四）重新计算某年度的奖励资格（默认在本进程内执行，--async 交给 Celery）"

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, required=True)
        parser.add_argument("--async", action="store_true", dest="run_async", help="放入 Celery 队列异步执行")

    def handle(self, *args, year, run_async, **options):
        if run_async:
            from awards.services import start_recompute

            with transaction.atomic():
                run = start_recompute(year=year, actor=None)
            self.stdout.write(self.style.SUCCESS(f"已提交 {year} 年资格重算任务（编号 {run.pk}），进度见后台“资格重算任务”"))
            return

        def report(done, total):
            if total and (done == total or done % 10000 == 0):
                self.stdout.write(f"  {done}/{total}")

        summary = recompute_eligibility(year=year, progress=report)
        self.stdout.write(self.style.SUCCESS(str(summary)))

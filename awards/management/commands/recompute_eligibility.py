"""python manage.py recompute_eligibility --year Y [--async] [--actor USERNAME]

Without --actor the run is recorded as audit.COMMAND (the command line, no user)."""

from django.core.exceptions import PermissionDenied
from django.core.management.base import CommandError
from django.db import transaction

from audit.commands import DatabaseSafeCommand
from awards.recompute import recompute_eligibility
from awards.services import start_recompute
from enterprises.command_actors import command_actor


class Command(DatabaseSafeCommand):
    help = "按（三）（四）重新计算某年度的奖励资格（默认在本进程内执行，--async 交给 Celery）"

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, required=True)
        parser.add_argument("--async", action="store_true", dest="run_async", help="放入 Celery 队列异步执行")
        parser.add_argument("--actor", default="", help="以该用户名记录操作人（默认记为命令行）")

    def handle(self, *args, year, run_async, actor, **options):
        user = command_actor(actor)
        try:
            if run_async:
                with transaction.atomic():
                    run = start_recompute(year=year, actor=user)
                self.stdout.write(self.style.SUCCESS(f"已提交 {year} 年资格重算任务（编号 {run.pk}），进度见后台“资格重算任务”"))
                return

            def report(done, total):
                if total and (done == total or done % 10000 == 0):
                    self.stdout.write(f"  {done}/{total}")

            summary = recompute_eligibility(year=year, actor=user, progress=report)
        except PermissionDenied as error:
            raise CommandError(f"用户“{actor}”{error}") from error
        self.stdout.write(self.style.SUCCESS(str(summary)))

"""python manage.py recompute_eligibility --year Y [--async] [--actor USERNAME]

Without --actor the run is recorded as audit.COMMAND (the command line, no user). Either way the run is recorded
(资格重算任务) and split into chunks: a year with a live run refuses a second one, and a year with an interrupted
run resumes it."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import CommandError
from django.db import transaction

from audit.commands import DatabaseSafeCommand
from awards.runs import run_inline
from awards.services import record_run, start_recompute
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
                self._say_resumed(run)
                self.stdout.write(self.style.SUCCESS(f"已提交 {year} 年资格重算任务（编号 {run.pk}），进度见后台“资格重算任务”"))
                return

            def report(done, total):
                if total and (done == total or done % 10000 == 0):
                    self.stdout.write(f"  {done}/{total}")

            run = record_run(year=year, actor=user)
            self._say_resumed(run)
            summary = run_inline(run, actor=user, progress=report)
        except PermissionDenied as error:
            raise CommandError(f"用户“{actor}”{error}") from error
        except ValidationError as error:
            raise CommandError("；".join(error.messages)) from error
        self.stdout.write(self.style.SUCCESS(str(summary)))

    def _say_resumed(self, run):
        if run.resumed:
            self.stdout.write(f"继续 {run.year} 年中断的资格重算任务（编号 {run.pk}）：已处理 {run.done}/{run.total} 家")

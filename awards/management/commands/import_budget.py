"""python manage.py import_budget FILE(.csv|.xlsx) [--user USERNAME]

The bureau's yearly award budgets, columns exactly 年度, 奖励类型, 预算金额（元） (optional 说明): 奖励类型 is 认定奖励
or 成长奖励, the amount in yuan (`1234567.89`, `1,234,567.89` or an Excel number). All or nothing: any bad row writes
nothing, every bad row is named on stderr with its row number and the reason, and the command exits 1. A second
import of the same file changes nothing (awards.budgets.import_budget)."""


from django.core.exceptions import PermissionDenied
from django.core.management.base import CommandError

from audit.commands import DatabaseSafeCommand, read_input_file
from awards.budgets import import_budget
from enterprises.command_actors import command_actor


class Command(DatabaseSafeCommand):
    help = "导入奖励资金预算（列：年度、奖励类型、预算金额（元）；任何一行有误则整个文件不导入）"

    def add_arguments(self, parser):
        parser.add_argument("file", help="预算文件，.csv（UTF-8，可带 BOM）或 .xlsx")
        parser.add_argument("--user", default="", help="以该用户身份导入（审核人员或系统管理员）；不指定时记为命令行")

    def handle(self, *args, file, user, **options):
        path, content = read_input_file(file)
        actor = command_actor(user)
        try:
            report = import_budget(actor=actor, content=content, file_name=path.name)
        except PermissionDenied as error:
            raise CommandError(str(error)) from error
        if not report.ok:
            for line in report.error_lines():
                self.stderr.write(line)
            raise CommandError(report.summary())
        self.stdout.write(self.style.SUCCESS(report.summary()))

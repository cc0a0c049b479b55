"""python manage.py import_bank_receipts FILE(.csv|.xlsx) [--user USERNAME]

Reconciles the bank's receipt (银行回单) with its payment batches, all or nothing (awards.batches
.import_bank_receipts): any row in error — an unknown batch or enterprise, an amount off by a cent, a row for an
award not in that batch, a bad date or result, a duplicate, a 交易日期 in the future or not after the notice, an
award the importing user approved (four eyes), an answer contradicting one already recorded — writes nothing,
names every such row on stderr and exits 1. Importing the same file again changes nothing.

成功 records the payment; 失败 returns the award to due for the next batch, with the bank's reason. A 成功 row for an
award held back after its batch was made (a flag, an open objection, a credit entry) is recorded all the same:
the bank's receipt is a fact, the money has left. Such awards are listed on stderr for the bureau to follow up
(a recovery, 追回, if it comes to that) — refusing the row would only leave the books wrong."""


from django.core.exceptions import PermissionDenied
from django.core.management.base import CommandError

from audit.commands import DatabaseSafeCommand, read_input_file
from awards.batches import import_bank_receipts
from enterprises.command_actors import command_actor


class Command(DatabaseSafeCommand):
    help = "导入银行回单并与兑付批次对账（任何一行有误则整个文件不导入）"

    def add_arguments(self, parser):
        parser.add_argument("file", help="银行回单文件，.csv（UTF-8，可带 BOM）或 .xlsx")
        parser.add_argument("--user", default="", help="以该用户身份导入（财政人员）；不指定时记为命令行")

    def handle(self, *args, file, user, **options):
        path, content = read_input_file(file)
        actor = command_actor(user)
        try:
            report = import_bank_receipts(content=content, file_name=path.name, actor=actor)
        except PermissionDenied as error:
            raise CommandError(str(error)) from error
        if not report.ok:
            for line in report.errors:
                self.stderr.write(line)
            raise CommandError(f"银行回单未导入：共 {len(report.errors)} 处错误，未写入任何数据")
        for line in report.warnings:
            self.stderr.write(self.style.WARNING(line))
        self.stdout.write(self.style.SUCCESS(f"已导入银行回单 {path.name}：{report.summary()}"))

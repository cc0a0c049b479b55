"""python manage.py export_payment_batch --year Y --output FILE(.csv|.xlsx) [--user USERNAME]

Puts every award of year Y due today into a new payment batch (awards.batches.create_payment_batch) and writes the
file for the bank (awards.batch_export). With nothing due, no batch and no file. The awards left out are listed on
stderr with their reasons, so that finance sees why. The batch and the file succeed or fail together."""

from pathlib import Path

from django.core.exceptions import PermissionDenied
from django.core.management.base import CommandError
from django.db import transaction

from audit.commands import DatabaseSafeCommand
from awards.batch_export import extension_of, write_batch_to_path
from awards.batches import create_payment_batch
from enterprises.command_actors import command_actor


class Command(DatabaseSafeCommand):
    help = "生成某年度的兑付批次并导出银行代发文件（.csv 为带 BOM 的 UTF-8，或 .xlsx）"

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, required=True)
        parser.add_argument("--output", required=True, help="输出文件路径，以 .csv 或 .xlsx 结尾")
        parser.add_argument("--user", default="", help="以该用户身份生成（财政人员）；不指定时记为命令行")

    def handle(self, *args, year, output, user, **options):
        try:
            extension_of(output)
        except ValueError as error:
            raise CommandError(str(error)) from error
        actor = command_actor(user)
        try:
            with transaction.atomic():
                result = create_payment_batch(year=year, actor=actor)
                if result.batch:
                    write_batch_to_path(result.batch, output)
        except PermissionDenied as error:
            raise CommandError(str(error)) from error
        except OSError as error:
            Path(output).unlink(missing_ok=True)
            raise CommandError(f"无法写入文件“{output}”：{error.strerror or error}，未生成批次") from error
        for award, reasons in result.held:
            enterprise = award.enterprise
            self.stderr.write(f"暂缓兑付：{enterprise.name}（{enterprise.credit_code}）{award.year} 年"
                              f"{award.get_kind_display()}：{'；'.join(reasons)}")
        if result.batch is None:
            self.stdout.write(f"{year} 年没有待兑付的奖励，未生成批次")
            return
        batch = result.batch
        self.stdout.write(self.style.SUCCESS(
            f"已生成兑付批次 {batch.number}：{batch.item_count} 笔，合计 {batch.total_amount:,.2f} 元 → {output}"
        ))

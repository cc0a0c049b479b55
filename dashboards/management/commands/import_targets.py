"""python manage.py import_targets FILE [--actor USERNAME] — yearly area targets from .csv/.xlsx, all or nothing.

A thin wrapper over the registry's import service (the "targets" kind of `manage.py import_data`), keeping this
command's arguments, messages and exit codes. Without --actor the import runs as audit.COMMAND."""

from django.core.management.base import CommandError

from audit.commands import DatabaseSafeCommand
from enterprises.command_actors import command_actor
from enterprises.importing import TargetImportError, import_targets
from enterprises.resources import TARGET_COLUMNS


class Command(DatabaseSafeCommand):
    help = f"导入区域年度指标（列：{'、'.join(TARGET_COLUMNS)}；.csv 或 .xlsx）。任一行有误则整份文件不导入。"

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--actor", help="记入变更记录的用户名（默认不记名）")

    def handle(self, *args, file, actor=None, **options):
        user = command_actor(actor)
        try:
            summary = import_targets(actor=user, path=file)
        except FileNotFoundError:
            raise CommandError(f"文件不存在：{file}") from None
        except TargetImportError as error:
            raise CommandError("导入失败，未写入任何数据：\n" + "\n".join(error.errors)) from None
        self.stdout.write(self.style.SUCCESS(
            f"导入完成：新增 {summary.new} 条，更新 {summary.updated} 条，未变 {summary.unchanged} 条"
        ))

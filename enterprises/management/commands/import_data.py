"""python manage.py import_data KIND FILE [--dry-run] [--user USERNAME]

The same service as the admin's import button (enterprises.importing): all rows valid or nothing written; each
bad row named with its spreadsheet row number (header = row 1) and the reason; exit status 1 on any error.
Without --user the import runs as audit.COMMAND: the whole registry, recorded as the command line in history.
"""

from pathlib import Path

from django.contrib.auth import get_permission_codename
from django.core.management.base import CommandError

from audit import COMMAND
from audit.commands import DatabaseSafeCommand
from enterprises.importing import import_dataset
from enterprises.models import User
from enterprises.resources import RESOURCES
from enterprises.spreadsheets import SpreadsheetError, read_sheet


class Command(DatabaseSafeCommand):
    help = (
        "导入企业库数据（enterprises 企业、designations 认定、figures 年度经营数据、credit 信用记录、targets 区域年度指标）"
        "及各项措施的台账（类型见下方 kind 的可选值）。"
        "文件为 .csv（UTF-8，可带 BOM）或 .xlsx，第 1 行为表头。任何一行有误则整个文件不写入，并逐行列出错误。"
    )

    def add_arguments(self, parser):
        parser.add_argument("kind", choices=sorted(RESOURCES), help="导入类型")
        parser.add_argument("file", help=".csv 或 .xlsx 文件路径")
        parser.add_argument("--dry-run", action="store_true", help="只校验并报告将新增/更新/未变化的条数，不写入")
        parser.add_argument("--user", metavar="USERNAME", help="记入变更历史的操作用户（按其权限和管辖范围导入）")

    def handle(self, *args, kind, file, dry_run, user, **options):
        actor = self.actor(user, kind) if user else COMMAND
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"找不到文件：{file}")
        try:
            dataset = read_sheet(path)
        except SpreadsheetError as error:
            raise CommandError(str(error)) from error
        report = import_dataset(kind, dataset, actor=actor, dry_run=dry_run, source_name=path.name)
        for line in report.error_lines():
            self.stderr.write(line)
        if not report.ok:
            raise CommandError(report.summary())
        self.stdout.write(self.style.SUCCESS(report.summary()))

    def actor(self, username, kind):
        actor = User.objects.filter(username=username, is_active=True).first()
        if actor is None:
            raise CommandError(f"没有名为“{username}”的有效用户")
        opts = RESOURCES[kind]._meta.model._meta
        if not actor.has_perm(f"{opts.app_label}.{get_permission_codename('add', opts)}"):
            raise CommandError(f"用户“{username}”没有导入{opts.verbose_name}的权限")
        return actor

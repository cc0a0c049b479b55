"""python manage.py export_awards --year Y --output FILE(.csv|.xlsx)"""

from django.core.management.base import CommandError

from audit.commands import DatabaseSafeCommand
from awards.export import export_to_path
from awards.models import Award


class Command(DatabaseSafeCommand):
    help = "导出某年度的奖励结果（.csv 为带 BOM 的 UTF-8，或 .xlsx）"

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, required=True)
        parser.add_argument("--output", required=True, help="输出文件路径，以 .csv 或 .xlsx 结尾")

    def handle(self, *args, year, output, **options):
        try:
            export_to_path(year, output)
        except ValueError as error:
            raise CommandError(str(error)) from error
        count = Award.objects.filter(year=year).count()
        self.stdout.write(self.style.SUCCESS(f"已导出 {year} 年奖励结果 {count} 条：{output}"))

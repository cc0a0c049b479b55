"""`manage.py export_policy DOCUMENT_NUMBER [--output FILE.toml]`: write one edition of the measures as TOML, in the
form `import_policy` reads (its docstring lists every key). Without --output the file goes to standard output."""

from pathlib import Path

from django.core.management.base import CommandError

from audit.commands import DatabaseSafeCommand
from policy import edition_file, selectors
from policy.rules import edition_title


class Command(DatabaseSafeCommand):
    help = "将一个政策版本（按发文字号）导出为 TOML 文件，可用 import_policy 原样导回"

    def add_arguments(self, parser):
        parser.add_argument("document_number", metavar="DOCUMENT_NUMBER", help="发文字号")
        parser.add_argument("--output", metavar="FILE.toml", help="输出文件（默认输出到屏幕）")

    def handle(self, *args, document_number, output, **options):
        record = selectors.edition_by_document_number(document_number)
        if record is None:
            raise CommandError(f"未找到发文字号为“{document_number}”的政策版本")
        text = edition_file.write_edition(record)
        if not output:
            self.stdout.write(text, ending="")
            return
        try:
            Path(output).write_text(text, encoding="utf-8")
        except OSError as error:
            raise CommandError(f"无法写入 {output}：{error}") from None
        self.stdout.write(f"已导出政策版本{edition_title(record)}到 {output}")

"""python manage.py whatif --year Y --policy FILE.toml [--output FILE.csv|FILE.xlsx]

Year Y's (三) and (四) under the draft edition in FILE.toml (import_policy's format, treated as in force for the
whole of Y whatever its dates) beside the edition actually in force, for the enterprises the recompute evaluates.
Stores nothing: no award, no history row, no edition (awards.whatif). With --output, one row per enterprise and
award kind, columns exactly 统一社会信用代码, 企业名称, 所属区域, 奖励类型, 现行结果, 现行金额（元）, 模拟结果,
模拟金额（元）; the standard output ends with “合计：现行 N 家 X 元；模拟 M 家 Z 元”."""

import re
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import CommandError

from audit.commands import DatabaseSafeCommand
from awards import whatif
from awards.export import output_file, write_csv, write_xlsx
from policy import edition_file
from policy.rules import edition_title

YEAR = re.compile(r"\d{4}")


def parse_year(text):
    text = str(text if text is not None else "").strip()
    if not YEAR.fullmatch(text) or not 2000 <= int(text) <= 2100:
        raise CommandError(f"年度应为 2000 至 2100 之间的四位数字，如 --year 2024（收到“{text}”）")
    return int(text)


def read_draft(file):
    path = Path(file)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as error:
        raise CommandError(f"无法读取政策草案文件 {path}：{error}") from None
    try:
        return edition_file.unsaved_edition(text)
    except ValidationError as error:
        raise CommandError(f"政策草案文件 {path} 有误：{'；'.join(error.messages)}") from None


def output_extension(output):
    extension = output.lower().rsplit(".", 1)[-1] if "." in Path(output).name else ""
    if extension not in ("csv", "xlsx"):
        raise CommandError(f"输出文件须以 .csv 或 .xlsx 结尾（收到“{output}”）")
    if not Path(output).resolve().parent.is_dir():
        raise CommandError(f"输出文件所在的目录不存在：{Path(output).parent}")
    return extension


class Command(DatabaseSafeCommand):
    help = "政策模拟：按草案版本（TOML）测算某年度（三）（四）奖励，与现行版本对比；不写入任何数据"

    def add_arguments(self, parser):
        parser.add_argument("--year", required=True, metavar="Y", help="测算年度，如 2024")
        parser.add_argument("--policy", required=True, metavar="FILE.toml", help="政策草案文件（import_policy 的格式）")
        parser.add_argument("--output", default="", metavar="FILE.csv",
                            help="逐企业对比表，.csv（带 BOM 的 UTF-8）或 .xlsx；不写则只输出合计")

    def handle(self, *args, year, policy, output, **options):
        year, output = parse_year(year), str(output or "")
        draft = read_draft(policy)
        extension = output_extension(output) if output else None
        report = whatif.Report(year=year)
        with whatif.nothing_stored():
            rows = report.through(whatif.simulate(year=year, draft=draft))
            if extension is None:
                for _row in rows:
                    pass
            else:
                try:
                    with output_file(output, extension) as stream:
                        writer = write_csv if extension == "csv" else write_xlsx
                        extra = {} if extension == "csv" else {"title": "政策模拟"}
                        writer(whatif.export_rows(rows), stream, **extra)
                except OSError as error:
                    raise CommandError(f"无法写入输出文件 {output}：{error}") from None
        self.stdout.write(f"{year} 年政策模拟：草案{edition_title(draft)}，涉及 {report.rows} 行（企业 × 奖励类型）"
                          + (f"，对比表已写入 {output}" if output else ""))
        for line in report.kind_lines():
            self.stdout.write(line)
        self.stdout.write(report.summary_line)

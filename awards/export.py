"""The award export (public interface): one row per stored result of a year, exactly these columns."""

import csv
import os
import tempfile
from contextlib import contextmanager
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Font

from enterprises.spreadsheets import as_text_cell, escape_formula

from .selectors import awards_of_year

HEADERS = ("统一社会信用代码", "企业名称", "所属区域", "年度", "奖励类型", "结果", "金额（元）", "状态", "说明")


def amount_text(amount) -> str:
    """Two decimals, no separators: 60000.00, 0.00."""
    return str(Decimal(amount).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))


def export_rows(year, queryset=None):
    """Header then one tuple of strings per stored result of `year` (optionally within `queryset`)."""
    yield HEADERS
    for award in awards_of_year(year, queryset).iterator(chunk_size=2000):
        enterprise = award.enterprise
        yield tuple(str(value) for value in (
            enterprise.credit_code,
            enterprise.name,
            enterprise.area.name,
            award.year,
            award.get_kind_display(),
            award.get_outcome_display(),
            amount_text(award.amount),
            award.get_state_display(),
            "；".join(award.reason_lines),
        ))


def write_csv(rows, stream):
    """UTF-8 with BOM, so that Excel opens the Chinese text correctly. `stream` is a text stream."""
    stream.write("\ufeff")
    writer = csv.writer(stream)
    for row in rows:
        writer.writerow([escape_formula(value) for value in row])


def write_xlsx(rows, stream, title="奖励结果"):
    """An .xlsx workbook into a binary stream: the same cells as the CSV (amounts as "60000.00"), all text cells,
    so that a name starting with "=" stays text without the CSV's apostrophe."""
    workbook = Workbook(write_only=False)
    sheet = workbook.active
    sheet.title = title
    for index, row in enumerate(rows):
        sheet.append(list(row))
        for cell in sheet[sheet.max_row]:
            as_text_cell(cell)
            if index == 0:
                cell.font = Font(bold=True)
    for letter, width in zip("ABCDEFGHI", (22, 36, 14, 8, 10, 12, 14, 18, 80), strict=True):
        sheet.column_dimensions[letter].width = width
    workbook.save(stream)


@contextmanager
def output_file(path, extension):
    """A stream for writing the file at `path` whole or not at all: text for "csv", bytes for "xlsx". It is
    written beside `path` under a temporary name and moved into place when the writing ends; if the writing fails
    (the database goes away halfway) the temporary file is removed and whatever was at `path` stays as it was."""
    path = Path(path)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=path.parent or ".")
    try:
        mode = {"mode": "w", "encoding": "utf-8", "newline": ""} if extension == "csv" else {"mode": "wb"}
        with open(handle, **mode) as stream:
            yield stream
        os.chmod(temporary, 0o644)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def export_to_path(year, path, queryset=None):
    extension = str(path).lower().rsplit(".", 1)[-1]
    if extension not in ("csv", "xlsx"):
        raise ValueError("输出文件须以 .csv 或 .xlsx 结尾")
    with output_file(path, extension) as stream:
        (write_csv if extension == "csv" else write_xlsx)(export_rows(year, queryset), stream)

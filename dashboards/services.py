"""Writes of the quota dashboards: importing the yearly area targets, all or nothing."""

import csv
import io
from dataclasses import dataclass
from pathlib import Path

import tablib
from openpyxl import load_workbook

from .resources import COLUMNS, AreaTargetResource

HEADER_ROW = 1  # row numbers in messages are the spreadsheet's: the header is row 1, data start on row 2


class TargetImportError(Exception):
    """The file was refused; `errors` are Chinese messages with row numbers. Nothing was written."""

    def __init__(self, errors):
        super().__init__("\n".join(errors))
        self.errors = errors


@dataclass
class TargetImportSummary:
    new: int
    updated: int
    unchanged: int


def read_table(path):
    """(headers, rows) of a .csv (UTF-8 with or without BOM, or GB18030 as Chinese Excel saves it) or .xlsx file;
    each row keeps its spreadsheet row number, blank lines included, so messages point at the right line."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix == ".xlsx":
        workbook = load_workbook(path, read_only=True, data_only=True)
        lines = [list(row) for row in workbook.worksheets[0].iter_rows(values_only=True)]
        workbook.close()
    elif suffix == ".csv":
        raw = path.read_bytes()
        for encoding in ("utf-8-sig", "gb18030"):
            try:
                text = raw.decode(encoding)
                break
            except UnicodeDecodeError:
                continue
        else:
            raise TargetImportError(["文件编码无法识别，请另存为 UTF-8 编码的 CSV"])
        lines = list(csv.reader(io.StringIO(text)))
    else:
        raise TargetImportError([f"不支持的文件类型“{path.suffix}”：仅接受 .csv 或 .xlsx"])
    if not lines:
        raise TargetImportError(["文件为空"])
    headers = [_text(cell) for cell in lines[0]]
    while headers and not headers[-1]:
        headers.pop()
    rows = [(number, [_text(cell) for cell in line]) for number, line in enumerate(lines[1:], start=HEADER_ROW + 1)]
    return headers, rows


def _text(cell):
    if cell is None:
        return ""
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    return str(cell).strip()


def _normalised(headers, rows):
    if set(headers) != set(COLUMNS) or len(headers) != len(COLUMNS):
        raise TargetImportError([f"表头应为且仅为：{'、'.join(COLUMNS)}；实际为：{'、'.join(headers) or '（空）'}"])
    clean = tablib.Dataset(headers=headers)
    numbers = []
    for number, row in rows:
        if any(row):  # a blank line in a spreadsheet is not a row
            if any(row[len(headers):]):
                raise TargetImportError([f"第 {number} 行：表头之外的列有内容"])
            clean.append((row + [""] * len(headers))[: len(headers)])
            numbers.append(number)
    if not numbers:
        raise TargetImportError(["文件中没有数据行"])
    return clean, numbers


def import_targets(*, actor, path):
    """Create or update one AreaTarget per row (area + year); any bad row refuses the whole file."""
    dataset, numbers = _normalised(*read_table(path))
    errors = []
    seen = {}
    area_index, year_index = dataset.headers.index(COLUMNS[0]), dataset.headers.index(COLUMNS[1])
    for number, row in zip(numbers, dataset, strict=True):
        key = (row[area_index], row[year_index])
        if key in seen:
            errors.append(f"第 {number} 行：{key[0]} {key[1]} 年与第 {seen[key]} 行重复")
        seen.setdefault(key, number)
    if errors:
        raise TargetImportError(errors)

    resource = AreaTargetResource(actor=actor)
    result = resource.import_data(
        dataset, dry_run=False, raise_errors=False, use_transactions=True, rollback_on_validation_errors=True,
    )
    if result.has_errors() or result.has_validation_errors():
        for index, row_errors in result.row_errors():
            errors += [f"第 {numbers[index - 1]} 行：{error.error}" for error in row_errors]
        for invalid in result.invalid_rows:
            for messages in invalid.error_dict.values():
                errors += [f"第 {numbers[invalid.number - 1]} 行：{message}" for message in messages]
        errors.sort(key=lambda text: int(text.split(" ")[1]) if text.split(" ")[1].isdigit() else 0)
        raise TargetImportError(errors)
    totals = result.totals
    return TargetImportSummary(new=totals["new"], updated=totals["update"], unchanged=totals["skip"])

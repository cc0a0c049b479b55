"""Reading the bank's receipt file (银行回单) for a payment batch: exactly these columns, one row per transfer.

    批次号, 统一社会信用代码, 金额（元）, 交易流水号, 交易日期, 交易结果[, 失败原因]

The file is read like every registry import (enterprises.spreadsheets: CSV in UTF-8 with or without a BOM, or the
first sheet of an .xlsx; enterprises.cells for dates and amounts), and row numbers are the ones Excel shows (the
header is row 1). No database here: awards.batches matches the rows to the batch items and writes."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from enterprises.cells import is_blank, iso_date, money, text
from enterprises.credit_codes import normalise_credit_code
from enterprises.import_rows import RowError, bounded_text, header_columns, read_cell
from enterprises.spreadsheets import SpreadsheetError, format_for

BATCH, CODE, AMOUNT, SERIAL, DATE, RESULT, REASON = (
    "批次号", "统一社会信用代码", "金额（元）", "交易流水号", "交易日期", "交易结果", "失败原因",
)
HEADERS = (BATCH, CODE, AMOUNT, SERIAL, DATE, RESULT)
OPTIONAL = (REASON,)
SUCCEEDED, FAILED = "成功", "失败"
FIRST_DATA_ROW = 2


@dataclass(frozen=True)
class ReceiptRow:
    row: int  # as the spreadsheet numbers it
    batch_number: str
    credit_code: str
    amount: Decimal
    serial_number: str
    transaction_date: date | None
    succeeded: bool
    failure_reason: str

    @property
    def result_label(self):
        return SUCCEEDED if self.succeeded else FAILED


def _parse_row(number, cells, today, errors):
    row_errors = []

    def read(name, parse, required=True):
        return read_cell(number, cells, row_errors, name, parse, required=required)

    batch_number = read(BATCH, bounded_text(30))
    credit_code = read(CODE, lambda value: normalise_credit_code(text(value)))
    amount = read(AMOUNT, money)
    if amount is not None and amount <= 0:
        row_errors.append(RowError(number, AMOUNT, f"金额应大于 0（“{text(cells.get(AMOUNT))}”）"))
    result = read(RESULT, text)
    if result is not None and result not in (SUCCEEDED, FAILED):
        row_errors.append(RowError(number, RESULT, f"交易结果“{result}”应为“{SUCCEEDED}”或“{FAILED}”"))
        result = None
    succeeded = result == SUCCEEDED
    serial = read(SERIAL, bounded_text(60), required=succeeded) or ""
    transaction_date = read(DATE, iso_date, required=succeeded)
    if transaction_date is not None and transaction_date > today:
        row_errors.append(RowError(number, DATE, f"交易日期 {transaction_date:%Y-%m-%d} 晚于今天，请核对"))
    reason = read(REASON, bounded_text(200), required=False) or ""
    errors.extend(row_errors)
    if row_errors or result is None:
        return None
    return ReceiptRow(number, batch_number, credit_code, amount, serial, transaction_date, succeeded,
                      "" if succeeded else reason)


def read_receipt(content: bytes, file_name, *, today):
    """(rows, file_errors, row_errors): the rows that read cleanly, what is wrong with the file as a whole (its
    format, its header) and a RowError for every unusable cell. Blank rows are skipped; a row dated after `today`
    is an error."""
    try:
        dataset = format_for(file_name).create_dataset(content)
    except SpreadsheetError as error:
        return [], [str(error)], []
    columns, file_errors = header_columns(dataset, HEADERS, OPTIONAL, what="回单")
    if file_errors:
        return [], file_errors, []
    rows, errors = [], []
    for index, record in enumerate(dataset):
        cells = {name: record[position] for name, position in columns.items()}
        if all(is_blank(value) for value in cells.values()):
            continue
        row = _parse_row(index + FIRST_DATA_ROW, cells, today, errors)
        if row is not None:
            rows.append(row)
    if not rows and not errors:
        file_errors.append("文件中没有数据行（第 1 行为表头，数据从第 2 行开始）。")
    return rows, file_errors, errors

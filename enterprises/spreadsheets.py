"""The two file formats of registry imports and exports: CSV (UTF-8, BOM optional) and XLSX.

Both read into a tablib Dataset whose n-th data row is spreadsheet row n + 2 (the header is row 1): blank rows are
kept, so the row numbers in error messages are the ones the bureau sees in Excel. Both export with formulae
defused: CSV cells that Excel would evaluate get a leading apostrophe (stripped again on import), XLSX cells are
written as typed text, so `=HYPERLINK(...)` in a company name stays text in both and round-trips unchanged.

The command line reads a file as a Sheet instead (`read_sheet`): the same rows, streamed from disk at each pass, so
its memory does not grow with the file.

Every file is held to three limits (settings IMPORT_MAX_UNCOMPRESSED_BYTES, IMPORT_MAX_ROWS, IMPORT_MAX_CELL_CHARS)
before it can cost memory: the size of a CSV, or the sum of the uncompressed sizes an .xlsx (a zip) declares, read
from its directory before openpyxl opens it (Python's zipfile never inflates a member past its declared size); then,
while the rows stream in, the number of data rows and the length of each cell. A file past a limit is refused as a
whole (SpreadsheetError naming the limit), at the first row or cell past it.
"""

import codecs
import csv
import io
import os
import re
import zipfile
from datetime import date, datetime
from functools import partial
from pathlib import Path

import openpyxl
import tablib
from django.conf import settings
from import_export.formats import base_formats
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

# What Excel and LibreOffice treat as the start of a formula in a CSV cell (OWASP "CSV injection").
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
ESCAPE = "'"
UTF8 = ("utf-8-sig",)  # with or without a byte-order mark
# `manage.py import_targets` has always also read CSV as Chinese Excel saves it ("CSV（逗号分隔）").
UTF8_OR_GB18030 = ("utf-8-sig", "gb18030")


# How an .xlsx file holds a control character (ST_Xstring: BEL is "_x0007_"); "_x005F_" escapes a literal "_x".
# openpyxl hands these out undecoded; decoded, the import refuses the invisible character instead of storing "_x0007_".
OOXML_ESCAPE = re.compile(r"_x005[Ff]_|_x00([01][0-9A-Fa-f]|7[Ff])_")


class SpreadsheetError(Exception):
    """The file as a whole cannot be read; the message is for the user."""


NOT_XLSX = "无法读取 Excel 文件：请上传 .xlsx 格式（Excel 2007 及以上）的工作簿。"
NOT_UTF8 = ("CSV 文件不是 UTF-8 编码。请在 Excel 中“另存为 → CSV UTF-8（逗号分隔）”后重新导入，"
            "或直接导入 .xlsx 文件。")
CORRUPT_XLSX = "无法读取 Excel 文件：文件已损坏或不完整，请在 Excel 中打开并重新保存为 .xlsx 后导入。"


def _refuse_size(size, what):
    limit = settings.IMPORT_MAX_UNCOMPRESSED_BYTES
    if size > limit:
        raise SpreadsheetError(
            f"{what}超过 {limit / (1024 * 1024):g} MB 上限（IMPORT_MAX_UNCOMPRESSED_BYTES），请拆分后导入。"
        )


def _within_limits(records):
    """The records unchanged, the file refused at the first data row past IMPORT_MAX_ROWS or the first cell longer
    than IMPORT_MAX_CELL_CHARS (so a huge file is never held in memory whole)."""
    max_rows, max_chars = settings.IMPORT_MAX_ROWS, settings.IMPORT_MAX_CELL_CHARS
    headers = ()
    for index, record in enumerate(records):
        if index > max_rows:  # index 0 is the header row
            raise SpreadsheetError(f"文件数据超过 {max_rows} 行上限（IMPORT_MAX_ROWS），请拆分后导入。")
        record = tuple(record)
        for column, value in enumerate(record):
            if isinstance(value, str) and len(value) > max_chars:
                header = headers[column] if column < len(headers) and isinstance(headers[column], str) else ""
                raise SpreadsheetError(
                    f"第 {index + 1} 行 {get_column_letter(column + 1)} 列{f'【{header}】' if header else ''}"
                    f"有 {len(value)} 个字符，超过 {max_chars} 个字符上限（IMPORT_MAX_CELL_CHARS），请删减后重新导入。"
                )
        if index == 0:
            headers = record
        yield record


def _csv_error(error, *, has_nul):
    if has_nul:  # Python before 3.11 refuses the whole file: "line contains NUL"
        return SpreadsheetError("CSV 文件含有不可见的控制字符（NUL），无法读取：请删除后重新导入，或直接导入 .xlsx 文件。")
    return SpreadsheetError(f"CSV 文件格式有误：{error}")


def escape_formula(value):
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return ESCAPE + value
    return value


def as_text_cell(cell):
    """Make an openpyxl cell holding a string a text cell, never a formula (openpyxl would store "=..." as one);
    `quotePrefix` keeps Excel reading it as text even after the cell is edited. Every .xlsx export uses this."""
    if isinstance(cell.value, str):
        cell.data_type = "s"
        if cell.value.startswith(FORMULA_STARTS):
            cell.quotePrefix = True
    return cell


def unescape_formula(text: str) -> str:
    """Undo `escape_formula`, so an exported file re-imports unchanged."""
    if text.startswith(ESCAPE) and text[1:].startswith(FORMULA_STARTS):
        return text[1:]
    return text


def _pad(record, width):
    record = list(record)
    if len(record) < width:
        record.extend([None] * (width - len(record)))
    return record


def _dataset(records):
    """Headers from the first record; every row padded to one width so that no cell is dropped."""
    records = list(records)
    if not records:
        return tablib.Dataset()
    width = max(len(record) for record in records)

    def pad(record):
        return _pad(record, width)

    dataset = tablib.Dataset(headers=pad(records[0]))
    dataset.extend(pad(record) for record in records[1:])
    return dataset


class RegistryCSV(base_formats.CSV):
    """CSV in UTF-8, read with or without a byte-order mark, exported with one (Excel needs it for Chinese)."""

    def __init__(self, encoding=None, *, encodings=UTF8):
        super().__init__(encoding)  # the library's text encoding, unused: is_binary() keeps the decoding ours
        self.encodings = encodings

    def is_binary(self):
        # Read and hand out bytes: the decoding is ours, with a useful message when the file is not UTF-8.
        return True

    def get_read_mode(self):
        return "rb"

    def create_dataset(self, in_stream, **kwargs):
        _refuse_size(len(in_stream), "文件大小")
        if isinstance(in_stream, bytes):
            in_stream = self._decode(in_stream)
        in_stream = in_stream.removeprefix("\ufeff")
        try:
            return _dataset(_within_limits(csv.reader(io.StringIO(in_stream, newline=""))))
        except csv.Error as error:
            raise _csv_error(error, has_nul="\x00" in in_stream) from error

    def _decode(self, raw):
        for encoding in self.encodings:
            try:
                return raw.decode(encoding)
            except UnicodeDecodeError:
                continue
        raise SpreadsheetError(NOT_UTF8)

    def export_data(self, dataset, **kwargs):
        out = io.StringIO()
        writer = csv.writer(out)
        writer.writerow(dataset.headers)
        for row in dataset:
            writer.writerow(["" if cell is None else escape_formula(str(cell)) for cell in row])
        return ("\ufeff" + out.getvalue()).encode("utf-8")

    def get_content_type(self):
        return "text/csv; charset=utf-8"


def _decoded(value):
    """An .xlsx string cell with its control-character escapes decoded (what Excel shows, and what we check)."""
    if isinstance(value, str) and "_x" in value:
        return OOXML_ESCAPE.sub(lambda match: chr(int(match[1], 16)) if match[1] else match[0], value)
    return value


def xlsx_rows(source):
    """The first sheet's rows of an .xlsx (a path or a file object), one at a time, their values decoded; a file that
    is not .xlsx, or a damaged sheet inside a sound zip, raises SpreadsheetError with the message staff see."""
    try:
        book = openpyxl.load_workbook(source, read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises a zoo of exceptions for a file that is not .xlsx
        raise SpreadsheetError(NOT_XLSX) from error
    try:
        for row in book.worksheets[0].iter_rows(values_only=True):
            yield [_decoded(value) for value in row]
    except Exception as error:  # bad CRC, truncated deflate, broken XML
        raise SpreadsheetError(CORRUPT_XLSX) from error
    finally:
        book.close()


class RegistryXLSX(base_formats.XLSX):
    """The first worksheet of an .xlsx workbook; date cells come back as dates, numbers as numbers."""

    def create_dataset(self, in_stream, **kwargs):
        try:
            members = zipfile.ZipFile(io.BytesIO(in_stream)).infolist()
        except Exception as error:  # not a zip at all, or one cut short
            raise SpreadsheetError(NOT_XLSX) from error
        _refuse_size(sum(member.file_size for member in members), "文件解压后大小")
        return _dataset(_within_limits(xlsx_rows(io.BytesIO(in_stream))))

    def export_data(self, dataset, **kwargs):
        book = openpyxl.Workbook(write_only=True)
        sheet = book.create_sheet(title=(dataset.title or "数据")[:31])
        bold = Font(bold=True)

        def header_cell(text):
            cell = WriteOnlyCell(sheet, value=text)
            cell.font = bold
            return cell

        def data_cell(value):
            if isinstance(value, str):
                return as_text_cell(WriteOnlyCell(sheet, value=value))
            if isinstance(value, date | datetime):
                cell = WriteOnlyCell(sheet, value=value)
                cell.number_format = "yyyy-mm-dd"
                return cell
            return value

        sheet.append([header_cell(text) for text in dataset.headers])
        for row in dataset:
            sheet.append([data_cell(value) for value in row])
        out = io.BytesIO()
        book.save(out)
        return out.getvalue()


FORMATS = [RegistryCSV, RegistryXLSX]
EXTENSIONS = {".csv": RegistryCSV, ".xlsx": RegistryXLSX}


def format_for(file_name, *, encodings=UTF8):
    """The format of a file by its extension (a CSV decoded with the first of `encodings` that fits), or
    SpreadsheetError."""
    suffix = Path(str(file_name)).suffix.lower()
    if suffix not in EXTENSIONS:
        raise SpreadsheetError(f"不支持的文件类型“{suffix or file_name}”：仅接受 .csv 或 .xlsx")
    return RegistryCSV(encodings=encodings) if suffix == ".csv" else EXTENSIONS[suffix]()


def read_dataset(path, *, encodings=UTF8):
    """Read a .csv or .xlsx file from disk into a Dataset (row n of the data is spreadsheet row n + 2)."""
    file_format = format_for(path, encodings=encodings)
    return file_format.create_dataset(Path(path).read_bytes())


# -- the command line's imports: a file on disk streamed, never held whole ------------------------------------------

class Sheet:
    """The rows of a .csv or .xlsx file on disk, read from it again each time they are iterated (never all in memory):
    `headers`, then the data rows padded to one width, as the Dataset of `read_dataset` gives them. Opening it
    reads the file once through, to hold it to the limits and find its width, so a file past a limit or unreadable
    is refused (SpreadsheetError) before anything uses it."""

    def __init__(self, records):
        self._records = records  # a fresh iterator of the file's records, header first, at each call
        headers, width = None, 0
        for record in _within_limits(records()):
            if headers is None:
                headers = record
            width = max(width, len(record))
        self.width = width
        self.headers = None if headers is None else _pad(headers, width)

    def __iter__(self):
        width, records = self.width, self._records()
        next(records, None)  # the header row
        for record in records:
            yield _pad(record, width)


def _encoding_of(path, encodings):
    """The first of `encodings` the whole file decodes with, read in chunks."""
    for encoding in encodings:
        decoder = codecs.getincrementaldecoder(encoding)()
        try:
            with open(path, "rb") as raw:
                while chunk := raw.read(1 << 16):
                    decoder.decode(chunk)
                decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            continue
        return encoding
    raise SpreadsheetError(NOT_UTF8)


def _csv_records(path, encodings):
    _refuse_size(os.path.getsize(path), "文件大小")
    encoding = _encoding_of(path, encodings)

    def records():
        with open(path, encoding=encoding, newline="") as stream:
            try:
                yield from csv.reader(stream)
            except csv.Error as error:
                stream.seek(0)
                raise _csv_error(error, has_nul=any("\x00" in line for line in stream)) from error

    return records


def _xlsx_records(path):
    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
    except Exception as error:  # not a zip at all, or one cut short
        raise SpreadsheetError(NOT_XLSX) from error
    _refuse_size(sum(member.file_size for member in members), "文件解压后大小")

    return partial(xlsx_rows, path)


def read_sheet(path, *, encodings=UTF8):
    """A .csv or .xlsx file on disk as a Sheet, for `import_dataset`: the same headers, rows, limits and messages as
    `read_dataset`, in memory that does not grow with the number of rows."""
    path = Path(path)
    if isinstance(format_for(path, encodings=encodings), RegistryCSV):
        return Sheet(_csv_records(path, encodings))
    return Sheet(_xlsx_records(path))

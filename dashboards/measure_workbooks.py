"""One workbook per measure for the bureau that answers for it (the policy text names them: 市商务局 for 十八,
市市场监管局 for 十五, 市教育局 for 十六, 市金融办 for 九 …): which SRDI enterprises it reached, and how.

Each capability's selectors give the rows; the entries in `WORKBOOKS` say which rows make up a measure's workbook.
The download is scoped as the dashboards are: a county official gets its own area's rows only."""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from io import BytesIO

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from enterprises.record_tables import RecordTable
from enterprises.spreadsheets import as_text_cell

from . import measure_reach
from .exports import number_format_of

HEADER_FILL = PatternFill("solid", fgColor="F3E5E5")


# A sheet is a capability's RecordTable: its title (first 31 characters), headers and rows.
Sheet = RecordTable


@dataclass(frozen=True)
class MeasureWorkbook:
    measure: int  # the number of the measure in the policy text (liaison.measures.Measure)
    title: str  # e.g. "（十八）鼓励企业拓展市场"
    bureau: str  # the responsible bureau the workbook is for, e.g. "市商务局"
    #: sheets(year, area_ids) -> [RecordTable]; area_ids None for the whole city
    sheets: Callable


def _capability_workbooks():
    """{measure: MeasureWorkbook} from each capability's `workbook_sheets()`, for the bureau its sources name."""
    bureaus = {}
    for source in measure_reach.sources():
        bureaus.setdefault(source.measure, source.bureau)
    return {
        number: MeasureWorkbook(number, measure_reach.measure_title(number), bureaus.get(number, "市工业和信息化局"), sheets)
        for module in measure_reach.CAPABILITIES for number, sheets in module.workbook_sheets().items()
    }


# {measure number: MeasureWorkbook}
WORKBOOKS: dict[int, MeasureWorkbook] = _capability_workbooks()


def workbooks():
    return [WORKBOOKS[number] for number in sorted(WORKBOOKS)]


def workbook_bytes(workbook: MeasureWorkbook, year, area_ids=None, area_name=""):
    """The measure's sheets as an .xlsx: a title row naming the bureau, the year and the scope, then each table."""
    book = Workbook()
    book.remove(book.active)
    scope = area_name or "全市"
    for sheet in workbook.sheets(year, area_ids):
        ws = book.create_sheet(sheet.title[:31])
        ws.append([f"{workbook.title} · {year} 年 · {scope}（报送{workbook.bureau}）"])
        ws["A1"].font = Font(bold=True)
        ws.append(list(sheet.headers))
        formats = [number_format_of(header) for header in sheet.headers]
        for column, header in enumerate(sheet.headers, start=1):
            cell = ws.cell(row=2, column=column)
            cell.font, cell.fill = Font(bold=True), HEADER_FILL
            cell.alignment = Alignment(horizontal="center", wrap_text=True)
            ws.column_dimensions[get_column_letter(column)].width = max(10, min(40, len(str(header)) * 2 + 2))
        for values in sheet.rows:
            ws.append(list(values))
            for column, number_format in enumerate(formats, start=1):
                cell = ws.cell(row=ws.max_row, column=column)
                as_text_cell(cell)
                if isinstance(cell.value, date):
                    cell.number_format = "yyyy-mm-dd"
                elif number_format and isinstance(cell.value, int | Decimal) and not isinstance(cell.value, bool):
                    cell.number_format = number_format
        ws.freeze_panes = "A3"
    if not book.worksheets:
        book.create_sheet("说明").append([f"{workbook.title}：{year} 年暂无数据"])
    out = BytesIO()
    book.save(out)
    return out.getvalue()

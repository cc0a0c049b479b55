"""(十四) The renovation recommendation list as .xlsx for the bureau (formulae defused, amounts as numbers)."""

from io import BytesIO

from openpyxl import Workbook
from openpyxl.styles import Font

from enterprises.spreadsheets import as_text_cell

from .selectors import RENOVATION_HEADERS

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
WIDTHS = {"A": 6, "B": 18, "C": 36, "D": 22, "E": 12, "F": 26, "G": 36, "H": 10, "I": 14, "J": 12}


def renovation_workbook(year, rows) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = f"{year}年技术改造推荐名单"
    sheet.append(RENOVATION_HEADERS)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for values in rows:
        sheet.append(values)
        row = sheet.max_row
        for cell in sheet[row]:
            as_text_cell(cell)
        sheet.cell(row=row, column=9).number_format = "#,##0.00"
        sheet.cell(row=row, column=10).number_format = "yyyy-mm-dd"
    for column, width in WIDTHS.items():
        sheet.column_dimensions[column].width = width
    buffer = BytesIO()
    book.save(buffer)
    return buffer.getvalue()

"""(十六) The 急需紧缺人才需求目录 as an .xlsx for the education bureau and the colleges: numbers as number cells,
text never turned into a formula."""

from io import BytesIO

from openpyxl import Workbook
from openpyxl.styles import Font

from enterprises.spreadsheets import as_text_cell

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
COLUMN_WIDTHS = (30, 16, 18, 50)


def directory_xlsx(directory, scope_name) -> bytes:
    table = directory.table()
    book = Workbook()
    sheet = book.active
    sheet.title = f"{directory.year}年急需紧缺人才需求目录"[:31]
    sheet.append([f"桂林市专精特新中小企业 {directory.year} 年急需紧缺人才需求目录 · {scope_name}"])
    sheet["A1"].font = Font(bold=True)
    sheet.append(table.headers)
    for cell in sheet[2]:
        cell.font = Font(bold=True)
    for row in table.rows:
        sheet.append(row)
        for cell in sheet[sheet.max_row]:
            as_text_cell(cell)
            if isinstance(cell.value, int):
                cell.number_format = "0"
    sheet.append(["合计", directory.headcount, directory.enterprises, ""])
    for cell in sheet[sheet.max_row]:
        cell.font = Font(bold=True)
        if isinstance(cell.value, int):
            cell.number_format = "0"
    for index, width in enumerate(COLUMN_WIDTHS, start=1):
        sheet.column_dimensions[sheet.cell(row=2, column=index).column_letter].width = width
    sheet.freeze_panes = "A3"
    out = BytesIO()
    book.save(out)
    return out.getvalue()

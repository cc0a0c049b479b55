"""Write real import files for tests: CSV with or without a BOM, and .xlsx through openpyxl (real date cells)."""

import csv
import io
from datetime import date

import openpyxl

ENTERPRISE_HEADERS = ["统一社会信用代码", "企业名称", "所属区域", "成立日期", "所属行业"]
DESIGNATION_HEADERS = ["统一社会信用代码", "认定层级", "认定日期", "有效期至", "认定文号"]
FIGURES_HEADERS = ["统一社会信用代码", "年度", "工业总产值（元）", "纳税总额（元）", "营业收入（元）", "研发费用（元）", "从业人员数"]
CREDIT_HEADERS = ["统一社会信用代码", "信用状况", "列入日期", "移出日期", "认定部门"]
HEADERS = {"enterprises": ENTERPRISE_HEADERS, "designations": DESIGNATION_HEADERS, "figures": FIGURES_HEADERS}


def csv_bytes(headers, rows, *, bom=True):
    out = io.StringIO(newline="")
    writer = csv.writer(out)
    writer.writerow(headers)
    for row in rows:
        writer.writerow(["" if cell is None else str(cell) for cell in row])
    return out.getvalue().encode("utf-8-sig" if bom else "utf-8")


def xlsx_bytes(headers, rows):
    """Dates become Excel date cells, numbers number cells: what a clerk's own workbook holds."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(headers)
    for row in rows:
        sheet.append(row)
        for cell in sheet[sheet.max_row]:
            if isinstance(cell.value, date):
                cell.number_format = "yyyy-mm-dd"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def write_file(directory, style, headers, rows, name="import"):
    """style: "csv-bom", "csv" (no BOM) or "xlsx". Returns the path."""
    if style == "xlsx":
        path = directory / f"{name}.xlsx"
        path.write_bytes(xlsx_bytes(headers, rows))
    else:
        path = directory / f"{name}.csv"
        textual = [[cell.isoformat() if isinstance(cell, date) else cell for cell in row] for row in rows]
        path.write_bytes(csv_bytes(headers, textual, bom=style == "csv-bom"))
    return path


def read_xlsx(content):
    return openpyxl.load_workbook(io.BytesIO(content)).worksheets[0]

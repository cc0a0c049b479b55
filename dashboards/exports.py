"""The city table as an Excel workbook (openpyxl). Text cells never become formulae in the bureau's Excel."""

from decimal import ROUND_HALF_UP, Decimal
from io import BytesIO

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from enterprises.spreadsheets import as_text_cell

from .rules import STATUS_LABELS

HEADERS = [
    "区域", "新增市级专精特新（家）", "年度目标（家）", "完成率", "应达进度",
    "各级专精特新企业（家）", "基数（家）", "翻番目标（家）", "完成率",
    "产值年度", "专精特新企业产值（万元）", "翻番目标（万元）", "完成率",
    "培育库（家）", "进度状态",
    "申报待初审（件）", "申报待复审（件）", "申报公示中（件）", "申报已认定（件）",
    "奖励比对符合（家）", "奖励审核通过（家）", "奖励已兑付（家）", "兑付金额（万元）",
    "联络员履职应完成（家）", "联络员履职已完成（家）", "培训覆盖专精特新（家）", "专精特新企业（家）", "培训人次",
    "上市后备企业（家）", "当年上市挂牌（家）", "支持贷款（笔）", "贷款金额（万元）",
]
BEHIND_FILL = PatternFill("solid", fgColor="FDEAEA")


# A column's number format follows from its header, so that a format can never sit one column off its figures.
PERCENT_HEADERS = ("完成率", "应达进度")
WAN = Decimal("0.01")


def number_format_of(header):
    if header in PERCENT_HEADERS:
        return "0%"
    if header.endswith("（万元）"):
        return "#,##0.00"
    if header.endswith(("（家）", "（件）", "（笔）")) or header in ("培训人次", "产值年度"):
        return "0"
    return None


def _wan(value):
    return None if value is None else (Decimal(value) / 10000).quantize(WAN, rounding=ROUND_HALF_UP)


def _share(progress):
    return None if progress.share is None else Decimal(progress.share)


def _row(standing, name):
    return [
        name, standing.new_municipal.actual, standing.new_municipal.target, _share(standing.new_municipal),
        None if standing.new_municipal.expected is None else Decimal(standing.new_municipal.expected),
        standing.srdi.actual, standing.srdi_baseline, standing.srdi.target, _share(standing.srdi),
        standing.output_year, _wan(standing.output.actual), _wan(standing.output.target), _share(standing.output),
        standing.pool_total, STATUS_LABELS[standing.worst_status],
        *_sections(standing.sections),
    ]


def _sections(sections):
    if sections is None:
        return [None] * 17
    awards, duty, training = sections.awards, sections.duty, sections.training
    counts = sections.declarations.counts
    return [
        *(counts.get(step, 0) for step in ("submitted", "recommended", "public_notice", "recognized")),
        awards.candidates, awards.approved, awards.paid, _wan(awards.paid_amount),
        duty.enterprises if duty.evaluated else None, duty.met if duty.evaluated else None,
        training.srdi_covered, training.srdi_total, training.managers,
        sections.finance.pool_size, sections.finance.listed_in_year, sections.finance.loan_count,
        _wan(sections.finance.loan_amount),
    ]


def city_workbook(dashboard, area=None):
    """The table of the city page (20 areas and the city total), or with `area` that area's row alone (a county
    official's own dashboard; no city total, which is not theirs)."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = f"{dashboard.year}年指标进度"
    whose = area.name if area is not None else "桂林市"
    sheet.append([f"{whose}专精特新培育指标完成情况（{dashboard.year} 年，截至 {dashboard.on:%Y-%m-%d}）"])
    sheet["A1"].font = Font(bold=True, size=14)
    sheet.append(HEADERS)
    for cell in sheet[2]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="center")
    for standing in dashboard.areas:
        sheet.append(_row(standing, standing.area.name))
        if standing.behind:
            for cell in sheet[sheet.max_row]:
                cell.fill = BEHIND_FILL
    if area is None:
        sheet.append(_row(dashboard.city, "全市合计"))
        for cell in sheet[sheet.max_row]:
            cell.font = Font(bold=True)
    formats = [number_format_of(header) for header in HEADERS]
    for row in sheet.iter_rows(min_row=3):
        for cell, number_format in zip(row, formats, strict=False):
            as_text_cell(cell)
            if number_format and not isinstance(cell.value, str):
                cell.number_format = number_format
    for index, width in enumerate([16, 12, 10, 9, 9, 14, 10, 12, 9, 9, 18, 16, 9, 10, 12] + [12] * 17, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "B3"
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()

"""The city table as an Excel workbook (openpyxl). Text cells never become formulae in the bureau's Excel."""

from decimal import ROUND_HALF_UP, Decimal
from io import BytesIO

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from enterprises.spreadsheets import as_text_cell

from .rules import STATUS_LABELS, TOO_SMALL

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
    if header in PERCENT_HEADERS or header == "占预算":
        return "0%"
    if header.endswith(("（万元）", "（元）")):
        return "#,##0.00"
    if header.endswith(("（家）", "（件）", "（笔）", "（人）", "（项）")) or header in ("培训人次", "产值年度"):
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
    if area is None:  # the budget is the city's: an area's export has no budget sheet to misread as its own
        _budget_sheet(workbook, dashboard)
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


BUDGET_HEADERS = [
    "奖励类型", "预算（元）", "比对符合（家）", "比对符合金额（元）", "占预算", "审核通过（家）", "审核通过金额（元）",
    "公示中（家）", "公示中金额（元）", "已兑付（家）", "已兑付金额（元）", "已追回（笔）", "已追回金额（元）", "超出预算",
]


def _budget_sheet(workbook, dashboard):
    """The city's awards of the year per kind against the budget: amounts as numeric yuan cells (Decimal)."""
    sheet = workbook.create_sheet(f"{dashboard.year}年奖励预算执行")
    sheet.append(BUDGET_HEADERS)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sections = dashboard.city.sections
    for kind in (sections.awards.by_kind if sections else []):
        sheet.append([
            kind.label, kind.budget, kind.candidates, kind.candidate_amount,
            None if kind.budget_percent is None else kind.budget_percent / 100, kind.approved, kind.approved_amount,
            kind.in_notice, kind.in_notice_amount, kind.paid, kind.paid_amount, kind.recovered,
            kind.recovered_amount, "是" if kind.over_budget else "否",
        ])
    formats = [number_format_of(header) for header in BUDGET_HEADERS]
    for row in sheet.iter_rows(min_row=2):
        for cell, number_format in zip(row, formats, strict=False):
            as_text_cell(cell)
            if number_format and not isinstance(cell.value, str):
                cell.number_format = number_format
    for index in range(1, len(BUDGET_HEADERS) + 1):
        sheet.column_dimensions[get_column_letter(index)].width = 14


def performance_workbook(result):
    """绩效评价 as a workbook: one row per scope and group; medians as numeric percentage cells, the number of
    enterprises behind each, and the note where a sample is too small."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = f"{result.year}年绩效评价"
    sheet.append([f"桂林市专精特新奖励绩效评价：{result.year} 年获奖与未获奖企业 {result.year + 1} 年增长率中位数"])
    sheet["A1"].font = Font(bold=True, size=14)
    headers = ["区域", "组别", "比较层级", "企业数（家）"]
    for label in result.figure_labels:
        headers += [f"{label}增长率中位数", f"{label}样本（家）", f"{label}基数为零剔除（家）"]
    sheet.append(headers)
    for cell in sheet[2]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="center")
    scopes = ([result.city] if result.city else []) + result.areas
    for scope in scopes:
        for group in scope.groups:
            row = [scope.name, group.label, scope.tier_labels, group.enterprises]
            for figure in group.by_figure:
                row += [figure.median if figure.median is not None else TOO_SMALL, figure.n,
                        figure.zero_base]
            sheet.append(row)
    for row in sheet.iter_rows(min_row=3):
        for cell in row:
            as_text_cell(cell)
        for index in range(len(result.figure_labels)):
            row[4 + 3 * index].number_format = "0.00%"
    for index, width in enumerate([16, 22, 30, 12] + [14, 10, 12] * len(result.figure_labels), start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "C3"
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()

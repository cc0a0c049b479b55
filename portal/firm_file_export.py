"""The one-firm-one-file as an Excel workbook: one sheet per section, the same content as the page.

Every text cell is written as a string, never a formula: a name such as "=HYPERLINK(...)" typed by an enterprise
must not run in the bureau's Excel (reliability.md, "Exports escape formulae").
"""

from io import BytesIO

from django.utils.timezone import localtime
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill

from enterprises.spreadsheets import as_text_cell

HEADER_FILL = PatternFill("solid", fgColor="F2F2F2")


def _cell_value(value):
    if value is None or value == "":
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if hasattr(value, "label") and not isinstance(value, str):
        return value.label
    return value


def _write(ws, row, values, header=False):
    for column, value in enumerate(values, start=1):
        value = _cell_value(value)
        cell = ws.cell(row=row, column=column)
        cell.value = value
        as_text_cell(cell)
        if header:
            cell.font = Font(bold=True)
            cell.fill = HEADER_FILL
        cell.alignment = Alignment(vertical="top", wrap_text=isinstance(value, str) and len(value) > 30)


def _sheet(wb, title, header, rows, widths=None):
    ws = wb.create_sheet(title)
    _write(ws, 1, header, header=True)
    for index, values in enumerate(rows, start=2):
        _write(ws, index, values)
    ws.freeze_panes = "A2"
    for column, width in enumerate(widths or [], start=1):
        ws.column_dimensions[ws.cell(row=1, column=column).column_letter].width = width
    return ws


def _pct(value):
    return None if value is None else float(round(value * 100, 2))


def _sheet_title(wb, title):
    """A sheet name Excel accepts (31 characters, none of []:*?/\\), unique in the workbook."""
    name = "".join(ch for ch in title if ch not in "[]:*?/\\")[:31] or "记录"
    taken, candidate, n = set(wb.sheetnames), name, 2
    while candidate in taken:
        candidate = f"{name[:28]}{n}"
        n += 1
    return candidate


def firm_file_workbook(file):
    e = file.enterprise
    wb = Workbook()
    wb.remove(wb.active)
    officer = file.liaison.current_assignment.officer if file.liaison.current_assignment else None
    _sheet(wb, "企业概况", ["项目", "内容"], [
        ("企业名称", e.name), ("统一社会信用代码", e.credit_code), ("所属区域", e.area.name),
        ("成立日期", e.founded_on), ("所属行业", e.industry), ("联系人", e.contact_person),
        ("联系电话", e.contact_phone), ("地址", e.address), ("当前层级", file.current_tier or "暂无有效认定"),
        ("白名单", "是" if file.white_listed else "否"), ("现任联络员", str(officer) if officer else "未配备"),
        ("建档日期", file.on),
    ], widths=[20, 60])
    _sheet(wb, "认定记录", ["认定层级", "认定日期", "有效期至", "状态", "剩余天数", "认定文号"], [
        (line.level_label, line.designation.granted_on, line.designation.valid_until,
         line.label, line.days_left if line.in_force else None, line.designation.document_number)
        for line in file.designations
    ], widths=[28, 12, 12, 10, 10, 28])
    _sheet(wb, "年度经营数据", ["年度", "工业总产值（元）", "产值同比（%）", "纳税总额（元）", "税收同比（%）",
                           "营业收入（元）", "研发费用（元）", "从业人员"], [
        (f.year, f.output_value, _pct(f.output_growth), f.tax_paid, _pct(f.tax_growth), f.revenue, f.rd_expense,
         f.employees)
        for f in file.figures
    ], widths=[8, 18, 12, 16, 12, 18, 16, 10])
    _sheet(wb, "信用记录", ["信用状况", "认定部门", "列入日期", "移出日期", "状态"], [
        (line.entry.get_status_display(), line.entry.authority, line.entry.listed_on, line.entry.removed_on, line.label)
        for line in file.credit_entries
    ], widths=[16, 30, 12, 12, 10])
    assignments = ([file.liaison.current_assignment] if file.liaison.current_assignment else []) + file.liaison.past_assignments
    _sheet(wb, "联络员", ["联络员", "联系电话", "起始日期", "结束日期", "指派人", "备注"], [
        (str(a.officer), a.officer.phone, a.started_on, a.ended_on or "现任", str(a.assigned_by or ""), a.note)
        for a in assignments
    ], widths=[20, 14, 12, 12, 20, 30])
    _sheet(wb, "走访记录", ["走访日期", "方式", "联络员", "走访内容", "后续跟进", "跟进期限"], [
        (v.visited_on, v.get_mode_display(), str(v.officer), v.content, v.follow_up, v.follow_up_due)
        for v in file.liaison.visits
    ], widths=[12, 14, 16, 50, 40, 12])
    _sheet(wb, "困难诉求", ["提出日期", "类别", "诉求事项", "具体情况", "来源", "协调部门", "状态", "承办联络员",
                        "受理日期", "解决日期", "办理结果"], [
        (d.submitted_on, d.get_category_display(), d.title, d.description, d.get_source_display(), d.department,
         d.get_status_display(), str(d.officer or ""), d.accepted_on, d.resolved_on, d.resolution)
        for d in file.liaison.difficulties
    ], widths=[12, 8, 24, 40, 10, 18, 10, 16, 12, 12, 40])
    _sheet(wb, "一企一策", ["年度", "适用条款", "支持举措", "责任单位/责任人", "完成时限", "进度", "备注"], [
        (plan.year, item.get_measure_display(), item.action, item.owner, item.due_on, item.get_status_display(),
         item.note)
        for plan in file.liaison.support_plans for item in plan.items.all()
    ], widths=[8, 30, 50, 20, 12, 10, 20])
    _sheet(wb, "培训记录", ["培训名称", "开班日期", "主办单位", "经营管理人员（人）", "参训人员"], [
        (a.event.title, a.event.held_on, a.event.organizer, a.managers, a.attendee_names) for a in file.liaison.training
    ], widths=[36, 12, 24, 16, 40])
    _sheet(wb, "服务记录", ["服务日期", "服务类别", "服务机构", "服务内容"], [
        (s.served_on, s.get_category_display(), s.provider, s.content) for s in file.liaison.service_records
    ], widths=[12, 12, 30, 50])
    _sheet(wb, "申报记录", ["年度", "申报类型", "状态", "提交时间", "审核过程"], [
        (d.year, d.get_kind_display(), d.get_status_display(), d.submitted_at.replace(tzinfo=None) if d.submitted_at else "",
         "\n".join(f"{localtime(step.at):%Y-%m-%d %H:%M} {step.actor_unit} {step.get_action_display()}"
                   f"{'：' + step.comment if step.comment else ''}" for step in d.steps.all()))
        for d in file.declarations
    ], widths=[8, 20, 10, 18, 70])
    _sheet(wb, "奖励兑现", ["年度", "奖励类型", "结果", "金额（元）", "状态", "说明"], [
        (a.year, a.get_kind_display(), a.get_outcome_display(), a.amount, a.get_state_display(), a.reasons)
        for a in file.awards
    ], widths=[8, 12, 12, 14, 12, 60])
    financing = file.financing
    _sheet(wb, "贷款支持", ["放款日期", "支持政策", "贷款银行", "来源", "贷款金额（元）", "期限（月）", "年利率（%）",
                          "贴息金额（元）"], [
        (loan.granted_on, loan.programme_label, loan.bank, loan.source_label, loan.amount, loan.term_months,
         loan.annual_rate, loan.interest_subsidy)
        for loan in (financing.loans if financing else [])
    ], widths=[12, 14, 24, 30, 16, 10, 10, 14])
    entry = financing.listing_entry if financing else None
    _sheet(wb, "上市后备", ["日期", "阶段变更", "拟上市板块", "说明"], [
        (change.changed_on,
         f"{change.get_from_stage_display()} → {change.get_to_stage_display()}" if change.from_stage
         else change.get_to_stage_display(), entry.get_board_display(), change.note)
        for change in (financing.stage_changes if financing else [])
    ], widths=[12, 30, 12, 40])
    for table in file.measure_tables:
        ws = _sheet(wb, _sheet_title(wb, table.title), list(table.headers), table.rows)
        if table.note:
            ws.cell(row=ws.max_row + 2, column=1, value=table.note)
    for ws in wb.worksheets:
        for row in ws.iter_rows(min_row=2):
            for cell in row:
                if hasattr(cell.value, "year") and not isinstance(cell.value, int):
                    cell.number_format = "yyyy-mm-dd"
    stream = BytesIO()
    wb.save(stream)
    return stream.getvalue()

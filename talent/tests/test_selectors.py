"""The directory (十六), the one-firm file's tables, the measure workbooks and the reach sources: right answers,
and the same number of queries for N and 10·N rows."""

from datetime import date

import pytest

from enterprises.filing_services import save_filing_draft, submit_filing
from enterprises.reach import measure_reach
from enterprises.roles import Role
from enterprises.selectors import today
from enterprises.tests.factories import EnterpriseFactory, make_user
from talent import selectors
from talent.models import TalentLevel, TalentNeed

from .factories import need, srdi_enterprise, talent

pytestmark = pytest.mark.django_db
YEAR = today().year


def test_the_directory_sums_confirmed_needs_of_srdi_enterprises_by_specialty(areas):
    a, b = srdi_enterprise(area=areas["秀峰区"]), srdi_enterprise(area=areas["阳朔县"])
    need(a, YEAR, "机械设计工程师", "机械设计制造及其自动化", 3, "本科")
    need(a, YEAR, "数控加工技师", "机械设计制造及其自动化", 5, "大专")
    need(b, YEAR, "机械设计工程师", "机械设计制造及其自动化", 2, "本科")
    need(b, YEAR, "软件开发工程师", "软件工程", 4, "")
    need(b, YEAR - 1, "制剂研发研究员", "生物制药", 7, "硕士研究生")  # another year
    need(EnterpriseFactory(area=areas["秀峰区"]), YEAR, "电气设计工程师", "电气工程及其自动化", 9)  # not SRDI
    user = make_user(Role.ENTERPRISE, enterprise=a)
    submit_filing(actor=user, record=save_filing_draft(actor=user, record=TalentNeed(
        year=YEAR, position="模具工艺工程师", specialty="材料成型及控制工程", headcount=6)))  # not confirmed yet

    directory = selectors.talent_directory(YEAR)
    rows = {row.specialty: row for row in directory.rows}
    assert list(rows) == ["机械设计制造及其自动化", "软件工程"]  # most wanted first
    machinery = rows["机械设计制造及其自动化"]
    assert (machinery.headcount, machinery.enterprises) == (3 + 5 + 2, 2)
    assert machinery.education == [("本科", 5), ("大专", 5)] or machinery.education == [("大专", 5), ("本科", 5)]
    assert rows["软件工程"].education_text == f"{selectors.NO_EDUCATION} 4 人"
    assert (directory.headcount, directory.enterprises) == (3 + 5 + 2 + 4, 2)

    county_view = selectors.talent_directory(YEAR, area_ids=[areas["阳朔县"].pk])
    assert [(r.specialty, r.headcount) for r in county_view.rows] == [("软件工程", 4), ("机械设计制造及其自动化", 2)]


def _many_needs(areas, n):
    for index in range(n):
        firm = srdi_enterprise(area=areas["秀峰区" if index % 2 else "七星区"])
        need(firm, YEAR, "机械设计工程师", ["机械设计制造及其自动化", "软件工程", "生物制药"][index % 3], index % 4 + 1,
             ["本科", "大专", ""][index % 3])
        talent(firm, name=f"测试{index}", level=list(TalentLevel)[index % 5], recognised_on=date(YEAR, 1, 2))


@pytest.mark.parametrize("n", [2, 20])
def test_directory_and_workbooks_take_a_fixed_number_of_queries(areas, n, django_assert_num_queries):
    _many_needs(areas, n)
    with django_assert_num_queries(3):
        directory = selectors.talent_directory(YEAR)
    assert directory.enterprises == n
    sheets = selectors.workbook_sheets()
    with django_assert_num_queries(4):  # the detail sheet, then the directory's three
        needs_sheets = sheets[16](YEAR, None)
    assert len(needs_sheets[1].rows) == n
    with django_assert_num_queries(1):
        firms, by_area = sheets[17](YEAR, None)
    assert sum(row[-1] for row in firms.rows) == n and sum(row[1] for row in by_area.rows) == n


def test_the_talent_workbook_counts_per_enterprise_and_level_without_names(areas):
    a, b = srdi_enterprise(area=areas["秀峰区"]), srdi_enterprise(area=areas["阳朔县"])
    talent(a, "李建华", TalentLevel.C, date(YEAR, 2, 1))
    talent(a, "王晓东", TalentLevel.E, date(YEAR, 3, 1))
    talent(a, "张志强", TalentLevel.E, date(YEAR - 1, 3, 1))  # another year
    talent(b, "刘丽娟", TalentLevel.D, date(YEAR, 4, 1))
    firms, by_area = selectors.workbook_sheets()[17](YEAR, None)
    assert firms.headers == ["企业名称", "统一社会信用代码", "所属区域", "A类（人）", "B类（人）", "C类（人）", "D类（人）",
                             "E类（人）", "合计（人）"]
    assert [a.name, a.credit_code, "秀峰区", 0, 0, 1, 0, 1, 2] in firms.rows
    assert [b.name, b.credit_code, "阳朔县", 0, 0, 0, 1, 0, 1] in firms.rows
    cells = {str(cell) for row in firms.rows + by_area.rows for cell in row}
    assert not cells & {"李建华", "王晓东", "刘丽娟"}
    only_county, _ = selectors.workbook_sheets()[17](YEAR, [areas["阳朔县"].pk])
    assert [row[0] for row in only_county.rows] == [b.name]


def test_the_needs_workbook_lists_the_srdi_records_of_the_scope(areas):
    a, b = srdi_enterprise(area=areas["秀峰区"]), srdi_enterprise(area=areas["阳朔县"])
    need(a, YEAR, "机械设计工程师", "机械设计制造及其自动化", 3, "本科")
    need(b, YEAR, "软件开发工程师", "软件工程", 4, "")
    catalogue, detail = selectors.workbook_sheets()[16](YEAR, [areas["秀峰区"].pk])
    assert catalogue.headers == selectors.DIRECTORY_HEADERS
    assert catalogue.rows == [["机械设计制造及其自动化", 3, 1, "本科 3 人"]]
    assert detail.rows == [[a.name, a.credit_code, "秀峰区", "机械设计工程师", "机械设计制造及其自动化", 3, "本科"]]


def test_reach_counts_srdi_enterprises_with_confirmed_needs_and_talents_recognised_in_the_year(areas):
    a, b = srdi_enterprise(area=areas["秀峰区"]), srdi_enterprise(area=areas["秀峰区"])
    srdi_enterprise(area=areas["秀峰区"])
    need(a, YEAR, "机械设计工程师")
    user = make_user(Role.ENTERPRISE, enterprise=b)
    save_filing_draft(actor=user, record=TalentNeed(year=YEAR, position="技师", specialty="软件工程", headcount=1))
    talent(b, recognised_on=date(YEAR, 1, 5))
    talent(a, recognised_on=date(YEAR - 1, 1, 5))
    needs_source, talents_source = selectors.reach_sources()
    assert (needs_source.measure, needs_source.label, talents_source.measure, talents_source.label) == (
        16, "提交人才需求", 17, "引进高层次人才")
    assert talents_source.bureau == "市委人才办"
    needs_reach = measure_reach(needs_source, YEAR, [areas["秀峰区"].pk])
    assert (needs_reach.total.reached, needs_reach.total.srdi_total) == (1, 3)
    talents_reach = measure_reach(talents_source, YEAR, [areas["秀峰区"].pk])
    assert talents_reach.total.reached == 1 and talents_reach.trend[-2].reached == 1


@pytest.mark.parametrize("n", [1, 10])
def test_firm_file_tables_names_for_the_enterprise_and_admin_counts_for_others(areas, n, django_assert_num_queries):
    firm = srdi_enterprise(area=areas["秀峰区"])
    for index in range(n):
        need(firm, YEAR - index % 2, f"岗位{index}")
        talent(firm, name=f"人才{index}", level=[TalentLevel.C, TalentLevel.E][index % 2], recognised_on=date(2025, 1, 1))
    own_user = make_user(Role.ENTERPRISE, enterprise=firm)
    for user, names in ((own_user, True), (make_user(Role.ADMIN), True), (make_user(Role.COUNTY, area=areas["秀峰区"]), False),
                        (make_user(Role.REVIEWER), False)):
        with django_assert_num_queries(2):
            needs_table, talents_table = selectors.firm_file_tables(firm, user)
        assert len(needs_table.rows) == n
        assert [row[0] for row in needs_table.rows] == sorted((row[0] for row in needs_table.rows), reverse=True)
        if names:
            assert {row[0] for row in talents_table.rows} == {f"人才{i}" for i in range(n)} and not talents_table.note
        else:
            assert talents_table.headers == ["人才层次", "人数（人）"]
            assert sum(row[1] for row in talents_table.rows) == n
            assert talents_table.note == "姓名仅对市工业和信息化局系统管理员和企业本身可见"


def test_drafts_stay_out_of_other_peoples_firm_file(areas):
    firm = srdi_enterprise(area=areas["秀峰区"])
    user = make_user(Role.ENTERPRISE, enterprise=firm)
    save_filing_draft(actor=user, record=TalentNeed(year=YEAR, position="技师", specialty="软件工程", headcount=1))
    assert len(selectors.firm_file_tables(firm, user)[0].rows) == 1
    assert selectors.firm_file_tables(firm, make_user(Role.REVIEWER))[0].rows == []

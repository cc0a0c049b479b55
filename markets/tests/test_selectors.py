"""The reads the pages above take: reach per measure (counted records only), the one-firm file's tables (drafts
for the enterprise only) and each measure's workbook for its bureau (SRDI enterprises, scoped by area), each in a
constant number of queries."""

from datetime import date
from decimal import Decimal
from io import BytesIO

import pytest
from openpyxl import load_workbook

from dashboards.measure_workbooks import MeasureWorkbook, workbook_bytes
from enterprises.filings import FilingState
from enterprises.reach import measure_reach
from enterprises.roles import Role
from enterprises.tests.factories import EnterpriseFactory, make_user
from markets import selectors
from markets.models import LogisticsMode

from .factories import fair, honour, logistics, sales, srdi_enterprise

pytestmark = pytest.mark.django_db


def _sources():
    return {source.label: source for source in selectors.reach_sources()}


def test_reach_sources_one_per_record_kind_with_the_measures_and_bureaus():
    sources = selectors.reach_sources()
    assert [(s.measure, s.label) for s in sources] == [
        (6, "获得物流降本支持"), (15, "获得质量品牌荣誉"), (18, "参加展会"), (18, "开展网络销售"),
    ]
    assert {s.measure: s.bureau for s in sources}[15] == "市市场监管局"


def test_reached_counts_confirmed_records_of_the_year_only(areas):
    firm = srdi_enterprise(areas["七星区"])
    counted = honour(firm, granted_on=date(2025, 12, 31))
    honour(firm, name="桂林市市长质量奖", granted_on=date(2025, 3, 1), state=FilingState.SUBMITTED)
    honour(firm, name="驰名商标", granted_on=date(2024, 12, 31))
    fair_2025 = fair(firm, starts_on=date(2025, 12, 30), days=5)  # starts in 2025, ends in 2026
    fair(firm, fair_name="广交会", starts_on=date(2025, 10, 15), state=FilingState.DRAFT)
    sold = sales(firm, year=2025)
    sales(firm, year=2025, platform="京东", state=FilingState.RETURNED)
    support = logistics(firm, year=2025)
    sources = _sources()
    assert list(sources["获得质量品牌荣誉"].reached(2025)) == [counted]
    assert list(sources["参加展会"].reached(2025)) == [fair_2025]
    assert not sources["参加展会"].reached(2026).exists()
    assert list(sources["开展网络销售"].reached(2025)) == [sold]
    assert list(sources["获得物流降本支持"].reached(2025)) == [support]


def test_the_sources_feed_measure_reach_in_its_two_queries(areas, django_assert_num_queries):
    reached, idle = srdi_enterprise(areas["七星区"]), srdi_enterprise(areas["七星区"])
    sales(reached, year=2025)
    sales(EnterpriseFactory(area=areas["七星区"]), year=2025)  # not SRDI: not counted
    assert idle
    with django_assert_num_queries(2):
        result = measure_reach(_sources()["开展网络销售"], 2025)
    row = next(a for a in result.areas if a.area_name == "七星区")
    assert (row.reached, row.srdi_total) == (1, 2)


# -- the one-firm file --------------------------------------------------------------------------------------------

def _fill(enterprise, n):
    for i in range(n):
        honour(enterprise, name=f"荣誉{i}", granted_on=date(2025, 1, 1 + i))
        fair(enterprise, fair_name=f"展会{i}", starts_on=date(2025, 2, 1 + i))
        sales(enterprise, platform=f"平台{i}")
        logistics(enterprise, year=2000 + i, mode=LogisticsMode.OTHER)


def test_firm_file_tables_newest_first_and_drafts_for_the_enterprise_only(role_users):
    firm = role_users["own_enterprise"]
    honour(firm, name="旧荣誉", granted_on=date(2023, 1, 1))
    honour(firm, name="新荣誉", granted_on=date(2025, 1, 1))
    honour(firm, name="草稿荣誉", granted_on=date(2024, 1, 1), state=FilingState.DRAFT)
    sales(firm, sales_wan="12.30", cross_border=True)
    logistics(firm, cost_saved_wan="8")

    own = {t.title: t for t in selectors.firm_file_tables(firm, role_users[Role.ENTERPRISE])}
    assert [row[1] for row in own["（十五）质量品牌荣誉"].rows] == ["新荣誉", "草稿荣誉", "旧荣誉"]
    assert own["（十八）网络销售"].rows == [[2025, "天猫", Decimal("12.30"), "是", "已确认"]]
    assert own["（六）物流降本支持"].rows == [[2025, "物流外包", Decimal("8.00")]]

    county = {t.title: t for t in selectors.firm_file_tables(firm, role_users[Role.COUNTY])}
    assert [row[1] for row in county["（十五）质量品牌荣誉"].rows] == ["新荣誉", "旧荣誉"]
    assert county["（十五）质量品牌荣誉"].note

    stranger = make_user(Role.ENTERPRISE, enterprise=role_users["other_enterprise"])
    assert all(not t.rows for t in selectors.firm_file_tables(firm, stranger))


@pytest.mark.parametrize("n", [2, 20])
def test_firm_file_tables_take_one_query_per_table(role_users, django_assert_num_queries, n):
    firm = role_users["own_enterprise"]
    _fill(firm, n)
    with django_assert_num_queries(4):
        tables = selectors.firm_file_tables(firm, role_users[Role.REVIEWER])
    assert [len(t.rows) for t in tables] == [n, n, n, n]


# -- the workbooks ------------------------------------------------------------------------------------------------

def test_the_markets_workbook_lists_srdi_enterprises_fairs_sales_and_a_summary(areas):
    xingqing, yangshuo = srdi_enterprise(areas["七星区"]), srdi_enterprise(areas["阳朔县"])
    not_srdi = EnterpriseFactory(area=areas["七星区"])
    fair(xingqing, deals="100")
    fair(xingqing, fair_name="广交会", starts_on=date(2025, 10, 15), deals=None)
    fair(not_srdi)
    sales(xingqing, sales_wan="50.5")
    sales(yangshuo, platform="阿里巴巴国际站", sales_wan="20", cross_border=True)
    sales(yangshuo, year=2024)

    fairs_sheet, sales_sheet, summary = selectors.workbook_sheets()[18](2025, None)
    assert fairs_sheet.headers[:3] == ["企业名称", "统一社会信用代码", "所属区域"]
    assert sorted(row[3] for row in fairs_sheet.rows) == ["中国—东盟博览会", "广交会"]
    assert {row[0] for row in fairs_sheet.rows} == {xingqing.name}
    assert sales_sheet.headers[-2:] == ["网络销售额（万元）", "是否跨境"]
    assert sorted((row[4], row[5], row[6]) for row in sales_sheet.rows) == [
        ("天猫", Decimal("50.50"), "否"), ("阿里巴巴国际站", Decimal("20.00"), "是"),
    ]
    by_area = {row[0]: row[1:] for row in summary.rows}
    assert by_area["七星区"] == [1, Decimal("100.00"), 1, Decimal("50.50"), 0]
    assert by_area["阳朔县"] == [0, 0, 1, Decimal("20.00"), 1]
    assert by_area["合计"] == [1, Decimal("100.00"), 2, Decimal("70.50"), 1]

    own = selectors.workbook_sheets()[18](2025, [areas["阳朔县"].pk])
    assert not own[0].rows and [row[0] for row in own[1].rows] == [yangshuo.name]
    assert [row[0] for row in own[2].rows] == ["阳朔县", "合计"]


def test_the_logistics_and_honour_workbooks(areas):
    firm = srdi_enterprise(areas["秀峰区"])
    logistics(firm, cost_saved_wan="10")
    logistics(firm, mode=LogisticsMode.DELIVERY, cost_saved_wan="2.5")
    honour(firm, document_number="桂政发〔2025〕3号")
    detail, summary = selectors.workbook_sheets()[6](2025, None)
    assert sorted(row[4] for row in detail.rows) == ["效率化配送", "物流外包"]
    assert {row[0]: row[1:] for row in summary.rows}["秀峰区"] == [1, Decimal("12.50")]
    detail, summary = selectors.workbook_sheets()[15](2025, None)
    assert detail.rows == [[firm.name, firm.credit_code, "秀峰区", "质量奖", "广西壮族自治区主席质量奖", "自治区级",
                            date(2025, 5, 20), "桂政发〔2025〕3号"]]
    assert {row[0]: row[1:] for row in summary.rows}["合计"] == [1, 1]


@pytest.mark.parametrize("n", [2, 20])
def test_workbook_queries_stay_constant(areas, django_assert_num_queries, n):
    for i in range(n):
        firm = srdi_enterprise(areas["七星区" if i % 2 else "叠彩区"])
        _fill(firm, 1)
        logistics(firm, year=2025)
        honour(firm, granted_on=date(2025, 6, 1))
    expected = {6: 3, 15: 3, 18: 6}
    for measure, sheets in selectors.workbook_sheets().items():
        with django_assert_num_queries(expected[measure]):
            tables = sheets(2025, None)
        assert tables[0].rows


def test_the_sheets_make_a_measure_workbook_with_number_formats(areas):
    sales(srdi_enterprise(areas["七星区"]), sales_wan="1234.5", cross_border=True)
    content = workbook_bytes(MeasureWorkbook(18, "（十八）鼓励企业拓展市场", "市商务局", selectors.workbook_sheets()[18]), 2025)
    book = load_workbook(BytesIO(content))
    assert book.sheetnames == ["参加展会明细", "网络销售明细", "分区域汇总"]
    sheet = book["网络销售明细"]
    assert [cell.value for cell in sheet[2]][-2:] == ["网络销售额（万元）", "是否跨境"]
    amount, cross = sheet.cell(row=3, column=6), sheet.cell(row=3, column=7)
    assert (amount.value, cross.value) == (1234.5, "是") and amount.number_format != "General"

"""(九) the share each support kind reached among white-list enterprises, the institutions recommended for risk
compensation, and what the pages that gather read."""

from datetime import date
from decimal import Decimal

import pytest

from enterprises.reach import measure_reach
from enterprises.roles import Role
from enterprises.tests.factories import EnterpriseFactory, make_user
from finance import selectors, support_selectors
from finance.models import FinanceSupport

from .factories import srdi_enterprise, support

pytestmark = pytest.mark.django_db
YEAR = 2025
Kind = FinanceSupport.Kind


@pytest.fixture
def firms(areas):
    return {
        "a": srdi_enterprise(area=areas["秀峰区"]),
        "b": srdi_enterprise(area=areas["秀峰区"]),
        "c": srdi_enterprise(area=areas["阳朔县"]),
        "d": srdi_enterprise(area=areas["阳朔县"]),
        "plain": EnterpriseFactory(area=areas["秀峰区"]),
    }


def test_each_kind_reaches_a_share_of_the_white_list(firms, areas):
    support(firms["a"], Kind.INTEREST_SUBSIDY, amount="12.5")
    support(firms["a"], Kind.INTEREST_SUBSIDY, institution="广西农信", amount="7.5")  # one enterprise, twice
    support(firms["b"], Kind.INTEREST_SUBSIDY, amount="10")
    support(firms["c"], Kind.INSURANCE)
    support(firms["d"], Kind.INTEREST_SUBSIDY, granted_on=date(YEAR - 1, 6, 1))  # last year
    support(firms["plain"], Kind.INTEREST_SUBSIDY)  # not on the white list

    reach = support_selectors.support_reach(YEAR)
    by_kind = {k.kind: k for k in reach.kinds}
    assert [k.kind for k in reach.kinds] == list(Kind)
    assert (reach.white_listed, reach.reached_any) == (4, 3)
    subsidy = by_kind[Kind.INTEREST_SUBSIDY]
    assert (subsidy.reached, subsidy.white_listed, subsidy.share) == (2, 4, Decimal("0.5"))
    assert subsidy.amount_wan == Decimal("30.00")
    assert by_kind[Kind.SUPPLY_CHAIN].reached == 0

    xiufeng = support_selectors.support_reach(YEAR, [areas["秀峰区"].pk])
    assert xiufeng.white_listed == 2
    assert {k.kind: k.reached for k in xiufeng.kinds}[Kind.INSURANCE] == 0


def test_institutions_are_ranked_by_white_list_enterprises_served_with_risk_compensation(firms, areas):
    support(firms["a"], Kind.GUARANTEE_COMPENSATION, institution="桂林银行", amount="300")
    support(firms["a"], Kind.LOAN_COMPENSATION, institution="桂林银行", amount="100")  # same firm again
    support(firms["b"], Kind.LOAN_COMPENSATION, institution="中国工商银行桂林分行", amount="50")
    support(firms["c"], Kind.GUARANTEE_COMPENSATION, institution="中国工商银行桂林分行", amount="80")
    support(firms["d"], Kind.LOAN_COMPENSATION, institution="广西农信", amount="900")
    support(firms["d"], Kind.INTEREST_SUBSIDY, institution="桂林银行", amount="500")  # not risk compensation
    support(firms["plain"], Kind.LOAN_COMPENSATION, institution="广西农信", amount="900")  # not white-listed

    ranking = support_selectors.risk_compensation_ranking(YEAR)
    assert [(r.rank, r.institution, r.enterprises, r.amount_wan, r.records) for r in ranking] == [
        (1, "中国工商银行桂林分行", 2, Decimal("130.00"), 2),
        (2, "广西农信", 1, Decimal("900.00"), 1),
        (3, "桂林银行", 1, Decimal("400.00"), 2),
    ]
    county = support_selectors.risk_compensation_ranking(YEAR, [areas["阳朔县"].pk])
    assert [(r.institution, r.enterprises) for r in county] == [("广西农信", 1), ("中国工商银行桂林分行", 1)]


@pytest.mark.parametrize("n", [3, 30])
def test_the_section_and_the_workbook_are_constant_in_queries(areas, django_assert_num_queries, n):
    kinds = list(Kind)
    for index in range(n):
        firm = srdi_enterprise(area=areas["秀峰区" if index % 2 else "七星区"])
        support(firm, kinds[index % len(kinds)], institution=f"银行{index % 4}", granted_on=date(YEAR, 1 + index % 12, 3))
    user = make_user(Role.FINANCIAL_SERVICES)
    # the reach (enterprises, amounts) and the ranking
    with django_assert_num_queries(3):
        overview = support_selectors.support_overview(user, YEAR)
    assert overview.reach.reached_any == n
    assert sum(r.enterprises for r in overview.ranking) == len([i for i in range(n) if kinds[i % 7] in (
        Kind.GUARANTEE_COMPENSATION, Kind.LOAN_COMPENSATION)])
    # the records, the reach (2), the ranking
    with django_assert_num_queries(4):
        records, kinds_sheet, ranking = selectors.workbook_sheets()[9](YEAR, None)
    assert len(records.rows) == n and len(kinds_sheet.rows) == 7 and ranking.headers[-2] == "风险补偿金额（万元）"


def test_a_county_sees_its_own_areas_figures(firms, areas):
    support(firms["a"], Kind.INSURANCE)
    support(firms["c"], Kind.INSURANCE)
    county = make_user(Role.COUNTY, area=areas["秀峰区"])
    overview = support_selectors.support_overview(county, YEAR)
    assert (overview.reach.white_listed, overview.reach.reached_any) == (2, 1)


def test_reach_source_and_firm_file(firms, areas, django_assert_num_queries):
    support(firms["a"], Kind.RELENDING, granted_on=date(YEAR, 2, 1))
    support(firms["a"], Kind.RECEIVABLES, granted_on=date(YEAR, 9, 1), note="应收账款质押")
    support(firms["b"], Kind.RELENDING, granted_on=date(YEAR - 1, 2, 1))
    [source] = selectors.reach_sources()
    assert (source.measure, source.label) == (9, "获得金融支持")
    reach = measure_reach(source, YEAR)
    assert (reach.total.reached, reach.total.srdi_total) == (1, 4)

    bureau = make_user(Role.REVIEWER)
    with django_assert_num_queries(1):
        [table] = selectors.firm_file_tables(firms["a"], bureau)
    assert table.title == "（九）获得金融支持"
    assert table.rows == [[date(YEAR, 9, 1), "应收账款融资", "桂林银行", Decimal("100.00"), "应收账款质押"],
                          [date(YEAR, 2, 1), "再贷款再贴现", "桂林银行", Decimal("100.00"), ""]]
    outsider = make_user(Role.COUNTY, area=areas["阳朔县"])
    assert selectors.firm_file_tables(firms["a"], outsider)[0].rows == []


@pytest.mark.parametrize("n", [3, 30])
def test_the_firm_file_table_is_one_query_for_any_number_of_records(areas, django_assert_num_queries, n):
    firm = srdi_enterprise(area=areas["秀峰区"])
    for index in range(n):
        support(firm, list(Kind)[index % 7], granted_on=date(2025, 1 + index % 12, 1 + index % 28))
    support(srdi_enterprise(area=areas["秀峰区"]), Kind.INSURANCE)
    officer = make_user(Role.FINANCIAL_SERVICES)
    with django_assert_num_queries(1):
        [table] = selectors.firm_file_tables(firm, officer)
    assert len(table.rows) == n
    assert [row[0] for row in table.rows] == sorted((row[0] for row in table.rows), reverse=True)

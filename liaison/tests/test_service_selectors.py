"""(七) coverage per service field, the package offered to an enterprise, and what the pages that gather read."""

from datetime import date

import pytest

from enterprises.reach import measure_reach
from enterprises.roles import Role
from enterprises.tests.factories import EnterpriseFactory, make_user
from liaison import selectors, service_selectors
from liaison.models import ServiceField

from .factories import srdi_enterprise
from .service_factories import package, provider, served

pytestmark = pytest.mark.django_db
YEAR = 2025  # a closed year: SRDI status read on 31 December
SRDI_FROM = date(2024, 6, 1)


@pytest.fixture
def firms(areas):
    xiufeng, yangshuo = areas["秀峰区"], areas["阳朔县"]
    return {
        "a": srdi_enterprise(area=xiufeng, granted_on=SRDI_FROM),
        "b": srdi_enterprise(area=xiufeng, granted_on=SRDI_FROM),
        "c": srdi_enterprise(area=xiufeng, granted_on=SRDI_FROM),
        "d": srdi_enterprise(area=yangshuo, granted_on=SRDI_FROM),
        "plain": EnterpriseFactory(area=xiufeng),
    }


def test_coverage_counts_srdi_enterprises_served_per_field_in_the_year(firms, areas):
    served(firms["a"], ServiceField.POLICY)
    served(firms["a"], ServiceField.POLICY, on=date(YEAR, 8, 1))  # twice: still one enterprise
    served(firms["a"], ServiceField.IP)
    served(firms["b"], ServiceField.POLICY)
    served(firms["d"], ServiceField.MARKET)
    served(firms["c"], ServiceField.POLICY, on=date(YEAR - 1, 12, 30))  # last year
    served(firms["plain"], ServiceField.POLICY)  # not SRDI

    city = service_selectors.service_coverage(YEAR)
    by_field = {c.field: c for c in city.fields}
    assert [c.field for c in city.fields] == list(ServiceField)
    assert city.srdi_total == 4 and city.served_any == 3
    assert (by_field[ServiceField.POLICY].served, by_field[ServiceField.IP].served) == (2, 1)
    assert by_field[ServiceField.POLICY].share == 50
    assert by_field[ServiceField.FINANCE].served == 0 and by_field[ServiceField.FINANCE].unserved == 4

    xiufeng = service_selectors.service_coverage(YEAR, [areas["秀峰区"].pk])
    assert xiufeng.srdi_total == 3
    assert {c.field: c.served for c in xiufeng.fields}[ServiceField.MARKET] == 0


@pytest.mark.parametrize("n", [2, 20])
def test_coverage_and_workbook_are_constant_in_queries(areas, django_assert_num_queries, n):
    platform = provider(fields=list(ServiceField))
    for index in range(n):
        firm = srdi_enterprise(area=areas["秀峰区" if index % 2 else "七星区"], granted_on=SRDI_FROM)
        served(firm, list(ServiceField)[index % 8], by=platform if index % 3 else None)
    with django_assert_num_queries(1):
        coverage = service_selectors.service_coverage(YEAR)
    assert coverage.served_any == n
    # the records with enterprises and providers, the coverage, the providers with the enterprises they served
    with django_assert_num_queries(3):
        sheets = selectors.workbook_sheets()[7](YEAR, None)
    records, fields_sheet, providers = sheets
    assert len(records.rows) == n
    assert fields_sheet.rows[-1][1:3] == [n, n]
    assert providers.rows[0][0] == platform.name and providers.rows[0][-1] == len(
        [i for i in range(n) if i % 3])


def test_workbook_lists_the_srdi_enterprises_served_with_how_and_by_whom(firms, areas):
    platform = provider("桂林市中小企业公共服务平台", fields=[ServiceField.POLICY, ServiceField.IP])
    served(firms["a"], ServiceField.IP, by=platform, content="专利布局分析")
    served(firms["d"], ServiceField.POLICY)
    served(firms["plain"], ServiceField.POLICY, by=platform)
    records, _, providers = service_selectors.workbook_tables(YEAR, [areas["秀峰区"].pk])
    assert records.headers[:3] == ["企业名称", "统一社会信用代码", "所属区域"]
    assert records.rows == [[firms["a"].name, firms["a"].credit_code, "秀峰区", date(2025, 5, 10), platform.name,
                             "中小企业公共服务示范平台", "知识产权", "专利布局分析"]]
    assert providers.rows[0][:3] == [platform.name, "中小企业公共服务示范平台", "政策咨询、知识产权"]
    assert providers.rows[0][-1] == 1  # the plain firm is not SRDI


def test_reach_source_counts_srdi_enterprises_with_a_service_that_year(firms):
    served(firms["a"])
    served(firms["d"], on=date(YEAR - 1, 3, 1))
    [source] = selectors.reach_sources()
    assert (source.measure, source.label) == (7, "接受载体服务")
    reach = measure_reach(source, YEAR)
    assert (reach.total.reached, reach.total.srdi_total) == (1, 4)


@pytest.mark.parametrize("n", [3, 30])
def test_firm_file_table_lists_the_enterprises_records_newest_first_in_one_query(
        areas, django_assert_num_queries, n):
    firm = srdi_enterprise(area=areas["秀峰区"], granted_on=SRDI_FROM)
    platform = provider()
    for index in range(n):
        served(firm, on=date(2025, 1 + index % 12, 1 + index % 28), by=platform if index % 2 else None)
    served(srdi_enterprise(area=areas["秀峰区"], granted_on=SRDI_FROM))
    bureau = make_user(Role.REVIEWER)
    with django_assert_num_queries(1):
        [table] = selectors.firm_file_tables(firm, bureau)
    assert table.title == "（七）接受载体服务" and len(table.rows) == n
    assert [row[0] for row in table.rows] == sorted((row[0] for row in table.rows), reverse=True)
    outsider = make_user(Role.COUNTY, area=areas["阳朔县"])
    assert selectors.firm_file_tables(firm, outsider)[0].rows == []


@pytest.mark.parametrize("n", [2, 20])
def test_the_package_offered_to_an_srdi_enterprise_in_four_queries(areas, django_assert_num_queries, n):
    firm = srdi_enterprise(area=areas["秀峰区"], granted_on=SRDI_FROM)
    this_year = service_selectors.today().year
    providers = [provider(fields=list(ServiceField)) for _ in range(n)]
    items = [(p, list(ServiceField)[-1 - i % 8], f"服务{i}") for i, p in enumerate(providers)]
    package(this_year, items=items)
    package(this_year, name="已停用的服务包", items=items[:1], active=False)
    package(this_year - 1, name="上年度服务包", items=items[:1])
    for index in range(n):
        served(firm, on=min(date(this_year, 1 + index % 12, 1), service_selectors.today()))
    with django_assert_num_queries(4):
        offer = service_selectors.package_offer(firm)
        contacts = [item.provider.contact_phone for p in offer.packages for item in p.sorted_items]
    assert [p.name for p in offer.packages] == ["专精特新企业专属服务包"] and len(contacts) == n
    order = [item.field for item in offer.packages[0].sorted_items]
    assert order == sorted(order, key=list(ServiceField).index)
    assert offer.reason == "" and len(offer.received) == n


def test_no_package_for_an_enterprise_off_the_white_list_and_it_says_why(areas):
    package(service_selectors.today().year, items=[(provider(), ServiceField.POLICY, "政策解读")])
    offer = service_selectors.package_offer(EnterpriseFactory(area=areas["秀峰区"]))
    assert not offer.srdi and offer.packages == [] and "白名单" in offer.reason

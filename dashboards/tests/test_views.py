from datetime import date
from decimal import Decimal
from io import BytesIO

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from awards.states import AwardKind
from enterprises.roles import Role
from enterprises.tests.factories import make_user
from policy.levels import Level

from .factories import set_baseline, srdi_firm, target

pytestmark = pytest.mark.django_db
YEAR = 2024  # a closed year: its standing is read on 31 December, whatever today is


def area_url(area, year=YEAR):
    return f"{reverse('dashboards:area', args=[area.pk])}?year={year}"


def test_dashboards_need_login(client, areas):
    for url in (reverse("dashboards:city"), area_url(areas["秀峰区"]), reverse("dashboards:export")):
        response = client.get(url)
        assert response.status_code == 302 and response.url.startswith(reverse("login"))


def test_county_official_sees_own_area_only(client, role_users, areas):
    client.force_login(role_users[Role.COUNTY])  # 秀峰区
    assert client.get(area_url(areas["秀峰区"])).status_code == 200
    assert client.get(area_url(areas["阳朔县"])).status_code == 404
    assert client.get(reverse("dashboards:area", args=[999999])).status_code == 404
    city = client.get(reverse("dashboards:city"))
    assert city.status_code == 302 and city.url.startswith(reverse("dashboards:area", args=[areas["秀峰区"].pk]))
    # their own dashboard exports (below); another area's does not exist for them
    assert client.get(f"{reverse('dashboards:export')}?area={areas['阳朔县'].pk}").status_code == 404


def test_county_official_lands_on_the_dashboard(client, role_users, areas):
    client.force_login(role_users[Role.COUNTY])
    response = client.get(reverse("home"))
    assert response.status_code == 302 and response.url == reverse("dashboards:area", args=[areas["秀峰区"].pk])
    client.force_login(role_users[Role.REVIEWER])
    assert client.get(reverse("home")).url == reverse("admin:index")  # other staff unchanged


@pytest.mark.parametrize("role", [Role.ENTERPRISE, Role.LIAISON])
def test_roles_without_areas_get_404(client, role_users, areas, role):
    client.force_login(role_users[role])
    assert client.get(reverse("dashboards:city")).status_code == 404
    assert client.get(area_url(areas["秀峰区"])).status_code == 404


@pytest.mark.parametrize("role", [Role.REVIEWER, Role.FINANCE, Role.FINANCIAL_SERVICES, Role.ADMIN])
def test_bureau_roles_see_the_city_and_every_area(client, role_users, areas, role):
    client.force_login(role_users[role])
    page = client.get(f"{reverse('dashboards:city')}?year={YEAR}").content.decode()
    for name in areas:
        assert name in page
    assert client.get(area_url(areas["阳朔县"])).status_code == 200


def test_area_page_shows_figures_against_targets(client, role_users, areas):
    xiufeng = areas["秀峰区"]
    srdi_firm(xiufeng, granted_on=date(2024, 5, 1), output=Decimal("123456789"), year=2024)
    target(xiufeng, YEAR, 3)
    client.force_login(role_users[Role.COUNTY])
    page = client.get(area_url(xiufeng)).content.decode()
    assert "秀峰区专精特新培育指标" in page
    assert "目标 3 家" in page and "完成 <strong>33%</strong>" in page and "落后于进度" in page
    assert "12,345.68 万元" in page  # output in 万元 with separators
    assert "基数未设置" in page  # the bureau has not entered the baseline
    assert "<svg" in page and "2024年" in page
    assert "<script" not in page


def test_baseline_entered_shows_doubling_target(client, role_users, areas):
    set_baseline(baseline_date=date(2022, 12, 31), count=10, output=Decimal("500000000"))
    srdi_firm(areas["秀峰区"], granted_on=date(2022, 6, 1), output=1_000_000, year=2022)
    client.force_login(role_users[Role.ADMIN])
    page = client.get(f"{reverse('dashboards:city')}?year={YEAR}").content.decode()
    assert "翻番目标 20 家" in page and "基数 10 家" in page
    assert "倍增目标的基数尚未设置" not in page


def test_city_table_sorts_and_marks_laggards(client, role_users, areas):
    target(areas["秀峰区"], YEAR, 2)
    target(areas["阳朔县"], YEAR, 1)
    srdi_firm(areas["阳朔县"], granted_on=date(2024, 5, 1))
    client.force_login(role_users[Role.REVIEWER])
    page = client.get(f"{reverse('dashboards:city')}?year={YEAR}&sort=new&dir=desc").content.decode()
    table = page[page.index("dash-table"):]
    assert table.index("阳朔县") < table.index("秀峰区")  # 100 % before 0 %
    assert "需关注：1 个区域落后于进度" in page
    assert 'class="behind"' in table


def test_year_parameter_is_bounded(client, role_users):
    client.force_login(role_users[Role.REVIEWER])
    for value in ("abc", "1900", "9999"):
        assert client.get(f"{reverse('dashboards:city')}?year={value}").status_code == 200


def test_export_is_an_xlsx_whose_text_never_runs_as_a_formula(client, role_users, areas):
    area = areas["秀峰区"]
    area.name = "=HYPERLINK(\"http://evil.example\",\"点我\")"
    area.save()
    target(area, YEAR, 2)
    client.force_login(role_users[Role.REVIEWER])
    response = client.get(f"{reverse('dashboards:export')}?year={YEAR}")
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    sheet = load_workbook(BytesIO(response.content)).active
    cells = [cell for row in sheet.iter_rows() for cell in row if isinstance(cell.value, str)]
    assert all(cell.data_type != "f" for cell in cells)
    names = [row[0] for row in sheet.iter_rows(min_row=3)]
    assert names[0].value == area.name and names[0].data_type == "s" and names[0].quotePrefix
    assert names[-1].value == "全市合计" and len(names) == 21
    assert sheet.cell(row=3, column=3).value == 2


def _budget(kind, amount, year=YEAR):
    from audit import BEAT
    from awards import budgets

    return budgets.save_budget(actor=BEAT, year=year, kind=kind, amount=Decimal(amount))


def test_awards_section_against_the_budget(client, role_users, areas):
    from .test_selectors import _sections_data

    firms = [srdi_firm(areas["秀峰区"], granted_on=date(2024, 3, 1)) for _ in range(2)]
    firms.append(srdi_firm(areas["阳朔县"], granted_on=date(2024, 3, 1)))
    _sections_data(firms, YEAR)  # three recognition awards of 100,000 yuan matched
    _budget(AwardKind.RECOGNITION, "250000")
    client.force_login(role_users[Role.REVIEWER])
    city = client.get(f"{reverse('dashboards:city')}?year={YEAR}").content.decode()
    budget = city[city.index('id="award-budget"'):]
    assert 'id="budget-warning"' in city and "比对符合金额超出预算" in city
    assert "25.00 万元" in budget and "3 家 · 30.00 万元" in budget and "120%" in budget and "超出预算" in budget
    assert "未录入" in budget  # no growth budget entered
    assert "维护奖励资金预算" in budget
    # the county: its own area's figures beside the city-wide budget, no city-wide verdict
    client.force_login(role_users[Role.COUNTY])
    area = client.get(area_url(areas["秀峰区"])).content.decode()
    budget = area[area.index('id="award-budget"'):]
    assert "全市预算" in budget and "25.00 万元" in budget and "2 家 · 20.00 万元" in budget and "80%" in budget
    assert 'id="budget-warning"' not in area and "维护奖励资金预算" not in area
    client.force_login(role_users[Role.REVIEWER])
    sheet = load_workbook(BytesIO(client.get(f"{reverse('dashboards:export')}?year={YEAR}").content))[
        f"{YEAR}年奖励预算执行"]
    recognition = [cell.value for cell in sheet[2]]
    assert recognition[:5] == ["认定奖励", 250000, 3, 300000, 1.2] and recognition[-1] == "是"
    assert sheet.cell(row=2, column=2).data_type == "n"
    formats = {header.value: cell.number_format for header, cell in zip(sheet[1], sheet[2], strict=True)}
    assert formats["预算（元）"] == formats["比对符合金额（元）"] == "#,##0.00" and formats["占预算"] == "0%"
    assert formats["比对符合（家）"] == formats["已追回（笔）"] == "0"
    _budget(AwardKind.RECOGNITION, "300000")  # the candidates no longer exceed it
    client.force_login(role_users[Role.REVIEWER])
    assert 'id="budget-warning"' not in client.get(f"{reverse('dashboards:city')}?year={YEAR}").content.decode()


def _populate(areas, per_area):
    from .test_selectors import _sections_data

    made = []
    for area in areas.values():
        for index in range(per_area):
            made.append(srdi_firm(area, level=Level.MUNICIPAL if index % 2 else Level.REGIONAL,
                                  granted_on=date(2023, 3, 1), output=30_000_000, year=2024))
        target(area, YEAR, 2)
    _sections_data(made, YEAR)
    _budget(AwardKind.RECOGNITION, "1000000")  # the awards section sets the year against its budget


@pytest.mark.parametrize("per_area", [1, 10])
def test_area_page_query_count_does_not_grow(client, areas, django_assert_num_queries, per_area):
    _populate({"秀峰区": areas["秀峰区"]}, per_area)
    client.force_login(make_user(Role.COUNTY, area=areas["秀峰区"]))
    # session, user, the area; the dashboard (22, see test_selectors); permissions (2); the editions (lapse notice);
    # the year's latest recompute run (its notice)
    with django_assert_num_queries(29):  # + the measure sources (one union)
        response = client.get(area_url(areas["秀峰区"]))
    assert response.context["standing"].srdi.actual == per_area


@pytest.mark.slow
@pytest.mark.parametrize("per_area", [1, 10])
def test_city_page_query_count_does_not_grow(client, areas, django_assert_num_queries, per_area):
    _populate(areas, per_area)
    client.force_login(make_user(Role.REVIEWER))
    # session, user; the dashboard (22, see test_selectors); permissions (2); the editions (lapse notice); the
    # year's latest recompute run (its notice)
    with django_assert_num_queries(28):  # + the measure sources (one union)
        response = client.get(f"{reverse('dashboards:city')}?year={YEAR}")
    assert response.context["dashboard"].city.srdi.actual == 20 * per_area


def test_award_duty_and_training_sections_render(client, role_users, areas):
    from .test_selectors import _sections_data

    firms = [srdi_firm(areas["秀峰区"], granted_on=date(2024, 3, 1)) for _ in range(2)]
    _sections_data(firms, YEAR)
    client.force_login(role_users[Role.COUNTY])
    page = client.get(area_url(areas["秀峰区"])).content.decode()
    assert "政策兑现与服务" in page
    assert "20.00 万元" in page  # two recognition awards of 100,000 yuan matched
    assert "1<small> / 2 家企业已解决困难" in page and "1 家未完成" in page
    assert "1<small> / 2 家专精特新企业已参训" in page
    client.force_login(role_users[Role.REVIEWER])
    city = client.get(f"{reverse('dashboards:city')}?year={YEAR}").content.decode()
    assert "各区域政策兑现与服务" in city and "1/2" in city
    assert "上市与融资" in page and "600.00 万元" in page  # two supported loans of 3,000,000 yuan


def test_navigation_links_the_dashboard_for_counties_and_the_bureau(client, role_users):
    for role, shown in ((Role.COUNTY, True), (Role.REVIEWER, True), (Role.ENTERPRISE, False), (Role.LIAISON, False)):
        client.force_login(role_users[role])
        page = client.get(reverse("enterprises:list")).content.decode()
        assert (f'href="{reverse("dashboards:city")}"' in page) is shown, role




def test_the_notes_speak_the_staffs_language_not_a_command_name(client, areas):
    client.force_login(make_user(Role.COUNTY, area=areas["秀峰区"]))
    page = client.get(area_url(areas["秀峰区"])).content.decode()
    assert "口径说明" in page and "区域年度指标" in page and "import_targets" not in page


def test_export_cells_are_numbers_formatted_by_their_own_header(client, role_users, areas):
    target(areas["秀峰区"], YEAR, 2)
    client.force_login(role_users[Role.REVIEWER])
    sheet = load_workbook(BytesIO(client.get(f"{reverse('dashboards:export')}?year={YEAR}").content)).active
    headers = [cell.value for cell in sheet[2]]
    total = {header: cell for header, cell in zip(headers, sheet[sheet.max_row], strict=True)}
    assert total["区域"].value == "全市合计"
    for header, cell in total.items():
        if cell.value is None or header in ("区域", "进度状态"):
            continue
        assert cell.data_type == "n", header
        if header.endswith("（万元）"):
            assert cell.number_format == "#,##0.00", header
        elif header in ("完成率", "应达进度"):
            assert cell.number_format == "0%", header
        else:
            assert cell.number_format == "0" and isinstance(cell.value, int), header  # counts: never 2.00
    assert total["支持贷款（笔）"].number_format == "0" and total["贷款金额（万元）"].number_format == "#,##0.00"


def test_a_county_official_exports_their_own_dashboard_and_no_other(client, areas):
    own, other = areas["秀峰区"], areas["七星区"]
    target(own, YEAR, 2)
    client.force_login(make_user(Role.COUNTY, area=own))
    page = client.get(area_url(own)).content.decode()
    link = f"{reverse('dashboards:export')}?year={YEAR}&amp;area={own.pk}"
    assert f'href="{link}"' in page and "导出 Excel" in page
    for url in (f"{reverse('dashboards:export')}?year={YEAR}", link.replace("&amp;", "&")):
        response = client.get(url)
        assert response.status_code == 200 and response["Content-Disposition"].startswith("attachment;")
        sheet = load_workbook(BytesIO(response.content)).active
        assert sheet["A1"].value.startswith("秀峰区专精特新培育指标完成情况")
        assert [row[0].value for row in sheet.iter_rows(min_row=3)] == ["秀峰区"]  # no city total, no other area
        assert sheet.cell(row=3, column=3).value == 2
        assert len(load_workbook(BytesIO(response.content)).worksheets) == 1  # the city's budget sheet is not theirs
    for wanted in (other.pk, "abc", 99999):
        assert client.get(f"{reverse('dashboards:export')}?year={YEAR}&area={wanted}").status_code == 404

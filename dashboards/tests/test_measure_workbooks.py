"""A measure's workbook for its responsible bureau: numbers as numbers, and scoped as the dashboards are."""

from datetime import date
from decimal import Decimal
from io import BytesIO

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from dashboards import measure_workbooks
from dashboards.measure_workbooks import MeasureWorkbook, Sheet
from enterprises.roles import Role
from enterprises.tests.factories import make_user

pytestmark = pytest.mark.django_db
YEAR = 2024


def _sheets(year, area_ids):
    rows = [["秀峰区", 3, Decimal("12345.6"), date(2024, 5, 1)], ["七星区", 1, Decimal("10"), date(2024, 6, 1)]]
    if area_ids is not None:
        rows = [row for row in rows if row[0] in _names(area_ids)]
    return [Sheet("触达企业", ["区域", "企业（家）", "金额（万元）", "日期"], rows)]


def _names(area_ids):
    from enterprises.models import Area

    return set(Area.objects.filter(pk__in=area_ids).values_list("name", flat=True))


@pytest.fixture
def measure_99():
    measure_workbooks.WORKBOOKS[99] = MeasureWorkbook(99, "（测试）测试措施", "市测试局", _sheets)
    yield
    measure_workbooks.WORKBOOKS.pop(99)


def _url(**params):
    query = "&".join(f"{key}={value}" for key, value in {"year": YEAR, **params}.items())
    return f"{reverse('dashboards:measure_export', args=[99])}?{query}"


def test_the_bureau_gets_the_whole_city_with_numeric_cells(client, role_users, measure_99):
    client.force_login(role_users[Role.REVIEWER])
    response = client.get(_url())
    assert response.status_code == 200 and response["Content-Disposition"] == (
        'attachment; filename="measure-99-2024.xlsx"')
    sheet = load_workbook(BytesIO(response.content))["触达企业"]
    assert sheet["A1"].value == "（测试）测试措施 · 2024 年 · 全市（报送市测试局）"
    assert [c.value for c in sheet[2]] == ["区域", "企业（家）", "金额（万元）", "日期"]
    first = sheet[3]
    assert first[0].value == "秀峰区" and first[0].data_type == "s"
    assert first[1].value == 3 and first[1].number_format == "0"
    assert first[2].value == 12345.6 and first[2].number_format == "#,##0.00"
    assert first[3].value.date() == date(2024, 5, 1) and first[3].number_format == "yyyy-mm-dd"
    assert sheet.max_row == 4


def test_a_county_official_gets_its_own_area_only(client, areas, measure_99):
    client.force_login(make_user(Role.COUNTY, area=areas["秀峰区"]))
    for url in (_url(), _url(area=areas["秀峰区"].pk)):
        sheet = load_workbook(BytesIO(client.get(url).content))["触达企业"]
        assert [row[0].value for row in sheet.iter_rows(min_row=3)] == ["秀峰区"]
        assert "秀峰区" in sheet["A1"].value
    assert client.get(_url(area=areas["七星区"].pk)).status_code == 404


def test_unknown_measures_and_roles_without_a_dashboard_get_404(client, role_users, measure_99):
    client.force_login(role_users[Role.REVIEWER])
    assert client.get(reverse("dashboards:measure_export", args=[98])).status_code == 404
    client.force_login(role_users[Role.ENTERPRISE])
    assert client.get(_url()).status_code in (403, 404)


def test_people_and_item_counts_are_integer_cells():
    from dashboards.exports import number_format_of

    assert number_format_of("需求人数（人）") == "0" and number_format_of("项目（项）") == "0"
    assert number_format_of("金额（万元）") == "#,##0.00" and number_format_of("专业方向") is None

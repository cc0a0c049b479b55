"""政策模拟 in the admin: who may open it, what it shows, the download, nothing stored, constant queries."""

import csv
from datetime import date
from io import StringIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from enterprises.roles import Role

from .factories import growing_firm
from .test_whatif import COLUMNS, DRAFT, every_count

pytestmark = pytest.mark.django_db

URL = "/admin/awards/recomputerun/whatif/"


@pytest.fixture
def firms(areas):
    return {
        "A": growing_firm(area=areas["秀峰区"]),
        "B": growing_firm(recognized_on=date(2024, 3, 15), area=areas["阳朔县"]),
        "C": growing_firm(current=("65000000", "1150000"), area=areas["秀峰区"]),
    }


def test_the_url_is_the_recompute_lists_action():
    assert reverse("admin:awards_recomputerun_whatif") == URL


@pytest.mark.parametrize(("role", "status"), [
    (Role.REVIEWER, 200), (Role.ADMIN, 200),
    (Role.COUNTY, 403), (Role.FINANCE, 403), (Role.FINANCIAL_SERVICES, 403), (Role.LIAISON, 403),
])
def test_only_who_may_recompute_opens_the_page(client, role_users, role, status):
    client.force_login(role_users[role])
    assert client.get(URL).status_code == status
    assert client.post(URL, {"year": "2024", "text": DRAFT}).status_code == status


def test_an_enterprise_user_never_reaches_it(client, role_users):
    client.force_login(role_users[Role.ENTERPRISE])
    response = client.get(URL)
    assert response.status_code in (302, 403, 404)
    assert "政策模拟" not in response.content.decode()


def test_the_list_offers_the_button_to_reviewers_only(client, role_users):
    client.force_login(role_users[Role.REVIEWER])
    assert URL in client.get(reverse("admin:awards_recomputerun_changelist")).content.decode()
    client.force_login(role_users[Role.FINANCE])
    assert URL not in client.get(reverse("admin:awards_recomputerun_changelist")).content.decode()


def test_the_form_starts_from_the_edition_in_force(client, role_users):
    client.force_login(role_users[Role.REVIEWER])
    page = client.get(URL).content.decode()
    assert "[growth]" in page and "output_growth_min" in page and "开始模拟" in page


def test_the_page_shows_totals_areas_chart_gainers_and_stores_nothing(client, role_users, firms):
    client.force_login(role_users[Role.REVIEWER])
    before = every_count()
    response = client.post(URL, {"year": "2024", "text": DRAFT})
    assert every_count() == before
    page = response.content.decode()
    assert "合计：现行 3 家 220000.00 元；模拟 4 家 370000.00 元" in page
    areas = page[page.index('id="whatif-areas"'):page.index("</table>", page.index('id="whatif-areas"'))]
    # 秀峰区: A 60,000 now, C nothing; under the draft 80,000 + 60,000
    assert "秀峰区</td><td class=\"px-3 py-1 text-right\">1</td><td class=\"px-3 py-1 text-right\">60,000.00 元" in areas
    assert "140,000.00 元" in areas and "阳朔县" in areas and "230,000.00 元" in areas
    assert '<svg id="whatif-chart"' in page and "秀峰区 模拟：140,000.00 元" in page
    gainers = page[page.index('id="whatif-gainers"'):]
    assert firms["C"].name in gainers and "按草案增加奖励的企业（4 项）" in page
    assert "按草案减少奖励的企业（0 项）" in page


def test_a_draft_that_pays_less_lists_the_losers(client, role_users, firms):
    client.force_login(role_users[Role.REVIEWER])
    stingy = DRAFT.replace('amount = "150000"', 'amount = "50000"').replace('rate = "0.004"', 'rate = "0.002"')
    page = client.post(URL, {"year": "2024", "text": stingy}).content.decode()
    losers = page[page.index('id="whatif-losers"'):]
    assert firms["B"].name in losers and "-50,000.00 元" in losers
    assert "按草案减少奖励的企业（3 项）" in page


def test_an_uploaded_draft_is_run_and_shown_for_editing(client, role_users, firms):
    client.force_login(role_users[Role.ADMIN])
    upload = SimpleUploadedFile("draft.toml", DRAFT.encode("utf-8"), content_type="application/toml")
    page = client.post(URL, {"year": "2024", "upload": upload, "text": ""}).content.decode()
    assert "模拟 4 家 370000.00 元" in page and "草案〔2026〕1号" in page


def test_the_download_has_the_commands_columns_and_rows(client, role_users, firms):
    client.force_login(role_users[Role.REVIEWER])
    response = client.post(URL, {"year": "2024", "text": DRAFT, "download": "csv"})
    assert response["Content-Disposition"] == 'attachment; filename="whatif-2024.csv"'
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    header, *rows = list(csv.reader(StringIO(text[1:])))
    assert header == COLUMNS and len(rows) == 4
    xlsx = client.post(URL, {"year": "2024", "text": DRAFT, "download": "xlsx"})
    assert xlsx["Content-Disposition"] == 'attachment; filename="whatif-2024.xlsx"'
    assert xlsx.content[:2] == b"PK"


@pytest.mark.parametrize(("data", "message"), [
    ({"year": "2024", "text": "name = "}, "草案有误：TOML 格式错误"),
    ({"year": "2024", "text": DRAFT.replace("[notice]\ndays = 7\n", "")}, "缺少必填项 notice.days"),
    ({"year": "2024", "text": ""}, "请上传草案文件或填写草案内容"),
    ({"year": "20x4", "text": DRAFT}, "测算年度"),
])
def test_a_bad_draft_or_year_is_said_in_chinese_and_nothing_is_stored(client, role_users, data, message):
    client.force_login(role_users[Role.REVIEWER])
    before = every_count()
    response = client.post(URL, data)
    assert response.status_code == 200
    page = response.content.decode()
    assert (message in page) or (message == "测算年度" and "whatif-errors-year" in page)
    assert "whatif-result" not in page
    assert every_count() == before


@pytest.mark.parametrize("n", [3, 30])
def test_the_page_query_count_does_not_grow_with_the_enterprises(client, role_users, areas,
                                                                  django_assert_num_queries, n):
    for index in range(n):
        growing_firm(area=list(areas.values())[index % 20])
    client.force_login(role_users[Role.REVIEWER])
    client.post(URL, {"year": "2024", "text": DRAFT})  # warm the session and the content types
    with django_assert_num_queries(QUERIES):
        response = client.post(URL, {"year": "2024", "text": DRAFT})
    assert f"现行 {n} 家" in response.content.decode()


# session, user, the user's two permission reads; the savepoint of nothing_stored() and its rollback and release;
# inside: the editions, plan_year's two sets, one batch (enterprises, designations, figures, their sources and the
# precedence); then the areas (the test's own transaction is outside it) — the
# same for 3 and 30 enterprises
QUERIES = 16

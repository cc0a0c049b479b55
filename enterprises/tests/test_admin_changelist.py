"""The enterprise change list counts its rows once when nothing narrows it, and still shows the full count beside a
filtered one; its column headers (sort links included) read the same on every page."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from enterprises.roles import Role
from enterprises.tests.factories import EnterpriseFactory

pytestmark = pytest.mark.django_db
URL = reverse("admin:enterprises_enterprise_changelist")


@pytest.fixture
def listed(areas):
    for index in range(7):
        EnterpriseFactory(area=areas["秀峰区" if index < 3 else "阳朔县"])


def counts(queries):
    return [q["sql"] for q in queries.captured_queries if q["sql"].startswith("SELECT COUNT(*)")]


def test_the_unfiltered_list_counts_its_rows_once(client, role_users, listed):
    client.force_login(role_users[Role.REVIEWER])
    with CaptureQueriesContext(connection) as queries:
        response = client.get(URL)
    assert len(counts(queries)) == 1
    cl = response.context["cl"]
    assert cl.result_count == cl.full_result_count == 9  # the 7 and role_users' two firms
    assert "条结果" not in response.content.decode()  # no "N results (M total)" line on an unfiltered list


def test_a_filtered_list_shows_the_full_count_beside_its_own(client, role_users, areas, listed):
    client.force_login(role_users[Role.REVIEWER])
    response = client.get(f"{URL}?area__id__exact={areas['秀峰区'].pk}")
    cl = response.context["cl"]
    assert (cl.result_count, cl.full_result_count) == (4, 9)
    assert '4 条结果 (<a href="?">共 9 条</a>)' in response.content.decode()


def test_a_search_shows_the_full_count_beside_its_own(client, role_users, listed):
    firm = EnterpriseFactory(name="桂林独一无二科技有限公司")
    client.force_login(role_users[Role.REVIEWER])
    response = client.get(URL, {"q": firm.name})
    assert '1 条结果 (<a href="?">共 10 条</a>)' in response.content.decode()


def test_every_row_is_labelled_with_its_column_and_the_headers_sort(client, role_users, listed):
    client.force_login(role_users[Role.REVIEWER])
    page = client.get(URL, {"o": "2"}).content.decode()
    assert page.count('data-label="统一社会信用代码"') == 9
    assert 'href="?o=-2"' in page  # the sorted column's link reverses it
    assert 'href="?o=1.2"' in page  # another column's link adds it before the current sort

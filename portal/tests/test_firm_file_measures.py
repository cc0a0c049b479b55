"""The one-firm file carries every other measure's records: each capability's tables on the page and in the .xlsx,
as that capability gives them (its personal-data rule applied there)."""

from datetime import date
from decimal import Decimal
from io import BytesIO
from types import SimpleNamespace

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from enterprises.record_tables import RecordTable
from enterprises.roles import Role
from portal import firm_file

pytestmark = pytest.mark.django_db


def _tables(enterprise, user):
    rows = [["中国—东盟博览会", date(2026, 9, 17), Decimal("1234.5"), True]]
    note = "" if user.role == Role.REVIEWER else "部分内容仅对市工业和信息化局可见"
    return [RecordTable(f"（十八）参加展会：{enterprise.name}", ["展会名称", "开始日期", "意向成交额（万元）", "是否跨境"],
                        rows, note)]


@pytest.fixture
def capability(monkeypatch):
    monkeypatch.setattr(firm_file, "MEASURE_CAPABILITIES", [SimpleNamespace(firm_file_tables=_tables)])


def test_the_page_shows_each_table_with_readable_cells(client, role_users, capability):
    enterprise = role_users["own_enterprise"]
    client.force_login(role_users[Role.REVIEWER])
    html = client.get(reverse("liaison:file", args=[enterprise.pk])).content.decode()
    assert "其他政策措施" in html and f"（十八）参加展会：{enterprise.name}" in html
    assert "2026-09-17" in html and "1,234.50" in html and "<td>是</td>" in html


def test_the_workbook_has_a_sheet_per_table_with_numbers_as_numbers(client, role_users, capability):
    enterprise = role_users["own_enterprise"]
    client.force_login(role_users[Role.ENTERPRISE])
    response = client.get(reverse("liaison:file_xlsx", args=[enterprise.pk]))
    book = load_workbook(BytesIO(response.content))
    (name,) = [n for n in book.sheetnames if n.startswith("（十八）参加展会")]
    sheet = book[name]
    assert [c.value for c in sheet[1]] == ["展会名称", "开始日期", "意向成交额（万元）", "是否跨境"]
    assert sheet["C2"].value == 1234.5 and sheet["D2"].value == "是"
    assert sheet["A4"].value == "部分内容仅对市工业和信息化局可见"


def test_without_capabilities_the_section_is_absent(client, role_users, monkeypatch):
    monkeypatch.setattr(firm_file, "MEASURE_CAPABILITIES", [])
    client.force_login(role_users[Role.REVIEWER])
    html = client.get(reverse("liaison:file", args=[role_users["own_enterprise"].pk])).content.decode()
    assert 'id="measures"' not in html

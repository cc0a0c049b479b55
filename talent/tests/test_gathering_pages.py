"""The talent tables as the pages that gather show them: the one-firm file (page and .xlsx) and the measures'
workbooks, built from talent.selectors as the lead wires them (portal.firm_file, dashboards.measure_workbooks)."""

from datetime import date
from io import BytesIO

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from dashboards.measure_workbooks import MeasureWorkbook, workbook_bytes
from enterprises.roles import Role
from enterprises.selectors import today
from portal import firm_file
from talent import selectors
from talent.models import TalentLevel

from .factories import need, srdi_enterprise, talent

pytestmark = pytest.mark.django_db
YEAR = today().year


@pytest.fixture
def wired(monkeypatch):
    monkeypatch.setattr(firm_file, "MEASURE_CAPABILITIES", [selectors])


def test_the_firm_file_shows_needs_and_counts_talents_for_the_bureau(client, role_users, wired):
    enterprise = role_users["own_enterprise"]
    need(enterprise, YEAR, "嵌入式软件工程师", "电子信息工程", 3, "本科")
    talent(enterprise, name="覃思远", level=TalentLevel.D)
    client.force_login(role_users[Role.REVIEWER])
    html = client.get(reverse("liaison:file", args=[enterprise.pk])).content.decode()
    assert "（十六）人才需求" in html and "嵌入式软件工程师" in html and f"<td>{YEAR}</td>" in html
    assert "（十七）高层次人才" in html and "<td>D类</td>" in html and "覃思远" not in html
    assert selectors.NAMES_HIDDEN in html
    client.force_login(role_users[Role.ENTERPRISE])
    assert "覃思远" in client.get(reverse("liaison:file", args=[enterprise.pk])).content.decode()
    book = load_workbook(BytesIO(client.get(reverse("liaison:file_xlsx", args=[enterprise.pk])).content))
    assert any(name.startswith("（十七）高层次人才") for name in book.sheetnames)


@pytest.mark.parametrize("measure", [16, 17])
def test_each_measures_workbook_opens_with_number_cells_and_no_names(measure, areas):
    firm = srdi_enterprise(area=areas["秀峰区"])
    need(firm, YEAR, "软件开发工程师", "软件工程", 4, "本科")
    talent(firm, name="覃思远", level=TalentLevel.C, recognised_on=date(YEAR, 1, 2))
    workbook = MeasureWorkbook(measure, f"（{measure}）", "市委人才办", selectors.workbook_sheets()[measure])
    book = load_workbook(BytesIO(workbook_bytes(workbook, YEAR)))
    cells = [cell for sheet in book.worksheets for row in sheet.iter_rows() for cell in row]
    assert "覃思远" not in {cell.value for cell in cells}
    first = book.worksheets[0]
    numbers = [cell for cell in first[3] if isinstance(cell.value, int)]
    assert numbers and all(cell.data_type == "n" for cell in numbers)

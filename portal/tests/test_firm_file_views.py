import zipfile
from datetime import date, timedelta
from io import BytesIO

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from audit import BEAT
from awards.services import refresh_recognition_award
from declarations.tests.factories import submitted_application
from enterprises.models import CreditStatus
from enterprises.roles import Role
from enterprises.tests.factories import EnterpriseFactory, credit_entry, designate, figures
from finance.tests.factories import loan, pool_entry
from liaison import services
from liaison.models import Visit
from liaison.tests.factories import assign, difficulty
from policy.levels import Level

pytestmark = pytest.mark.django_db


# --- one firm one file ---------------------------------------------------------------------------------------------


def test_firm_file_page_and_export_answer_404_to_anyone_else(client, role_users):
    own, other = role_users["own_enterprise"], role_users["other_enterprise"]
    for role, status in ((Role.ENTERPRISE, 200), (Role.COUNTY, 200), (Role.REVIEWER, 200), (Role.FINANCE, 404),
                         (Role.FINANCIAL_SERVICES, 404), (Role.LIAISON, 404)):
        client.force_login(role_users[role])
        assert client.get(reverse("liaison:file", args=[own.pk])).status_code == status, role
        assert client.get(reverse("liaison:file_xlsx", args=[own.pk])).status_code == status, role
    client.force_login(role_users[Role.ENTERPRISE])
    response = client.get(reverse("liaison:file", args=[other.pk]))
    assert response.status_code == 404 and other.name not in response.content.decode()


def test_firm_file_page_shows_the_sections_and_prints(client, role_users):
    enterprise = role_users["own_enterprise"]
    figures(enterprise, 2024, "20000000", "1000000")
    figures(enterprise, 2025, "27000000", "1100000")
    liaison = role_users[Role.LIAISON]
    assign(enterprise, liaison)
    services.log_visit(actor=liaison, enterprise=enterprise, visited_on=date(2025, 4, 1), mode="phone",
                       content="电话了解二季度订单情况")
    client.force_login(liaison)
    page = client.get(reverse("liaison:file", args=[enterprise.pk])).content.decode()
    for text in ("企业概况", "认定记录与有效期", "年度经营数据", "+35.00%", "+10.00%", "联络员", "一企一策",
                 "走访记录", "电话了解二季度订单情况", "困难诉求", "人才培训", "服务记录", "css/print.css", "data-print"):
        assert text in page, text


def test_firm_file_shows_the_credit_entries_in_force_and_removed(client, role_users):
    enterprise = role_users["own_enterprise"]
    credit_entry(enterprise, date(2024, 3, 1), status=CreditStatus.ABNORMAL_OPERATION, authority="秀峰区市场监督管理局")
    credit_entry(enterprise, date(2022, 5, 6), removed_on=date(2023, 5, 6), status=CreditStatus.MAJOR_TAX_VIOLATION,
                 authority="国家税务总局桂林市税务局")
    credit_entry(role_users["other_enterprise"], date(2024, 3, 1), authority="阳朔县市场监督管理局")
    for role in (Role.ENTERPRISE, Role.COUNTY, Role.REVIEWER, Role.ADMIN):
        client.force_login(role_users[role])
        page = client.get(reverse("liaison:file", args=[enterprise.pk])).content.decode()
        section = page.split('id="credit"')[1].split("</section>")[0]
        in_force = next(row for row in section.split("<tr>") if "秀峰区市场监督管理局" in row)
        removed = next(row for row in section.split("<tr>") if "国家税务总局桂林市税务局" in row)
        assert "经营异常" in in_force and "2024-03-01" in in_force and "在列" in in_force, role
        assert "重大税收违法" in removed and "2022-05-06" in removed and "2023-05-06" in removed, role
        assert "已移出" in removed and "在列" not in removed, role
        assert "阳朔县市场监督管理局" not in page, role
    sheet = load_workbook(BytesIO(client.get(reverse("liaison:file_xlsx", args=[enterprise.pk])).content))["信用记录"]
    assert [cell.value for cell in sheet[1]] == ["信用状况", "认定部门", "列入日期", "移出日期", "状态"]
    assert [(sheet.cell(row=r, column=1).value, sheet.cell(row=r, column=5).value) for r in (2, 3)] == [
        ("经营异常", "在列"), ("重大税收违法", "已移出")]


@pytest.mark.parametrize("rows", [3, 30])
def test_firm_file_page_query_count_does_not_grow(client, role_users, django_assert_num_queries, rows):
    enterprise = role_users["own_enterprise"]
    liaison = role_users[Role.LIAISON]
    assign(enterprise, liaison, date(2020, 1, 1))
    Visit.objects.bulk_create(
        Visit(enterprise=enterprise, officer=liaison, visited_on=date(2025, 1, 1), content=f"第{n}次走访") for n in range(rows)
    )
    for n in range(rows):
        figures(enterprise, 1990 + n, "20000000", "1000000")
    designate(enterprise, Level.MUNICIPAL, date(2023, 6, 1))
    refresh_recognition_award(enterprise=enterprise, actor=BEAT)
    pool_entry(enterprise, entered_on=date(2024, 3, 1))
    for n in range(rows):
        loan(enterprise, granted_on=date(2024, 1 + n % 12, 1), bank=f"第{n}号支行")
        credit_entry(enterprise, date(2020, 1, 1) + timedelta(days=n), authority=f"第{n}号认定部门")
    submitted_application(role_users[Role.ENTERPRISE], year=2026)
    client.force_login(liaison)
    # session, user, perms (user, groups), the file's reads (two of them the tier check-up's)
    with django_assert_num_queries(39):  # + the other measures' tables (15 queries)
        response = client.get(reverse("liaison:file", args=[enterprise.pk]))
    page = response.content.decode()
    assert page.count("次走访") == rows and page.count("号支行") == rows and page.count("号认定部门") == rows
    assert "2023 年认定奖励" in page and "100,000.00 元" in page and "北交所" in page
    assert "2026 年 · 市级专精特新中小企业申报" in page and "提交申报" in page


def test_excel_export_holds_the_file_and_never_a_formula(client, role_users, areas):
    enterprise = EnterpriseFactory(name='=HYPERLINK("http://evil.example","点击")', area=areas["秀峰区"])
    figures(enterprise, 2025, "27000000", "1100000")
    firm_user = role_users[Role.ENTERPRISE]
    firm_user.enterprise = enterprise
    firm_user.save()
    difficulty(enterprise, actor=firm_user, title="+cmd|' /C calc'!A0")
    client.force_login(firm_user)
    response = client.get(reverse("liaison:file_xlsx", args=[enterprise.pk]))
    assert response.status_code == 200 and response["Content-Disposition"].startswith("attachment;")
    content = response.content
    with zipfile.ZipFile(BytesIO(content)) as archive:
        sheets = [archive.read(n).decode() for n in archive.namelist() if n.startswith("xl/worksheets/sheet")]
    assert sheets and not any("<f>" in sheet for sheet in sheets)
    book = load_workbook(BytesIO(content))
    assert book.sheetnames[:14] == ["企业概况", "认定记录", "年度经营数据", "信用记录", "联络员", "走访记录", "困难诉求",
                                    "一企一策", "培训记录", "服务记录", "申报记录", "奖励兑现", "贷款支持", "上市后备"]
    assert "（十五）质量品牌荣誉" in book.sheetnames  # then one sheet per kind of the other measures' records
    name_cell = book["企业概况"]["B2"]
    assert name_cell.value == enterprise.name and name_cell.data_type == "s"
    assert book["困难诉求"]["C2"].value == "+cmd|' /C calc'!A0"
    assert book["年度经营数据"]["A2"].value == 2025

"""Tier names by edition: 工信部企业〔2026〕2号 (from 2026-04-01) renames the first tier 科技和创新型中小企业. An import
accepts either name for the first tier; every page names a designation's level as it was called on its grant date,
reading the criteria editions once per page."""

import io
from datetime import date

import pytest
from django.core.management import call_command
from django.urls import reverse
from openpyxl import load_workbook

from enterprises.models import Designation
from enterprises.roles import Role
from enterprises.tests.factories import EnterpriseFactory, designate
from enterprises.tests.files import DESIGNATION_HEADERS, read_xlsx, write_file
from policy.levels import Level, LevelNames
from policy.selectors import level_name, level_names
from portal.firm_file import one_firm_file

pytestmark = pytest.mark.django_db
NEW_NAME, OLD_NAME = "科技和创新型中小企业", "创新型中小企业"
RENAMED_ON, EVE = date(2026, 4, 1), date(2026, 3, 31)


def test_the_first_tier_is_named_by_the_edition_in_force_on_the_grant_date():
    assert level_name(Level.INNOVATIVE, RENAMED_ON) == NEW_NAME
    assert level_name(Level.INNOVATIVE, EVE) == OLD_NAME
    assert level_name(Level.INNOVATIVE, date(2020, 1, 1)) == OLD_NAME  # before the first edition: the first
    names = level_names()
    assert names.name(Level.MUNICIPAL, RENAMED_ON) == Level.MUNICIPAL.label
    assert names.level_of(NEW_NAME) == names.level_of(f"“{NEW_NAME}”") == Level.INNOVATIVE
    assert names.level_of(OLD_NAME) == names.level_of("innovative") == Level.INNOVATIVE
    assert names.level_of("省级专精特新中小企业") is None
    assert LevelNames([]).name(Level.INNOVATIVE, RENAMED_ON) == OLD_NAME  # no edition entered: the ladder's label


def test_import_accepts_the_first_tier_under_either_name(tmp_path):
    firm = EnterpriseFactory()
    rows = [[firm.credit_code, NEW_NAME, RENAMED_ON, None, "国科〔2026〕1号"],
            [firm.credit_code, OLD_NAME, date(2025, 5, 1), None, ""]]
    call_command("import_data", "designations", str(write_file(tmp_path, "xlsx", DESIGNATION_HEADERS, rows)),
                 stdout=io.StringIO())
    assert sorted(Designation.objects.values_list("level", "granted_on")) == [
        (Level.INNOVATIVE, date(2025, 5, 1)), (Level.INNOVATIVE, RENAMED_ON)]


def _two_grants():
    firm = EnterpriseFactory()
    designate(firm, Level.INNOVATIVE, EVE, document_number="旧版〔2026〕1号")
    designate(firm, Level.INNOVATIVE, RENAMED_ON, document_number="新版〔2026〕1号")
    return firm


def _row_of(page, document_number):
    return next(row for row in page.split("<tr") if document_number in row)


def test_the_one_firm_file_names_each_grant_by_its_date(client, role_users):
    firm = _two_grants()
    file = one_firm_file(role_users[Role.REVIEWER], firm.pk, on=date(2026, 6, 1))
    assert [line.level_label for line in file.designations] == [NEW_NAME, OLD_NAME]
    assert file.current_tier == NEW_NAME  # the latest valid title at that level
    assert one_firm_file(role_users[Role.REVIEWER], firm.pk, on=EVE).current_tier == OLD_NAME

    client.force_login(role_users[Role.REVIEWER])
    page = client.get(reverse("liaison:file", args=[firm.pk])).content.decode()
    assert NEW_NAME in _row_of(page, "新版〔2026〕1号")
    assert NEW_NAME not in _row_of(page, "旧版〔2026〕1号") and OLD_NAME in _row_of(page, "旧版〔2026〕1号")
    book = read_xlsx_sheet(client.get(reverse("liaison:file_xlsx", args=[firm.pk])).content, "认定记录")
    assert [book.cell(row=row, column=1).value for row in (2, 3)] == [NEW_NAME, OLD_NAME]


def read_xlsx_sheet(content, title):
    return load_workbook(io.BytesIO(content))[title]


def test_the_registry_pages_name_each_grant_by_its_date(client, role_users):
    firm = _two_grants()
    client.force_login(role_users[Role.REVIEWER])
    page = client.get(reverse("enterprises:detail", args=[firm.pk])).content.decode()
    assert NEW_NAME in _row_of(page, RENAMED_ON.isoformat()) and NEW_NAME not in _row_of(page, EVE.isoformat())
    changelist = client.get(reverse("admin:enterprises_designation_changelist")).content.decode()
    assert NEW_NAME in _row_of(changelist, "新版〔2026〕1号") and NEW_NAME not in _row_of(changelist, "旧版〔2026〕1号")
    inline = client.get(reverse("admin:enterprises_enterprise_change", args=[firm.pk])).content.decode()
    assert NEW_NAME in inline and OLD_NAME in inline


def test_the_export_names_each_grant_by_its_date_and_reimports_unchanged(client, role_users, tmp_path):
    _two_grants()
    client.force_login(role_users[Role.REVIEWER])
    response = client.post(reverse("admin:enterprises_designation_export"), {"format": "1", "resource": "0"})
    sheet = read_xlsx(response.content)
    assert sorted((str(row[2].value)[:10], row[1].value) for row in sheet.iter_rows(min_row=2)) == [
        (EVE.isoformat(), OLD_NAME), (RENAMED_ON.isoformat(), NEW_NAME)]
    path = tmp_path / "designations.xlsx"
    path.write_bytes(response.content)
    out = io.StringIO()
    call_command("import_data", "designations", str(path), stdout=out)
    assert "新增 0 条，更新 0 条，未变化 2 条" in out.getvalue()


@pytest.mark.parametrize("rows", [2, 20])
def test_the_designation_list_reads_the_tier_names_once(client, role_users, django_assert_num_queries, rows):
    for n in range(rows):
        designate(EnterpriseFactory(), Level.INNOVATIVE, date(2026, 1 + n % 12, 1) if n % 12 < 11 else RENAMED_ON)
    client.force_login(role_users[Role.REVIEWER])
    # session, user, perms (user, groups), the area filter's choices, the count (unfiltered, also the total), the
    # page's rows, the date hierarchy (range, months), the tier names once
    with django_assert_num_queries(10):
        response = client.get(reverse("admin:enterprises_designation_changelist"))
    assert response.status_code == 200


def test_the_enterprise_home_names_each_grant_by_its_date(client):
    from enterprises.tests.factories import make_user

    firm = _two_grants()
    client.force_login(make_user(Role.ENTERPRISE, enterprise=firm))
    page = client.get(reverse("declarations:home")).content.decode()
    assert NEW_NAME in _row_of(page, "新版〔2026〕1号")
    assert NEW_NAME not in _row_of(page, "旧版〔2026〕1号") and OLD_NAME in _row_of(page, "旧版〔2026〕1号")

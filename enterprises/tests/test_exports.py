"""The admin's export and import buttons: the same column formats, formulae defused, scoped rows, a round trip
that changes nothing, and the admin import running the shared service (all or nothing, row errors shown)."""

import io
from datetime import date
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from enterprises.credit_codes import make_credit_code
from enterprises.models import AnnualFigures, Designation, Enterprise
from enterprises.roles import Role
from enterprises.tests.factories import EnterpriseFactory, designate, figures
from enterprises.tests.files import (
    DESIGNATION_HEADERS,
    ENTERPRISE_HEADERS,
    FIGURES_HEADERS,
    HEADERS,
    csv_bytes,
    read_xlsx,
    xlsx_bytes,
)
from policy.levels import Level

pytestmark = pytest.mark.django_db
CSV, XLSX = "0", "1"  # the admin's format choices, in enterprises.spreadsheets.FORMATS order
MODEL_OF = {"enterprises": "enterprise", "designations": "designation", "figures": "annualfigures"}


def export(client, kind, file_format):
    response = client.post(
        reverse(f"admin:enterprises_{MODEL_OF[kind]}_export"), {"format": file_format, "resource": "0"},
    )
    assert response.status_code == 200, response.content[:500]
    assert response["Content-Disposition"].startswith(f'attachment; filename="{kind}-')
    return response.content


def csv_lines(content):
    assert content.startswith(b"\xef\xbb\xbf"), "CSV exports carry a BOM so that Excel reads the Chinese"
    return content.decode("utf-8-sig").splitlines()


@pytest.fixture
def registry(areas):
    firm = EnterpriseFactory(name="=HYPERLINK(\"http://evil.example\",\"点我\")", area=areas["秀峰区"],
                             founded_on=date(2011, 1, 9), industry="医药制造业")
    plain = EnterpriseFactory(name="阳朔山水科技有限公司", area=areas["阳朔县"], industry="")
    designate(firm, Level.MUNICIPAL, date(2023, 6, 1), document_number="市工信〔2023〕7号")
    designate(plain, Level.LITTLE_GIANT, date(2024, 7, 1), valid_until=date(2027, 6, 30), document_number="")
    figures(firm, 2024, "1234567.89", "88000.50", revenue=Decimal("2000000"), employees=120)
    figures(plain, 2023, "20000000", "0")
    return firm, plain


@pytest.fixture
def reviewer_client(client, role_users):
    client.force_login(role_users[Role.REVIEWER])
    return client


def test_csv_export_has_the_import_columns_and_defuses_formulae(reviewer_client, registry):
    firm, plain = registry
    lines = csv_lines(export(reviewer_client, "enterprises", CSV))
    assert lines[0] == ",".join(ENTERPRISE_HEADERS)
    assert f'{firm.credit_code},"\'=HYPERLINK(""http://evil.example"",""点我"")",秀峰区,2011-01-09,医药制造业' in lines
    assert f"{plain.credit_code},阳朔山水科技有限公司,阳朔县,2010-05-01," in lines
    designations = csv_lines(export(reviewer_client, "designations", CSV))
    assert designations[0] == ",".join(DESIGNATION_HEADERS)
    assert f"{firm.credit_code},市级专精特新中小企业,2023-06-01,2026-05-31,市工信〔2023〕7号" in designations
    rows = csv_lines(export(reviewer_client, "figures", CSV))
    assert rows[0] == ",".join(FIGURES_HEADERS)
    assert f"{firm.credit_code},2024,1234567.89,88000.50,2000000.00,,120" in rows


def test_xlsx_export_has_typed_cells_and_no_formula(reviewer_client, registry):
    firm, _ = registry
    sheet = read_xlsx(export(reviewer_client, "enterprises", XLSX))
    assert [cell.value for cell in sheet[1]] == ENTERPRISE_HEADERS
    row = next(r for r in sheet.iter_rows(min_row=2) if r[0].value == firm.credit_code)
    assert row[1].value == firm.name and row[1].data_type == "s", "a name starting with = must stay text"
    assert row[3].value.date() == date(2011, 1, 9) and row[3].is_date
    figures_sheet = read_xlsx(export(reviewer_client, "figures", XLSX))
    assert [cell.value for cell in figures_sheet[1]] == FIGURES_HEADERS
    row = next(r for r in figures_sheet.iter_rows(min_row=2, values_only=True) if r[0] == firm.credit_code)
    assert row[1:4] == (2024, 1234567.89, 88000.5)


@pytest.mark.parametrize("file_format", [CSV, XLSX])
def test_export_then_reimport_changes_nothing(reviewer_client, registry, tmp_path, file_format):
    history = [model.history.count() for model in (Enterprise, Designation, AnnualFigures)]
    for kind, model in (("enterprises", Enterprise), ("designations", Designation), ("figures", AnnualFigures)):
        path = tmp_path / f"{kind}.{'csv' if file_format == CSV else 'xlsx'}"
        path.write_bytes(export(reviewer_client, kind, file_format))
        out = io.StringIO()
        call_command("import_data", kind, str(path), stdout=out)
        assert f"新增 0 条，更新 0 条，未变化 {model.objects.count()} 条" in out.getvalue(), (kind, out.getvalue())
    assert [model.history.count() for model in (Enterprise, Designation, AnnualFigures)] == history
    assert Enterprise.objects.get(pk=registry[0].pk).name.startswith("=HYPERLINK")


def test_county_official_exports_only_its_own_area(client, role_users, registry):
    firm, plain = registry
    client.force_login(role_users[Role.COUNTY])  # 秀峰区
    for kind in ("enterprises", "designations", "figures"):
        content = "\n".join(csv_lines(export(client, kind, CSV)))
        assert firm.credit_code in content and plain.credit_code not in content
        assert role_users["other_enterprise"].credit_code not in content


def upload(client, kind, name, content, file_format):
    url = reverse(f"admin:enterprises_{MODEL_OF[kind]}_import")
    return client.post(url, {"import_file": _named(name, content), "format": file_format, "resource": "0"})


def _named(name, content):
    return SimpleUploadedFile(name, content)


def test_admin_import_of_a_bad_file_writes_nothing_and_shows_the_rows(reviewer_client, registry, tmp_path):
    firm, _ = registry
    rows = [
        [firm.credit_code, 2021, "100", "10", "", "", ""],
        [firm.credit_code, 2022, "-1", "10", "", "", ""],
        [make_credit_code("450302", 77), 2022, "1", "1", "", "", ""],
    ]
    before = AnnualFigures.objects.count()
    response = upload(reviewer_client, "figures", "figures.csv", csv_bytes(FIGURES_HEADERS, rows), CSV)
    page = response.content.decode()
    assert response.status_code == 200 and "confirm_form" not in response.context
    assert "共 2 行有错误，未写入任何数据" in page
    assert "金额不能为负数" in page and "企业库中没有统一社会信用代码为" in page
    invalid = response.context["result"].invalid_rows
    assert [row.number for row in invalid] == [3, 4]
    assert AnnualFigures.objects.count() == before
    # the command line reports exactly the same rows and reasons
    path = tmp_path / "figures.csv"
    path.write_bytes(csv_bytes(FIGURES_HEADERS, rows))
    err = io.StringIO()
    with pytest.raises(CommandError):
        call_command("import_data", "figures", str(path), stderr=err)
    from_admin = [f"第 {row.number} 行【{column}】：{reason}"
                  for row in invalid for column, reasons in row.error_dict.items() for reason in reasons]
    assert err.getvalue().splitlines() == from_admin


def test_admin_import_reports_a_missing_column(reviewer_client):
    content = csv_bytes(["统一社会信用代码", "企业名称"], [[make_credit_code("450302", 5), "甲"]], bom=False)
    page = upload(reviewer_client, "enterprises", "e.csv", content, CSV).content.decode()
    assert "缺少必填列：所属区域" in page and "未写入任何数据" in page


def test_admin_import_previews_then_writes_with_the_user_in_history(reviewer_client, role_users, registry):
    firm, plain = registry
    rows = [
        [firm.credit_code, "国家级专精特新小巨人企业", date(2025, 1, 10), None, "工信部〔2025〕1号"],
        [plain.credit_code, "国家级专精特新小巨人企业", date(2024, 7, 1), date(2027, 6, 30), None],  # unchanged
    ]
    response = upload(reviewer_client, "designations", "d.xlsx", xlsx_bytes(DESIGNATION_HEADERS, rows), XLSX)
    page = response.content.decode()
    assert "试运行（未写入）：将新增 1 条，更新 0 条，未变化 1 条" in page
    assert not Designation.objects.filter(enterprise=firm, level=Level.LITTLE_GIANT).exists()
    confirm = response.context["confirm_form"]
    response = reviewer_client.post(
        reverse("admin:enterprises_designation_process_import"),
        {name: confirm.initial[name] for name in ("import_file_name", "original_file_name", "format", "resource")},
        follow=True,
    )
    assert "认定导入完成：新增 1 条，更新 0 条，未变化 1 条" in response.content.decode()
    created = Designation.objects.get(enterprise=firm, level=Level.LITTLE_GIANT)
    assert created.valid_until == date(2028, 1, 9)
    entry = created.history.get()
    assert entry.history_user == role_users[Role.REVIEWER] and entry.history_change_reason == "批量导入 d.xlsx"


def test_admin_import_checks_extension_and_permission(client, reviewer_client, role_users):
    content = csv_bytes(HEADERS["enterprises"], [[make_credit_code("450302", 6), "甲", "秀峰区", "", ""]])
    page = upload(reviewer_client, "enterprises", "e.xlsx", content, CSV).content.decode()
    assert "文件扩展名与所选格式不一致" in page
    page = upload(reviewer_client, "enterprises", "e.csv", b"\xd5\xfe", CSV).content.decode()
    assert "不是 UTF-8 编码" in page
    client.force_login(role_users[Role.COUNTY])  # may add enterprises, may only view designations
    assert client.get(reverse("admin:enterprises_enterprise_import")).status_code == 200
    assert client.get(reverse("admin:enterprises_designation_import")).status_code == 403
    changelist = client.get(reverse("admin:enterprises_designation_changelist")).content.decode()
    assert reverse("admin:enterprises_designation_export") in changelist
    assert reverse("admin:enterprises_designation_import") not in changelist


@pytest.mark.parametrize("extra", [3, 30])
@pytest.mark.parametrize("kind", ["enterprises", "designations", "figures"])
def test_export_query_count_does_not_grow(reviewer_client, django_assert_num_queries, kind, extra):
    for _ in range(extra):
        firm = EnterpriseFactory()
        designate(firm, Level.INNOVATIVE, date(2024, 1, 1))
        figures(firm, 2024, "1", "1")
    # session, user, user and group permissions, the area filter's choices, the rows (area or enterprise joined),
    # designations also read the tier names once (criteria editions)
    with django_assert_num_queries(7 if kind == "designations" else 6):
        content = export(reviewer_client, kind, XLSX)
    assert read_xlsx(content).max_row >= extra + 1

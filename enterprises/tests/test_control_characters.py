"""An invisible control character (NUL, BEL, ESC, ...) in a cell is a row error like any other bad cell: named by
row and column, the whole file refused, nothing written — in the command and in the admin's import alike. A NUL
used to get as far as the database (PostgreSQL refuses it in any text) and crash the import with a traceback."""

import csv
import io
import zipfile
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.urls import reverse
from import_export.tmp_storages import CacheStorage

from enterprises import spreadsheets
from enterprises.credit_codes import make_credit_code
from enterprises.models import AnnualFigures, AreaTarget, CreditEntry, Designation, Enterprise
from enterprises.roles import Role
from enterprises.tests.factories import EnterpriseFactory
from enterprises.tests.files import (
    CREDIT_HEADERS,
    DESIGNATION_HEADERS,
    ENTERPRISE_HEADERS,
    FIGURES_HEADERS,
    csv_bytes,
    xlsx_bytes,
)

pytestmark = pytest.mark.django_db
TARGET_HEADERS = ["所属区域", "年度", "新增市级专精特新目标（家）"]
PLACEHOLDER = "QQCONTROLQQ"
CSV, XLSX = "0", "1"  # the admin's format choices


def refuse_nul_like_postgresql(execute, sql, params, many, context):
    """What psycopg does with a NUL in a query parameter (SQLite, the test database, would take it)."""
    for value in (params or ()) if not many else (v for row in params for v in row):
        if isinstance(value, str) and "\x00" in value:
            raise ValueError("A string literal cannot contain NUL (0x00) characters.")
    return execute(sql, params, many, context)


def xlsx_with(headers, rows, character):
    """An .xlsx file whose PLACEHOLDER cells hold `character` as Excel writes one (XML cannot hold it raw)."""
    content = xlsx_bytes(headers, rows)
    source, out = zipfile.ZipFile(io.BytesIO(content)), io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename.endswith(".xml"):
                data = data.replace(PLACEHOLDER.encode(), f"_x{ord(character):04x}_".encode())
            target.writestr(item, data)
    return out.getvalue()


def write(tmp_path, style, headers, rows, character):
    if style == "xlsx":
        path = tmp_path / "import.xlsx"
        path.write_bytes(xlsx_with(headers, rows, character))
    else:
        path = tmp_path / "import.csv"
        def cell(value):
            value = value.isoformat() if isinstance(value, date) else value
            return value.replace(PLACEHOLDER, character) if isinstance(value, str) else value

        path.write_bytes(csv_bytes([cell(h) for h in headers], [[cell(c) for c in row] for row in rows]))
    return path


def run(kind, path):
    err = io.StringIO()
    with pytest.raises(CommandError) as refused:
        call_command("import_data", kind, str(path), stdout=io.StringIO(), stderr=err)
    return str(refused.value), err.getvalue().splitlines()


@pytest.mark.parametrize("style", ["csv", "xlsx"])
@pytest.mark.parametrize(("character", "shown"), [("\x00", "NUL"), ("\x07", "U+0007"), ("\x1b", "U+001B")])
def test_a_control_character_in_an_enterprise_cell_refuses_the_file(tmp_path, areas, style, character, shown):
    rows = [
        [make_credit_code("450302", 1), "桂林甲科技有限公司", "秀峰区", date(2015, 3, 1), "医药制造业"],
        [make_credit_code("450302", 2), f"桂林乙{PLACEHOLDER}科技有限公司", "秀峰区", None, None],
        [make_credit_code("450302", 3), "桂林丙科技有限公司", "秀峰区", None, f"软件{PLACEHOLDER}"],
    ]
    summary, lines = run("enterprises", write(tmp_path, style, ENTERPRISE_HEADERS, rows, character))
    assert "共 2 行有错误，未写入任何数据" in summary
    assert lines == [
        f"第 3 行【企业名称】：含有不可见的控制字符（{shown}），请删除后重新导入",
        f"第 4 行【所属行业】：含有不可见的控制字符（{shown}），请删除后重新导入",
    ]
    assert not Enterprise.objects.filter(credit_code__startswith="91450302").exists()


@pytest.mark.parametrize("style", ["csv", "xlsx"])
def test_every_kind_refuses_a_nul_in_any_cell_and_writes_nothing(tmp_path, areas, style):
    firm = EnterpriseFactory(area=areas["秀峰区"])
    cases = [
        ("designations", Designation, DESIGNATION_HEADERS,
         [firm.credit_code, "市级专精特新中小企业", date(2024, 1, 5), None, f"市工信{PLACEHOLDER}〔2024〕1号"], "认定文号"),
        ("figures", AnnualFigures, FIGURES_HEADERS,
         [firm.credit_code, 2024, "100", f"10{PLACEHOLDER}", None, None, None], "纳税总额（元）"),
        ("credit", CreditEntry, CREDIT_HEADERS,
         [firm.credit_code, "失信被执行人", date(2024, 1, 5), None, f"法院{PLACEHOLDER}"], "认定部门"),
        ("targets", AreaTarget, TARGET_HEADERS, [f"秀峰{PLACEHOLDER}区", 2030, 3], "所属区域"),
        ("designations", Designation, DESIGNATION_HEADERS,  # the credit code is looked up before rows are read
         [f"{firm.credit_code}{PLACEHOLDER}", "市级专精特新中小企业", date(2024, 1, 5), None, None], "统一社会信用代码"),
    ]
    for kind, model, headers, row, column in cases:
        before = model.objects.count()
        with connection.execute_wrapper(refuse_nul_like_postgresql):
            summary, lines = run(kind, write(tmp_path, style, headers, [row], "\x00"))
        assert "未写入任何数据" in summary, kind
        assert lines == [f"第 2 行【{column}】：含有不可见的控制字符（NUL），请删除后重新导入"], kind
        assert model.objects.count() == before, kind


def test_a_control_character_in_a_header_is_a_file_error(tmp_path, areas):
    headers = [*ENTERPRISE_HEADERS[:1], f"企业名称{PLACEHOLDER}", *ENTERPRISE_HEADERS[2:]]
    path = write(tmp_path, "csv", headers, [[make_credit_code("450302", 4), "甲", "秀峰区", None, None]], "\x00")
    summary, lines = run("enterprises", path)
    assert "文件有误，未写入任何数据" in summary
    assert "文件错误：第 B 列的列名含有不可见的控制字符（NUL），请删除后重新导入。" in lines


@pytest.mark.parametrize("style", ["csv", "xlsx"])
def test_a_tab_or_a_new_line_inside_a_cell_still_imports(tmp_path, areas, style):
    rows = [
        [make_credit_code("450302", 5), "桂林丁科技有限公司", "秀峰区", None, f"软件{PLACEHOLDER}信息技术"],
        [make_credit_code("450302", 6), "桂林戊科技有限公司", "秀峰区", None, "制造\t加工"],
    ]
    path = write(tmp_path, style, ENTERPRISE_HEADERS, rows, "\n")
    out = io.StringIO()
    call_command("import_data", "enterprises", str(path), stdout=out)
    assert "新增 2 条" in out.getvalue()
    assert Enterprise.objects.get(credit_code=make_credit_code("450302", 5)).industry == "软件\n信息技术"
    assert Enterprise.objects.get(credit_code=make_credit_code("450302", 6)).industry == "制造\t加工"


def test_an_escaped_underscore_in_an_xlsx_cell_stays_literal(tmp_path, areas):
    path = tmp_path / "import.xlsx"
    rows = [[make_credit_code("450302", 7), "桂林己科技有限公司", "秀峰区", None, f"A{PLACEHOLDER}B"]]
    content = xlsx_bytes(ENTERPRISE_HEADERS, rows)
    source, out = zipfile.ZipFile(io.BytesIO(content)), io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for item in source.infolist():
            target.writestr(item, source.read(item.filename).replace(PLACEHOLDER.encode(), b"_x005F_x0007_"))
    path.write_bytes(out.getvalue())
    call_command("import_data", "enterprises", str(path), stdout=io.StringIO())
    assert Enterprise.objects.get(credit_code=make_credit_code("450302", 7)).industry == "A_x005F_x0007_B"


def test_a_csv_the_reader_refuses_for_a_nul_is_a_chinese_file_error(tmp_path, areas, monkeypatch):
    """Python before 3.11 refuses a CSV holding a NUL outright ("line contains NUL")."""

    def refusing_reader(*args, **kwargs):
        raise csv.Error("line contains NUL")

    monkeypatch.setattr(spreadsheets.csv, "reader", refusing_reader)
    path = write(tmp_path, "csv", ENTERPRISE_HEADERS, [[make_credit_code("450302", 8), PLACEHOLDER, "秀峰区"]], "\x00")
    with pytest.raises(CommandError, match=r"CSV 文件含有不可见的控制字符（NUL），无法读取"):
        call_command("import_data", "enterprises", str(path), stdout=io.StringIO(), stderr=io.StringIO())


@pytest.fixture
def reviewer_client(client, role_users):
    client.force_login(role_users[Role.REVIEWER])
    return client


@pytest.mark.parametrize(("file_format", "name"), [(CSV, "e.csv"), (XLSX, "e.xlsx")])
def test_the_admin_import_shows_the_row_instead_of_failing(reviewer_client, areas, file_format, name):
    rows = [[make_credit_code("450302", 9), f"桂林庚{PLACEHOLDER}科技有限公司", "秀峰区", None, None]]
    content = (xlsx_with(ENTERPRISE_HEADERS, rows, "\x00") if file_format == XLSX
               else csv_bytes(ENTERPRISE_HEADERS, rows).replace(PLACEHOLDER.encode(), b"\x00"))
    with connection.execute_wrapper(refuse_nul_like_postgresql):
        response = reviewer_client.post(
            reverse("admin:enterprises_enterprise_import"),
            {"import_file": SimpleUploadedFile(name, content), "format": file_format, "resource": "0"},
        )
    page = response.content.decode()
    assert response.status_code == 200 and "confirm_form" not in response.context
    assert "共 1 行有错误，未写入任何数据" in page
    assert "含有不可见的控制字符（NUL），请删除后重新导入" in page
    assert [row.number for row in response.context["result"].invalid_rows] == [2]
    assert not Enterprise.objects.filter(credit_code=make_credit_code("450302", 9)).exists()


def test_the_admin_confirm_step_refuses_a_nul_instead_of_failing(reviewer_client, areas):
    """The confirm step reads the stored upload again and runs the same all-or-nothing service."""
    code = make_credit_code("450302", 10)
    clean = csv_bytes(ENTERPRISE_HEADERS, [[code, f"桂林辛{PLACEHOLDER}科技有限公司", "秀峰区", None, None]])
    response = reviewer_client.post(
        reverse("admin:enterprises_enterprise_import"),
        {"import_file": SimpleUploadedFile("e.csv", clean), "format": CSV, "resource": "0"},
    )
    confirm = response.context["confirm_form"]
    CacheStorage(name=confirm.initial["import_file_name"]).save(clean.replace(PLACEHOLDER.encode(), b"\x00"))
    with connection.execute_wrapper(refuse_nul_like_postgresql):
        response = reviewer_client.post(
            reverse("admin:enterprises_enterprise_process_import"),
            {name: confirm.initial[name] for name in ("import_file_name", "original_file_name", "format", "resource")},
            follow=True,
        )
    page = response.content.decode()
    assert response.status_code == 200
    assert "共 1 行有错误，未写入任何数据" in page
    assert "第 2 行【企业名称】：含有不可见的控制字符（NUL），请删除后重新导入" in page
    assert not Enterprise.objects.filter(credit_code=code).exists()


def test_bank_receipts_and_budgets_refuse_control_characters_too():
    """Every import reads its cells through import_rows.read_cell: a bank receipt or a budget file with a NUL in a
    cell is a row error naming the row and the column, like the registry's kinds."""
    from datetime import date

    from awards.budgets import read_budget_file
    from awards.receipts import read_receipt

    budget = "年度,奖励类型,预算金额（元）,说明\n2025,认定奖励,1000000,第一批\x00\n".encode("utf-8-sig")
    _, file_errors, row_errors = read_budget_file(budget, "budget.csv")
    assert file_errors == [] and [(e.row, e.column) for e in row_errors] == [(2, "说明")]
    receipt = ("批次号,统一社会信用代码,金额（元）,交易流水号,交易日期,交易结果\n"
               "ZJTX-2025-001,91450302000000004U,60000.00,S0\x07,2025-03-01,成功\n").encode("utf-8-sig")
    _, _, errors = read_receipt(receipt, "receipt.csv", today=date(2025, 3, 2))
    assert [(e.row, e.column) for e in errors] == [(2, "交易流水号")]

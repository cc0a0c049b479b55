"""`manage.py import_data KIND FILE`: every kind from CSV (with and without BOM) and XLSX, every kind of bad row,
all or nothing, idempotence, history, dry run, scoping. The admin's import shares the service (test_exports.py)."""

import io
from datetime import date
from decimal import Decimal

import pytest
from django.core.management import call_command, execute_from_command_line
from django.core.management.base import CommandError
from django.db import IntegrityError, connection

from audit import COMMAND
from enterprises.bulk_load import StagedUpsert
from enterprises.credit_codes import make_credit_code
from enterprises.importing import import_dataset
from enterprises.models import AnnualFigures, Designation, Enterprise
from enterprises.roles import Role
from enterprises.spreadsheets import read_dataset
from enterprises.tests.factories import EnterpriseFactory, designate, figures
from enterprises.tests.files import DESIGNATION_HEADERS, ENTERPRISE_HEADERS, FIGURES_HEADERS, write_file
from policy.levels import Level

pytestmark = pytest.mark.django_db
STYLES = ["csv-bom", "csv", "xlsx"]
CODE_A = make_credit_code("450302", 1)
CODE_B = make_credit_code("450381", 2)
CODE_C = make_credit_code("450300", 3)


def run(kind, path, *args):
    """(stdout, stderr) of a successful run; a failing one raises CommandError."""
    out, err = io.StringIO(), io.StringIO()
    call_command("import_data", kind, str(path), *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def fail(kind, path, *args):
    """stderr of a run that must fail, after checking that it wrote nothing."""
    counts = _counts()
    err = io.StringIO()
    with pytest.raises(CommandError) as raised:
        call_command("import_data", kind, str(path), *args, stdout=io.StringIO(), stderr=err)
    assert raised.value.returncode == 1
    assert _counts() == counts, "a failed import wrote something"
    return err.getvalue() + str(raised.value)


def _counts():
    return tuple(model.objects.count() for model in (Enterprise, Designation, AnnualFigures)) + tuple(
        model.history.count() for model in (Enterprise, Designation, AnnualFigures)
    )


# -- every kind, every file style ------------------------------------------------------------------------------

@pytest.mark.parametrize("style", STYLES)
def test_import_enterprises(tmp_path, areas, style):
    rows = [
        [CODE_A, "桂林漓江电子科技有限公司", "秀峰区", date(2012, 3, 4), "计算机、通信和其他电子设备制造业"],
        [CODE_B.lower(), "荔浦精密机械有限公司", "450381", None, None],  # area by code, code in lower case
        [CODE_C, "高铁园新材料有限公司", "高铁(桂林)广西园", None, ""],  # half-width parentheses
    ]
    out, _ = run("enterprises", write_file(tmp_path, style, ENTERPRISE_HEADERS, rows))
    assert "新增 3 条" in out
    first = Enterprise.objects.get(credit_code=CODE_A)
    assert (first.name, first.area, first.founded_on) == ("桂林漓江电子科技有限公司", areas["秀峰区"], date(2012, 3, 4))
    assert first.industry == "计算机、通信和其他电子设备制造业"
    assert Enterprise.objects.get(credit_code=CODE_B).area == areas["荔浦市"]  # stored upper case
    assert Enterprise.objects.get(credit_code=CODE_C).area == areas["高铁（桂林）广西园"]


@pytest.mark.parametrize("style", STYLES)
def test_import_designations_with_policy_default_validity(tmp_path, style):
    firm = EnterpriseFactory()
    rows = [
        [firm.credit_code, "市级专精特新中小企业", date(2023, 6, 1), None, "市工信〔2023〕12号"],
        [firm.credit_code, "国家级专精特新小巨人企业", date(2024, 7, 15), date(2027, 7, 31), None],
    ]
    out, _ = run("designations", write_file(tmp_path, style, DESIGNATION_HEADERS, rows))
    assert "新增 2 条" in out
    municipal = Designation.objects.get(enterprise=firm, level=Level.MUNICIPAL)
    # the initial policy record: 3 years for every tier → through the day before the third anniversary
    assert (municipal.granted_on, municipal.valid_until) == (date(2023, 6, 1), date(2026, 5, 31))
    assert municipal.document_number == "市工信〔2023〕12号" and municipal.source == Designation.Source.IMPORT
    giant = Designation.objects.get(enterprise=firm, level=Level.LITTLE_GIANT)
    assert giant.valid_until == date(2027, 7, 31) and giant.document_number == ""


@pytest.mark.parametrize("style", STYLES)
def test_import_figures_money_as_decimal(tmp_path, style):
    firm, other = EnterpriseFactory(), EnterpriseFactory()
    grouped = "1,234,567.89" if style != "xlsx" else 1234567.89  # an Excel number cell is a float
    rows = [
        [firm.credit_code, 2024, grouped, "88000.5", 1500000, None, 120],
        [other.credit_code, 2023, "20000000", 0, None, "99.99", None],
    ]
    out, _ = run("figures", write_file(tmp_path, style, FIGURES_HEADERS, rows))
    assert "新增 2 条" in out
    row = AnnualFigures.objects.get(enterprise=firm, year=2024)
    assert row.output_value == Decimal("1234567.89") and row.tax_paid == Decimal("88000.50")
    assert row.revenue == Decimal("1500000") and row.rd_expense is None and row.employees == 120
    second = AnnualFigures.objects.get(enterprise=other, year=2023)
    assert second.output_value == Decimal("20000000") and second.rd_expense == Decimal("99.99")


def test_optional_columns_may_be_left_out(tmp_path):
    firm = EnterpriseFactory()
    headers = FIGURES_HEADERS[:4]
    run("figures", write_file(tmp_path, "csv", headers, [[firm.credit_code, 2024, "100", "10"]]))
    assert AnnualFigures.objects.get(enterprise=firm).revenue is None
    path = write_file(tmp_path, "csv", ENTERPRISE_HEADERS[:3], [[CODE_A, "桂林山水有限公司", "象山区"]])
    run("enterprises", path)
    assert Enterprise.objects.get(credit_code=CODE_A).industry == ""


def test_excel_date_cell_and_float_noise(tmp_path):
    firm = EnterpriseFactory()
    # 0.1 + 0.2 as a formula leaves 0.30000000000000004 in the cell: read as 0.30 yuan, not an error
    rows = [[firm.credit_code, 2024, 0.1 + 0.2, 1e7, None, None, 35.0]]
    run("figures", write_file(tmp_path, "xlsx", FIGURES_HEADERS, rows))
    row = AnnualFigures.objects.get(enterprise=firm)
    assert row.output_value == Decimal("0.30") and row.tax_paid == Decimal("10000000") and row.employees == 35


# -- bad rows: every reason, each named with its spreadsheet row ----------------------------------------------

BAD_ENTERPRISES = [
    ([make_credit_code("450302", 9)[:-1] + "0", "甲公司", "秀峰区", None, None], "统一社会信用代码", "校验位不正确"),
    (["91450300MA5K", "甲公司", "秀峰区", None, None], "统一社会信用代码", "应为 18 位"),
    ([CODE_A, "甲公司", "桂林市火星区", None, None], "所属区域", "所属区域“桂林市火星区”不存在"),
    ([CODE_A, "甲公司", "450331", None, None], "所属区域", "不存在"),  # 荔浦县's retired code
    ([CODE_A, "", "秀峰区", None, None], "企业名称", "不能为空"),
    ([CODE_A, "甲公司", "秀峰区", "2012/03/04", None], "成立日期", "格式不正确，应为 YYYY-MM-DD"),
    ([CODE_A, "甲公司", "秀峰区", "2023-02-30", None], "成立日期", "不存在"),
    ([CODE_A, "甲" * 201, "秀峰区", None, None], "企业名称", "最多 200 字"),
]


@pytest.mark.parametrize(("bad", "column", "reason"), BAD_ENTERPRISES)
def test_bad_enterprise_row_among_good_rows_writes_nothing(tmp_path, bad, column, reason):
    good = [make_credit_code("450303", 7), "叠彩光电科技有限公司", "叠彩区", "2015-05-05", "仪器仪表制造业"]
    path = write_file(tmp_path, "csv-bom", ENTERPRISE_HEADERS, [good, good[:0] + [make_credit_code("450304", 8)] + good[1:], bad])
    message = fail("enterprises", path)
    assert f"第 4 行【{column}】" in message and reason in message
    assert "第 2 行" not in message and "第 3 行" not in message
    assert "共 1 行有错误，未写入任何数据" in message


def test_bad_designation_rows(tmp_path):
    firm = EnterpriseFactory()
    unknown = make_credit_code("450302", 404)
    rows = [
        [firm.credit_code, "市级专精特新中小企业", "2023-06-01", "", "市工信〔2023〕1号"],  # row 2 is good
        [firm.credit_code, "省级专精特新中小企业", "2023-06-01", "", ""],
        [unknown, "创新型中小企业", "2023-06-01", "", ""],
        [firm.credit_code, "创新型中小企业", "2023年6月1日", "", ""],
        [firm.credit_code, "自治区级专精特新中小企业", "2024-01-10", "2023-12-31", ""],
        [firm.credit_code, "市级专精特新中小企业", "2023-06-01", "2026-05-31", "重复"],
        [firm.credit_code, "", "", "", ""],
    ]
    message = fail("designations", write_file(tmp_path, "csv", DESIGNATION_HEADERS, rows))
    assert "第 3 行【认定层级】：认定层级“省级专精特新中小企业”无效，应为以下之一：创新型中小企业、" in message
    assert f"第 4 行【统一社会信用代码】：企业库中没有统一社会信用代码为 {unknown} 的企业" in message
    assert "第 5 行【认定日期】" in message
    assert "第 6 行【有效期至】：有效期至早于认定日期" in message
    assert "第 7 行【整行】：与第 2 行重复" in message
    assert "第 8 行【认定层级】：不能为空" in message and "第 8 行【认定日期】：不能为空" in message
    assert "第 2 行" not in message.replace("与第 2 行", "")


def test_bad_figures_rows(tmp_path):
    firm = EnterpriseFactory()
    rows = [
        [firm.credit_code, 2023, "100", "10", "", "", ""],
        [firm.credit_code, 2024, "-5", "10", "", "", ""],
        [firm.credit_code, 2022, "1,2,3", "十万", "", "", ""],
        [firm.credit_code, 1989, "1", "1", "", "", ""],
        [firm.credit_code, 2021, "1.005", "1", "", "", "12.5"],
        [firm.credit_code, 2023, "1", "1", "", "", ""],
        [firm.credit_code, "", "", "1", "", "-1", "-3"],
    ]
    message = fail("figures", write_file(tmp_path, "csv-bom", FIGURES_HEADERS, rows))
    assert "第 3 行【工业总产值（元）】：金额不能为负数" in message
    assert "第 4 行【工业总产值（元）】" in message and "第 4 行【纳税总额（元）】：金额“十万”不是有效的数字" in message
    assert "第 5 行【年度】：年度“1989”应在 1990 至" in message
    assert "第 6 行【工业总产值（元）】：金额“1.005”最多保留两位小数" in message
    assert "第 6 行【从业人员数】：从业人员数“12.5”应为整数" in message
    assert "第 7 行【整行】：与第 2 行重复：同一企业同一年度只能有一行" in message
    assert "第 8 行【年度】：不能为空" in message and "第 8 行【研发费用（元）】：金额不能为负数" in message
    assert "第 8 行【从业人员数】：从业人员数不能为负数" in message
    assert "共 6 行有错误" in message


def test_unknown_credit_code_for_figures(tmp_path):
    path = write_file(tmp_path, "xlsx", FIGURES_HEADERS, [[CODE_A, 2024, 1, 1, None, None, None]])
    assert f"第 2 行【统一社会信用代码】：企业库中没有统一社会信用代码为 {CODE_A} 的企业" in fail("figures", path)


def test_blank_lines_keep_the_spreadsheet_numbering(tmp_path):
    firm = EnterpriseFactory()
    rows = [[firm.credit_code, 2023, 1, 1, None, None, None], [None] * 7, [None] * 7,
            [firm.credit_code, 2024, "x", 1, None, None, None]]
    for style in STYLES:
        assert "第 5 行【工业总产值（元）】" in fail("figures", write_file(tmp_path, style, FIGURES_HEADERS, rows))


@pytest.mark.parametrize(("headers", "expected"), [
    (["统一社会信用代码", "企业名称", "成立日期"], "缺少必填列：所属区域"),
    (["统一社会信用代码", "企业名", "所属区域"], "无法识别的列“企业名”"),
    (["统一社会信用代码", "企业名称", "所属区域", "所属区域"], "列“所属区域”重复出现"),
])
def test_missing_or_misspelt_header_is_a_file_error(tmp_path, headers, expected):
    path = write_file(tmp_path, "csv", headers, [[CODE_A, "甲公司", "秀峰区", "秀峰区"][: len(headers)]])
    message = fail("enterprises", path)
    assert "文件错误：" in message and expected in message and "文件有误，未写入任何数据" in message


def test_misspelt_header_gets_a_hint(tmp_path):
    headers = FIGURES_HEADERS[:2] + ["工业总产值(元)", "纳税总额（元）"]
    message = fail("figures", write_file(tmp_path, "csv", headers, [[CODE_A, 2024, 1, 1]]))
    assert "无法识别的列“工业总产值(元)”，应为“工业总产值（元）”" in message


def test_unreadable_files(tmp_path):
    gbk = tmp_path / "gbk.csv"
    gbk.write_bytes(",".join(ENTERPRISE_HEADERS).encode("gbk"))
    assert "不是 UTF-8 编码" in fail("enterprises", gbk)
    fake = tmp_path / "fake.xlsx"
    fake.write_bytes(b"not a workbook")
    assert "无法读取 Excel 文件" in fail("enterprises", fake)
    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"")
    assert "文件为空或缺少表头" in fail("enterprises", empty)
    header_only = write_file(tmp_path, "csv", ENTERPRISE_HEADERS, [])
    assert "没有数据行" in fail("enterprises", header_only)
    old_excel = tmp_path / "old.xls"
    old_excel.write_bytes(b"\xd0\xcf\x11\xe0")
    assert "不支持的文件类型“.xls”" in fail("enterprises", old_excel)


def test_exit_status_is_non_zero(tmp_path, monkeypatch, capsys):
    path = write_file(tmp_path, "csv", ENTERPRISE_HEADERS, [[CODE_A, "甲公司", "火星区", "", ""]])
    # run_from_argv closes the connections afterwards; the test's transaction must survive it
    monkeypatch.setattr("django.db.connections.close_all", lambda: None)
    with pytest.raises(SystemExit) as exited:
        execute_from_command_line(["manage.py", "import_data", "enterprises", str(path)])
    assert exited.value.code == 1
    assert "第 2 行【所属区域】" in capsys.readouterr().err
    assert not Enterprise.objects.filter(credit_code=CODE_A).exists()


# -- idempotence, updates, history, dry run ---------------------------------------------------------------------

def test_reimport_changes_nothing_and_adds_no_history(tmp_path, role_users):
    firm = EnterpriseFactory()
    rows = [[firm.credit_code, 2023, "1,000.00", "10", "", "", "30"], [firm.credit_code, 2024, "2000", "20", "5", "", ""]]
    path = write_file(tmp_path, "xlsx", FIGURES_HEADERS, rows)
    run("figures", path, "--user", role_users[Role.REVIEWER].username)
    history = list(AnnualFigures.history.order_by("history_id").values_list("history_id", "history_type", "history_user"))
    assert [(kind, user) for _, kind, user in history] == [("+", role_users[Role.REVIEWER].pk)] * 2
    out, _ = run("figures", path)
    assert "新增 0 条，更新 0 条，未变化 2 条" in out
    assert list(AnnualFigures.history.order_by("history_id").values_list("history_id", "history_type", "history_user")) == history


def test_changed_value_updates_the_row_with_history(tmp_path, role_users):
    firm = EnterpriseFactory(name="旧名称有限公司", industry="农副食品加工业")
    reviewer = role_users[Role.REVIEWER]
    path = write_file(tmp_path, "csv", ENTERPRISE_HEADERS, [[firm.credit_code, "新名称有限公司", "七星区", "", ""]])
    out, _ = run("enterprises", path, "--user", reviewer.username)
    assert "更新 1 条" in out
    firm.refresh_from_db()
    # a blank optional cell keeps what the registry holds
    assert firm.name == "新名称有限公司" and firm.industry == "农副食品加工业" and firm.founded_on == date(2010, 5, 1)
    latest = firm.history.latest()
    assert latest.history_type == "~" and latest.history_user == reviewer and latest.name == "新名称有限公司"
    assert latest.history_change_reason == "批量导入 import.csv"


def test_designation_and_figures_updates(tmp_path):
    firm = EnterpriseFactory()
    designate(firm, Level.MUNICIPAL, date(2023, 6, 1), document_number="旧文号")
    figures(firm, 2024, "100", "10", employees=5)
    run("designations", write_file(tmp_path, "csv", DESIGNATION_HEADERS,
                                   [[firm.credit_code, "市级专精特新中小企业", "2023-06-01", "", "市工信〔2023〕9号"]]))
    run("figures", write_file(tmp_path, "csv", FIGURES_HEADERS, [[firm.credit_code, 2024, "150", "10", "", "", ""]]))
    designation = Designation.objects.get(enterprise=firm)
    assert designation.document_number == "市工信〔2023〕9号" and designation.valid_until == date(2026, 5, 31)
    row = AnnualFigures.objects.get(enterprise=firm, year=2024)
    assert row.output_value == Decimal("150") and row.employees == 5
    assert row.history.latest().history_type == "~"


def test_dry_run_reports_and_writes_nothing(tmp_path):
    firm = EnterpriseFactory()
    figures(firm, 2023, "100", "10")
    rows = [[firm.credit_code, 2023, "100", "10", "", "", ""], [firm.credit_code, 2024, "1", "1", "", "", ""],
            [firm.credit_code, 2022, "1", "1", "", "", ""]]
    figures(firm, 2022, "5", "5")
    counts = _counts()
    out, _ = run("figures", write_file(tmp_path, "csv", FIGURES_HEADERS, rows), "--dry-run")
    assert "试运行（未写入）：将新增 1 条，更新 1 条，未变化 1 条" in out
    assert _counts() == counts


def test_user_option(tmp_path, role_users):
    path = write_file(tmp_path, "csv", FIGURES_HEADERS[:4], [[role_users["own_enterprise"].credit_code, 2024, 1, 1]])
    with pytest.raises(CommandError, match="没有名为“nobody”的有效用户"):
        run("figures", path, "--user", "nobody")
    with pytest.raises(CommandError, match="没有导入年度经营数据的权限"):
        run("figures", path, "--user", role_users[Role.COUNTY].username)


def test_county_official_imports_only_its_own_area(tmp_path, role_users):
    county = role_users[Role.COUNTY]  # 秀峰区
    other = role_users["other_enterprise"]  # 阳朔县
    rows = [[CODE_A, "秀峰新企业有限公司", "秀峰区", "", ""], [CODE_B, "别区企业有限公司", "阳朔县", "", ""],
            [other.credit_code, "改名", "秀峰区", "", ""]]
    message = fail("enterprises", write_file(tmp_path, "csv", ENTERPRISE_HEADERS, rows), "--user", county.username)
    assert "第 3 行【所属区域】：无权导入“阳朔县”的企业" in message
    assert "第 4 行【统一社会信用代码】：该企业登记在其他区域，您无权修改" in message
    assert "第 2 行" not in message


def test_lookups_are_cached_not_per_row(tmp_path, django_assert_num_queries):
    firms = [EnterpriseFactory() for _ in range(30)]
    small = read_dataset(write_file(tmp_path, "csv", FIGURES_HEADERS[:4], [[f.credit_code, 2024, 1, 1] for f in firms[:3]], "a"))
    large = read_dataset(write_file(tmp_path, "csv", FIGURES_HEADERS[:4], [[f.credit_code, 2024, 1, 1] for f in firms], "b"))
    # savepoint, credit codes → ids, the precedence, existing rows, the sources' last values, then on SQLite:
    # insert rows, insert history, keep the sources' values; on PostgreSQL: the rows held as given, two staging
    # tables (each filled by a COPY, not counted here), one upsert with its history rows, one upsert of the
    # sources' values; release
    queries = 11 if connection.vendor == "postgresql" else 9
    with django_assert_num_queries(queries):
        assert import_dataset("figures", small, actor=COMMAND).created == 3
    with django_assert_num_queries(queries):
        report = import_dataset("figures", large, actor=COMMAND)
    assert (report.created, report.unchanged) == (27, 3)


def test_credit_code_typed_as_an_excel_number(tmp_path):
    path = write_file(tmp_path, "xlsx", FIGURES_HEADERS[:4], [[913203001234567890, 2024, 1, 1]])
    assert "第 2 行【统一社会信用代码】：统一社会信用代码被 Excel 存成了数字" in fail("figures", path)


def test_a_constraint_broken_while_writing_rolls_everything_back(tmp_path, monkeypatch):
    firm = EnterpriseFactory()
    figures(firm, 2023, "1", "1")
    rows = [[firm.credit_code, 2023, "5", "5"], [firm.credit_code, 2024, "1", "1"]]

    written = StagedUpsert.finish

    def racing_write(self):
        written(self)
        raise IntegrityError("duplicate key value violates unique constraint")

    monkeypatch.setattr(StagedUpsert, "finish", racing_write)
    path = write_file(tmp_path, "csv", FIGURES_HEADERS[:4], rows)
    # the rows are written, then a constraint fails: the writes must be rolled back too
    message = fail("figures", path)
    assert "写入时与他人同时进行的修改冲突，未写入任何数据" in message
    assert AnnualFigures.objects.get(enterprise=firm, year=2023).output_value == Decimal("1")

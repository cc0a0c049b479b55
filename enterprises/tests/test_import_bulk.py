"""The imports at scale: a fixed number of queries whatever the number of rows, the same rows, history rows and
source reports from PostgreSQL's COPY path as from the bulk path, nothing written by a re-import, and nothing at
all when one row of thousands is bad."""

from decimal import Decimal

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from audit import COMMAND
from enterprises import bulk_load
from enterprises.credit_codes import make_credit_code
from enterprises.importers import FiguresImporter
from enterprises.importing import import_dataset
from enterprises.models import AnnualFigures, Area, Designation, Enterprise, FigureReport, FigureSource
from enterprises.services import save_annual_figures
from enterprises.spreadsheets import read_dataset
from enterprises.tests.files import DESIGNATION_HEADERS, ENTERPRISE_HEADERS, FIGURES_HEADERS, write_file

pytestmark = pytest.mark.django_db


def codes(count, start=0):
    return [make_credit_code("450302", 500_000 + start + n) for n in range(count)]


def enterprise_rows(count, start=0):
    area = Area.objects.order_by("pk").first().name
    return [[code, f"桂林批量{start + n}号有限公司", area, "2015-03-01", "专用设备制造业"]
            for n, code in enumerate(codes(count, start))]


def load(tmp_path, kind, headers, rows, name="import"):
    return import_dataset(kind, read_dataset(write_file(tmp_path, "csv", headers, rows, name)), actor=COMMAND,
                          source_name=f"{name}.csv")


def figure_rows(count, *, year=2024, output=1000):
    return [[code, year, f"{output + n}.50", "200", "", "", 10 + n] for n, code in enumerate(codes(count))]


def designation_rows(count):
    return [[code, "创新型中小企业", "2024-05-01", "", f"桂工信〔2024〕{n}号"] for n, code in enumerate(codes(count))]


def queries_of(tmp_path, kind, headers, rows, name):
    with CaptureQueriesContext(connection) as captured:
        report = load(tmp_path, kind, headers, rows, name)
    assert report.ok, report.error_lines()
    return len(captured), report


def assert_constant_queries(tmp_path):
    """Import N rows and 3N rows of each kind (new, then re-imported): the same number of queries each time."""
    small, large = 10, 30
    load(tmp_path, "enterprises", ENTERPRISE_HEADERS, enterprise_rows(large), "firms")
    for kind, headers, rows in (
        ("figures", FIGURES_HEADERS, figure_rows),
        ("designations", DESIGNATION_HEADERS, designation_rows),
    ):
        new_small, report = queries_of(tmp_path, kind, headers, rows(small), f"{kind}-a")
        assert report.created == small
        new_large, report = queries_of(tmp_path, kind, headers, rows(large), f"{kind}-b")
        assert (report.created, report.unchanged) == (large - small, small)
        assert new_small == new_large, kind
        again_small, _ = queries_of(tmp_path, kind, headers, rows(small), f"{kind}-c")
        again_large, report = queries_of(tmp_path, kind, headers, rows(large), f"{kind}-d")
        assert report.unchanged == large
        assert again_small == again_large, kind
    firms_small, _ = queries_of(tmp_path, "enterprises", ENTERPRISE_HEADERS, enterprise_rows(small, 100), "firms-a")
    firms_large, _ = queries_of(tmp_path, "enterprises", ENTERPRISE_HEADERS, enterprise_rows(large, 200), "firms-b")
    assert firms_small == firms_large


def test_query_count_does_not_grow_with_the_rows(tmp_path):
    assert_constant_queries(tmp_path)


@pytest.mark.postgres
def test_query_count_does_not_grow_with_the_rows_on_postgresql(tmp_path):
    assert_constant_queries(tmp_path)


def snapshot():
    """Everything an import wrote, by natural keys (ids and moments differ between two runs)."""
    code_of = dict(Enterprise.objects.values_list("pk", "credit_code"))
    return {
        "enterprises": sorted(Enterprise.objects.values_list("credit_code", "name", "name_initials", "area_id",
                                                            "founded_on", "industry")),
        "enterprise history": sorted(
            Enterprise.history.values_list("credit_code", "name", "name_initials", "industry", "history_type",
                                           "history_user_id", "history_change_reason")),
        "figures": sorted(
            (code_of[e], *rest) for e, *rest in AnnualFigures.objects.values_list(
                "enterprise_id", "year", "output_value", "tax_paid", "revenue", "rd_expense", "employees")),
        "figure history": sorted(
            (code_of[e], *rest) for e, *rest in AnnualFigures.history.values_list(
                "enterprise_id", "year", "output_value", "tax_paid", "revenue", "employees", "history_type",
                "history_user_id", "history_change_reason")),
        "reports": sorted(
            (code_of[e], *rest) for e, *rest in FigureReport.objects.values_list(
                "enterprise_id", "year", "field", "source", "value", "reported_by", "settle_note")),
        "designations": sorted(
            (code_of[e], *rest) for e, *rest in Designation.objects.values_list(
                "enterprise_id", "level", "granted_on", "valid_until", "document_number", "source")),
        "designation history": sorted(
            (code_of[e], *rest) for e, *rest in Designation.history.values_list(
                "enterprise_id", "level", "valid_until", "document_number", "history_type", "history_change_reason")),
    }


def import_everything(tmp_path):
    """New rows, changed rows, unchanged rows and blank optional cells, for each of the three kinds."""
    load(tmp_path, "enterprises", ENTERPRISE_HEADERS, enterprise_rows(8), "firms")
    renamed = enterprise_rows(10)
    renamed[0][1] = "桂林改名科技有限公司"
    renamed[1][4] = ""  # blank 所属行业 keeps the industry held
    load(tmp_path, "enterprises", ENTERPRISE_HEADERS, renamed, "firms-2")
    load(tmp_path, "figures", FIGURES_HEADERS, figure_rows(6), "figures")
    changed = figure_rows(9)
    changed[0][2] = "9999.00"
    changed[1][6] = ""  # blank 从业人员数 keeps the number held
    load(tmp_path, "figures", FIGURES_HEADERS, changed, "figures-2")
    load(tmp_path, "designations", DESIGNATION_HEADERS, designation_rows(4), "designations")
    grants = designation_rows(7)
    grants[0][3] = "2027-12-31"
    load(tmp_path, "designations", DESIGNATION_HEADERS, grants, "designations-2")


@pytest.mark.postgres
def test_the_copy_path_writes_what_the_bulk_path_writes(tmp_path, monkeypatch):
    with transaction.atomic():
        monkeypatch.setattr(bulk_load, "uses_copy", lambda: False)
        import_everything(tmp_path)
        bulk = snapshot()
        transaction.set_rollback(True)
    monkeypatch.setattr(bulk_load, "uses_copy", lambda: True)
    import_everything(tmp_path)
    copied = snapshot()
    assert copied == bulk
    assert len(copied["figure history"]) == 9 + 1  # nine new rows, one changed (the blank cell changed nothing)
    assert AnnualFigures.objects.get(enterprise__credit_code=codes(1)[0], year=2024).output_value == Decimal("9999.00")
    assert AnnualFigures.objects.get(enterprise__credit_code=codes(2)[1], year=2024).employees == 11
    assert Enterprise.objects.get(credit_code=codes(2)[1]).industry == "专用设备制造业"
    assert Enterprise.objects.get(credit_code=codes(1)[0]).name_initials == "glgmkjyxgs"


def test_a_re_import_writes_nothing(tmp_path):
    load(tmp_path, "enterprises", ENTERPRISE_HEADERS, enterprise_rows(20), "firms")
    load(tmp_path, "figures", FIGURES_HEADERS, figure_rows(20), "figures")
    load(tmp_path, "designations", DESIGNATION_HEADERS, designation_rows(20), "designations")
    before = snapshot()
    for kind, headers, rows in (
        ("enterprises", ENTERPRISE_HEADERS, enterprise_rows(20)),
        ("figures", FIGURES_HEADERS, figure_rows(20)),
        ("designations", DESIGNATION_HEADERS, designation_rows(20)),
    ):
        with CaptureQueriesContext(connection) as captured:
            report = load(tmp_path, kind, headers, rows, f"{kind}-again")
        assert (report.created, report.updated, report.unchanged) == (0, 0, 20)
        writes = [q["sql"] for q in captured if q["sql"].lstrip().upper().startswith(("INSERT", "UPDATE", "WITH", "CREATE"))]
        assert writes == [], kind
    assert snapshot() == before


@pytest.mark.parametrize("bad_row", [3, 4_500])
def test_one_bad_row_in_thousands_writes_nothing(tmp_path, bad_row):
    load(tmp_path, "enterprises", ENTERPRISE_HEADERS, enterprise_rows(2_500), "firms")
    rows = figure_rows(2_500) + figure_rows(2_500, year=2023)
    rows[bad_row - 2][2] = "-5"  # spreadsheet row n is data row n - 2 (the header is row 1)
    before = snapshot()
    report = load(tmp_path, "figures", FIGURES_HEADERS, rows, "figures")
    assert [str(error) for error in report.row_errors] == [f"第 {bad_row} 行【工业总产值（元）】：金额不能为负数（“-5”）"]
    assert (report.created, report.updated, report.unchanged) == (0, 0, 0)
    assert "未写入任何数据" in report.summary()
    assert snapshot() == before
    assert not AnnualFigures.objects.exists()


def re_import_after_other_sources(tmp_path):
    """A figures file re-imported after a department agreed with one firm's figure and disagreed with two others',
    and agreed with one figure of a firm whose figures were held before any source was kept (its other figures have
    no source yet, so the file's value is still to be kept as 导入): the counts of each import."""
    load(tmp_path, "enterprises", ENTERPRISE_HEADERS, enterprise_rows(6), "firms")
    file_rows = figure_rows(6)
    held_before = Enterprise.objects.get(credit_code=codes(6)[5])
    save_annual_figures(actor=COMMAND, enterprise=held_before, year=2024, output_value=Decimal("1005.50"),
                        tax_paid=Decimal("200"), employees=15)
    counts = [load(tmp_path, "figures", FIGURES_HEADERS, file_rows[:5], "figures")]
    tax_rows = [[codes(3)[0], 2024, "1000.50", "", "", "", ""],  # agrees with the file
                [codes(3)[1], 2024, "7777.00", "", "", "", ""],  # disagrees, and the tax office ranks first
                [codes(3)[2], 2024, "", "333", "", "", ""],
                [codes(6)[5], 2024, "1005.50", "", "", "", ""]]  # agrees with a figure held before sources were kept
    counts.append(import_dataset(
        "figures", read_dataset(write_file(tmp_path, "csv", FIGURES_HEADERS, tax_rows, "tax")), actor=COMMAND,
        options={"partial": True, "source": FigureSource.TAX, "reported_by": "桂林市税务局"}))
    counts.append(load(tmp_path, "figures", FIGURES_HEADERS, file_rows, "figures-again"))
    counts.append(load(tmp_path, "figures", FIGURES_HEADERS, file_rows, "figures-once-more"))
    return [(report.created, report.updated, report.unchanged, report.ok) for report in counts]


@pytest.mark.postgres
def test_rows_found_held_as_given_end_as_the_row_by_row_comparison_ends(tmp_path, monkeypatch):
    with transaction.atomic():
        monkeypatch.setattr(FiguresImporter, "held_as_given", lambda self, candidates: set())
        compared = re_import_after_other_sources(tmp_path), snapshot(), FigureReport.objects.count()
        transaction.set_rollback(True)
    monkeypatch.undo()
    found_in_sql = []
    held_as_given = FiguresImporter.held_as_given

    def spy(self, candidates):
        found = held_as_given(self, candidates)
        found_in_sql.append(len(found))
        return found

    monkeypatch.setattr(FiguresImporter, "held_as_given", spy)
    assert (re_import_after_other_sources(tmp_path), snapshot(), FigureReport.objects.count()) == compared
    assert compared[0][2:] == [(0, 0, 6, True), (0, 0, 6, True)]
    # the firm held before sources were kept, the one the tax office disagrees with on a figure and the one whose
    # tax it reported differently are compared row by row; the other three are found held as given — and the first
    # firm too once the file's values are kept
    assert found_in_sql[-2:] == [3, 4]

"""Import files are held to size, row and cell limits before they can cost memory: a 1 MB .xlsx whose sheet
inflates to a gigabyte is refused from its zip directory, quickly, without being parsed."""

import io
import time
import tracemalloc
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from enterprises.credit_codes import make_credit_code
from enterprises.models import Enterprise
from enterprises.roles import Role
from enterprises.tests.files import ENTERPRISE_HEADERS, csv_bytes, xlsx_bytes

pytestmark = pytest.mark.django_db
CSV, XLSX = "0", "1"  # the admin's format choices
MB = 1024 * 1024
CODE = make_credit_code("450302", 41)
ROWS = [[CODE, "桂林壬科技有限公司", "秀峰区", None, None]]
SIZE_REFUSED = "文件解压后大小超过 5 MB 上限（IMPORT_MAX_UNCOMPRESSED_BYTES），请拆分后导入。"


def zip_bomb(inflated_bytes=50 * MB):
    """A valid .xlsx whose sheet1.xml is padded (whitespace inside <sheetData>, still well-formed) to
    `inflated_bytes`: deflate shrinks the padding a thousandfold, so the file itself stays small."""
    source, out = zipfile.ZipFile(io.BytesIO(xlsx_bytes(ENTERPRISE_HEADERS, ROWS))), io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = data.replace(b"<sheetData>", b"<sheetData>" + b" " * inflated_bytes, 1)
            target.writestr(item, data, compress_type=zipfile.ZIP_DEFLATED)
    return out.getvalue()


def run(path):
    with pytest.raises(CommandError) as refused:
        call_command("import_data", "enterprises", str(path), stdout=io.StringIO(), stderr=io.StringIO())
    return str(refused.value)


def test_the_bomb_is_small_on_disk_and_large_inflated():
    bomb = zip_bomb()
    assert len(bomb) < 1 * MB
    assert sum(item.file_size for item in zipfile.ZipFile(io.BytesIO(bomb)).infolist()) > 50 * MB


def test_a_zip_bomb_is_refused_quickly_without_inflating_it(tmp_path, areas, settings):
    settings.IMPORT_MAX_UNCOMPRESSED_BYTES = 5 * MB
    path = tmp_path / "bomb.xlsx"
    path.write_bytes(zip_bomb())
    tracemalloc.start()
    started = time.monotonic()
    try:
        message = run(path)
        elapsed = time.monotonic() - started
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert message == SIZE_REFUSED
    assert elapsed < 2
    assert peak < 20 * MB
    assert not Enterprise.objects.filter(credit_code=CODE).exists()


def test_a_file_under_the_size_limit_still_imports(tmp_path, areas, settings):
    settings.IMPORT_MAX_UNCOMPRESSED_BYTES = 5 * MB
    path = tmp_path / "padded.xlsx"
    path.write_bytes(zip_bomb(inflated_bytes=1 * MB))
    call_command("import_data", "enterprises", str(path), stdout=io.StringIO(), stderr=io.StringIO())
    assert Enterprise.objects.filter(credit_code=CODE).exists()


def test_a_csv_over_the_size_limit_is_refused(tmp_path, areas, settings):
    settings.IMPORT_MAX_UNCOMPRESSED_BYTES = 1 * MB
    path = tmp_path / "big.csv"
    path.write_bytes(csv_bytes(ENTERPRISE_HEADERS, ROWS * 20_000))
    assert run(path) == "文件大小超过 1 MB 上限（IMPORT_MAX_UNCOMPRESSED_BYTES），请拆分后导入。"
    assert not Enterprise.objects.filter(credit_code=CODE).exists()


def firms(count):
    return [[make_credit_code("450302", 100 + n), f"桂林{n}号科技有限公司", "秀峰区", None, None] for n in range(count)]


@pytest.mark.parametrize("style", ["csv", "xlsx"])
def test_more_data_rows_than_the_limit_are_refused(tmp_path, areas, settings, style):
    settings.IMPORT_MAX_ROWS = 3
    path = tmp_path / f"rows.{style}"
    path.write_bytes((csv_bytes if style == "csv" else xlsx_bytes)(ENTERPRISE_HEADERS, firms(4)))
    assert run(path) == "文件数据超过 3 行上限（IMPORT_MAX_ROWS），请拆分后导入。"
    assert not Enterprise.objects.filter(credit_code=make_credit_code("450302", 100)).exists()

    path.write_bytes((csv_bytes if style == "csv" else xlsx_bytes)(ENTERPRISE_HEADERS, firms(3)))
    call_command("import_data", "enterprises", str(path), stdout=io.StringIO(), stderr=io.StringIO())
    assert Enterprise.objects.filter(credit_code__in=[row[0] for row in firms(3)]).count() == 3


@pytest.mark.parametrize("style", ["csv", "xlsx"])
def test_a_cell_longer_than_the_limit_is_refused_naming_row_and_column(tmp_path, areas, settings, style):
    settings.IMPORT_MAX_CELL_CHARS = 30
    rows = firms(2)
    rows[1][1] = "桂林" + "很" * 29 + "长科技有限公司"
    path = tmp_path / f"cell.{style}"
    path.write_bytes((csv_bytes if style == "csv" else xlsx_bytes)(ENTERPRISE_HEADERS, rows))
    assert run(path) == (
        "第 3 行 B 列【企业名称】有 38 个字符，超过 30 个字符上限（IMPORT_MAX_CELL_CHARS），请删减后重新导入。"
    )
    assert not Enterprise.objects.filter(credit_code=rows[0][0]).exists()


def test_a_file_named_xlsx_that_is_not_a_zip_is_a_chinese_error(tmp_path, areas):
    path = tmp_path / "fake.xlsx"
    path.write_bytes(csv_bytes(ENTERPRISE_HEADERS, ROWS))
    assert run(path) == "无法读取 Excel 文件：请上传 .xlsx 格式（Excel 2007 及以上）的工作簿。"


def test_a_truncated_xlsx_is_a_chinese_error(tmp_path, areas):
    path = tmp_path / "cut.xlsx"
    path.write_bytes(xlsx_bytes(ENTERPRISE_HEADERS, ROWS)[:-200])
    assert run(path) == "无法读取 Excel 文件：请上传 .xlsx 格式（Excel 2007 及以上）的工作簿。"


def test_a_damaged_sheet_in_a_sound_zip_is_a_chinese_error(tmp_path, areas):
    """The zip directory and the sheet's start are intact, its end is not: openpyxl opens the workbook and the
    damage (a bad CRC) surfaces only while the rows stream in."""
    content = bytearray(zip_bomb(inflated_bytes=1 * MB))
    sheet = zipfile.ZipFile(io.BytesIO(bytes(content))).getinfo("xl/worksheets/sheet1.xml")
    data_end = sheet.header_offset + 30 + len(sheet.filename.encode()) + len(sheet.extra) + sheet.compress_size
    for offset in range(data_end - 200, data_end - 10):
        content[offset] ^= 0x55
    path = tmp_path / "damaged.xlsx"
    path.write_bytes(bytes(content))
    assert run(path) == "无法读取 Excel 文件：文件已损坏或不完整，请在 Excel 中打开并重新保存为 .xlsx 后导入。"
    assert not Enterprise.objects.filter(credit_code=CODE).exists()


@pytest.fixture
def reviewer_client(client, role_users):
    client.force_login(role_users[Role.REVIEWER])
    return client


def test_the_admin_import_refuses_a_zip_bomb_with_the_message(reviewer_client, areas, settings):
    settings.IMPORT_MAX_UNCOMPRESSED_BYTES = 5 * MB
    upload = SimpleUploadedFile("bomb.xlsx", zip_bomb())
    tracemalloc.start()
    try:
        response = reviewer_client.post(
            reverse("admin:enterprises_enterprise_import"),
            {"import_file": upload, "format": XLSX, "resource": "0"},
        )
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert response.status_code == 200 and "confirm_form" not in response.context
    assert SIZE_REFUSED in response.content.decode()
    assert peak < 20 * MB
    assert not Enterprise.objects.filter(credit_code=CODE).exists()


def test_the_admin_import_refuses_too_many_rows_with_the_message(reviewer_client, areas, settings):
    settings.IMPORT_MAX_ROWS = 3
    response = reviewer_client.post(
        reverse("admin:enterprises_enterprise_import"),
        {"import_file": SimpleUploadedFile("e.csv", csv_bytes(ENTERPRISE_HEADERS, firms(4))), "format": CSV,
         "resource": "0"},
    )
    assert response.status_code == 200 and "confirm_form" not in response.context
    assert "文件数据超过 3 行上限（IMPORT_MAX_ROWS），请拆分后导入。" in response.content.decode()
    assert not Enterprise.objects.filter(credit_code=make_credit_code("450302", 100)).exists()


def test_the_command_line_streams_a_file_instead_of_holding_it(tmp_path):
    """`read_sheet` (manage.py import_data) reads the rows from disk at each pass: a 20,000-row file costs it a small
    fraction of what the same rows held in memory cost (`read_dataset`), and every row still comes back."""
    from enterprises.spreadsheets import read_dataset, read_sheet

    rows = [[make_credit_code("450302", n), f"桂林流式{n}号有限公司", "秀峰区", "2015-03-01", "专用设备制造业"]
            for n in range(20_000)]
    path = tmp_path / "many.csv"
    path.write_bytes(csv_bytes(ENTERPRISE_HEADERS, rows))

    def peak_of(read):
        tracemalloc.start()
        try:
            sheet = read(path)
            count = sum(1 for _ in sheet)
            return tracemalloc.get_traced_memory()[1], sheet, count
        finally:
            tracemalloc.stop()

    held, dataset, held_count = peak_of(read_dataset)
    streamed, sheet, streamed_count = peak_of(read_sheet)
    assert held_count == streamed_count == 20_000
    assert sheet.headers == dataset.headers == ENTERPRISE_HEADERS
    assert streamed * 10 < held
    assert list(sheet)[-1] == list(dataset[-1])

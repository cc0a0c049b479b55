"""A recorded list push rendered as .csv (UTF-8 with BOM, for Excel) or .xlsx, from its snapshot rows only.

Both renderings are deterministic: the same push gives the same bytes every time it is downloaded, so what the
bureau re-exports is provably what it sent (the CSV's SHA-256 is stored with the push)."""

import csv
import hashlib
import io
import re
import zipfile
from datetime import UTC

from django.utils import timezone
from openpyxl import Workbook
from openpyxl.styles import Font

from enterprises.spreadsheets import as_text_cell, escape_formula

HEADERS = ("序号", "企业名称", "统一社会信用代码", "所属区域", "专精特新层级", "认定有效期至", "所属行业", "联系人",
           "联系电话", "地址")
COLUMN_WIDTHS = (6, 40, 22, 14, 28, 14, 30, 10, 16, 40)
CSV_CONTENT_TYPE = "text/csv; charset=utf-8"
MODIFIED = re.compile(r"<dcterms:modified[^>]*>[^<]*</dcterms:modified>")
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def row_values(row):
    """One snapshot row as the cells of the file, in HEADERS order (plain values, not yet escaped)."""
    return (
        row.position, row.name, row.credit_code, row.area_name, row.tier_label,
        row.tier_valid_until.isoformat() if row.tier_valid_until else "", row.industry, row.contact_person,
        row.contact_phone, row.address,
    )


def render_csv(rows) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(HEADERS)
    for row in rows:
        writer.writerow([value if isinstance(value, int) else escape_formula(value) for value in row_values(row)])
    # The BOM makes Excel read the file as UTF-8 rather than the system's GBK.
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def csv_digest(rows) -> str:
    return hashlib.sha256(render_csv(rows)).hexdigest()


def render_xlsx(push, rows) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "专精特新企业名单"
    sheet.append(HEADERS)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for number, row in enumerate(rows, start=2):
        for column, value in enumerate(row_values(row), start=1):
            cell = sheet.cell(row=number, column=column, value=value)
            as_text_cell(cell)
    for index, width in enumerate(COLUMN_WIDTHS, start=1):
        sheet.column_dimensions[sheet.cell(row=1, column=index).column_letter].width = width
    sheet.freeze_panes = "A2"
    pushed_at = push.pushed_at.astimezone(UTC).replace(tzinfo=None, microsecond=0)
    workbook.properties.created = workbook.properties.modified = pushed_at
    workbook.properties.creator = workbook.properties.lastModifiedBy = "桂林市专精特新中小企业服务平台"
    workbook.properties.title = f"名单推送：{push.recipient_name}"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return _fixed_zip_times(buffer.getvalue(), pushed_at)


def _fixed_zip_times(data: bytes, moment) -> bytes:
    """openpyxl stamps each zip member, and the workbook's "modified" property, with the current time when it saves;
    restamp both with the push time, so that a second download is byte for byte the first."""
    stamp = (max(moment.year, 1980), moment.month, moment.day, moment.hour, moment.minute, moment.second)
    modified = f"<dcterms:modified xsi:type=\"dcterms:W3CDTF\">{moment:%Y-%m-%dT%H:%M:%SZ}</dcterms:modified>"
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=stamp)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = info.external_attr
            content = source.read(info.filename)
            if info.filename == "docProps/core.xml":
                content = MODIFIED.sub(modified, content.decode("utf-8")).encode("utf-8")
            target.writestr(fixed, content)
    return out.getvalue()


def filename(push, extension: str) -> str:
    recipient = "".join(ch for ch in push.recipient_name if ch not in '\\/:*?"<>|').strip() or "接收方"
    return f"专精特新企业名单_{recipient}_{timezone.localtime(push.pushed_at):%Y%m%d%H%M}_{push.pk}.{extension}"

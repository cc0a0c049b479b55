"""Which files a declaration may carry, checked by content as well as by name (ASVS V5).

Allowed: PDF, PNG, JPEG, Word (doc/docx) and Excel (xls/xlsx), up to settings.DECLARATION_UPLOAD_MAX_BYTES.
The extension must agree with what the bytes are; file names with path parts are refused; what is stored gets a
generated name (models.attachment_path)."""

import re
import unicodedata
import zipfile

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError

DEFAULT_MAX_BYTES = 10 * 1024 * 1024
OLE2_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"

# extension → (content type sent on download, what filetype may call it)
ALLOWED = {
    "pdf": ("application/pdf", {"pdf"}),
    "png": ("image/png", {"png"}),
    "jpg": ("image/jpeg", {"jpg"}),
    "jpeg": ("image/jpeg", {"jpg"}),
    "docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", {"docx", "zip"}),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", {"xlsx", "zip"}),
    "doc": ("application/msword", {"doc", "xls", "ppt", None}),
    "xls": ("application/vnd.ms-excel", {"doc", "xls", "ppt", None}),
}
# What must be inside an Office Open XML zip for it to be that kind of document.
OOXML_PART = {"docx": "word/document.xml", "xlsx": "xl/workbook.xml"}
ALLOWED_TEXT = "PDF、PNG、JPG、Word（doc/docx）、Excel（xls/xlsx）"


def max_bytes():
    return getattr(settings, "DECLARATION_UPLOAD_MAX_BYTES", DEFAULT_MAX_BYTES)


def clean_file_name(name):
    """The name as shown to people; a name carrying a path (../, /, \\) or control characters is refused."""
    name = unicodedata.normalize("NFC", name or "").strip()
    if not name or "/" in name or "\\" in name or ".." in name or re.search(r"[\x00-\x1f]", name):
        raise ValidationError(
            "文件名“%(name)s”不合法：文件名不能包含路径（如 ../、/、\\）或控制字符，请重命名后再上传。",
            code="bad_name", params={"name": name[:80]},
        )
    return name[:200]


def check_upload(uploaded_file, *, name=None):
    """Validate an uploaded file; returns (clean name, extension, content type) or raises ValidationError."""
    name = clean_file_name(uploaded_file.name if name is None else name)
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if extension not in ALLOWED:
        raise ValidationError(
            "不支持“.%(ext)s”格式的文件。允许上传：%(allowed)s。", code="bad_extension",
            params={"ext": extension or "（无扩展名）", "allowed": ALLOWED_TEXT},
        )
    limit = max_bytes()
    if uploaded_file.size > limit:
        raise ValidationError(
            "文件过大（%(size).1f MB），单个附件不得超过 %(limit)d MB。", code="too_large",
            params={"size": uploaded_file.size / 1024 / 1024, "limit": limit // (1024 * 1024)},
        )
    if uploaded_file.size == 0:
        raise ValidationError("文件为空，请重新选择。", code="empty")
    uploaded_file.seek(0)
    head = uploaded_file.read(8192)
    uploaded_file.seek(0)
    guessed = filetype.guess(head)
    found = guessed.extension if guessed else None
    content_type, acceptable = ALLOWED[extension]
    ok = found in acceptable
    if extension in ("doc", "xls"):
        ok = ok and head.startswith(OLE2_SIGNATURE)
    if ok and extension in OOXML_PART:
        ok = _zip_contains(uploaded_file, OOXML_PART[extension])
    if not ok:
        raise ValidationError(
            "文件内容与扩展名“.%(ext)s”不符（实际内容：%(found)s），可能是改名的其他类型文件，已拒绝上传。",
            code="content_mismatch", params={"ext": extension, "found": _describe(found)},
        )
    return name, extension, content_type


def _zip_contains(uploaded_file, member):
    try:
        with zipfile.ZipFile(uploaded_file) as archive:
            return member in archive.namelist()
    except zipfile.BadZipFile:
        return False
    finally:
        uploaded_file.seek(0)


def _describe(found):
    names = {"exe": "Windows 可执行程序", "elf": "Linux 可执行程序", "zip": "压缩包", None: "无法识别"}
    return names.get(found, found.upper())

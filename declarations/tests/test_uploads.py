import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from declarations.uploads import check_upload, clean_file_name

from .factories import PDF_BYTES

PNG_BYTES = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
JPEG_BYTES = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 64
EXE_BYTES = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 200


def ooxml(part):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr(part, "<x/>")
    return buffer.getvalue()


def upload(name, content):
    return SimpleUploadedFile(name, content)


@pytest.mark.parametrize("name, content, content_type", [
    ("审计报告.pdf", PDF_BYTES, "application/pdf"),
    ("证书.PNG", PNG_BYTES, "image/png"),
    ("照片.jpeg", JPEG_BYTES, "image/jpeg"),
    ("申报书.docx", ooxml("word/document.xml"),
     "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    ("财务数据.xlsx", ooxml("xl/workbook.xml"), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
])
def test_allowed_types_pass_when_content_and_extension_agree(name, content, content_type):
    assert check_upload(upload(name, content))[2] == content_type


def test_a_renamed_executable_is_refused_by_its_content():
    with pytest.raises(ValidationError) as error:
        check_upload(upload("营业执照.pdf", EXE_BYTES))
    assert "Windows 可执行程序" in error.value.messages[0] and "改名" in error.value.messages[0]


def test_an_executable_extension_is_refused_outright():
    with pytest.raises(ValidationError, match="不支持"):
        check_upload(upload("setup.exe", EXE_BYTES))


def test_a_png_named_pdf_and_a_plain_zip_named_docx_are_refused():
    with pytest.raises(ValidationError, match="不符"):
        check_upload(upload("报告.pdf", PNG_BYTES))
    with pytest.raises(ValidationError, match="不符"):
        check_upload(upload("申报书.docx", ooxml("payload.bin")))


def test_an_oversized_file_is_refused_with_the_limit(settings):
    settings.DECLARATION_UPLOAD_MAX_BYTES = 1024
    with pytest.raises(ValidationError) as error:
        check_upload(upload("大文件.pdf", PDF_BYTES + b"0" * 2048))
    assert "不得超过" in error.value.messages[0]


@pytest.mark.parametrize("name", ["../../etc/passwd.pdf", "..\\..\\boot.ini.pdf", "/tmp/x.pdf", "a\x00b.pdf"])
def test_names_carrying_a_path_are_refused(name):
    with pytest.raises(ValidationError, match="文件名"):
        clean_file_name(name)

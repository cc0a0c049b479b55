"""The admin import's confirm step reads only the upload this session previewed, from storage every web host shares.

It used to take any posted file name, keep its base name, read that file from the host's temp directory, show its
header row in the error and delete it; an unknown name crashed the page, and a confirm reaching another host failed.
"""

import tempfile
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from enterprises.credit_codes import make_credit_code
from enterprises.models import Enterprise
from enterprises.roles import Role
from enterprises.tests.files import ENTERPRISE_HEADERS, csv_bytes

pytestmark = pytest.mark.django_db
CSV = "0"
IMPORT = "admin:enterprises_enterprise_import"
CONFIRM = "admin:enterprises_enterprise_process_import"
FIELDS = ("import_file_name", "original_file_name", "format", "resource")


@pytest.fixture
def county_client(client, role_users):
    client.force_login(role_users[Role.COUNTY])  # 秀峰区
    return client


def preview(client, code):
    content = csv_bytes(ENTERPRISE_HEADERS, [[code, "桂林壬山科技有限公司", "秀峰区", None, None]])
    response = client.post(reverse(IMPORT), {"import_file": SimpleUploadedFile("e.csv", content),
                                             "format": CSV, "resource": "0"})
    assert response.status_code == 200
    return {name: response.context["confirm_form"].initial[name] for name in FIELDS}


def confirm_with(client, **changes):
    data = {"import_file_name": "x", "original_file_name": "e.csv", "format": CSV, "resource": "0", **changes}
    return client.post(reverse(CONFIRM), data)


@pytest.fixture
def secret():
    path = Path(tempfile.gettempdir()) / "secret.csv"
    path.write_text("机密表头甲,机密表头乙\n1,2\n", encoding="utf-8")
    yield path
    path.unlink(missing_ok=True)


def test_a_path_in_the_file_name_is_refused_and_touches_nothing(county_client, secret):
    response = confirm_with(county_client, import_file_name="../../x/secret.csv")
    assert response.status_code == 400
    assert "请重新上传文件并预览后再确认导入" in response.content.decode()
    assert "机密表头" not in response.content.decode()
    assert secret.exists() and secret.read_text(encoding="utf-8").startswith("机密表头甲")


def test_a_bare_name_of_a_file_on_the_host_is_refused(county_client, secret):
    response = confirm_with(county_client, import_file_name="secret.csv")
    assert response.status_code == 400 and secret.exists()


def test_an_unknown_name_answers_400_not_500(county_client):
    assert confirm_with(county_client, import_file_name="0123456789abcdef0123456789abcdef").status_code == 400
    assert confirm_with(county_client, import_file_name="").status_code == 400


def test_another_sessions_upload_cannot_be_confirmed(county_client, role_users):
    code = make_credit_code("450302", 21)
    data = preview(county_client, code)
    other = Client()
    other.force_login(role_users[Role.REVIEWER])
    assert other.post(reverse(CONFIRM), data).status_code == 400
    assert not Enterprise.objects.filter(credit_code=code).exists()


def test_preview_then_confirm_imports_once(county_client):
    code = make_credit_code("450302", 22)
    data = preview(county_client, code)
    response = county_client.post(reverse(CONFIRM), data, follow=True)
    assert response.status_code == 200 and "新增 1 条" in response.content.decode()
    assert Enterprise.objects.filter(credit_code=code).count() == 1
    assert county_client.post(reverse(CONFIRM), data).status_code == 400  # read once, then gone


def test_the_confirm_may_reach_another_web_host(county_client, monkeypatch, tmp_path):
    """Preview on one host, confirm on another: a fresh client with the same session cookie and a different
    temp directory still finds the upload, because it waits in the shared cache, not on the local disk."""
    code = make_credit_code("450302", 23)
    data = preview(county_client, code)
    other_host_tmp = tmp_path / "other-host-tmp"
    other_host_tmp.mkdir()
    monkeypatch.setattr(tempfile, "gettempdir", lambda: str(other_host_tmp))
    monkeypatch.setattr(tempfile, "tempdir", str(other_host_tmp))
    second_host = Client()
    second_host.cookies = county_client.cookies
    response = second_host.post(reverse(CONFIRM), data, follow=True)
    assert response.status_code == 200 and "新增 1 条" in response.content.decode()
    assert Enterprise.objects.filter(credit_code=code).exists()
    assert list(other_host_tmp.iterdir()) == []

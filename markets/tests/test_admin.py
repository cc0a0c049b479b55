"""The markets admin: import (preview, then confirm) and export through the registry's buttons, a county's own
entries through the services, and filings returned with a reason."""

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from enterprises.filings import FilingState
from enterprises.roles import Role
from enterprises.tests.files import csv_bytes
from markets.models import FairParticipation, Honour

from .factories import fair, sales

pytestmark = pytest.mark.django_db
CSV = "0"  # the admin's first format choice
FAIRS = ["统一社会信用代码", "展会名称", "举办地", "开始日期", "结束日期", "意向成交额（万元）"]


@pytest.fixture
def reviewer(client, role_users):
    client.force_login(role_users[Role.REVIEWER])
    return client


def test_admin_import_previews_then_writes_with_the_user_in_history(reviewer, role_users):
    code = role_users["own_enterprise"].credit_code
    content = csv_bytes(FAIRS, [[code, "中国—东盟博览会", "南宁", "2025-09-17", "2025-09-20", "260"]])
    response = reviewer.post(reverse("admin:markets_fairparticipation_import"),
                             {"import_file": SimpleUploadedFile("fairs.csv", content), "format": CSV, "resource": "0"})
    assert "试运行（未写入）：将新增 1 条" in response.content.decode()
    assert not FairParticipation.objects.exists()
    confirm = response.context["confirm_form"]
    response = reviewer.post(
        reverse("admin:markets_fairparticipation_process_import"),
        {name: confirm.initial[name] for name in ("import_file_name", "original_file_name", "format", "resource")},
        follow=True,
    )
    assert "参展记录导入完成：新增 1 条" in response.content.decode()
    assert FairParticipation.objects.get().history.get().history_user == role_users[Role.REVIEWER]


def test_admin_import_of_a_bad_row_writes_nothing_and_names_it(reviewer, role_users):
    code = role_users["own_enterprise"].credit_code
    content = csv_bytes(FAIRS, [[code, "广交会", "广州", "2025-10-19", "2025-10-15", ""]])
    response = reviewer.post(reverse("admin:markets_fairparticipation_import"),
                             {"import_file": SimpleUploadedFile("fairs.csv", content), "format": CSV, "resource": "0"})
    assert "结束日期早于开始日期" in response.content.decode()
    assert [row.number for row in response.context["result"].invalid_rows] == [2]


def test_a_countys_export_holds_its_own_area_only(client, role_users):
    sales(role_users["own_enterprise"], platform="天猫", cross_border=False)
    sales(role_users["other_enterprise"], platform="京东")
    client.force_login(role_users[Role.COUNTY])
    response = client.post(reverse("admin:markets_onlinesales_export"), {"format": CSV, "resource": "0"})
    lines = response.content.decode("utf-8-sig").splitlines()
    assert lines[0] == "统一社会信用代码,年度,平台,网络销售额（万元）,是否跨境"
    assert lines[1:] == [f"{role_users['own_enterprise'].credit_code},2025,天猫,800.00,否"]


def test_a_county_adds_a_record_for_its_own_area_through_the_service(client, role_users):
    client.force_login(role_users[Role.COUNTY])
    data = {"enterprise": role_users["own_enterprise"].pk, "category": "time_honoured", "name": "桂林米粉老字号",
            "level": "regional", "granted_on": "2025-06-01", "document_number": ""}
    response = client.post(reverse("admin:markets_honour_add"), data)
    assert response.status_code == 302
    record = Honour.objects.get()
    assert record.filing_state == FilingState.CONFIRMED
    assert record.history.get().history_user == role_users[Role.COUNTY]
    refused = client.post(reverse("admin:markets_honour_add"),
                          {**data, "enterprise": role_users["other_enterprise"].pk, "name": "外区"})
    assert refused.status_code == 200 and Honour.objects.count() == 1  # not a choice the county has


def test_a_county_returns_a_submitted_filing_with_a_reason(client, role_users):
    record = fair(role_users["own_enterprise"], state=FilingState.SUBMITTED)
    client.force_login(role_users[Role.COUNTY])
    url = reverse("admin:markets_fairparticipation_changelist")
    form = client.post(url, {"action": "return_filings", ACTION_CHECKBOX_NAME: [record.pk]})
    assert "退回原因" in form.content.decode()
    client.post(url, {"action": "return_filings", ACTION_CHECKBOX_NAME: [record.pk], "reason": "请补充展位照片"})
    record.refresh_from_db()
    assert (record.filing_state, record.return_reason) == (FilingState.RETURNED, "请补充展位照片")

import io
from datetime import date

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from enterprises.roles import Role
from enterprises.selectors import today
from finance.models import ListPush
from finance.tests.factories import loan, pool_entry, srdi_enterprise

pytestmark = pytest.mark.django_db


@pytest.fixture
def finserv(client, role_users):
    client.force_login(role_users[Role.FINANCIAL_SERVICES])
    return client


def _push_data(**extra):
    return {"recipient_kind": "bank", "recipient_name": "中国工商银行桂林分行", "area": "", "tier": "", "note": "",
            **extra}


def test_pages_need_login(client, role_users):
    for name in ("finance:summary", "finance:push_list", "finance:push_new"):
        response = client.get(reverse(name))
        assert response.status_code == 302 and response.url.startswith(reverse("login"))


def test_summary_shows_pool_listings_loans_and_share_for_the_city(finserv, areas):
    entry = pool_entry(area=areas["七星区"], entered_on=date(2024, 3, 1))
    loan(entry.enterprise, amount="12345678", granted_on=today().replace(month=1, day=2))
    page = finserv.get(reverse("finance:summary")).content.decode()
    assert entry.enterprise.name in page
    assert "全市最少 10 家" in page and "尚缺 9 家" in page
    assert "目标 5 家以上" in page
    assert "1,234.57 万元" in page  # the loan, in 万元
    assert "100.0%" in page  # the one white-list firm was financed this year
    assert "分区域情况" in page and "七星区" in page


def test_county_official_sees_its_own_area_without_the_city_tables(client, role_users, areas):
    own = pool_entry(area=areas["秀峰区"])
    other = pool_entry(area=areas["阳朔县"])
    client.force_login(role_users[Role.COUNTY])
    page = client.get(reverse("finance:summary")).content.decode()
    assert own.enterprise.name in page and other.enterprise.name not in page
    assert "分区域情况" not in page and "全市最少" not in page
    assert "新建名单推送" not in page


@pytest.mark.parametrize("role", [Role.ENTERPRISE, Role.LIAISON, Role.FINANCE])
def test_roles_without_finance_rights_are_refused(client, role_users, role):
    client.force_login(role_users[role])
    for name in ("finance:summary", "finance:push_list", "finance:push_new"):
        assert client.get(reverse(name)).status_code == 403


@pytest.mark.parametrize("n", [2, 20])
def test_summary_page_query_count_is_constant(finserv, areas, django_assert_num_queries, n):
    for index in range(n):
        entry = pool_entry(area=areas["七星区" if index % 2 else "荔浦市"])
        loan(entry.enterprise, granted_on=today().replace(month=1, day=3))
    # session, user, permissions (user + group), the summary selector (9), the financial support section (3)
    with django_assert_num_queries(16):
        response = finserv.get(reverse("finance:summary"))
    assert response.status_code == 200


def test_push_flow_preview_confirm_download_and_redownload(finserv, areas):
    first = srdi_enterprise(name="桂林推送一号有限公司", area=areas["七星区"])
    srdi_enterprise(name="桂林推送二号有限公司", area=areas["秀峰区"])
    assert finserv.get(reverse("finance:push_new")).status_code == 200

    preview = finserv.post(reverse("finance:push_new"), _push_data(step="preview", area=areas["七星区"].pk))
    page = preview.content.decode()
    assert "桂林推送一号有限公司" in page and "桂林推送二号有限公司" not in page and "确认推送并记录" in page
    assert not ListPush.objects.exists()

    confirm = finserv.post(reverse("finance:push_new"), _push_data(
        step="confirm", area=areas["七星区"].pk, fingerprint=preview.context["fingerprint"]))
    push = ListPush.objects.get()
    assert confirm.status_code == 302 and confirm.url == reverse("finance:push_detail", args=[push.pk])
    assert (push.recipient_name, push.row_count, push.filter_label) == ("中国工商银行桂林分行", 1, "七星区，全部层级")

    detail = finserv.get(confirm.url).content.decode()
    assert "桂林推送一号有限公司" in detail and push.csv_sha256 in detail

    first.name = "桂林已更名有限公司"
    first.save()
    downloads = {}
    for fmt in ("csv", "xlsx"):
        response = finserv.get(reverse("finance:push_download", args=[push.pk, fmt]))
        assert response.status_code == 200
        assert response["Content-Disposition"].startswith("attachment;")
        again = finserv.get(reverse("finance:push_download", args=[push.pk, fmt]))
        assert again.content == response.content
        downloads[fmt] = response.content
    assert "桂林推送一号有限公司" in downloads["csv"].decode("utf-8-sig")
    assert "桂林已更名有限公司" not in downloads["csv"].decode("utf-8-sig")
    sheet = load_workbook(io.BytesIO(downloads["xlsx"])).active
    assert sheet.cell(row=2, column=2).value == "桂林推送一号有限公司"
    assert finserv.get(reverse("finance:push_download", args=[push.pk, "pdf"])).status_code == 404


def test_a_stale_preview_is_not_recorded(finserv):
    srdi_enterprise()
    preview = finserv.post(reverse("finance:push_new"), _push_data(step="preview"))
    srdi_enterprise()
    response = finserv.post(reverse("finance:push_new"), _push_data(step="confirm",
                                                                    fingerprint=preview.context["fingerprint"]))
    assert response.status_code == 200 and "请重新预览" in response.content.decode()
    assert response.context["total"] == 2 and not ListPush.objects.exists()


def test_an_invalid_form_is_shown_again(finserv):
    response = finserv.post(reverse("finance:push_new"), _push_data(step="preview", recipient_name=""))
    assert response.status_code == 200 and "这个字段是必填项" in response.content.decode()


def test_push_records_are_for_city_wide_finance_roles_only(client, role_users):
    srdi_enterprise()
    client.force_login(role_users[Role.FINANCIAL_SERVICES])
    client.post(reverse("finance:push_new"), _push_data(step="confirm", fingerprint=""))
    # a blank fingerprint is not the list's: nothing recorded, the preview is shown instead
    assert not ListPush.objects.exists()
    from finance import services

    push = services.record_push(actor=role_users[Role.FINANCIAL_SERVICES], recipient_kind="gas",
                                recipient_name="桂林华润燃气有限公司")
    client.force_login(role_users[Role.REVIEWER])
    assert client.get(reverse("finance:push_detail", args=[push.pk])).status_code == 200
    assert client.get(reverse("finance:push_detail", args=[push.pk + 1000])).status_code == 404
    assert client.get(reverse("finance:push_new")).status_code == 403
    for role in (Role.COUNTY, Role.ENTERPRISE, Role.LIAISON):
        client.force_login(role_users[role])
        for url in (reverse("finance:push_detail", args=[push.pk]), reverse("finance:push_download", args=[push.pk, "csv"])):
            response = client.get(url)
            assert response.status_code in (403, 404)
            assert "桂林华润燃气有限公司" not in response.content.decode()


@pytest.mark.parametrize("n", [2, 20])
def test_push_list_and_detail_query_counts_are_constant(finserv, role_users, django_assert_num_queries, n):
    from finance import services

    for _ in range(n):
        srdi_enterprise()
    for index in range(n):
        push = services.record_push(actor=role_users[Role.FINANCIAL_SERVICES], recipient_kind="bank",
                                    recipient_name=f"银行{index}")
    # session, user, permissions (user + group), page count, the page
    with django_assert_num_queries(6):
        assert finserv.get(reverse("finance:push_list")).status_code == 200
    # session, user, permissions (2), the push, row count, the rows
    with django_assert_num_queries(7):
        assert finserv.get(reverse("finance:push_detail", args=[push.pk])).status_code == 200


import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from declarations.models import Attachment, Declaration
from declarations.states import Status
from enterprises.roles import Role
from enterprises.tests.factories import make_user

from .factories import (
    GOOD_APPLICATION,
    PDF_BYTES,
    draft_application,
    enterprise_with_user,
    noticed_application,
    submitted_application,
)
from .test_uploads import EXE_BYTES

pytestmark = pytest.mark.django_db


@pytest.fixture
def firm(areas, client):
    enterprise, user = enterprise_with_user(areas["秀峰区"])
    client.force_login(user)
    return enterprise, user


def form_data(**overrides):
    data = {k: ("" if v is None else str(v)) for k, v in {**GOOD_APPLICATION, **overrides}.items()}
    data["att-category"] = "other"
    return data


def test_start_save_draft_and_submit_through_the_form(client, firm):
    response = client.post(reverse("declarations:start_application"))
    declaration = Declaration.objects.get()
    assert response.url == reverse("declarations:edit", args=[declaration.pk])
    url = reverse("declarations:edit", args=[declaration.pk])
    client.post(url, {**form_data(main_product="高速主轴"), "save": "1"})
    assert Declaration.objects.get().application.main_product == "高速主轴"
    data = {**form_data(), "pledge": "on", "submit": "1",
            "att-file": SimpleUploadedFile("营业执照.pdf", PDF_BYTES), "att-category": "licence"}
    response = client.post(url, data)
    declaration.refresh_from_db()
    assert response.status_code == 302 and declaration.status == Status.SUBMITTED
    assert declaration.attachments.get().original_name == "营业执照.pdf"
    page = client.get(reverse("declarations:detail", args=[declaration.pk])).content.decode()
    assert "等待县（市、区）工信部门初审" in page and "提交申报" in page


def test_errors_are_shown_next_to_the_field_and_nothing_typed_is_lost(client, firm):
    declaration = draft_application(firm[1])
    url = reverse("declarations:edit", args=[declaration.pk])
    response = client.post(url, {**form_data(employees="很多", main_product="我刚输入的产品", niche_field=""), "submit": "1"})
    page = response.content.decode()
    assert response.status_code == 200
    assert "请输入整数" in page
    assert "提交前请填写此项" in page and "提交前请阅读并勾选承诺" in page
    assert 'value="我刚输入的产品"' in page and 'value="很多"' in page
    assert Declaration.objects.get().status == Status.DRAFT


def test_after_a_refused_save_the_self_check_is_of_the_saved_content(client, firm):
    declaration = draft_application(firm[1])  # saved: R&D 2,900,000 of revenue 61,000,000, i.e. 4.75%
    url = reverse("declarations:edit", args=[declaration.pk])
    response = client.post(url, {**form_data(rd_expense_last="-2900000", employees="很多"), "save": "1"})
    page = response.content.decode()
    assert response.status_code == 200 and 'value="-2900000"' in page  # the refused input stays in the form
    check = page.split("申报自查", 1)[1].split("</section>", 1)[0]
    assert "占比 4.75%" in check and "-4.75%" not in check  # the check says what it says it uses: the saved content


def test_a_renamed_executable_upload_is_refused_with_a_clear_message(client, firm):
    declaration = draft_application(firm[1])
    response = client.post(reverse("declarations:edit", args=[declaration.pk]), {
        **form_data(main_product="保留"), "save": "1", "att-file": SimpleUploadedFile("审计报告.pdf", EXE_BYTES)})
    page = response.content.decode()
    assert "可执行程序" in page and "已拒绝上传" in page and 'value="保留"' in page
    assert not Attachment.objects.exists()


def test_an_oversized_upload_is_refused(client, firm, settings):
    settings.DECLARATION_UPLOAD_MAX_BYTES = 2048
    declaration = draft_application(firm[1])
    response = client.post(reverse("declarations:edit", args=[declaration.pk]), {
        **form_data(), "save": "1", "att-file": SimpleUploadedFile("大.pdf", PDF_BYTES + b" " * 4096)})
    assert "不得超过" in response.content.decode() and not Attachment.objects.exists()


def test_a_path_traversal_name_never_reaches_the_file_system(client, firm, settings):
    declaration = draft_application(firm[1])
    client.post(reverse("declarations:edit", args=[declaration.pk]), {
        **form_data(), "save": "1", "att-file": SimpleUploadedFile("../../../../etc/cron.d/x.pdf", PDF_BYTES)})
    stored = Attachment.objects.get()
    assert stored.original_name == "x.pdf"  # Django keeps only the last part of the name
    path = stored.file.path
    assert path.startswith(str(settings.MEDIA_ROOT)) and "etc" not in stored.file.name and "x.pdf" not in path


def test_a_submitted_declaration_cannot_be_edited_through_the_form(client, firm):
    declaration = submitted_application(firm[1])
    url = reverse("declarations:edit", args=[declaration.pk])
    assert client.get(url).url == reverse("declarations:detail", args=[declaration.pk])
    client.post(url, {**form_data(main_product="偷偷修改"), "save": "1"})
    assert Declaration.objects.get().application.main_product == GOOD_APPLICATION["main_product"]


def test_download_is_an_attachment_and_only_for_those_who_may_see_it(client, firm, areas):
    declaration = submitted_application(firm[1])
    attachment = declaration.attachments.get()
    url = reverse("declarations:download", args=[attachment.pk])
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Disposition"].startswith("attachment;")
    assert b"".join(response.streaming_content) == PDF_BYTES
    _, stranger = enterprise_with_user(areas["秀峰区"])
    client.force_login(stranger)
    assert client.get(url).status_code == 404
    client.force_login(make_user(Role.COUNTY, area=areas["阳朔县"]))
    assert client.get(url).status_code == 404
    client.force_login(make_user(Role.COUNTY, area=areas["秀峰区"]))
    assert client.get(url).status_code == 200


def test_the_public_notice_page_needs_no_login_and_shows_no_figures(client, areas):
    _, user = enterprise_with_user(areas["秀峰区"])
    declaration = noticed_application(user, make_user(Role.COUNTY, area=areas["秀峰区"]), make_user(Role.REVIEWER))
    client.logout()
    page = client.get(reverse("declarations:public_notices")).content.decode()
    assert declaration.enterprise.name in page and "精密传动" in page
    assert "61000000" not in page and "61,000,000" not in page


def test_messages_are_listed_and_marked_read(client, firm):
    submitted_application(firm[1])
    message = firm[1].portal_messages.get()
    page = client.get(reverse("declarations:messages")).content.decode()
    assert message.title in page
    client.get(reverse("declarations:message", args=[message.pk]))
    message.refresh_from_db()
    assert message.read_at is not None


@pytest.mark.parametrize("extra", [2, 12])
def test_public_notice_query_count_does_not_grow(client, areas, django_assert_num_queries, extra):
    county, reviewer = make_user(Role.COUNTY, area=areas["秀峰区"]), make_user(Role.REVIEWER)
    for _ in range(extra):
        noticed_application(enterprise_with_user(areas["秀峰区"])[1], county, reviewer)
    client.logout()
    with django_assert_num_queries(2):  # notices (firm, area, application, edition joined); recent recognitions
        client.get(reverse("declarations:public_notices"))


@pytest.fixture
def reviewers(areas):
    return {"county": make_user(Role.COUNTY, area=areas["秀峰区"]), "reviewer": make_user(Role.REVIEWER)}


def test_the_county_reviews_on_the_portal_and_a_return_needs_a_comment(client, areas, reviewers):
    declaration = submitted_application(enterprise_with_user(areas["秀峰区"])[1])
    client.force_login(reviewers["county"])
    queue = client.get(reverse("declarations:review_queue")).content.decode()
    assert declaration.enterprise.name in queue
    url = reverse("declarations:review", args=[declaration.pk])
    page = client.get(url).content.decode()
    assert "初审通过，推荐上报" in page and "复审通过，进入公示" not in page
    response = client.post(url, {"action": "county_return", "comment": ""})
    assert "请填写意见" in response.content.decode()
    assert Declaration.objects.get().status == Status.SUBMITTED
    response = client.post(url, {"action": "county_recommend", "comment": "同意推荐"})
    assert response.url == reverse("declarations:review_queue")
    assert Declaration.objects.get().status == Status.COUNTY_RECOMMENDED


def test_the_bureau_approves_and_a_step_it_does_not_own_is_refused(client, areas, reviewers):
    declaration = submitted_application(enterprise_with_user(areas["秀峰区"])[1])
    client.force_login(reviewers["reviewer"])
    url = reverse("declarations:review", args=[declaration.pk])
    response = client.post(url, {"action": "county_recommend"})  # not the bureau's step
    assert "不在您的办理环节" in response.content.decode()
    assert Declaration.objects.get().status == Status.SUBMITTED
    client.force_login(reviewers["county"])
    client.post(url, {"action": "county_recommend"})
    client.force_login(reviewers["reviewer"])
    client.post(url, {"action": "bureau_approve", "expert_score": "91", "document_number": "市工信认〔2026〕2号"})
    declaration.refresh_from_db()
    assert declaration.status == Status.PUBLIC_NOTICE and declaration.expert_score == 91
    assert declaration.document_number == "市工信认〔2026〕2号"


def test_an_enterprise_user_has_no_review_pages(client, firm):
    declaration = submitted_application(firm[1])
    assert client.get(reverse("declarations:review_queue")).status_code == 404
    assert client.get(reverse("declarations:review", args=[declaration.pk])).status_code == 404


@pytest.mark.parametrize("extra", [2, 20])
def test_review_queue_query_count_does_not_grow(client, areas, reviewers, django_assert_num_queries, extra):
    for _ in range(extra):
        submitted_application(enterprise_with_user(areas["秀峰区"])[1])
    client.force_login(reviewers["county"])
    # session, user, the queue (firm and area joined), the county's area for the heading, the navigation's
    # permissions (user, groups); the policy edition in force (the review time limits)
    with django_assert_num_queries(7):
        response = client.get(reverse("declarations:review_queue"))
    assert response.content.decode().count("待初审") == extra
    assert response.content.decode().count("剩余 ") == extra  # each item with its working days left


def test_detail_shows_money_in_yuan(client, firm):
    declaration = submitted_application(firm[1])
    page = client.get(reverse("declarations:detail", args=[declaration.pk])).content.decode()
    assert "61,000,000.00 元" in page and "72.5%" in page and "市级研发机构" in page

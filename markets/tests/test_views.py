"""The enterprise's pages under /markets/ (honours, fairs, online sales) per role: its own records only, drafts
kept and submitted, another enterprise's id answering 404; and the admin's lists scoped for counties and the bureau."""

from datetime import date

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.urls import reverse

from enterprises.filings import FilingState
from enterprises.roles import Role
from markets.models import FairParticipation, Honour, OnlineSales

from .factories import fair, honour, logistics, sales

pytestmark = pytest.mark.django_db
KINDS = ["honours", "fairs", "ecommerce"]
HONOUR_POST = {"category": "quality_award", "name": "桂林市市长质量奖", "level": "municipal",
               "granted_on": "2025-04-01", "document_number": ""}


@pytest.fixture
def firm(client, role_users):
    client.force_login(role_users[Role.ENTERPRISE])
    return client


@pytest.mark.parametrize("kind", KINDS)
def test_pages_need_login(client, kind):
    response = client.get(reverse(f"markets:{kind}"))
    assert response.status_code == 302 and response.url.startswith(reverse("login"))


@pytest.mark.parametrize("role", [Role.COUNTY, Role.REVIEWER, Role.LIAISON])
def test_staff_file_nothing_from_the_portal(client, role_users, role):
    client.force_login(role_users[role])
    for kind in KINDS:
        assert client.get(reverse(f"markets:{kind}")).status_code == 403
        assert client.get(reverse(f"markets:{kind}_new")).status_code == 403


def test_the_list_shows_the_enterprises_own_records_with_their_state(firm, role_users):
    honour(role_users["own_enterprise"], name="广西壮族自治区主席质量奖", state=FilingState.SUBMITTED)
    honour(role_users["other_enterprise"], name="别家的驰名商标")
    page = firm.get(reverse("markets:honours")).content.decode()
    assert "广西壮族自治区主席质量奖" in page and "待县区确认" in page
    assert "别家的驰名商标" not in page


def test_an_enterprise_saves_a_draft_edits_it_and_submits_it(firm, role_users):
    response = firm.post(reverse("markets:honours_new"), HONOUR_POST)
    assert response.status_code == 302
    record = Honour.objects.get()
    assert (record.enterprise, record.filing_state) == (role_users["own_enterprise"], FilingState.DRAFT)
    assert "草稿" in firm.get(reverse("markets:honours")).content.decode()

    firm.post(reverse("markets:honours_edit", args=[record.pk]), {**HONOUR_POST, "document_number": "市政发〔2025〕9号"})
    record.refresh_from_db()
    assert record.document_number == "市政发〔2025〕9号"

    assert firm.get(reverse("markets:honours_submit", args=[record.pk])).status_code == 405
    firm.post(reverse("markets:honours_submit", args=[record.pk]))
    record.refresh_from_db()
    assert record.filing_state == FilingState.SUBMITTED

    response = firm.post(reverse("markets:honours_edit", args=[record.pk]), {**HONOUR_POST, "name": "改名"}, follow=True)
    record.refresh_from_db()
    assert record.name == "桂林市市长质量奖" and "不能修改" in response.content.decode()


def test_save_and_submit_in_one_step(firm):
    firm.post(reverse("markets:ecommerce_new"),
              {"year": "2025", "platform": "阿里巴巴国际站", "sales_wan": "88.8", "cross_border": "on", "submit": "1"})
    record = OnlineSales.objects.get()
    assert record.cross_border and record.filing_state == FilingState.SUBMITTED


def test_form_errors_are_clear_chinese(firm, role_users):
    response = firm.post(reverse("markets:fairs_new"), {"fair_name": "广交会", "venue": "广州",
                                                        "starts_on": "2025-10-19", "ends_on": "2025-10-15"})
    assert response.status_code == 400 and "结束日期不能早于开始日期" in response.content.decode()
    honour(role_users["own_enterprise"], name=HONOUR_POST["name"])
    response = firm.post(reverse("markets:honours_new"), HONOUR_POST)
    assert response.status_code == 400 and "同一类别、同一名称" in response.content.decode()
    response = firm.post(reverse("markets:ecommerce_new"), {"year": "2999", "platform": "京东", "sales_wan": "-1"})
    page = response.content.decode()
    assert response.status_code == 400 and "年度应在" in page
    assert not FairParticipation.objects.exists() and not OnlineSales.objects.exists()


def test_another_enterprises_record_answers_404(firm, role_users):
    other = fair(role_users["other_enterprise"], state=FilingState.DRAFT)
    assert firm.get(reverse("markets:fairs_edit", args=[other.pk])).status_code == 404
    assert firm.post(reverse("markets:fairs_submit", args=[other.pk])).status_code == 404
    assert firm.get(reverse("markets:fairs_edit", args=[999999])).status_code == 404
    other.refresh_from_db()
    assert other.filing_state == FilingState.DRAFT


@pytest.mark.parametrize("n", [2, 20])
def test_the_list_takes_the_same_queries_for_n_and_ten_n(firm, role_users, django_assert_num_queries, n):
    for i in range(n):
        sales(role_users["own_enterprise"], platform=f"平台{i}", state=FilingState.DRAFT)
    # the session, the user, its two permission reads, the records
    with django_assert_num_queries(5):
        assert firm.get(reverse("markets:ecommerce")).status_code == 200


# -- the admin ----------------------------------------------------------------------------------------------------

ADMIN_LISTS = ["logisticssupport", "honour", "fairparticipation", "onlinesales"]


def _changelist(model):
    return reverse(f"admin:markets_{model}_changelist")


def test_a_county_sees_its_own_areas_records_in_the_admin(client, role_users):
    own, other = role_users["own_enterprise"], role_users["other_enterprise"]
    mine, theirs = honour(own, name="本区荣誉"), honour(other, name="外区荣誉")
    logistics(own)
    client.force_login(role_users[Role.COUNTY])
    page = client.get(_changelist("honour")).content.decode()
    assert "本区荣誉" in page and "外区荣誉" not in page
    assert client.get(reverse("admin:markets_honour_change", args=[theirs.pk])).status_code == 404
    assert client.get(reverse("admin:markets_honour_change", args=[mine.pk])).status_code == 200
    assert client.get(_changelist("logisticssupport")).status_code == 200
    assert client.get(reverse("admin:markets_logisticssupport_import")).status_code == 403  # the bureau's import


def test_the_bureau_sees_every_list_and_its_import_and_export(client, role_users):
    fair(role_users["other_enterprise"])
    client.force_login(role_users[Role.REVIEWER])
    for model in ADMIN_LISTS:
        assert client.get(_changelist(model)).status_code == 200
        assert client.get(reverse(f"admin:markets_{model}_import")).status_code == 200
        assert client.get(reverse(f"admin:markets_{model}_export")).status_code == 200
    assert "中国—东盟博览会" in client.get(_changelist("fairparticipation")).content.decode()


def test_a_county_confirms_submitted_filings_in_bulk(client, role_users):
    submitted = sales(role_users["own_enterprise"], state=FilingState.SUBMITTED)
    draft = sales(role_users["own_enterprise"], platform="京东", state=FilingState.DRAFT)
    client.force_login(role_users[Role.COUNTY])
    client.post(_changelist("onlinesales"), {"action": "confirm_filings", ACTION_CHECKBOX_NAME: [submitted.pk, draft.pk]})
    submitted.refresh_from_db()
    draft.refresh_from_db()
    assert submitted.filing_state == FilingState.CONFIRMED and submitted.reviewed_by == role_users[Role.COUNTY]
    assert draft.filing_state == FilingState.DRAFT


def test_an_admin_delete_goes_through_the_service(client, role_users):
    record = honour(role_users["own_enterprise"], granted_on=date(2025, 1, 2))
    client.force_login(role_users[Role.REVIEWER])
    client.post(reverse("admin:markets_honour_delete", args=[record.pk]), {"post": "yes"})
    assert not Honour.objects.exists()
    assert Honour.history.get(history_type="-").history_user == role_users[Role.REVIEWER]


def test_a_returned_filing_shows_the_reason_and_can_be_changed(firm, role_users):
    record = honour(role_users["own_enterprise"], name=HONOUR_POST["name"], state=FilingState.RETURNED)
    Honour.objects.filter(pk=record.pk).update(return_reason="请上传获奖文件的文号")
    assert "请上传获奖文件的文号" in firm.get(reverse("markets:honours")).content.decode()
    assert "请上传获奖文件的文号" in firm.get(reverse("markets:honours_edit", args=[record.pk])).content.decode()
    firm.post(reverse("markets:honours_edit", args=[record.pk]),
              {**HONOUR_POST, "document_number": "市政发〔2025〕9号", "submit": "1"})
    record.refresh_from_db()
    assert (record.document_number, record.filing_state) == ("市政发〔2025〕9号", FilingState.SUBMITTED)


def test_the_enterprise_home_links_the_markets_pages(firm):
    page = firm.get(reverse("declarations:home")).content.decode()
    assert 'href="/declarations/#measures"' in firm.get(reverse("markets:fairs")).content.decode()  # the nav's 措施填报
    for kind in KINDS:
        assert f'href="{reverse(f"markets:{kind}")}"' in page

"""The enterprise's pages (its own needs and talents only; a guessed id → 404), the directory and its download per
role, and the admin lists scoped for the county and the bureau."""

import io

import openpyxl
import pytest
from django.urls import reverse

from enterprises.filing_services import save_filing_draft, submit_filing
from enterprises.filings import FilingState
from enterprises.roles import Role
from enterprises.selectors import today
from enterprises.tests.factories import make_user
from talent.models import TalentNeed

from .factories import need, srdi_enterprise, talent

pytestmark = pytest.mark.django_db
YEAR = today().year
FORM = {"year": YEAR, "position": "数控加工技师", "specialty": "机械设计制造及其自动化", "headcount": 5, "education": "大专"}


@pytest.fixture
def firm_user(client, role_users):
    user = role_users[Role.ENTERPRISE]
    client.force_login(user)
    return user


def _draft(user, **values):
    return save_filing_draft(actor=user, record=TalentNeed(**{**FORM, **values}))


def test_anonymous_visitors_are_sent_to_sign_in(client):
    for name in ("talent:needs", "talent:need_new", "talent:talents", "talent:directory", "talent:directory_xlsx"):
        response = client.get(reverse(name))
        assert response.status_code == 302 and response["Location"].startswith(reverse("login")), name
    for name in ("talent:need_edit", "talent:need_submit"):
        response = client.post(reverse(name, args=[1]))
        assert response.status_code == 302 and response["Location"].startswith(reverse("login")), name


def test_the_enterprise_files_a_draft_changes_it_and_submits_it(client, firm_user):
    response = client.post(reverse("talent:need_new"), FORM)
    assert response.status_code == 302
    stored = TalentNeed.objects.get()
    assert (stored.enterprise_id, stored.filing_state, stored.headcount) == (firm_user.enterprise_id, FilingState.DRAFT, 5)
    page = client.get(reverse("talent:needs")).content.decode()
    assert "数控加工技师" in page and "草稿" in page and reverse("talent:need_new") in page
    client.post(reverse("talent:need_edit", args=[stored.pk]), {**FORM, "headcount": 8})
    assert TalentNeed.objects.get().headcount == 8
    client.post(reverse("talent:need_submit", args=[stored.pk]))
    assert TalentNeed.objects.get().filing_state == FilingState.SUBMITTED
    response = client.get(reverse("talent:need_edit", args=[stored.pk]))
    assert response.status_code == 302  # submitted: no longer editable
    assert client.post(reverse("talent:need_edit", args=[stored.pk]), {**FORM, "headcount": 1}).status_code == 302
    assert TalentNeed.objects.get().headcount == 8


def test_the_form_shows_chinese_errors(client, firm_user):
    _draft(firm_user)
    response = client.post(reverse("talent:need_new"), {**FORM, "headcount": 0, "year": YEAR - 3})
    page = response.content.decode()
    assert response.status_code == 200 and "需求人数须大于 0" in page and f"年度只能填 {YEAR} 年" in page
    response = client.post(reverse("talent:need_new"), FORM)  # the same position again
    assert response.status_code == 200 and "已填报同名岗位" in response.content.decode()
    assert TalentNeed.objects.count() == 1


def test_another_enterprises_need_answers_404(client, firm_user, role_users):
    other_user = make_user(Role.ENTERPRISE, enterprise=role_users["other_enterprise"])
    theirs = _draft(other_user, position="软件开发工程师")
    assert client.get(reverse("talent:need_edit", args=[theirs.pk])).status_code == 404
    assert client.post(reverse("talent:need_submit", args=[theirs.pk])).status_code == 404
    assert client.get(reverse("talent:need_edit", args=[999999])).status_code == 404
    assert "软件开发工程师" not in client.get(reverse("talent:needs")).content.decode()
    assert TalentNeed.objects.get().filing_state == FilingState.DRAFT


def test_the_enterprise_sees_its_own_talents_by_name(client, firm_user, role_users):
    talent(role_users["own_enterprise"], name="李建华")
    talent(role_users["other_enterprise"], name="王晓东")
    page = client.get(reverse("talent:talents")).content.decode()
    assert "李建华" in page and "C类" in page and "王晓东" not in page


@pytest.mark.parametrize("role", [Role.COUNTY, Role.REVIEWER, Role.ADMIN, Role.LIAISON])
def test_staff_do_not_use_the_enterprise_pages(client, role_users, role):
    client.force_login(role_users[role])
    for name in ("talent:needs", "talent:need_new", "talent:talents"):
        assert client.get(reverse(name)).status_code == 404


def _directory_data(role_users):
    own, other = srdi_enterprise(area=role_users["own_enterprise"].area), srdi_enterprise(area=role_users["other_enterprise"].area)
    need(own, YEAR, "机械设计工程师", "机械设计制造及其自动化", 3, "本科")
    need(other, YEAR, "制剂研发研究员", "生物制药", 7, "硕士研究生")
    return own, other


def test_the_directory_city_wide_for_the_bureau_and_own_area_for_the_county(client, role_users):
    _directory_data(role_users)
    client.force_login(role_users[Role.REVIEWER])
    page = client.get(reverse("talent:directory"), {"year": YEAR}).content.decode()
    assert "机械设计制造及其自动化" in page and "生物制药" in page and "全市" in page
    client.force_login(role_users[Role.COUNTY])
    page = client.get(reverse("talent:directory"), {"year": YEAR}).content.decode()
    assert "机械设计制造及其自动化" in page and "生物制药" not in page and "秀峰区" in page


@pytest.mark.parametrize("role", [Role.ENTERPRISE, Role.LIAISON, Role.FINANCE, Role.FINANCIAL_SERVICES])
def test_others_may_not_read_the_directory(client, role_users, role):
    client.force_login(role_users[role])
    assert client.get(reverse("talent:directory")).status_code == 403
    assert client.get(reverse("talent:directory_xlsx")).status_code == 403


def test_the_directory_download_has_number_cells(client, role_users):
    _directory_data(role_users)
    client.force_login(role_users[Role.REVIEWER])
    response = client.get(reverse("talent:directory_xlsx"), {"year": YEAR})
    assert response.status_code == 200 and response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    assert [c.value for c in sheet[2]] == ["专业方向", "需求人数（人）", "提出需求企业（家）", "学历要求分布"]
    rows = {row[0].value: row for row in sheet.iter_rows(min_row=3)}
    assert rows["生物制药"][1].value == 7 and rows["生物制药"][1].data_type == "n"
    assert rows["合计"][1].value == 10 and rows["合计"][2].value == 2


@pytest.mark.parametrize("n", [1, 10])
def test_the_directory_page_takes_a_fixed_number_of_queries(client, role_users, n, django_assert_num_queries):
    for index in range(n):
        need(srdi_enterprise(area=role_users["own_enterprise"].area), YEAR, "技师", f"专业{index % 4}", index + 1)
    client.force_login(role_users[Role.REVIEWER])
    client.get(reverse("talent:directory"))  # warm the session and permission caches
    # the session and the user (2), their permissions (2), the directory (3)
    with django_assert_num_queries(7):
        assert client.get(reverse("talent:directory")).status_code == 200


def test_the_admin_list_is_scoped_and_the_county_confirms(client, role_users):
    own_user = role_users[Role.ENTERPRISE]
    ours = submit_filing(actor=own_user, record=_draft(own_user))
    other_user = make_user(Role.ENTERPRISE, enterprise=role_users["other_enterprise"])
    theirs = submit_filing(actor=other_user, record=_draft(other_user, position="软件开发工程师"))
    url = reverse("admin:talent_talentneed_changelist")
    client.force_login(role_users[Role.COUNTY])
    page = client.get(url).content.decode()
    assert "数控加工技师" in page and "软件开发工程师" not in page
    assert client.get(reverse("admin:talent_talentneed_change", args=[theirs.pk])).status_code == 404
    client.post(url, {"action": "confirm_filings", "_selected_action": [ours.pk, theirs.pk]})
    assert TalentNeed.objects.get(pk=ours.pk).filing_state == FilingState.CONFIRMED
    assert TalentNeed.objects.get(pk=theirs.pk).filing_state == FilingState.SUBMITTED
    client.force_login(role_users[Role.REVIEWER])
    page = client.get(url).content.decode()
    assert "数控加工技师" in page and "软件开发工程师" in page
    assert client.get(reverse("admin:talent_talentneed_import")).status_code == 200
    assert client.get(reverse("admin:talent_talentneed_change", args=[theirs.pk])).status_code == 200


def test_the_bureau_records_a_need_in_the_admin_through_the_service(client, role_users):
    client.force_login(role_users[Role.REVIEWER])
    response = client.post(reverse("admin:talent_talentneed_add"), {
        "enterprise": role_users["other_enterprise"].pk, "year": YEAR, "position": "电气设计工程师",
        "specialty": "电气工程及其自动化", "headcount": 2, "education": "本科",
    })
    assert response.status_code == 302, response.content.decode()[:2000]
    stored = TalentNeed.objects.get()
    assert stored.filing_state == FilingState.CONFIRMED
    assert stored.history.get().history_user == role_users[Role.REVIEWER]


def test_an_enterprise_filing_is_read_only_in_the_admin(client, role_users):
    own_user = role_users[Role.ENTERPRISE]
    filed = submit_filing(actor=own_user, record=_draft(own_user))
    client.force_login(role_users[Role.COUNTY])
    url = reverse("admin:talent_talentneed_change", args=[filed.pk])
    page = client.get(url)
    assert page.status_code == 200 and 'name="headcount"' not in page.content.decode()
    client.post(url, {"enterprise": filed.enterprise_id, "year": YEAR, "position": "改名", "specialty": "软件工程",
                      "headcount": 99})
    assert TalentNeed.objects.get().headcount == FORM["headcount"]
    assert client.post(reverse("admin:talent_talentneed_delete", args=[filed.pk]), {"post": "yes"}).status_code == 403
    assert TalentNeed.objects.exists()


def test_another_areas_need_answers_404_in_the_admin_and_the_portal(client, role_users):
    theirs = need(role_users["other_enterprise"], YEAR)
    pages = [reverse("admin:talent_talentneed_change", args=[theirs.pk]),
             reverse("admin:talent_talentneed_history", args=[theirs.pk]),
             reverse("admin:talent_talentneed_simple_history", args=[theirs.pk, theirs.history.first().history_id])]
    client.force_login(make_user(Role.COUNTY, area=role_users["other_enterprise"].area))
    for url in pages:
        assert client.get(url).status_code == 200, f"positive control: {url}"
    client.force_login(role_users[Role.COUNTY])
    for url in pages:
        assert client.get(url).status_code == 404, url
    for role in Role:
        client.force_login(role_users[role])
        assert client.get(reverse("talent:need_edit", args=[theirs.pk])).status_code == 404, role

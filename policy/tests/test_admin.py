from datetime import date

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from enterprises.roles import Role
from policy.models import CriteriaEdition, PolicyRecord

from .factories import decided_award

pytestmark = pytest.mark.django_db


def test_the_admin_saves_an_edition_through_the_service_with_its_author(client, role_users):
    admin_user = role_users[Role.ADMIN]
    client.force_login(admin_user)
    record = PolicyRecord.objects.get()
    url = reverse("admin:policy_policyrecord_change", args=[record.pk])
    page = client.get(url)
    assert page.status_code == 200 and "认定到期提醒（天）" in page.content.decode()
    form = page.context["adminform"].form
    data = {name: form[name].value() for name in form.fields}
    data = {k: ("" if v is None else v) for k, v in data.items()}
    data.update(issued_on="2026-03-01", expiry_warning_days=90)  # the period follows the issuance date
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    record.refresh_from_db()
    assert (record.effective_from, record.effective_until, record.expiry_warning_days) == (
        date(2026, 3, 1), date(2028, 2, 29), 90)
    assert record.history.first().history_user == admin_user


def test_a_criteria_edition_saved_in_the_admin_is_validated_and_audited(client, role_users):
    admin_user = role_users[Role.ADMIN]
    client.force_login(admin_user)
    edition = CriteriaEdition.objects.order_by("effective_from").first()
    url = reverse("admin:policy_criteriaedition_change", args=[edition.pk])
    form = client.get(url).context["adminform"].form
    data = {k: ("" if v is None else v) for k, v in ((name, form[name].value()) for name in form.fields)}
    response = client.post(url, {**data, "srdi_min_rd_ratio": "1.5"})
    assert response.status_code == 200  # the check constraint's validation is shown on the form, nothing saved
    edition.refresh_from_db()
    assert edition.srdi_min_rd_ratio < 1
    response = client.post(url, {**data, "note": "已核对工信部原文"})
    assert response.status_code == 302
    assert edition.history.first().history_user == admin_user and edition.history.first().note == "已核对工信部原文"


def test_old_admin_addresses_redirect_to_the_policy_floor(client, role_users):
    client.force_login(role_users[Role.ADMIN])
    record = PolicyRecord.objects.get()
    response = client.get(f"/admin/awards/policyrecord/{record.pk}/change/?_changelist_filters=x")
    assert response.status_code == 301
    assert response["Location"] == f"/admin/policy/policyrecord/{record.pk}/change/?_changelist_filters=x"
    assert client.get("/admin/declarations/criteriaedition/").url == "/admin/policy/criteriaedition/"


def test_the_role_groups_carry_the_policy_floors_permissions(role_users):
    def perms(role):
        group = Group.objects.get(name=Role(role).label)
        return {f"{p.content_type.app_label}.{p.codename}" for p in group.permissions.select_related("content_type")}

    assert {"policy.change_policyrecord", "policy.add_policyrecord", "policy.change_criteriaedition"} <= perms(
        Role.ADMIN)
    assert {"policy.view_policyrecord", "policy.view_criteriaedition"} <= perms(Role.COUNTY)
    assert "policy.change_policyrecord" not in perms(Role.REVIEWER)
    assert "policy.change_criteriaedition" in perms(Role.REVIEWER)  # the bureau keeps MIIT's editions up to date
    assert not any(p.startswith(("awards.", "declarations.")) and "policyrecord" in p for p in perms(Role.ADMIN))


def _change_form_data(client, url):
    form = client.get(url).context["adminform"].form
    return {k: ("" if v is None else v) for k, v in ((name, form[name].value()) for name in form.fields)}


def test_the_admin_refuses_a_change_to_a_decided_edition_with_the_reason(client, role_users):
    client.force_login(role_users[Role.ADMIN])
    record = PolicyRecord.objects.get()
    decided_award(record)
    url = reverse("admin:policy_policyrecord_change", args=[record.pk])
    page = client.get(url).content.decode()
    assert "该版本下已有 1 项奖励审核通过" in page and reverse("admin:policy_policyrecord_copy_as_new_edition", args=[record.pk]) in page
    data = _change_form_data(client, url)
    versions = record.history.count()
    response = client.post(url, {**data, "recognition_award_amount": "120000"})
    assert response.status_code == 200
    errors = " ".join(response.context["adminform"].form.non_field_errors())
    assert record.document_number in errors and "已有 1 项奖励审核通过" in errors and "复制为新版本" in errors
    record.refresh_from_db()
    assert record.recognition_award_amount == 100000 and record.history.count() == versions
    response = client.post(url, {**data, "objection_contact": "桂林市工业和信息化局中小企业科，电话 0773-1234567"})
    assert response.status_code == 302  # wording that decides no yuan may still be corrected
    record.refresh_from_db()
    assert record.objection_contact.endswith("0773-1234567")


def test_the_admin_edits_an_undecided_edition_freely(client, role_users):
    client.force_login(role_users[Role.ADMIN])
    record = PolicyRecord.objects.get()
    url = reverse("admin:policy_policyrecord_change", args=[record.pk])
    assert "奖励审核通过" not in client.get(url).content.decode()
    response = client.post(url, {**_change_form_data(client, url), "recognition_award_amount": "120000"})
    assert response.status_code == 302
    record.refresh_from_db()
    assert record.recognition_award_amount == 120000


def test_copy_as_a_new_edition_from_the_admin(client, role_users):
    admin_user = role_users[Role.ADMIN]
    client.force_login(admin_user)
    record = PolicyRecord.objects.get()
    decided_award(record)
    url = reverse("admin:policy_policyrecord_copy_as_new_edition", args=[record.pk])
    form = client.get(url).context["form"]
    assert (form["effective_from"].value(), form["effective_until"].value()) == (date(2025, 1, 1), date(2026, 12, 31))
    response = client.post(url, {"document_number": record.document_number, "effective_from": "2025-01-01",
                                 "effective_until": "2026-12-31"})
    assert response.status_code == 200 and "不能与被复制的版本相同" in response.content.decode()
    response = client.post(url, {"document_number": "桂政办发〔2025〕9号", "effective_from": "2025-01-01",
                                 "effective_until": "2026-12-31"})
    copy = PolicyRecord.objects.get(document_number="桂政办发〔2025〕9号")
    assert response.status_code == 302 and response.url == reverse("admin:policy_policyrecord_change", args=[copy.pk])
    assert copy.recognition_award_amount == record.recognition_award_amount
    assert copy.history.get().history_user == admin_user
    change = reverse("admin:policy_policyrecord_change", args=[copy.pk])
    response = client.post(change, {**_change_form_data(client, change), "recognition_award_amount": "150000"})
    assert response.status_code == 302  # the copy, without decisions, is edited before use


def test_a_county_official_cannot_copy_an_edition(client, role_users):
    client.force_login(role_users[Role.COUNTY])
    record = PolicyRecord.objects.get()
    response = client.post(reverse("admin:policy_policyrecord_copy_as_new_edition", args=[record.pk]), {
        "document_number": "桂政办发〔2025〕9号", "effective_from": "2025-01-01", "effective_until": "2026-12-31"})
    assert response.status_code in (302, 403)
    assert PolicyRecord.objects.count() == 1

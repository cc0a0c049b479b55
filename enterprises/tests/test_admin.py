"""The registry's admin writes: every save and delete runs its service (spied on here), so the history names the
user, the forms show the validation in Chinese, and a county official cannot write another area's rows."""

from datetime import date

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from enterprises import services
from enterprises.models import AnnualFigures, Area, AreaTarget, CultivationPoolEntry, Designation, Enterprise, User
from enterprises.roles import Role
from enterprises.tests.factories import SETUP, EnterpriseFactory, designate, figures, make_user
from policy.levels import Level

pytestmark = pytest.mark.django_db
NO_INLINES = {"designations-TOTAL_FORMS": "0", "designations-INITIAL_FORMS": "0"}


@pytest.fixture
def service_calls(monkeypatch):
    """[(service name, actor)] of every registry service the admin called (the test's own set-up left out)."""
    calls = []

    def spy(name):
        real = getattr(services, name)

        def recorded(**kwargs):
            if kwargs["actor"] is not SETUP:
                calls.append((name, kwargs["actor"]))
            return real(**kwargs)

        monkeypatch.setattr(services, name, recorded)

    for name in ("save_enterprise", "save_designation", "save_figures_row", "save_pool_entry", "save_area_target",
                 "save_area", "save_account", "set_account_password", "delete_record", "delete_records"):
        spy(name)
    return calls


def login(client, user):
    client.force_login(user)
    return client


def url(name, *args):
    return reverse(f"admin:enterprises_{name}", args=args)


def assert_saved(response):
    assert response.status_code == 302, response.content.decode()[:3000]


# --- designations ------------------------------------------------------------------------------------------------

def designation_form(enterprise, **changes):
    return {"enterprise": enterprise.pk, "level": Level.MUNICIPAL, "granted_on": "2024-06-01",
            "valid_until": "2027-05-31", "document_number": "市工信〔2024〕3号", "source": "admin", **changes}


def test_reviewer_adds_and_changes_a_designation_through_the_service(client, role_users, service_calls):
    reviewer, firm = role_users[Role.REVIEWER], role_users["other_enterprise"]
    login(client, reviewer)
    assert_saved(client.post(url("designation_add"), designation_form(firm)))
    designation = Designation.objects.get(enterprise=firm)
    assert_saved(client.post(url("designation_change", designation.pk),
                             designation_form(firm, document_number="市工信〔2024〕4号")))
    assert service_calls == [("save_designation", reviewer)] * 2
    history = list(designation.history.order_by("history_id"))
    assert [(h.history_type, h.history_user, h.document_number) for h in history] == [
        ("+", reviewer, "市工信〔2024〕3号"), ("~", reviewer, "市工信〔2024〕4号")]


def test_a_designation_ending_before_its_grant_is_refused_in_chinese(client, role_users, service_calls):
    login(client, role_users[Role.REVIEWER])
    response = client.post(url("designation_add"), designation_form(role_users["own_enterprise"],
                                                                   valid_until="2024-01-01"))
    assert response.status_code == 200
    assert "designation_valid_after_granted" in response.content.decode() and "约束" in response.content.decode()
    assert not Designation.objects.exists() and not Designation.history.exists() and service_calls == []


def test_county_official_cannot_write_designations_or_figures(client, role_users, service_calls):
    county, other = role_users[Role.COUNTY], role_users["other_enterprise"]
    theirs = designate(other, Level.MUNICIPAL, date(2023, 6, 1))
    login(client, county)
    assert client.post(url("designation_add"), designation_form(other)).status_code == 403
    assert client.post(url("designation_change", theirs.pk), designation_form(other)).status_code == 404
    assert client.post(url("annualfigures_add"), figures_form(other)).status_code == 403
    assert Designation.objects.count() == 1 and not AnnualFigures.objects.exists() and service_calls == []


# --- figures -----------------------------------------------------------------------------------------------------

def figures_form(enterprise, **changes):
    return {"enterprise": enterprise.pk, "year": "2024", "output_value": "12000000.00", "tax_paid": "480000.00",
            "revenue": "", "rd_expense": "", "employees": "85", **changes}


def test_reviewer_saves_figures_through_the_service(client, role_users, service_calls):
    reviewer, firm = role_users[Role.REVIEWER], role_users["own_enterprise"]
    login(client, reviewer)
    assert_saved(client.post(url("annualfigures_add"), figures_form(firm)))
    row = AnnualFigures.objects.get(enterprise=firm)
    assert_saved(client.post(url("annualfigures_change", row.pk), figures_form(firm, tax_paid="500000.00")))
    assert service_calls == [("save_figures_row", reviewer)] * 2
    assert [(h.history_type, h.history_user) for h in row.history.order_by("history_id")] == [
        ("+", reviewer), ("~", reviewer)]


def test_negative_figures_are_refused_in_chinese(client, role_users, service_calls):
    login(client, role_users[Role.REVIEWER])
    response = client.post(url("annualfigures_add"), figures_form(role_users["own_enterprise"], output_value="-1"))
    assert response.status_code == 200 and "确保该值大于或等于" in response.content.decode()
    assert not AnnualFigures.objects.exists() and service_calls == []


# --- enterprises -------------------------------------------------------------------------------------------------

def enterprise_form(area, **changes):
    return {"credit_code": "91450302MA5KXXXX0X", "name": "桂林秀峰新材料有限公司", "area": area.pk, "founded_on": "",
            "industry": "", "contact_person": "", "contact_phone": "", "address": "", **NO_INLINES, **changes}


def test_county_official_registers_and_edits_its_own_enterprises(client, role_users, areas, service_calls):
    county = role_users[Role.COUNTY]
    login(client, county)
    code = EnterpriseFactory.build().credit_code
    assert_saved(client.post(url("enterprise_add"), enterprise_form(areas["秀峰区"], credit_code=code)))
    firm = Enterprise.objects.get(credit_code=code)
    assert_saved(client.post(url("enterprise_change", firm.pk),
                             enterprise_form(areas["秀峰区"], credit_code=code, industry="医药制造业")))
    assert service_calls == [("save_enterprise", county)] * 2
    assert [(h.history_type, h.history_user, h.industry) for h in firm.history.order_by("history_id")] == [
        ("+", county, ""), ("~", county, "医药制造业")]


def test_county_official_cannot_place_an_enterprise_in_another_area(client, role_users, areas, service_calls):
    login(client, role_users[Role.COUNTY])  # 秀峰区
    code = EnterpriseFactory.build().credit_code
    response = client.post(url("enterprise_add"), enterprise_form(areas["阳朔县"], credit_code=code))
    assert response.status_code == 200 and "选择一个有效的选项" in response.content.decode()
    own = role_users["own_enterprise"]
    response = client.post(url("enterprise_change", own.pk), enterprise_form(
        areas["阳朔县"], credit_code=own.credit_code, name=own.name))
    assert response.status_code == 200
    assert not Enterprise.objects.filter(credit_code=code).exists() and service_calls == []
    own.refresh_from_db()
    assert own.area == areas["秀峰区"] and own.history.count() == 1


def test_a_bad_credit_code_is_refused_in_chinese(client, role_users, areas, service_calls):
    login(client, role_users[Role.REVIEWER])
    response = client.post(url("enterprise_add"), enterprise_form(areas["秀峰区"], credit_code="91450300123456789X"))
    assert response.status_code == 200 and "校验位不正确" in response.content.decode()
    assert service_calls == []


# --- pool entries and targets ------------------------------------------------------------------------------------

def pool_form(enterprise, area, **changes):
    return {"enterprise": enterprise.pk, "area": area.pk, "stage": "reserve", "since": "2024-03-01", "note": "",
            **changes}


def test_county_official_keeps_its_pool_through_the_service(client, role_users, areas, service_calls):
    county, own = role_users[Role.COUNTY], role_users["own_enterprise"]
    login(client, county)
    assert_saved(client.post(url("cultivationpoolentry_add"), pool_form(own, areas["秀峰区"])))
    entry = CultivationPoolEntry.objects.get()
    assert_saved(client.post(url("cultivationpoolentry_change", entry.pk), pool_form(own, areas["秀峰区"],
                                                                                     stage="cultivate")))
    assert service_calls == [("save_pool_entry", county)] * 2
    assert [(h.history_type, h.history_user) for h in entry.history.order_by("history_id")] == [
        ("+", county), ("~", county)]


def test_county_official_cannot_pool_another_areas_enterprise(client, role_users, areas, service_calls):
    login(client, role_users[Role.COUNTY])
    for enterprise, area in ((role_users["other_enterprise"], areas["秀峰区"]),
                             (role_users["own_enterprise"], areas["阳朔县"])):
        response = client.post(url("cultivationpoolentry_add"), pool_form(enterprise, area))
        assert response.status_code == 200 and "选择一个有效的选项" in response.content.decode()
    assert not CultivationPoolEntry.objects.exists() and service_calls == []


def test_reviewer_sets_area_targets_and_the_county_may_not(client, role_users, areas, service_calls):
    reviewer = role_users[Role.REVIEWER]
    form = {"area": areas["阳朔县"].pk, "year": "2027", "new_municipal_target": "4"}
    login(client, role_users[Role.COUNTY])
    assert client.post(url("areatarget_add"), form).status_code == 403
    login(client, reviewer)
    assert_saved(client.post(url("areatarget_add"), form))
    target = AreaTarget.objects.get()
    assert_saved(client.post(url("areatarget_change", target.pk), {**form, "new_municipal_target": "5"}))
    assert service_calls == [("save_area_target", reviewer)] * 2
    assert [(h.new_municipal_target, h.history_user) for h in target.history.order_by("history_id")] == [
        (4, reviewer), (5, reviewer)]


# --- deletes -----------------------------------------------------------------------------------------------------

def test_delete_and_bulk_delete_run_the_service_and_keep_who_deleted(client, role_users, service_calls):
    reviewer, firm = role_users[Role.REVIEWER], role_users["own_enterprise"]
    rows = [figures(firm, year, "100", "10") for year in (2022, 2023, 2024)]
    login(client, reviewer)
    assert_saved(client.post(url("annualfigures_delete", rows[0].pk), {"post": "yes"}))
    response = client.post(url("annualfigures_changelist"), {
        "action": "delete_selected", "_selected_action": [rows[1].pk, rows[2].pk], "post": "yes"})
    assert_saved(response)
    assert not AnnualFigures.objects.exists()
    assert service_calls == [("delete_record", reviewer), ("delete_records", reviewer)]
    deleted = AnnualFigures.history.filter(history_type="-")
    assert sorted(deleted.values_list("year", "history_user")) == [(year, reviewer.pk) for year in (2022, 2023, 2024)]


def test_county_official_deletes_only_its_own_pool_entries(client, role_users, areas, service_calls):
    county = role_users[Role.COUNTY]
    own = CultivationPoolEntry.objects.create(enterprise=role_users["own_enterprise"], area=areas["秀峰区"],
                                              since=date(2024, 1, 1))
    theirs = CultivationPoolEntry.objects.create(enterprise=role_users["other_enterprise"], area=areas["阳朔县"],
                                                 since=date(2024, 1, 1))
    login(client, county)
    assert client.post(url("cultivationpoolentry_delete", theirs.pk), {"post": "yes"}).status_code == 404
    client.post(url("cultivationpoolentry_changelist"), {
        "action": "delete_selected", "_selected_action": [own.pk, theirs.pk], "post": "yes"})
    assert list(CultivationPoolEntry.objects.all()) == [theirs]
    assert service_calls == [("delete_records", county)]


# --- accounts and areas ------------------------------------------------------------------------------------------

def account_form(**fields):
    return {"username": "xianqu-lingui", "usable_password": "true", "password1": "Lingui@2026-x",
            "password2": "Lingui@2026-x", "role": Role.COUNTY, "enterprise": "", "area": "", **fields}


def test_administrator_creates_an_account_set_up_by_its_role(client, role_users, areas, service_calls):
    administrator = role_users[Role.ADMIN]
    login(client, administrator)
    assert_saved(client.post(url("user_add"), account_form(area=areas["临桂区"].pk)))
    user = User.objects.get(username="xianqu-lingui")
    assert (user.area, user.is_staff, user.is_superuser) == (areas["临桂区"], True, False)
    assert list(user.groups.all()) == [Group.objects.get(name=Role.COUNTY.label)]
    assert user.check_password("Lingui@2026-x")
    assert service_calls == [("save_account", administrator)]


def test_an_account_without_its_binding_is_refused_in_chinese(client, role_users, service_calls):
    login(client, role_users[Role.ADMIN])
    page = client.post(url("user_add"), account_form()).content.decode()
    assert "县（市、区）用户必须绑定一个区域" in page
    page = client.post(url("user_add"), account_form(role=Role.ENTERPRISE)).content.decode()
    assert "企业用户必须绑定一家企业" in page
    assert not User.objects.filter(username="xianqu-lingui").exists() and service_calls == []


def test_password_change_and_no_account_deletion(client, role_users, service_calls):
    administrator, officer = role_users[Role.ADMIN], make_user(Role.LIAISON)
    login(client, administrator)
    response = client.post(reverse("admin:auth_user_password_change", args=[officer.pk]), {
        "usable_password": "true", "password1": "Lianluo@2026-new", "password2": "Lianluo@2026-new"})
    assert_saved(response)
    officer.refresh_from_db()
    assert officer.check_password("Lianluo@2026-new")
    assert service_calls == [("set_account_password", administrator)]
    assert client.post(url("user_delete", officer.pk), {"post": "yes"}).status_code == 403
    assert User.objects.filter(pk=officer.pk).exists()


def test_areas_are_saved_through_the_service_and_never_deleted(client, role_users, areas, service_calls):
    administrator, area = role_users[Role.ADMIN], areas["雁山区"]
    login(client, administrator)
    assert_saved(client.post(url("area_change", area.pk), {
        "name": area.name, "code": area.code or "", "kind": area.kind, "sort_order": "99"}))
    assert Area.objects.get(pk=area.pk).sort_order == 99
    assert service_calls == [("save_area", administrator)]
    assert client.post(url("area_delete", area.pk), {"post": "yes"}).status_code == 403

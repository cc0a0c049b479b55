"""(十七) High-level talents are personal data: walk every role and prove that only the system administrators (and
superusers) and the enterprise itself see a talent's name — in the admin, the portal, the one-firm file and the
measure workbook; everyone else sees counts by 人才层次."""

from datetime import date

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from enterprises.roles import Role
from enterprises.selectors import today
from enterprises.tests.factories import designate, make_user
from policy.levels import Level
from talent import selectors
from talent.models import TalentLevel
from talent.tests.factories import talent

pytestmark = pytest.mark.django_db
NAME = "覃思远"
NAMES_HIDDEN = "姓名仅对市工业和信息化局系统管理员和企业本身可见"
SEES_NAMES_IN_ADMIN = {Role.ADMIN}


@pytest.fixture
def recorded(role_users):
    """A talent of the enterprise user's own firm, made an SRDI enterprise (so the workbook lists it)."""
    firm = role_users["own_enterprise"]
    designate(firm, Level.MUNICIPAL, date(2024, 1, 10))
    return talent(firm, name=NAME, level=TalentLevel.D, recognised_on=date(today().year, 1, 2))


def test_no_role_but_the_administrators_holds_a_permission_on_talents():
    for role in Role:
        held = Group.objects.get(name=role.label).permissions.filter(content_type__app_label="talent",
                                                                     content_type__model="talent")
        assert held.exists() == (role == Role.ADMIN), role


@pytest.mark.parametrize("role", list(Role))
def test_the_admin_shows_talents_to_administrators_only(client, role_users, recorded, role):
    client.force_login(role_users[role])
    for url in (reverse("admin:talent_talent_changelist"), reverse("admin:talent_talent_change", args=[recorded.pk]),
                reverse("admin:talent_talent_history", args=[recorded.pk]), reverse("admin:talent_talent_export")):
        response = client.get(url)
        if role in SEES_NAMES_IN_ADMIN:
            assert response.status_code == 200, url
        else:
            assert response.status_code in (302, 403, 404), (role, url, response.status_code)
            assert NAME not in response.content.decode()
    index = client.get(reverse("admin:index")).content.decode()
    assert (reverse("admin:talent_talent_changelist") in index) == (role in SEES_NAMES_IN_ADMIN)


@pytest.mark.parametrize("role", list(Role))
def test_the_portal_page_shows_names_to_the_enterprise_itself_only(client, role_users, recorded, role):
    client.force_login(role_users[role])
    response = client.get(reverse("talent:talents"))
    if role == Role.ENTERPRISE:  # the user of the enterprise the talent belongs to
        assert response.status_code == 200 and NAME in response.content.decode()
    else:
        assert response.status_code == 404 and NAME not in response.content.decode()
    client.force_login(make_user(Role.ENTERPRISE, enterprise=role_users["other_enterprise"]))
    assert NAME not in client.get(reverse("talent:talents")).content.decode()


@pytest.mark.parametrize("role", list(Role))
def test_the_firm_file_names_for_administrators_and_the_enterprise_counts_for_everyone_else(role_users, recorded, role):
    firm = role_users["own_enterprise"]
    table = selectors.firm_file_tables(firm, role_users[role])[1]
    cells = [cell for row in table.rows for cell in row]
    if role in (Role.ADMIN, Role.ENTERPRISE):
        assert NAME in cells and table.note == ""
    else:
        assert NAME not in cells and table.rows == [["D类", 1]] and table.note == NAMES_HIDDEN
    stranger = make_user(Role.ENTERPRISE, enterprise=role_users["other_enterprise"])
    assert NAME not in [cell for row in selectors.firm_file_tables(firm, stranger)[1].rows for cell in row]


def test_the_workbook_for_the_talent_office_has_counts_and_no_names(role_users, recorded):
    sheets = selectors.workbook_sheets()[17](today().year, None)
    cells = [cell for sheet in sheets for row in sheet.rows for cell in row]
    assert NAME not in cells and role_users["own_enterprise"].name in cells


def test_a_superuser_sees_names_too(client, recorded):
    superuser = make_user(Role.REVIEWER)
    superuser.is_superuser = True
    superuser.save()
    client.force_login(superuser)
    assert NAME in client.get(reverse("admin:talent_talent_changelist")).content.decode()
    assert selectors.sees_talent_names(superuser)

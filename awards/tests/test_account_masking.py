"""A bank account shows in full only to who pays it (市财政局, admins) and to the enterprise it belongs to; every
other role that can open the award sees `**** **** ` and the last 4 digits, on the change form and its history."""

from datetime import date

import pytest
from django.urls import reverse

from audit import BEAT
from awards import permissions, services
from awards.models import Award
from awards.recompute import recompute_eligibility
from awards.rules import masked_account
from awards.states import AwardKind
from enterprises.roles import Role
from enterprises.tests.factories import designate, figures, make_user

pytestmark = pytest.mark.django_db

NUMBER = "6600123456789012"
MASKED = "**** **** 9012"


@pytest.fixture
def award(role_users):
    """The role_users' own firm (秀峰区) with a 2024 growth award it confirmed with its bank account."""
    firm = role_users["own_enterprise"]
    designate(firm, "municipal", date(2023, 6, 1))
    figures(firm, 2023, "50000000", "1000000")
    figures(firm, 2024, "70000000", "1150000")
    recompute_eligibility(year=2024, actor=BEAT)
    award = Award.objects.get(enterprise=firm, kind=AwardKind.GROWTH)
    services.notify_awards(awards=[award], actor=role_users[Role.REVIEWER])
    services.confirm_award(award=award, actor=role_users[Role.ENTERPRISE], account_name=firm.name,
                           bank_name="桂林银行股份有限公司七星支行", account_number="6600 1234 5678 9012")
    award.refresh_from_db()
    return award


def test_the_mask_keeps_only_the_last_four_digits():
    assert masked_account(NUMBER) == MASKED
    assert masked_account("") == ""


@pytest.mark.parametrize("role, full", [
    (Role.FINANCE, True), (Role.ADMIN, True), (Role.ENTERPRISE, True),
    (Role.REVIEWER, False), (Role.COUNTY, False), (Role.LIAISON, False), (Role.FINANCIAL_SERVICES, False),
])
def test_who_sees_the_full_account(role_users, award, role, full):
    assert permissions.sees_full_account(role_users[role], award) is full


def test_another_enterprise_does_not_see_the_account(role_users, award):
    stranger = make_user(Role.ENTERPRISE, enterprise=role_users["other_enterprise"])
    assert not permissions.sees_full_account(stranger, award)


@pytest.mark.parametrize("role, full", [
    (Role.REVIEWER, False), (Role.COUNTY, False), (Role.FINANCE, True), (Role.ADMIN, True),
])
def test_the_admin_award_page_masks_the_account_by_role(client, role_users, award, role, full):
    client.force_login(role_users[role])
    for url in (reverse("admin:awards_award_change", args=[award.pk]),
                reverse("admin:awards_award_simple_history", args=[award.pk, award.history.first().history_id])):
        response = client.get(url)
        assert response.status_code == 200, url
        page = response.content.decode()
        assert (NUMBER in page) is full, url
        assert (MASKED in page) is not full, url
        assert "桂林银行股份有限公司七星支行" in page  # the bank itself is not secret


@pytest.mark.parametrize("role, full", [(Role.REVIEWER, False), (Role.FINANCE, True)])
def test_the_history_list_masks_the_account_change(client, role_users, award, role, full):
    client.force_login(role_users[role])
    page = client.get(reverse("admin:awards_award_history", args=[award.pk])).content.decode()
    assert (NUMBER in page) is full
    assert (MASKED in page) is not full

from datetime import date

import pytest

from enterprises import selectors
from enterprises.roles import Role
from enterprises.tests.factories import EnterpriseFactory, designate
from liaison.models import LiaisonAssignment
from policy.levels import Level

pytestmark = pytest.mark.django_db


def test_each_role_sees_only_its_enterprises(role_users, areas):
    own, other = role_users["own_enterprise"], role_users["other_enterprise"]
    neighbour = EnterpriseFactory(area=areas["秀峰区"])
    liaison = role_users[Role.LIAISON]
    LiaisonAssignment.objects.create(enterprise=other, officer=liaison, started_on=date(2024, 1, 1))

    def visible(role):
        return set(selectors.enterprises_for(role_users[role]))

    assert visible(Role.ENTERPRISE) == {own}
    assert visible(Role.COUNTY) == {own, neighbour}
    assert visible(Role.LIAISON) == {other}
    for role in (Role.REVIEWER, Role.FINANCE, Role.FINANCIAL_SERVICES, Role.ADMIN):
        assert visible(role) == {own, other, neighbour}


def test_ended_liaison_assignment_no_longer_gives_access(role_users):
    other, liaison = role_users["other_enterprise"], role_users[Role.LIAISON]
    LiaisonAssignment.objects.create(enterprise=other, officer=liaison, started_on=date(2023, 1, 1), ended_on=date(2024, 1, 1))
    assert not selectors.enterprises_for(liaison).exists()


def test_white_list_and_current_tier_on_given_dates():
    climber = EnterpriseFactory()
    designate(climber, Level.INNOVATIVE, date(2021, 1, 1))
    designate(climber, Level.MUNICIPAL, date(2022, 6, 1))
    designate(climber, Level.REGIONAL, date(2024, 6, 1))
    innovative_only = EnterpriseFactory()
    designate(innovative_only, Level.INNOVATIVE, date(2023, 1, 1))
    lapsed = EnterpriseFactory()
    designate(lapsed, Level.MUNICIPAL, date(2019, 1, 1))  # valid through 2021-12-31

    on = date(2022, 1, 1)
    assert set(selectors.white_list(on)) == set()
    on = date(2023, 1, 1)
    assert {e: e.current_tier for e in selectors.white_list(on)} == {climber: Level.MUNICIPAL}
    on = date(2024, 6, 1)
    assert {e: e.current_tier for e in selectors.white_list(on)} == {climber: Level.REGIONAL}
    tiers = {e: e.current_tier for e in selectors.with_current_tier(selectors.Enterprise.objects.all(), date(2023, 6, 1))}
    assert tiers == {climber: Level.MUNICIPAL, innovative_only: Level.INNOVATIVE, lapsed: None}


def test_white_list_is_one_query_whatever_its_size(django_assert_num_queries):
    for _ in range(3):
        designate(EnterpriseFactory(), Level.MUNICIPAL, date(2024, 1, 1))
    with django_assert_num_queries(1):
        small = [(e.name, e.area.name, e.current_tier) for e in selectors.white_list(date(2024, 6, 1))]
    for _ in range(30):
        designate(EnterpriseFactory(), Level.REGIONAL, date(2024, 1, 1))
    with django_assert_num_queries(1):
        large = [(e.name, e.area.name, e.current_tier) for e in selectors.white_list(date(2024, 6, 1))]
    assert len(small) == 3 and len(large) == 33

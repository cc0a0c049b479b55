"""The liaison officer's reach is liaison's rule, registered with the registry's scoping (which never names it)."""

import inspect

import pytest
from django.db.models import Q

from enterprises import scoping
from enterprises.models import Enterprise
from enterprises.roles import Role
from liaison.models import Visit
from liaison.scoping import officer_enterprises_q
from liaison.tests.factories import assign, officer, srdi_enterprise

pytestmark = pytest.mark.django_db


def test_the_officer_sees_the_enterprises_it_currently_looks_after_through_the_registered_rule():
    person = officer()
    assert scoping.enterprise_q(person) == Q(liaison_assignments__officer_id=person.pk,
                                             liaison_assignments__ended_on__isnull=True)
    assert scoping.enterprise_q(person, "enterprise") == Q(enterprise__liaison_assignments__officer_id=person.pk,
                                                           enterprise__liaison_assignments__ended_on__isnull=True)
    mine, former, theirs = srdi_enterprise(), srdi_enterprise(), srdi_enterprise()
    assign(mine, person)
    assign(former, person)
    assign(former, officer(), started_on=mine.designations.get().granted_on.replace(month=6))
    assign(theirs, officer())
    assert list(scoping.scope(Enterprise.objects.all(), person)) == [mine]
    assert scoping.scope(Visit.objects.all(), person, via="enterprise").query.where  # filtered, not everything


def test_a_role_with_no_registered_rule_sees_nothing(monkeypatch):
    person = officer()
    assign(srdi_enterprise(), person)
    monkeypatch.delitem(scoping._ROLE_SCOPES, Role.LIAISON)
    assert scoping.enterprise_q(person) is None
    assert not scoping.scope(Enterprise.objects.all(), person).exists()


def test_one_rule_per_role_and_none_for_the_roles_the_registry_scopes_itself():
    scoping.register_role_scope(Role.LIAISON, officer_enterprises_q)  # ready() run again: harmless
    with pytest.raises(ValueError):
        scoping.register_role_scope(Role.LIAISON, lambda user, prefix: Q())
    for role in (Role.COUNTY, Role.ENTERPRISE, Role.REVIEWER):
        with pytest.raises(ValueError):
            scoping.register_role_scope(role, lambda user, prefix: Q())


def test_the_registry_names_no_liaison_lookup():
    assert "liaison_" not in inspect.getsource(scoping)

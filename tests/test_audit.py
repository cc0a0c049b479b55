import pytest

from audit import BEAT, audited, person, require_actor
from enterprises.roles import Role
from enterprises.tests.factories import EnterpriseFactory, make_user

pytestmark = pytest.mark.django_db


def test_a_missing_actor_is_refused():
    with pytest.raises(TypeError, match="actor is required"):
        require_actor(None)
    assert require_actor(BEAT) is BEAT


def test_a_system_actor_is_named_in_the_history_and_no_user_is_recorded():
    enterprise = EnterpriseFactory()
    enterprise.name = "改名后的企业"
    audited(enterprise, BEAT).save()
    latest = enterprise.history.first()
    assert latest.history_user is None and latest.history_change_reason == "定时任务"


def test_a_user_is_recorded_as_the_author():
    user = make_user(Role.REVIEWER)
    enterprise = EnterpriseFactory()
    audited(enterprise, user).save()
    assert enterprise.history.first().history_user == user
    assert person(user) is user and person(BEAT) is None

"""Liaison test data, set up through the real services, as the named system actor SETUP unless told otherwise."""

from datetime import date

from enterprises.roles import Role
from enterprises.tests.factories import SETUP, EnterpriseFactory, designate, make_user
from liaison import services
from liaison.models import Difficulty
from liaison.workflow import DifficultyStatus
from policy.levels import Level


def officer(username=None):
    return make_user(Role.LIAISON, username=username)


def srdi_enterprise(area=None, granted_on=date(2025, 1, 1), level=Level.MUNICIPAL, **fields):
    """An enterprise on the white list from `granted_on` for the policy's validity period."""
    enterprise = EnterpriseFactory(**({"area": area} if area else {}), **fields)
    designate(enterprise, level, granted_on)
    return enterprise


def assign(enterprise, to, started_on=date(2025, 1, 1), actor=SETUP):
    return services.assign_officer(actor=actor, enterprise=enterprise, officer=to, started_on=started_on)


def difficulty(enterprise, submitted_on=date(2025, 3, 1), category=Difficulty.Category.FINANCING, actor=SETUP,
               title="流动资金贷款续贷困难"):
    return services.submit_difficulty(
        actor=actor, enterprise=enterprise, title=title, description="原有贷款年内到期，希望协调续贷。",
        category=category, department="市金融办", submitted_on=submitted_on,
    )


def resolved(enterprise, on, submitted_on=None, actor=SETUP):
    """A difficulty raised and resolved on `on` (or raised earlier)."""
    case = difficulty(enterprise, submitted_on=submitted_on or on)
    return services.transition_difficulty(
        actor=actor, difficulty=case, to_status=DifficultyStatus.RESOLVED, on=on, resolution="已协调银行完成续贷。",
    )

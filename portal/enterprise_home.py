"""The enterprise's home page (企业首页): its tier and designations, declarations, awards, difficulties and
messages, gathered from each capability's selectors in a fixed number of queries."""

from dataclasses import dataclass, field
from datetime import date

from awards import selectors as award_selectors
from declarations import selectors as declaration_selectors
from declarations.states import OPEN_STATES
from enterprises import selectors as registry
from enterprises.models import Enterprise
from enterprises.rules import current_tier
from liaison import selectors as liaison_selectors
from policy.models import CriteriaEdition
from policy.selectors import NoCriteriaEdition, criteria_for, level_names


@dataclass
class EnterpriseHome:
    enterprise: Enterprise
    current_tier: str | None
    designations: list  # enterprises.rules.DesignationStanding, newest first
    open_declarations: list
    closed_declarations: list
    messages: list
    unread: int
    criteria: CriteriaEdition | None = None
    awards: list = field(default_factory=list)  # matched awards (三)(四) with their steps
    difficulties: list = field(default_factory=list)  # the enterprise's latest difficulties (八)

    @property
    def warnings(self):
        return [standing for standing in self.designations if standing.expiring]

    @property
    def valid_count(self):
        return sum(1 for standing in self.designations if standing.in_force)


def enterprise_home(user, on: date | None = None) -> EnterpriseHome:
    """Everything the enterprise user's home page shows; `user` is an enterprise user (the view checks)."""
    on = on or registry.today()
    enterprise = registry.enterprise_for(user, user.enterprise_id)
    designations = list(registry.designations_of(enterprise))
    declarations = list(declaration_selectors.own_declarations(enterprise))
    try:
        criteria = criteria_for(on)
    except NoCriteriaEdition:
        criteria = None
    return EnterpriseHome(
        enterprise=enterprise,
        current_tier=current_tier(designations, on),
        designations=registry.designation_standings(designations, on, level_names()),  # names by grant date
        open_declarations=[d for d in declarations if d.status in OPEN_STATES],
        closed_declarations=[d for d in declarations if d.status not in OPEN_STATES],
        messages=list(declaration_selectors.messages_for(user)[:8]),
        unread=declaration_selectors.unread_count(user),
        criteria=criteria,
        awards=list(award_selectors.matched_awards_of_enterprise(enterprise)),
        difficulties=list(liaison_selectors.difficulties_for(user)[:5]),
    )

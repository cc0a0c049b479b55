"""One firm one file (一户一档): everything about one enterprise, each part from the capability that owns it —
the registry (profile, designations, figures), declarations, awards, financing and the liaison record."""

from dataclasses import dataclass, field
from datetime import date

from awards import selectors as award_selectors
from declarations import selectors as declaration_selectors
from enterprises import selectors as registry
from enterprises.models import Enterprise
from enterprises.rules import current_tier, figures_with_growth, on_white_list
from finance import selectors as finance_selectors
from finance.selectors import EnterpriseFinancing
from liaison import selectors as liaison_selectors
from liaison.selectors import LiaisonRecord
from policy.levels import Level


@dataclass
class FirmFile:
    enterprise: Enterprise
    on: date
    current_tier: str | None
    white_listed: bool
    designations: list  # enterprises.rules.DesignationStanding, newest first
    figures: list  # enterprises.rules.FiguresRow, newest first
    liaison: LiaisonRecord
    declarations: list = field(default_factory=list)
    awards: list = field(default_factory=list)
    financing: EnterpriseFinancing | None = None


def one_firm_file(user, pk, on: date | None = None) -> FirmFile:
    """Everything about one enterprise the user may see, in a fixed number of queries.

    Raises Enterprise.DoesNotExist (→ 404) when the user may not see the file: not its enterprise, officer, county
    or the bureau."""
    on = on or registry.today()
    if not liaison_selectors.can_see_firm_file(user):
        raise Enterprise.DoesNotExist
    enterprise = registry.enterprise_for(user, pk)
    designations = list(registry.designations_of(enterprise))
    tier = current_tier(designations, on)
    return FirmFile(
        enterprise=enterprise, on=on, current_tier=Level(tier).label if tier else None,
        white_listed=on_white_list(designations, on),
        designations=registry.designation_standings(designations, on),
        figures=figures_with_growth(list(registry.figures_of(enterprise))),
        liaison=liaison_selectors.liaison_record(enterprise),
        declarations=list(declaration_selectors.declarations_of_enterprise(enterprise)),
        awards=list(award_selectors.awards_of_enterprise(enterprise)),
        financing=finance_selectors.financing_for_enterprise(enterprise),
    )

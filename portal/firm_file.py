"""One firm one file (一户一档): everything about one enterprise, each part from the capability that owns it —
the registry (profile, designations, figures, credit entries), declarations, awards, financing and the liaison
record."""

from dataclasses import dataclass, field
from datetime import date

from awards import selectors as award_selectors
from chains import selectors as chains_selectors
from declarations import selectors as declaration_selectors
from enterprises import selectors as registry
from enterprises.models import Enterprise
from enterprises.rules import CREDIT_STANDING_LABELS, credit_standing, figures_with_growth, on_white_list
from finance import selectors as finance_selectors
from finance.selectors import EnterpriseFinancing
from innovation import selectors as innovation_selectors
from liaison import selectors as liaison_selectors
from liaison.selectors import LiaisonRecord
from markets import selectors as markets_selectors
from policy.selectors import level_names
from talent import selectors as talent_selectors

from .calculator import checkup_for

#: the selectors modules of the capabilities whose measures' records the file shows (each has
#: `firm_file_tables(enterprise, user)` -> [enterprises.record_tables.RecordTable]), in the order of the measures
MEASURE_CAPABILITIES = [markets_selectors, liaison_selectors, finance_selectors, chains_selectors, innovation_selectors,
                        talent_selectors]


@dataclass
class FirmFile:
    enterprise: Enterprise
    on: date
    current_tier: str | None
    white_listed: bool
    designations: list  # enterprises.rules.DesignationStanding, newest first, each level named as on its grant date
    figures: list  # enterprises.rules.FiguresRow, newest first
    liaison: LiaisonRecord
    credit_entries: list = field(default_factory=list)  # CreditLine, newest listing first
    declarations: list = field(default_factory=list)
    awards: list = field(default_factory=list)
    financing: EnterpriseFinancing | None = None
    next_tier_name: str = ""
    checkup: object | None = None  # declarations.rules.TierCheckup: feeds the support plan as suggested items
    measure_tables: list = field(default_factory=list)  # RecordTable per kind of record of the other measures


@dataclass(frozen=True)
class CreditLine:
    """One credit listing (信用审查) as it stands on the file's day (enterprises.rules.credit_standing)."""

    entry: object  # enterprises.models.CreditEntry
    state: str  # "in_force" | "removed" | "future"

    @property
    def in_force(self):
        return self.state == "in_force"

    @property
    def label(self):
        return CREDIT_STANDING_LABELS[self.state]


def one_firm_file(user, pk, on: date | None = None) -> FirmFile:
    """Everything about one enterprise the user may see, in a fixed number of queries.

    Raises Enterprise.DoesNotExist (→ 404) when the user may not see the file: not its enterprise, officer, county
    or the bureau."""
    on = on or registry.today()
    if not liaison_selectors.can_see_firm_file(user):
        raise Enterprise.DoesNotExist
    enterprise = registry.enterprise_for(user, pk)
    designations = list(registry.designations_of(enterprise))
    figures = list(registry.figures_of(enterprise))
    names = level_names()
    next_tier_name, checkup = checkup_for(enterprise, designations, figures, on, names)
    return FirmFile(
        enterprise=enterprise, on=on, current_tier=registry.current_tier_name(designations, on, names),
        white_listed=on_white_list(designations, on),
        designations=registry.designation_standings(designations, on, names),
        credit_entries=[CreditLine(entry, credit_standing(entry, on)) for entry in registry.credit_entries_of(enterprise)],
        figures=figures_with_growth(figures),
        liaison=liaison_selectors.liaison_record(enterprise),
        declarations=list(declaration_selectors.declarations_of_enterprise(enterprise)),
        awards=list(award_selectors.awards_of_enterprise(enterprise)),
        financing=finance_selectors.financing_for_enterprise(enterprise),
        next_tier_name=next_tier_name, checkup=checkup,
        measure_tables=[table for module in MEASURE_CAPABILITIES for table in module.firm_file_tables(enterprise, user)],
    )

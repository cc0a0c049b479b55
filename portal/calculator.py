"""The policy calculator (政策计算器) and the tier check-up (梯度体检): what an enterprise qualifies for under the
edition in force and what it misses, by how much — from its own figures and designations, or from figures typed in
to try, which are never saved. Awards' rules explain (三)(四); the declarations' self-check explains the criteria of
the next tier up. Both are pure functions; this module only reads and gathers, in a fixed number of queries."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from awards import rules as award_rules
from declarations import selectors as declaration_selectors
from declarations.rules import TierCheckup, tier_checkup
from enterprises import selectors as registry
from enterprises.models import Enterprise
from enterprises.roles import Role
from enterprises.rules import current_tier
from policy import rules as policy_rules
from policy import selectors as policy_selectors
from policy.levels import next_tier

# The calculator is the enterprise's page; its officer and its county see the same for it. No one else.
CALCULATOR_ROLES = (Role.ENTERPRISE, Role.COUNTY, Role.LIAISON)


@dataclass(frozen=True)
class YearFigures:
    """A year's figures as the award rules read them (output_value / tax_paid)."""

    output_value: Decimal
    tax_paid: Decimal


@dataclass(frozen=True)
class TrialFigures:
    """Figures typed in to try (forms.CalculatorForm.cleaned_data): never saved."""

    year: int
    output_value: Decimal
    prior_output_value: Decimal
    tax_paid: Decimal
    prior_tax_paid: Decimal
    revenue: Decimal | None = None
    rd_expense: Decimal | None = None
    employees: int | None = None
    years_in_niche: int | None = None
    equity_financing: Decimal | None = None


@dataclass
class CalculatorPage:
    enterprise: Enterprise
    on: date
    year: int
    trial: TrialFigures | None
    current_tier_name: str | None
    recognition: award_rules.ClauseCheck
    growth: award_rules.ClauseCheck
    checkup: TierCheckup | None
    next_tier_name: str
    notice: object | None  # policy.rules.LapseNotice while no edition is in force
    growth_edition: object | None
    figures: dict  # the enterprise's own figures by year (enterprises.models.AnnualFigures)


def may_use_calculator(user):
    return bool(user and user.is_authenticated and user.role in CALCULATOR_ROLES and not user.is_superuser)


def enterprise_for_calculator(user, pk=None):
    """The enterprise whose calculator `user` opens: an enterprise user its own (pk None or its own id), an officer
    or county official one it may see. Raises Enterprise.DoesNotExist (→ 404) otherwise."""
    if not may_use_calculator(user):
        raise Enterprise.DoesNotExist
    if pk is None:
        if user.role != Role.ENTERPRISE:
            raise Enterprise.DoesNotExist
        pk = user.enterprise_id
    return registry.enterprise_for(user, pk)


def _checkup_facts(row, application, trial):
    """The self-check's facts from the firm's latest figures and application; a typed-in figure replaces its own."""
    employees = row.employees if row is not None and row.employees is not None else getattr(application, "employees", None)
    facts = {
        "employees": employees,
        "revenue_last": None if row is None else row.revenue,
        "rd_expense_last": None if row is None else row.rd_expense,
        "years_in_niche": getattr(application, "years_in_niche", None),
        "equity_financing": getattr(application, "equity_financing", None),
    }
    if trial is not None:
        typed = {"employees": trial.employees, "revenue_last": trial.revenue, "rd_expense_last": trial.rd_expense,
                 "years_in_niche": trial.years_in_niche, "equity_financing": trial.equity_financing}
        facts |= {name: value for name, value in typed.items() if value is not None}
    return facts


def checkup_for(enterprise, designations, figures, on, names, trial=None):
    """(next tier's name, TierCheckup or None when no criteria edition was entered). Two queries: the criteria
    edition in force and the firm's latest application (its years in the niche, its equity financing)."""
    level = next_tier(current_tier(designations, on))
    name = names.name(level, on) if level is not None else ""
    try:
        criteria = policy_selectors.criteria_for(on)
    except policy_selectors.NoCriteriaEdition:
        return name, None
    application = declaration_selectors.latest_application(enterprise)
    row = max(figures, key=lambda f: f.year, default=None)
    return name, tier_checkup(criteria, level, name, **_checkup_facts(row, application, trial))


def calculator_page(user, pk=None, on=None, trial: TrialFigures | None = None) -> CalculatorPage:
    """Everything /awards/calculator/ shows. Nothing is written, whatever `trial` holds."""
    on = on or registry.today()
    enterprise = enterprise_for_calculator(user, pk)
    designations = list(registry.designations_of(enterprise))
    figures = list(registry.figures_of(enterprise))
    editions = policy_selectors.editions()
    names = policy_selectors.level_names()
    if trial is not None:
        year = trial.year
        by_year = {year: YearFigures(trial.output_value, trial.tax_paid),
                   year - 1: YearFigures(trial.prior_output_value, trial.prior_tax_paid)}
    else:
        year = max((f.year for f in figures), default=on.year - 1)
        by_year = {f.year: f for f in figures}
    periods = [policy_rules.period_label(e) for e in editions]
    growth_edition = policy_rules.edition_for_year(editions, year)
    next_name, checkup = checkup_for(enterprise, designations, figures, on, names, trial)
    return CalculatorPage(
        enterprise=enterprise, on=on, year=year, trial=trial,
        current_tier_name=registry.current_tier_name(designations, on, names),
        recognition=award_rules.recognition_calculator(editions, designations, on),
        growth=award_rules.growth_calculator(growth_edition, year, by_year, designations, periods),
        checkup=checkup, next_tier_name=next_name,
        notice=policy_rules.lapse_notice(editions, on), growth_edition=growth_edition,
        figures={f.year: f for f in figures},
    )


def suggested_plan_items(next_tier_name, checkup):
    """The missed criteria of a tier check-up as support-plan suggestions (一企一策): [(label, action)]."""
    if checkup is None:
        return []
    return [
        (item.label, f"梯度体检（冲刺{next_tier_name}）：{item.label}未达标，{item.gap or item.detail}")
        for item in checkup.missed
    ]

"""The dashboard sections other apps provide: each app's per-area selector (a constant number of queries),
gathered here and summed for the city. Figures only: no app's models are read directly."""

from dataclasses import dataclass, field, fields
from decimal import Decimal

from . import rules

ZERO = Decimal("0.00")


@dataclass
class AwardFigures:
    """(三)(四) awards of the year: system matches, approved, paid — counts and yuan."""

    candidates: int = 0
    candidate_amount: Decimal = ZERO
    approved: int = 0
    approved_amount: Decimal = ZERO
    paid: int = 0
    paid_amount: Decimal = ZERO
    needs_review: int = 0


@dataclass
class DutyFigures:
    """(八) liaison duty of the year, as last evaluated: enterprises owing it and those where it is met."""

    evaluated: bool = False
    enterprises: int = 0
    met: int = 0

    @property
    def unmet(self):
        return self.enterprises - self.met


@dataclass
class TrainingFigures:
    """(十六) training of the year: managers trained, SRDI enterprises covered of all SRDI enterprises."""

    managers: int = 0
    enterprises_trained: int = 0
    srdi_covered: int = 0
    srdi_total: int = 0

    @property
    def srdi_uncovered(self):
        return self.srdi_total - self.srdi_covered


# Review steps of municipal applications in pipeline order; drafts stay the enterprise's own business.
DECLARATION_STEPS = (
    ("submitted", "待初审"), ("returned", "退回修改"), ("recommended", "待复审"), ("public_notice", "公示中"),
    ("recognized", "已认定"), ("rejected", "未通过"),
)


@dataclass
class DeclarationFigures:
    """Municipal SRDI applications of the year by review step (county 初审 → city 复审 → 公示 → 认定)."""

    counts: dict = field(default_factory=dict)

    @property
    def steps(self):
        return [(value, label, self.counts.get(value, 0)) for value, label in DECLARATION_STEPS]

    @property
    def in_review(self):
        return sum(self.counts.get(value, 0) for value in ("submitted", "recommended", "public_notice"))

    @property
    def total(self):
        return sum(n for _, _, n in self.steps)

    def __add__(self, other):
        keys = set(self.counts) | set(other.counts)
        return DeclarationFigures({k: self.counts.get(k, 0) + other.counts.get(k, 0) for k in keys})


@dataclass
class FinanceFigures:
    """(九)(十) listing reserve pool and supported loans: pool size, listings, loans of the year and the share of
    white-list enterprises that got one."""

    pool_size: int = 0
    listed_in_year: int = 0
    listed_total: int = 0
    loan_count: int = 0
    loan_amount: Decimal = ZERO
    interest_subsidy: Decimal = ZERO
    white_listed: int = 0
    financed: int = 0

    @property
    def financed_percent(self):
        return round(100 * self.financed / self.white_listed) if self.white_listed else None


@dataclass
class Sections:
    awards: AwardFigures
    duty: DutyFigures
    training: TrainingFigures
    declarations: DeclarationFigures = field(default_factory=DeclarationFigures)
    finance: FinanceFigures = field(default_factory=FinanceFigures)
    duty_progress: rules.Progress = None
    training_progress: rules.Progress = None

    def measure(self, pace):
        """Shares done against the pace of the year: every owing enterprise met, every SRDI firm trained."""
        self.duty_progress = rules.progress(self.duty.met, self.duty.enterprises, pace) if self.duty.evaluated \
            else rules.progress(0, None, 0)
        self.training_progress = rules.progress(self.training.srdi_covered, self.training.srdi_total, pace)
        return self


def _sum(items, cls):
    total = cls()
    for item in items:
        for f in fields(cls):
            value = getattr(item, f.name)
            setattr(total, f.name, (getattr(total, f.name) or value) if isinstance(value, bool)
                    else getattr(total, f.name) + value)
    return total


def award_figures(year):
    from awards.selectors import award_summary_by_area

    keys = [f.name for f in fields(AwardFigures)]
    return {row["area"].pk: AwardFigures(**{k: row[k] for k in keys}) for row in award_summary_by_area(year)}


def duty_figures(year):
    from liaison.selectors import duty_by_area

    return {row.area_id: DutyFigures(True, row.enterprises, row.met) for row in duty_by_area(year)}


def training_figures(year):
    from liaison.selectors import training_by_area

    return {
        row.area_id: TrainingFigures(row.managers, row.enterprises_trained, row.srdi_covered, row.srdi_total)
        for row in training_by_area(year)
    }


def declaration_figures(year):
    from declarations.selectors import declarations_by_area

    return {row.area.pk: DeclarationFigures(dict(row.counts)) for row in declarations_by_area(year)}


def finance_figures(year):
    from finance.selectors import finance_by_area

    keys = [f.name for f in fields(FinanceFigures)]
    return {row.area.pk: FinanceFigures(**{k: getattr(row, k) for k in keys}) for row in finance_by_area(year)}


def gather(year, area_ids, pace):
    """{area_id: Sections} for the given areas, plus the city's sum under the key None."""
    awards, duty, training = award_figures(year), duty_figures(year), training_figures(year)
    declarations, finance = declaration_figures(year), finance_figures(year)
    result = {
        pk: Sections(awards.get(pk, AwardFigures()), duty.get(pk, DutyFigures()),
                     training.get(pk, TrainingFigures()), declarations.get(pk, DeclarationFigures()),
                     finance.get(pk, FinanceFigures())).measure(pace)
        for pk in area_ids
    }
    result[None] = Sections(
        _sum([s.awards for s in result.values()], AwardFigures),
        _sum([s.duty for s in result.values()], DutyFigures),
        _sum([s.training for s in result.values()], TrainingFigures),
        sum((s.declarations for s in result.values()), DeclarationFigures()),
        _sum([s.finance for s in result.values()], FinanceFigures),
    ).measure(pace)
    return result

"""绩效评价: what the money achieved. For year Y, the SRDI enterprises that received an award of Y against those that
did not, of the same tiers: the median growth of output, tax, R&D expense and employees from Y to Y+1, per area and
city-wide, with the number of enterprises behind each figure.

- SRDI in Y: a municipal-or-higher designation valid at some time in Y; the tier is the highest such level.
- Awarded: an award of year Y, (三) or (四), approved or later (awards.selectors.awarded_enterprise_ids).
- Not awarded: the other SRDI enterprises of Y whose tier is one the awarded group holds in the same scope (the
  area for an area's row, the city for the city's), so that like is compared with like.
- Growth (Y+1 − Y) / Y per enterprise reporting the figure in both years; a base of 0 is left out and counted;
  a median over fewer than 5 enterprises is not shown (dashboards.rules).

Reads, scoped by user: four queries whatever the number of enterprises (the designations of Y, the awarded
enterprises, the figures of Y and Y+1, the areas); the medians are taken in Python on Decimal."""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Exists, OuterRef

from awards.selectors import awarded_enterprise_ids
from enterprises.models import AnnualFigures, Area, Designation
from policy.levels import RANK, WHITE_LIST_LEVELS, Level

from . import rules
from .selectors import areas_for, sees_city

FIGURES = (
    ("output_value", "工业总产值"),
    ("tax_paid", "纳税总额"),
    ("rd_expense", "研发费用"),
    ("employees", "从业人员"),
)
AWARDED, OTHERS = "awarded", "others"
GROUP_LABELS = {AWARDED: "获奖企业", OTHERS: "未获奖企业（同层级）"}


@dataclass
class GroupGrowth:
    """One group in one scope: its enterprises and the median growth of each figure (FIGURES order)."""

    key: str
    enterprises: int
    figures: dict  # figure name → rules.MedianGrowth

    @property
    def label(self):
        return GROUP_LABELS[self.key]

    @property
    def by_figure(self):
        return [self.figures[name] for name, _ in FIGURES]


@dataclass
class ScopeGrowth:
    """An area's row (or the city's, area None): the tiers compared and both groups."""

    area: Area | None
    tiers: list
    awarded: GroupGrowth
    others: GroupGrowth

    @property
    def name(self):
        return self.area.name if self.area else "全市"

    @property
    def groups(self):
        return [self.awarded, self.others]

    @property
    def tier_labels(self):
        return "、".join(Level(tier).label for tier in self.tiers) or "—"


@dataclass
class Performance:
    year: int
    areas: list
    city: ScopeGrowth | None  # None for a user who sees one area only
    figure_labels: list = field(default_factory=lambda: [label for _, label in FIGURES])


def _srdi_tiers(year, area_ids):
    """{enterprise id: (area id, highest SRDI level valid at some time in `year`)}."""
    rows = Designation.objects.filter(
        level__in=WHITE_LIST_LEVELS, granted_on__lte=date(year, 12, 31), valid_until__gte=date(year, 1, 1),
        enterprise__area_id__in=area_ids,
    ).values_list("enterprise_id", "enterprise__area_id", "level")
    tiers = {}
    for enterprise_id, area_id, level in rows:
        known = tiers.get(enterprise_id)
        if known is None or RANK[level] > RANK[known[1]]:
            tiers[enterprise_id] = (area_id, level)
    return tiers


def _figures(year, area_ids):
    """{enterprise id: {year: (output, tax, R&D, employees)}} of Y and Y+1, for the SRDI enterprises of Y."""
    srdi = Designation.objects.filter(
        enterprise=OuterRef("enterprise"), level__in=WHITE_LIST_LEVELS,
        granted_on__lte=date(year, 12, 31), valid_until__gte=date(year, 1, 1),
    )
    rows = (
        AnnualFigures.objects.filter(year__in=(year, year + 1), enterprise__area_id__in=area_ids)
        .filter(Exists(srdi))
        .values_list("enterprise_id", "year", *(name for name, _ in FIGURES))
    )
    found = defaultdict(dict)
    for enterprise_id, figure_year, *values in rows:
        found[enterprise_id][figure_year] = values
    return found


def _group(key, members, figures, year):
    medians = {}
    for index, (name, _label) in enumerate(FIGURES):
        pairs = []
        for enterprise_id in members:
            years = figures.get(enterprise_id, {})
            if year in years and year + 1 in years:
                pairs.append((years[year][index], years[year + 1][index]))
        medians[name] = rules.median_growth(pairs)
    return GroupGrowth(key, len(members), medians)


def _scope(area, members, awarded, figures, year):
    """`members`: {enterprise id: tier} of the scope."""
    winners = [pk for pk in members if pk in awarded]
    tiers = sorted({members[pk] for pk in winners}, key=RANK.get)
    others = [pk for pk, tier in members.items() if pk not in awarded and tier in tiers]
    return ScopeGrowth(area, tiers, _group(AWARDED, winners, figures, year), _group(OTHERS, others, figures, year))


def performance_for(user, year, *, city=None):
    """The 绩效评价 of year `year` as `user` may see it: every area and the city for the bureau, its own area only
    for a county official. `city` forces the city's row on or off (default: when the user sees every area)."""
    areas = list(areas_for(user).order_by("sort_order", "pk"))
    area_ids = [area.pk for area in areas]
    if city is None:
        city = sees_city(user)
    tiers = _srdi_tiers(year, area_ids)
    awarded = set(awarded_enterprise_ids(year).filter(enterprise__area_id__in=area_ids)
                  .values_list("enterprise_id", flat=True))
    figures = _figures(year, area_ids)
    by_area = defaultdict(dict)
    for enterprise_id, (area_id, tier) in tiers.items():
        by_area[area_id][enterprise_id] = tier
    rows = [_scope(area, by_area.get(area.pk, {}), awarded, figures, year) for area in areas]
    whole = None
    if city:
        whole = _scope(None, {pk: tier for pk, (_area, tier) in tiers.items()}, awarded, figures, year)
    return Performance(year, rows, whole)

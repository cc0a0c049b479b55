"""How many SRDI enterprises a measure reached: the one question every responsible bureau asks (市商务局 for 十八,
市市场监管局 for 十五, 市教育局 for 十六 …), answered the same way for every measure.

A capability describes what "reached in a year" means for its records with a `ReachSource` (a queryset of its
counted records of that year, each with a foreign key `enterprise`); `measure_reach` counts, per area and for each
year of the trend, the SRDI (white-list) enterprises on the year's reference day that have such a record, against
all SRDI enterprises there. One query per source, whatever the number of enterprises or records."""

from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, Exists, OuterRef, Q

from policy.rules import reference_day

from .models import Area, Enterprise
from .selectors import srdi_exists, today

TREND_YEARS = 5


@dataclass(frozen=True)
class ReachSource:
    measure: int  # the measure's number in the policy text (十八 → 18)
    label: str  # what was reached, e.g. "参加展会"
    bureau: str  # who answers for it, e.g. "市商务局"
    #: reached(year) -> a queryset of the records that count for `year`; each row has a foreign key `enterprise`
    reached: Callable


@dataclass
class AreaReach:
    area_id: int | None
    area_name: str
    reached: int = 0  # SRDI enterprises with at least one counted record
    srdi_total: int = 0

    @property
    def share(self):
        """The coverage as a percentage (Decimal, 1 place), or None when the area has no SRDI enterprise."""
        if not self.srdi_total:
            return None
        return (Decimal(self.reached) * 100 / self.srdi_total).quantize(Decimal("0.1"), ROUND_HALF_UP)

    def __add__(self, other):
        return AreaReach(None, "全市", self.reached + other.reached, self.srdi_total + other.srdi_total)


@dataclass
class MeasureReach:
    """A source's coverage: plain figures only (no queryset or function), so a cache can keep it."""

    measure: int
    label: str
    bureau: str
    year: int
    areas: list = field(default_factory=list)  # AreaReach per area, in the areas' order
    total: AreaReach = None
    trend: list = field(default_factory=list)  # AreaReach of the scope, one per year, oldest first (.area_name = year)

    @property
    def trend_years(self):
        return [int(point.area_name) for point in self.trend]


def _year_key(year):
    return f"y{year}"


def measure_reach(source: ReachSource, year: int, area_ids=None, *, areas=None, on=None,
                  trend_years=TREND_YEARS) -> MeasureReach:
    """`source`'s coverage in `year` per area (only `area_ids` when given: a county's own; or the `areas` a caller
    has already read), with the trend of the `trend_years` years up to `year`. 2 queries (the areas, then one
    aggregate); 1 when `areas` is given. `on` is the day the figures are read (today)."""
    years = list(range(year - trend_years + 1, year + 1))
    now = on or today()
    if areas is None:
        areas = Area.objects.order_by("sort_order", "pk")
        if area_ids is not None:
            areas = areas.filter(pk__in=list(area_ids))
    areas = list(areas)
    annotations, aggregates = {}, {}
    for y in years:
        on = reference_day(y, now)
        annotations[f"srdi_{_year_key(y)}"] = srdi_exists(on)
        annotations[f"hit_{_year_key(y)}"] = Exists(source.reached(y).filter(enterprise=OuterRef("pk")))
        aggregates[f"total_{_year_key(y)}"] = Count("pk", filter=Q(**{f"srdi_{_year_key(y)}": True}))
        aggregates[f"reached_{_year_key(y)}"] = Count(
            "pk", filter=Q(**{f"srdi_{_year_key(y)}": True, f"hit_{_year_key(y)}": True}),
        )
    rows = (
        Enterprise.objects.filter(area_id__in=[a.pk for a in areas]).annotate(**annotations)
        .order_by().values("area_id").annotate(**aggregates)
    )
    by_area = {row["area_id"]: row for row in rows}
    key = _year_key(year)
    result = MeasureReach(measure=source.measure, label=source.label, bureau=source.bureau, year=year)
    for area in areas:
        row = by_area.get(area.pk, {})
        result.areas.append(AreaReach(area.pk, area.name, row.get(f"reached_{key}", 0), row.get(f"total_{key}", 0)))
    result.total = sum(result.areas, AreaReach(None, "全市"))
    for y in years:
        k = _year_key(y)
        result.trend.append(AreaReach(
            None, str(y), sum(r.get(f"reached_{k}", 0) for r in by_area.values()),
            sum(r.get(f"total_{k}", 0) for r in by_area.values()),
        ))
    return result

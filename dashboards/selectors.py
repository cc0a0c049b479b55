"""Reads behind the quota dashboards: per-area figures for a year and its trend, each a set-based aggregate query
grouped by area (and year), so a page costs the same number of queries whatever the number of enterprises."""

import time
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.conf import settings
from django.core.cache import cache
from django.db.models import Case, Count, DateField, Exists, OuterRef, Q, Sum, Value, When
from django.db.models.functions import ExtractYear
from django.http import Http404

from enterprises.models import AnnualFigures, Area, AreaTarget, CultivationPoolEntry, Designation
from enterprises.scoping import area_q, scope_areas
from enterprises.selectors import today
from policy.levels import WHITE_LIST_LEVELS, Level
from policy.rules import reference_day
from policy.selectors import NoPolicyEdition, edition_standing_on

from . import measure_reach, rules, sections

TREND_YEARS = 5  # the charts show the year asked for and the four before it
COLD_WAIT_STEPS = 40  # up to 2 s waiting for another request building the same dashboard
ZERO = Decimal("0")


# ── who sees which area ────────────────────────────────────────────────────────────────────────────────────────


def areas_for(user):
    """Areas whose dashboard `user` may open: a county official its own, city-wide roles all 20."""
    return scope_areas(Area.objects.all(), user, via="")


def area_for(user, pk):
    """One area the user may see, or 404: another county's dashboard does not exist for a county official."""
    area = areas_for(user).filter(pk=pk).first()
    if area is None:
        raise Http404("未找到该区域")
    return area


def sees_city(user):
    """The city view is for roles that see every area."""
    condition = area_q(user, via="")
    return condition is not None and not condition.children


# ── set-based aggregates, each one query ────────────────────────────────────────────────────────────────────────


def _in_areas(queryset, area_ids, via):
    return queryset if area_ids is None else queryset.filter(**{f"{via}__in": area_ids})


def new_municipal_by_area(years, area_ids=None):
    """{(area_id, year): n} — enterprises first recognised as municipal SRDI in the year (一 / 二).

    A second municipal designation of the same enterprise (after expiry, say) is not a new recognition."""
    earlier = Designation.objects.filter(
        enterprise=OuterRef("enterprise"), level=Level.MUNICIPAL, granted_on__lt=OuterRef("granted_on"),
    )
    rows = (
        _in_areas(Designation.objects.filter(level=Level.MUNICIPAL), area_ids, "enterprise__area_id")
        .filter(granted_on__gte=date(min(years), 1, 1), granted_on__lte=date(max(years), 12, 31))
        .filter(~Exists(earlier))
        .annotate(year=ExtractYear("granted_on"))
        .values("enterprise__area_id", "year")
        .annotate(n=Count("enterprise_id", distinct=True))
        .order_by()
    )
    return {(row["enterprise__area_id"], row["year"]): row["n"] for row in rows}


def srdi_count_by_area(days, area_ids=None):
    """{area_id: {key: n}} — enterprises holding a valid municipal-or-higher designation on each of `days`
    ({key: date}); an enterprise with two valid titles counts once."""
    aggregates = {
        f"d{index}": Count("enterprise_id", distinct=True, filter=Q(granted_on__lte=day, valid_until__gte=day))
        for index, day in enumerate(days.values())
    }
    rows = (
        _in_areas(Designation.objects.filter(level__in=WHITE_LIST_LEVELS), area_ids, "enterprise__area_id")
        .values("enterprise__area_id")
        .annotate(**aggregates)
        .order_by()
    )
    result = defaultdict(lambda: dict.fromkeys(days, 0))
    for row in rows:
        result[row["enterprise__area_id"]] = {key: row[f"d{index}"] for index, key in enumerate(days)}
    return result


def srdi_output_by_area(ref_days, area_ids=None):
    """{(area_id, year): (output_value, firms)} — total output of year Y of the enterprises that were SRDI (any
    level) on `ref_days[Y]`; a year nobody reported is absent."""
    ref_day = Case(*[When(year=year, then=Value(day)) for year, day in ref_days.items()], output_field=DateField())
    srdi = Designation.objects.filter(
        enterprise=OuterRef("enterprise"), level__in=WHITE_LIST_LEVELS,
        granted_on__lte=OuterRef("ref_day"), valid_until__gte=OuterRef("ref_day"),
    )
    rows = (
        _in_areas(AnnualFigures.objects.filter(year__in=list(ref_days)), area_ids, "enterprise__area_id")
        .annotate(ref_day=ref_day)
        .filter(Exists(srdi))
        .values("enterprise__area_id", "year")
        .annotate(total=Sum("output_value"), firms=Count("id"))
        .order_by()
    )
    return {(row["enterprise__area_id"], row["year"]): (row["total"] or ZERO, row["firms"]) for row in rows}


def pool_by_area(area_ids=None):
    """{area_id: {stage: n}} — the county cultivation pools (三) by stage."""
    rows = _in_areas(CultivationPoolEntry.objects.all(), area_ids, "area_id").values("area_id", "stage") \
        .annotate(n=Count("id")).order_by()
    result = defaultdict(lambda: dict.fromkeys(CultivationPoolEntry.Stage.values, 0))
    for row in rows:
        result[row["area_id"]][row["stage"]] = row["n"]
    return result


def targets_by_area(years, area_ids=None):
    """{(area_id, year): new municipal target} as the bureau entered or imported it."""
    rows = _in_areas(AreaTarget.objects.filter(year__in=list(years)), area_ids, "area_id") \
        .values_list("area_id", "year", "new_municipal_target")
    return {(area_id, year): target for area_id, year, target in rows}


def policy_on(day):
    """The edition standing on `day`, or None before any is entered."""
    try:
        return edition_standing_on(day)
    except NoPolicyEdition:
        return None


# ── the dashboard itself ────────────────────────────────────────────────────────────────────────────────────────


@dataclass
class TrendPoint:
    year: int
    new_municipal: int
    new_municipal_target: int | None
    srdi_count: int
    output_value: Decimal | None


@dataclass
class AreaStanding:
    """One area (or the whole city, area=None) for one year: each figure with its target and trend."""

    area: Area | None
    year: int
    on: date
    new_municipal: rules.Progress
    srdi: rules.Progress
    srdi_baseline: int | None
    srdi_target_date: date | None
    output_year: int | None
    output: rules.Progress
    output_baseline: Decimal | None
    output_target_date: date | None
    pool: dict
    trend: list = field(default_factory=list)
    sections: object = None  # awards, liaison duty, training (sections.Sections)

    @property
    def pool_total(self):
        return sum(self.pool.values())

    @property
    def pool_rows(self):
        return [(stage.label, self.pool.get(stage.value, 0)) for stage in CultivationPoolEntry.Stage]

    @property
    def worst_status(self):
        states = [p.status for p in (self.new_municipal, self.srdi, self.output) if p.status != rules.NO_TARGET]
        order = [rules.BEHIND, rules.ON_PACE, rules.DONE]
        return min(states, key=order.index) if states else rules.NO_TARGET

    @property
    def behind(self):
        return self.worst_status == rules.BEHIND


@dataclass
class Dashboard:
    year: int
    on: date
    policy: object
    baseline_set: bool
    city: AreaStanding
    areas: list
    city_new_municipal_minimum: int | None
    measures: list = field(default_factory=list)  # enterprises.reach.MeasureReach, one per measure source
    built_at: float = field(default_factory=time.time)

    @property
    def laggards(self):
        return [standing for standing in self.areas if standing.behind]


def _trend_years(year):
    return list(range(year - TREND_YEARS + 1, year + 1))


def build_dashboard(year, *, area_ids=None, on=None):
    """Standings of the given areas (all when None) and their sum, for `year`, read on `on` (today)."""
    on = on or today()
    years = _trend_years(year)
    policy = policy_on(reference_day(year, on))
    baseline_date = policy.baseline_date if policy else None

    ref_days = {y: reference_day(y, on) for y in years}
    count_days = dict(ref_days)
    output_days = dict(ref_days)
    if baseline_date:
        count_days["baseline"] = baseline_date
        output_days.setdefault(baseline_date.year, reference_day(baseline_date.year, on))

    areas = list(Area.objects.all() if area_ids is None else Area.objects.filter(pk__in=area_ids))
    ids = None if area_ids is None else [area.pk for area in areas]
    new = new_municipal_by_area(years, ids)
    counts = srdi_count_by_area(count_days, ids)
    outputs = srdi_output_by_area(output_days, ids)
    pools = pool_by_area(ids)
    targets = targets_by_area(years, ids)

    # The output of a year is known once the firms report it: show the latest reported year up to `year`.
    reported = {y for (_, y) in outputs if y in years}
    output_year = max(reported) if reported else None

    def standing(area, area_keys):
        def total_new(y):
            return sum(new.get((a, y), 0) for a in area_keys)

        def total_target(y):
            values = [targets[(a, y)] for a in area_keys if (a, y) in targets]
            return sum(values) if values else None

        def total_count(key):
            return sum(counts[a][key] for a in area_keys)

        def total_output(y):
            values = [outputs[(a, y)][0] for a in area_keys if (a, y) in outputs]
            return sum(values, ZERO) if values else None

        if area is None and policy is not None:
            # The city measures against the baseline the bureau entered in the policy record.
            srdi_base, output_base = policy.baseline_srdi_count, policy.baseline_output_value
        elif baseline_date:
            # An area's baseline is its own registry on the baseline date (the record holds city totals only).
            srdi_base, output_base = total_count("baseline"), total_output(baseline_date.year)
        else:
            srdi_base = output_base = None
        count_doubling = rules.doubling(baseline_date, srdi_base, policy.count_doubling_years if policy else 0)
        output_doubling = rules.doubling(baseline_date, output_base, policy.output_doubling_years if policy else 0)

        srdi_now = total_count(year)
        srdi = count_doubling.progress(srdi_now, ref_days[year]) if count_doubling else rules.progress(srdi_now, None, 0)
        output_now = total_output(output_year) if output_year else None
        if output_doubling and output_now is not None:
            output = output_doubling.progress(output_now, date(output_year, 12, 31))
        else:
            output = rules.progress(output_now or ZERO, None, 0)
        return AreaStanding(
            area=area, year=year, on=on,
            new_municipal=rules.progress(total_new(year), total_target(year), rules.year_elapsed(year, on)),
            srdi=srdi, srdi_baseline=srdi_base if count_doubling else None,
            srdi_target_date=count_doubling.deadline if count_doubling else None,
            output_year=output_year, output=output, output_baseline=output_base if output_doubling else None,
            output_target_date=output_doubling.deadline if output_doubling else None,
            pool={stage: sum(pools[a][stage] for a in area_keys) for stage in CultivationPoolEntry.Stage.values},
            trend=[
                TrendPoint(y, total_new(y), total_target(y), total_count(y), total_output(y)) for y in years
            ],
        )

    area_standings = [standing(area, [area.pk]) for area in areas]
    city = standing(None, [area.pk for area in areas])
    gathered = sections.gather(year, [area.pk for area in areas], rules.year_elapsed(year, on))
    for item in area_standings:
        item.sections = gathered[item.area.pk]
    city.sections = gathered[None]
    return Dashboard(
        year=year, on=on, policy=policy,
        baseline_set=bool(baseline_date and policy.baseline_srdi_count and policy.baseline_output_value),
        city=city, areas=area_standings,
        city_new_municipal_minimum=policy.new_municipal_per_year if policy else None,
        measures=measure_reach.reach_of_measures(year, areas, on=on, srdi_totals=counts),
    )


def cache_seconds():
    """How long dashboard figures (and their rendered page body) are reused; 0 turns the cache off."""
    return getattr(settings, "QUOTA_DASHBOARD_CACHE_SECONDS", 60)


def cached_dashboard(year, *, area_ids=None, on=None):
    """build_dashboard behind a short-lived cache keyed by areas and year, refreshed every
    QUOTA_DASHBOARD_CACHE_SECONDS (0 turns the cache off). A stale entry is served while one request rebuilds
    it (a cache lock), so the 20 counties' figures never expire all at once under load."""
    seconds = cache_seconds()
    on = on or today()
    if not seconds:
        return build_dashboard(year, area_ids=area_ids, on=on)
    scope_key = "all" if area_ids is None else "-".join(str(pk) for pk in sorted(area_ids))
    key = f"dashboards:dashboard:v2:{scope_key}:{year}"
    lock = f"{key}:lock"
    entry = cache.get(key)
    if entry is not None:
        built_at, dashboard = entry
        fresh = time.time() - built_at < seconds and dashboard.on == on
        if fresh or not cache.add(lock, 1, timeout=30):
            return dashboard  # fresh, or stale while another request rebuilds it
    elif not cache.add(lock, 1, timeout=30):
        # Nothing cached and another request is building it: wait for that rather than build it twice.
        for _ in range(COLD_WAIT_STEPS):
            time.sleep(0.05)
            entry = cache.get(key)
            if entry is not None:
                return entry[1]
    try:
        dashboard = build_dashboard(year, area_ids=area_ids, on=on)
        cache.set(key, (dashboard.built_at, dashboard), seconds * 10)
    finally:
        cache.delete(lock)
    return dashboard

"""The measures' reach on the dashboards: for each measure a capability counts (enterprises.reach), how many SRDI
enterprises it reached this year per area, against all of them, with the trend — and which bureau answers for it.

Each capability that answers for measures offers three reads in its selectors — `reach_sources()` (its
enterprises.reach.ReachSource list), `workbook_sheets()` ({measure: sheets(year, area_ids)}, for
dashboards.measure_workbooks) and `firm_file_tables(enterprise, user)` (for the one-firm file, which lists the same
modules for itself). `CAPABILITIES` names those selectors modules, so a measure gets its section and its workbook by
adding one line here.

The dashboards read every source at once: one query, a UNION ALL of small aggregates (the SRDI enterprises of each
area on each year's reference day, and for each source and year the SRDI enterprises its records reached), each
read from the designations or the source's records, so the cost follows the records, not the enterprises. The
figures are those of enterprises.reach.measure_reach, which a capability's own pages keep using."""

from dataclasses import dataclass

from django.db import connection
from django.db.models import Count, IntegerField, Value

from chains import selectors as chains_selectors
from enterprises.reach import TREND_YEARS, AreaReach, MeasureReach
from enterprises.selectors import srdi_exists, today, valid_designations
from finance import selectors as finance_selectors
from innovation import selectors as innovation_selectors
from liaison import selectors as liaison_selectors
from liaison.measures import Measure
from markets import selectors as markets_selectors
from policy.levels import WHITE_LIST_LEVELS
from policy.rules import reference_day
from talent import selectors as talent_selectors

#: the selectors modules of the capabilities that answer for measures
CAPABILITIES = [markets_selectors, liaison_selectors, finance_selectors, chains_selectors, innovation_selectors,
                talent_selectors]


def sources():
    return sorted((source for module in CAPABILITIES for source in module.reach_sources()), key=lambda s: s.measure)


def measure_title(number):
    return Measure(number).label if number in Measure.values else f"（{number}）"


@dataclass(frozen=True)
class MeasureSection:
    title: str  # the measure as the policy text numbers it: "（十八）鼓励企业拓展市场"
    reach: MeasureReach

    @property
    def measure(self):
        return self.reach.measure


ALL_SRDI = -1  # the part of the union that counts every SRDI enterprise, not one source's


def _per_area(queryset, part, year, area_ids):
    """(part, year, area, distinct enterprises) of `queryset`'s rows (each has a foreign key `enterprise`)."""
    return (
        queryset.order_by()
        .annotate(reach_part=Value(part, output_field=IntegerField()), reach_year=Value(year, output_field=IntegerField()))
        .values_list("reach_part", "reach_year", "enterprise__area_id")
        .annotate(reach_n=Count("enterprise_id", distinct=True))
    )


_COMPILED = {}  # the union's SQL per sources, scope, year and day, in this process
_COMPILED_MAX = 256


def _source_key(source):
    """What a source counts, as code: its fresh ReachSource (and function) objects differ at every call."""
    return source.measure, source.label, source.bureau, source.reached.__module__, source.reached.__qualname__


def _union_sql(year, now, area_ids, all_sources, with_totals):
    """The union's SQL and parameters, built once per process for a scope, year and day: composing its sixty-odd
    querysets costs more than running them."""
    key = (year, now, area_ids, tuple(_source_key(source) for source in all_sources), with_totals)
    if key not in _COMPILED:
        if len(_COMPILED) >= _COMPILED_MAX:
            _COMPILED.clear()
        _COMPILED[key] = _compose(year, now, area_ids, all_sources, with_totals)
    return _COMPILED[key]


def _compose(year, now, area_ids, all_sources, with_totals):
    parts = []
    for y in range(year - TREND_YEARS + 1, year + 1):
        day = reference_day(y, now)
        in_scope = {"enterprise__area_id__in": list(area_ids)}
        if with_totals:
            parts.append(_per_area(valid_designations(day).filter(level__in=WHITE_LIST_LEVELS, **in_scope),
                                   ALL_SRDI, y, area_ids))
        parts.extend(
            _per_area(source.reached(y).filter(srdi_exists(day, ref="enterprise"), **in_scope), index, y, area_ids)
            for index, source in enumerate(all_sources)
        )
    return parts[0].union(*parts[1:], all=True).query.sql_with_params() if parts else None


def reach_of_measures(year, areas, on=None, srdi_totals=None):
    """[MeasureSection] for every source, over `areas` (Area instances, in the dashboard's order), read on `on`:
    the year and the TREND_YEARS - 1 before it, in one query. `srdi_totals` ({area_id: {year: SRDI enterprises on
    the year's reference day}}, as dashboards.selectors.srdi_count_by_area reads them) spares the union its count
    of every SRDI enterprise when the caller has it already."""
    now = on or today()
    areas = list(areas)
    all_sources = sources()
    years = list(range(year - TREND_YEARS + 1, year + 1))
    compiled = _union_sql(year, now, tuple(area.pk for area in areas), all_sources, srdi_totals is None)
    rows = []
    if compiled:
        with connection.cursor() as cursor:
            cursor.execute(*compiled)
            rows = cursor.fetchall()
    counts = {(part, y, area_id): n for part, y, area_id, n in rows}
    if srdi_totals is not None:
        counts.update({(ALL_SRDI, y, area.pk): srdi_totals[area.pk][y] for area in areas for y in years})
    sections = []
    for index, source in enumerate(all_sources):
        reach = MeasureReach(measure=source.measure, label=source.label, bureau=source.bureau, year=year)
        for y in years:
            rows = [AreaReach(area.pk, area.name, counts.get((index, y, area.pk), 0),
                              counts.get((ALL_SRDI, y, area.pk), 0)) for area in areas]
            reach.trend.append(AreaReach(None, str(y), sum(r.reached for r in rows), sum(r.srdi_total for r in rows)))
            if y == year:
                reach.areas = rows
        reach.total = sum(reach.areas, AreaReach(None, "全市"))
        sections.append(MeasureSection(measure_title(source.measure), reach))
    return sections


def area_matrix(sections):
    """[(area name, area id, [AreaReach per section])]: the city's areas side by side, one column per source."""
    if not sections:
        return []
    columns = [section.reach.areas for section in sections]
    return [(row.area_name, row.area_id, [column[index] for column in columns])
            for index, row in enumerate(columns[0])]

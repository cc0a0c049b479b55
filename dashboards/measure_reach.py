"""The measures' reach on the dashboards: for each measure a capability counts (enterprises.reach), how many SRDI
enterprises it reached this year per area, against all of them, with the trend — and which bureau answers for it.

Each capability that answers for measures offers three reads in its selectors — `reach_sources()` (its
enterprises.reach.ReachSource list), `workbook_sheets()` ({measure: sheets(year, area_ids)}, for
dashboards.measure_workbooks) and `firm_file_tables(enterprise, user)` (for the one-firm file, which lists the same
modules for itself). `CAPABILITIES` names those selectors modules, so a measure gets its section and its workbook by
adding one line here. One aggregate query per source."""

from dataclasses import dataclass

from chains import selectors as chains_selectors
from enterprises.reach import MeasureReach, measure_reach
from finance import selectors as finance_selectors
from innovation import selectors as innovation_selectors
from liaison import selectors as liaison_selectors
from liaison.measures import Measure
from markets import selectors as markets_selectors
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


def reach_of_measures(year, areas, on=None):
    """[MeasureSection] for every source, over `areas` (Area instances, in the dashboard's order), read on `on`."""
    return [MeasureSection(measure_title(source.measure), measure_reach(source, year, areas=areas, on=on))
            for source in sources()]


def area_matrix(sections):
    """[(area name, area id, [AreaReach per section])]: the city's areas side by side, one column per source."""
    if not sections:
        return []
    columns = [section.reach.areas for section in sections]
    return [(row.area_name, row.area_id, [column[index] for column in columns])
            for index, row in enumerate(columns[0])]

"""The dashboard sections other apps provide: each app's per-area selector (a constant number of queries) returns
its own figure dataclass, gathered here per area and summed for the city. No app's models are read here, and no
figure is copied into a dataclass of ours."""

from dataclasses import dataclass, field

from awards.selectors import AreaAwards, award_summary_by_area
from declarations.selectors import AreaDeclarations, declarations_by_area
from finance.selectors import AreaFinance, finance_by_area
from liaison.selectors import AreaDuty, AreaTraining, duty_by_area, training_by_area

from . import rules


@dataclass
class Sections:
    awards: AreaAwards = field(default_factory=AreaAwards)
    duty: AreaDuty = field(default_factory=AreaDuty)
    training: AreaTraining = field(default_factory=AreaTraining)
    declarations: AreaDeclarations = field(default_factory=AreaDeclarations)
    finance: AreaFinance = field(default_factory=lambda: AreaFinance(area=None))
    duty_progress: rules.Progress = None
    training_progress: rules.Progress = None

    def measure(self, pace):
        """Shares done against the pace of the year: every owing enterprise met, every SRDI firm trained."""
        self.duty_progress = rules.progress(self.duty.met, self.duty.enterprises, pace) if self.duty.evaluated \
            else rules.progress(0, None, 0)
        self.training_progress = rules.progress(self.training.srdi_covered, self.training.srdi_total, pace)
        return self

    def __add__(self, other):
        return Sections(self.awards + other.awards, self.duty + other.duty, self.training + other.training,
                        self.declarations + other.declarations, self.finance + other.finance)


def gather(year, area_ids, pace):
    """{area_id: Sections} for the given areas, plus the city's sum under the key None."""
    awards = {row.area.pk: row for row in award_summary_by_area(year)}
    duty = {row.area_id: row for row in duty_by_area(year)}
    training = {row.area_id: row for row in training_by_area(year)}
    declarations = {row.area.pk: row for row in declarations_by_area(year)}
    finance = {row.area.pk: row for row in finance_by_area(year)}
    result = {
        pk: Sections(awards.get(pk, AreaAwards()), duty.get(pk, AreaDuty()), training.get(pk, AreaTraining()),
                     declarations.get(pk, AreaDeclarations()), finance.get(pk, AreaFinance(area=None))).measure(pace)
        for pk in area_ids
    }
    result[None] = sum(result.values(), Sections()).measure(pace)
    return result

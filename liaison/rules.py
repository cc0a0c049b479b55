"""Pure rules of the liaison measures: no ORM. Values and dataclasses in, dataclasses out."""

from dataclasses import dataclass
from datetime import date


def duty_holder(assignments, day: date):
    """(八) whose duty an enterprise is for a year: the assignment held on the reference day, or None.

    Decision for an enterprise reassigned mid-year: the officer holding it on the reference day (31 December,
    or today for the running year) answers for the whole year, and every difficulty of the enterprise resolved
    in that year counts, whoever resolved it — the duty is that the enterprise got help this year, and the
    officer who holds the enterprise now is the one who can still act. An enterprise whose assignment ended
    before the reference day with no successor owes no duty for that year.
    """
    held = [a for a in assignments if a.started_on <= day and (a.ended_on is None or day < a.ended_on)]
    return max(held, key=lambda a: (a.started_on, a.pk or 0)) if held else None


@dataclass(frozen=True)
class DutyRow:
    enterprise_id: int
    officer_id: int
    area_id: int
    required: int
    resolved_count: int

    @property
    def met(self) -> bool:
        return self.resolved_count >= self.required


def duty_rows(holders, resolved_counts, required: int):
    """One DutyRow per (enterprise, holding assignment). `holders`: {enterprise_id: (officer_id, area_id)};
    `resolved_counts`: {enterprise_id: difficulties resolved in the year}."""
    return [
        DutyRow(enterprise_id, officer_id, area_id, required, resolved_counts.get(enterprise_id, 0))
        for enterprise_id, (officer_id, area_id) in sorted(holders.items())
    ]


@dataclass(frozen=True)
class TrainingProgress:
    """(十六) managers trained against the yearly goal; SRDI enterprises covered against all of them."""

    managers: int
    managers_goal: int
    srdi_covered: int
    srdi_total: int

    @property
    def managers_met(self) -> bool:
        return self.managers >= self.managers_goal

    @property
    def coverage(self):
        return None if not self.srdi_total else self.srdi_covered / self.srdi_total

    @property
    def fully_covered(self) -> bool:
        return self.srdi_covered >= self.srdi_total

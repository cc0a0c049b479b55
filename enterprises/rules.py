"""Pure rules of the tier ladder: no ORM. Designations are anything with level / granted_on / valid_until."""

from datetime import date

from policy.levels import RANK, WHITE_LIST_LEVELS


def valid_on(designation, day: date) -> bool:
    return designation.granted_on <= day <= designation.valid_until


def current_tier(designations, day: date):
    """The highest level among the designations valid on `day`, or None."""
    levels = [d.level for d in designations if valid_on(d, day)]
    return max(levels, key=lambda level: RANK[level]) if levels else None


def on_white_list(designations, day: date) -> bool:
    """Clause 一: any valid municipal-or-higher designation puts an enterprise on the white list."""
    return any(valid_on(d, day) and d.level in WHITE_LIST_LEVELS for d in designations)


def growth_rate(current, previous):
    """Year-on-year growth as a Decimal fraction, or None when the prior value is missing or zero."""
    if previous is None or current is None or previous == 0:
        return None
    return (current - previous) / previous

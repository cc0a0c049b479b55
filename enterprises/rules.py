"""Pure rules of the tier ladder: no ORM. Designations are anything with level / granted_on / valid_until."""

import calendar
from datetime import date, timedelta

from .levels import RANK, WHITE_LIST_LEVELS


def valid_on(designation, day: date) -> bool:
    return designation.granted_on <= day <= designation.valid_until


def current_tier(designations, day: date):
    """The highest level among the designations valid on `day`, or None."""
    levels = [d.level for d in designations if valid_on(d, day)]
    return max(levels, key=lambda level: RANK[level]) if levels else None


def on_white_list(designations, day: date) -> bool:
    """Clause 一: any valid municipal-or-higher designation puts an enterprise on the white list."""
    return any(valid_on(d, day) and d.level in WHITE_LIST_LEVELS for d in designations)


def add_years(day: date, years: int) -> date:
    target_year = day.year + years
    last_day = calendar.monthrange(target_year, day.month)[1]
    return day.replace(year=target_year, day=min(day.day, last_day))


def default_valid_until(granted_on: date, validity_years: int) -> date:
    """A title granted on 2023-06-01 for 3 years is valid through 2026-05-31."""
    return add_years(granted_on, validity_years) - timedelta(days=1)


def growth_rate(current, previous):
    """Year-on-year growth as a Decimal fraction, or None when the prior value is missing or zero."""
    if previous is None or current is None or previous == 0:
        return None
    return (current - previous) / previous

"""Working days as the Chinese statutory calendar counts them (法定节假日 and 调休 included): chinese-calendar knows
each year's State Council notice. For a year it does not yet know, Monday to Friday are working days. No ORM."""

from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache

import chinese_calendar


@lru_cache(maxsize=8192)  # pure in the day; the review queue and the landing page ask for the same days thousands of times
def is_working_day(day: date) -> bool:
    try:
        return chinese_calendar.is_workday(day)
    except NotImplementedError:  # a year whose holiday notice the package does not hold yet
        return day.weekday() < 5


def add_working_days(start: date, days: int) -> date:
    """The `days`-th working day after `start` (a step entered on `start` is due by the end of that day)."""
    day, counted = start, 0
    while counted < days:
        day += timedelta(days=1)
        counted += is_working_day(day)
    return day


def working_days_left(today: date, deadline: date) -> int:
    """Working days from tomorrow up to the deadline (0 on the deadline itself); negative: working days overdue."""
    if today <= deadline:
        return sum(is_working_day(today + timedelta(days=n)) for n in range(1, (deadline - today).days + 1))
    return -sum(is_working_day(deadline + timedelta(days=n)) for n in range(1, (today - deadline).days + 1))


@dataclass(frozen=True)
class Deadline:
    """A step's time limit: the day it is due and the working days left (negative: overdue by that many)."""

    due_on: date
    days_left: int

    @property
    def overdue(self):
        return self.days_left < 0

    @property
    def label(self):
        if self.overdue:
            return f"已超期 {-self.days_left} 个工作日"
        if self.days_left == 0:
            return "今日到期"
        return f"剩余 {self.days_left} 个工作日"


def deadline(entered_on: date, working_days: int, today: date) -> Deadline:
    """The time limit of a step entered on `entered_on` that must be done within `working_days`."""
    due_on = add_working_days(entered_on, working_days)
    return Deadline(due_on, working_days_left(today, due_on))

"""Working days on the Chinese statutory calendar: holidays and their 调休 make-up days, and Monday to Friday for a
year whose holiday notice the calendar does not hold yet."""

from datetime import date

from policy.working_days import add_working_days, is_working_day, working_days_left


def test_the_national_day_holiday_is_not_a_working_day_and_a_weekday_normally_is():
    assert not is_working_day(date(2026, 10, 1))  # 国庆节, a Thursday
    assert is_working_day(date(2026, 12, 3))  # an ordinary Thursday
    assert not is_working_day(date(2026, 12, 5))  # Saturday


def test_a_time_limit_runs_past_the_golden_week():
    due = add_working_days(date(2026, 9, 30), 1)
    assert due > date(2026, 10, 7) and is_working_day(due)


def test_a_year_without_a_holiday_notice_counts_monday_to_friday():
    assert add_working_days(date(2027, 1, 1), 1) == date(2027, 1, 4)  # Friday → Monday
    assert not is_working_day(date(2027, 1, 2))


def test_days_left_are_positive_before_zero_on_and_negative_after_the_deadline():
    deadline = date(2026, 12, 8)  # a Tuesday
    assert working_days_left(date(2026, 12, 3), deadline) == 3  # Fri, Mon, Tue
    assert working_days_left(deadline, deadline) == 0
    assert working_days_left(date(2026, 12, 10), deadline) == -2  # Wed, Thu

from datetime import date
from decimal import Decimal

from dashboards import rules


def test_progress_is_behind_only_below_the_expected_share():
    assert rules.progress(1, 3, Decimal("0.5")).status == rules.BEHIND
    assert rules.progress(2, 3, Decimal("0.5")).status == rules.ON_PACE
    assert rules.progress(3, 3, Decimal("0.99")).status == rules.DONE
    assert rules.progress(4, 3, 1).percent == 133 and rules.progress(4, 3, 1).bar_percent == 100
    assert rules.progress(1, 3, 1).remaining == 2


def test_progress_without_target_is_not_a_laggard():
    for target in (None, 0):
        result = rules.progress(5, target, 1)
        assert result.status == rules.NO_TARGET and result.percent is None and result.target is None


def test_year_elapsed_is_the_pace_of_a_yearly_quota():
    assert rules.year_elapsed(2024, date(2025, 1, 1)) == 1
    assert rules.year_elapsed(2026, date(2025, 6, 1)) == 0
    assert rules.year_elapsed(2025, date(2025, 12, 31)) == 1
    assert abs(rules.year_elapsed(2025, date(2025, 7, 2)) - Decimal("0.5")) < Decimal("0.01")


def test_doubling_target_and_linear_pace():
    plan = rules.doubling(date(2022, 12, 31), 100, 2)
    assert plan.target == 200 and plan.deadline == date(2024, 12, 31)
    assert plan.expected_on(date(2022, 1, 1)) == 100
    assert plan.expected_on(date(2030, 1, 1)) == 200
    halfway = plan.expected_on(date(2023, 12, 31))
    assert 149 < halfway < 151
    assert plan.progress(140, date(2023, 12, 31)).status == rules.BEHIND
    assert plan.progress(160, date(2023, 12, 31)).status == rules.ON_PACE
    assert plan.progress(200, date(2023, 12, 31)).status == rules.DONE


def test_doubling_needs_a_baseline():
    assert rules.doubling(None, 100, 2) is None
    assert rules.doubling(date(2022, 12, 31), 0, 2) is None
    assert rules.doubling(date(2022, 12, 31), Decimal("0"), 3) is None

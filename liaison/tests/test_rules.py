from dataclasses import dataclass
from datetime import date

import pytest

from liaison import rules
from liaison.workflow import TRANSITIONS, DifficultyStatus, can_transition


@dataclass
class Held:
    pk: int
    officer_id: int
    started_on: date
    ended_on: date | None = None


def test_reassigned_mid_year_the_officer_holding_it_at_year_end_owns_the_duty():
    first = Held(1, officer_id=10, started_on=date(2024, 1, 1), ended_on=date(2025, 7, 1))
    second = Held(2, officer_id=20, started_on=date(2025, 7, 1))
    assert rules.duty_holder([first, second], date(2025, 12, 31)) is second
    # the handover day belongs to the new officer: ended_on is exclusive
    assert rules.duty_holder([first, second], date(2025, 7, 1)) is second
    assert rules.duty_holder([first, second], date(2025, 6, 30)) is first


def test_an_assignment_ended_before_the_reference_day_without_successor_owes_nothing():
    ended = Held(1, officer_id=10, started_on=date(2024, 1, 1), ended_on=date(2025, 5, 1))
    assert rules.duty_holder([ended], date(2025, 12, 31)) is None
    not_started = Held(2, officer_id=10, started_on=date(2026, 1, 5))
    assert rules.duty_holder([not_started], date(2025, 12, 31)) is None


def test_duty_is_met_at_exactly_the_required_number():
    rows = rules.duty_rows({1: (10, 100), 2: (10, 100), 3: (20, 200)}, {1: 1, 3: 2}, required=1)
    assert [(r.enterprise_id, r.resolved_count, r.met) for r in rows] == [(1, 1, True), (2, 0, False), (3, 2, True)]
    rows = rules.duty_rows({1: (10, 100)}, {1: 1}, required=2)
    assert not rows[0].met


def test_training_progress_goals():
    progress = rules.TrainingProgress(managers=200, managers_goal=200, srdi_covered=9, srdi_total=10)
    assert progress.managers_met and not progress.fully_covered and progress.coverage == 0.9
    assert rules.TrainingProgress(0, 200, 0, 0).coverage is None


@pytest.mark.parametrize(("start", "end", "allowed"), [
    (DifficultyStatus.OPEN, DifficultyStatus.IN_PROGRESS, True),
    (DifficultyStatus.OPEN, DifficultyStatus.RESOLVED, True),
    (DifficultyStatus.IN_PROGRESS, DifficultyStatus.ESCALATED, True),
    (DifficultyStatus.ESCALATED, DifficultyStatus.RESOLVED, True),
    (DifficultyStatus.IN_PROGRESS, DifficultyStatus.OPEN, False),
    (DifficultyStatus.RESOLVED, DifficultyStatus.IN_PROGRESS, False),
    (DifficultyStatus.RESOLVED, DifficultyStatus.ESCALATED, False),
])
def test_difficulty_transitions_table(start, end, allowed):
    assert can_transition(start, end) is allowed


def test_every_state_is_in_the_transitions_table():
    assert set(TRANSITIONS) == set(DifficultyStatus)

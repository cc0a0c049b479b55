from datetime import date
from decimal import Decimal

from enterprises.spreadsheets import escape_formula
from finance.rules import Target, listing_goal_window, share
from finance.stages import ACTIVE_STAGES, TRANSITIONS, ListingStage, allowed_next, can_move


def test_share_rounds_half_up_and_has_no_answer_for_an_empty_white_list():
    assert share(1, 3) == Decimal("0.3333")
    assert share(2, 3) == Decimal("0.6667")
    assert share(0, 5) == Decimal("0")
    assert share(3, 0) is None


def test_target_met_at_the_required_number():
    assert Target(actual=10, required=10).met and Target(actual=10, required=10).missing == 0
    assert not Target(actual=7, required=10).met and Target(actual=7, required=10).missing == 3


def test_listing_goal_window_runs_from_the_policy_start_through_the_goal_year():
    assert listing_goal_window(date(2023, 1, 1), 2025) == (date(2023, 1, 1), date(2025, 12, 31))


def test_every_formula_trigger_is_escaped_and_plain_text_is_left_alone():
    for value in ("=1+1", "+86 773", "-2", "@SUM(A1)", "\t=x", "\r=x"):
        assert escape_formula(value) == "'" + value
    assert escape_formula("桂林=公司") == "桂林=公司"
    assert escape_formula("") == ""


def test_transitions_table_covers_every_stage_and_listing_is_final():
    assert set(TRANSITIONS) == set(ListingStage)
    assert allowed_next(ListingStage.LISTED) == ()
    assert can_move(ListingStage.IN_POOL, ListingStage.TUTORING)
    assert not can_move(ListingStage.IN_POOL, ListingStage.LISTED)  # no skipping steps
    assert can_move(ListingStage.ACCEPTED, ListingStage.TUTORING)  # application stopped: back to tutoring
    assert can_move(ListingStage.WITHDRAWN, ListingStage.IN_POOL)
    assert ListingStage.LISTED not in ACTIVE_STAGES and ListingStage.WITHDRAWN not in ACTIVE_STAGES

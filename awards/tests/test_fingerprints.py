"""The fingerprints the recompute compares before it runs the rules: for any inputs, rules.growth_fingerprint and
rules.recognition_fingerprint are the fingerprints growth_award and recognition_award give them — else an unchanged
rerun would rewrite every result, or a changed input be missed."""

from datetime import date, timedelta
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from awards import rules
from policy.levels import Level

from .test_rules import Des, Fig, policy

LEVELS = st.sampled_from([Level.INNOVATIVE, Level.MUNICIPAL, Level.REGIONAL, Level.LITTLE_GIANT,
                          Level.SINGLE_CHAMPION])
DAYS = st.dates(min_value=date(2020, 1, 1), max_value=date(2026, 12, 31))
DESIGNATIONS = st.lists(st.builds(lambda level, day, years, number: Des(level, day, day + timedelta(days=365 * years),
                                                                        number),
                                  LEVELS, DAYS, st.integers(1, 4), st.sampled_from(["", "甲〔2023〕1号"])),
                        max_size=4)
MONEY = st.decimals(min_value=0, max_value=200_000_000, places=2, allow_nan=False, allow_infinity=False)
FIGURES = st.one_of(st.none(), st.builds(Fig, MONEY, MONEY))
POLICIES = st.sampled_from([None, policy(), policy(pk=2, growth_award_cap=Decimal("300000.00"))])
PERIODS = st.lists(st.sampled_from(["2023-01-01 至 2024-12-31", "2025-01-01 至 2026-12-31"]), max_size=2)


@settings(max_examples=300, deadline=None)
@given(POLICIES, st.integers(2022, 2026), FIGURES, FIGURES, DESIGNATIONS, PERIODS)
def test_the_growth_fingerprint_is_the_growth_awards(pol, year, current, previous, designations, periods):
    figures = {y: row for y, row in ((year, current), (year - 1, previous)) if row is not None}
    assert (rules.growth_fingerprint(pol, year, figures, designations, periods)
            == rules.growth_award(pol, year, figures, designations, periods).fingerprint)


@settings(max_examples=300, deadline=None)
@given(POLICIES, DESIGNATIONS, PERIODS)
def test_the_recognition_fingerprint_is_the_recognition_awards(pol, designations, periods):
    result = rules.recognition_award(pol, designations, periods)
    if result is not None:
        assert rules.recognition_fingerprint(pol, designations, periods) == result.fingerprint

"""The policy calculator (政策计算器): every threshold it explains, on both sides, with the gap in the firm's numbers."""

from datetime import date
from decimal import Decimal

import pytest

from awards import rules
from awards.states import Outcome
from awards.tests.test_rules import MUNICIPAL_2023, Des, Fig, policy
from policy.levels import Level

D = Decimal


def calc(output_y, tax_y, output_prev="50000000", tax_prev="1000000", year=2024, designations=None, pol=None):
    figures = {year: Fig(D(output_y), D(tax_y))}
    if output_prev is not None:
        figures[year - 1] = Fig(D(output_prev), D(tax_prev))
    return rules.growth_calculator(pol or policy(), year, figures, [MUNICIPAL_2023] if designations is None else designations)


def line(check, label):
    return next(item for item in check.lines if item.label == label)


def test_the_sentence_names_the_growth_the_points_and_the_yuan_still_missing():
    check = calc("65600000", "1200000")
    assert line(check, "产值同比增长").met is False
    assert line(check, "产值同比增长").text == "产值同比增长 31.20%，距 35% 还差 3.80 个百分点，即产值再增加 1,900,000.00 元"
    assert check.outcome == Outcome.INELIGIBLE and not check.qualifies


@pytest.mark.parametrize(("output", "met"), [("67500000", True), ("67499999.99", False)])
def test_output_growth_at_35_percent_is_met_and_a_cent_below_it_is_missed(output, met):
    check = calc(output, "1100000")
    assert line(check, "产值同比增长").met is met
    assert check.qualifies is met
    if not met:
        assert line(check, "产值同比增长").text.endswith("即产值再增加 0.01 元")
        assert "还差 0.01 个百分点" in line(check, "产值同比增长").text  # rounded up: never reads as reached
    # the calculator says what the award decides: one rule, two readers
    figures = {2024: Fig(D(output), D("1100000")), 2023: Fig(D("50000000"), D("1000000"))}
    assert rules.growth_award(policy(), 2024, figures, [MUNICIPAL_2023]).is_eligible is met


@pytest.mark.parametrize(("tax", "met"), [("1100000", True), ("1099999.99", False)])
def test_tax_growth_at_10_percent_is_met_and_a_cent_below_it_is_missed(tax, met):
    check = calc("70000000", tax)
    assert line(check, "税收同比增长").met is met and check.qualifies is met
    if not met:
        assert line(check, "税收同比增长").text == "税收同比增长 9.99%，距 10% 还差 0.01 个百分点，即纳税总额再增加 0.01 元"
    else:
        assert line(check, "税收同比增长").text == "税收同比增长 10.00%，达到 10%（含）"


@pytest.mark.parametrize(("output", "met", "text"), [
    ("20000000", True, "在 20,000,000.00 元（含）至 100,000,000.00 元（不含）之间"),
    ("19999999.99", False, "距下限 20,000,000.00 元 还差 0.01 元"),
    ("99999999.99", True, "在 20,000,000.00 元（含）至 100,000,000.00 元（不含）之间"),
    ("100000000", False, "按其他工业政策执行"),
])
def test_the_output_band_is_explained_at_both_ends(output, met, text):
    check = calc(output, "2000000", output_prev="10000000")
    assert line(check, "产值规模").met is met and text in line(check, "产值规模").text
    if output == "100000000":
        assert check.outcome == Outcome.OTHER_POLICY


def test_an_eligible_year_shows_the_award_amount():
    check = calc("70000000", "1200000")
    assert check.qualifies and check.amount == D("60000.00")
    assert all(item.met for item in check.lines)
    assert "奖励 60,000.00 元" in line(check, "奖励金额").text


def test_a_missed_growth_tells_what_the_award_would_be_at_the_threshold():
    check = calc("65600000", "1200000")
    assert line(check, "奖励金额").text == "其余条件都满足时，产值 67,500,000.00 元 可获奖励 52,500.00 元"


@pytest.mark.parametrize(("valid_until", "met"), [(date(2024, 1, 1), True), (date(2023, 12, 31), False)])
def test_a_title_valid_on_one_day_of_the_year_is_enough_and_one_ending_the_day_before_is_not(valid_until, met):
    title = Des(Level.MUNICIPAL, date(2021, 1, 1), valid_until)
    check = calc("70000000", "1200000", designations=[title])
    assert line(check, "专精特新认定").met is met and check.qualifies is met


def test_the_innovative_tier_alone_does_not_count_for_growth():
    check = calc("70000000", "1200000", designations=[Des(Level.INNOVATIVE, date(2023, 1, 1), date(2025, 12, 31))])
    assert line(check, "专精特新认定").met is False and not check.qualifies


def test_missing_or_zero_prior_figures_are_undecided_not_missed():
    assert line(calc("70000000", "1", output_prev=None), "上年数据").met is None
    check = calc("70000000", "1200000", output_prev="0", tax_prev="0")
    assert line(check, "产值同比增长").met is None and line(check, "税收同比增长").met is None
    assert check.outcome == Outcome.NEEDS_REVIEW


def test_no_edition_for_the_year_is_said_not_guessed():
    check = rules.growth_calculator(None, 2026, {}, [MUNICIPAL_2023], ["2023-01-01 至 2024-12-31"])
    assert [item.met for item in check.lines] == [None] and "不在任何政策有效期内" in check.lines[0].text


def test_thresholds_come_from_the_edition():
    strict = policy(growth_output_rate_min=D("0.40"))
    assert line(calc("70000000", "1200000", pol=strict), "产值同比增长").met is True
    assert line(calc("69999999.99", "1200000", pol=strict), "产值同比增长").text.startswith("产值同比增长 39.99%，距 40% 还差")


@pytest.mark.parametrize(("current", "previous", "rate", "short"), [
    ("135", "100", "0.35", "0"), ("134.99", "100", "0.35", "0.01"), ("0", "100", "0.35", "135"),
])
def test_growth_shortfall_is_exact(current, previous, rate, short):
    assert rules.growth_shortfall(D(current), D(previous), D(rate)) == D(short)


# --- (三) ---------------------------------------------------------------------------------------------------------

EDITION = policy()


@pytest.mark.parametrize(("day", "met"), [(date(2024, 12, 31), False), (date(2025, 1, 1), None)])
def test_before_recognition_the_calculator_offers_the_award_only_while_an_edition_is_in_force(day, met):
    check = rules.recognition_calculator([EDITION], [], day)
    assert check.lines[0].met is met and not check.qualifies
    if met is False:
        assert "首次获得认定，可获一次性奖励 100,000.00 元" in check.lines[0].text
    else:
        assert "不在政策有效期内" in check.lines[0].text


def test_a_regional_title_already_held_bars_the_recognition_award():
    regional = Des(Level.REGIONAL, date(2023, 3, 1), date(2026, 2, 28))
    check = rules.recognition_calculator([EDITION], [regional], date(2024, 6, 1))
    assert check.lines[0].met is False and "不重复享受" in check.lines[0].text


@pytest.mark.parametrize(("granted_on", "qualifies"), [(date(2024, 12, 31), True), (date(2025, 1, 1), False)])
def test_a_recognition_is_judged_by_the_award_rule_itself(granted_on, qualifies):
    title = Des(Level.MUNICIPAL, granted_on, date(2027, 12, 31))
    check = rules.recognition_calculator([EDITION], [title], date(2025, 6, 1))
    assert check.qualifies is qualifies and check.lines[0].met is qualifies
    assert check.amount == (D("100000.00") if qualifies else D("0.00"))


def test_rate_label_writes_the_threshold_as_the_text_does():
    assert rules.rate_label(D("0.3500")) == "35%" and rules.rate_label(D("0.125")) == "12.5%"

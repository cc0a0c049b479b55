"""The award arithmetic of (三) and (四): every boundary of domain.md on both sides, plus invariants."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from awards import rules
from awards.states import AwardKind, Outcome
from policy.levels import Level
from policy.models import PolicyRecord
from policy.rules import edition_in_force

D = Decimal


@dataclass
class Des:
    level: str
    granted_on: date
    valid_until: date
    document_number: str = ""


@dataclass
class Fig:
    output_value: Decimal
    tax_paid: Decimal


def policy(**overrides):
    """An unsaved record with the model's defaults: the numbers of the text, in force 2023–2024."""
    record = PolicyRecord(pk=1, name="测试政策", effective_from=date(2023, 1, 1), effective_until=date(2024, 12, 31))
    for name, value in overrides.items():
        setattr(record, name, value)
    return record


MUNICIPAL_2023 = Des(Level.MUNICIPAL, date(2023, 6, 1), date(2026, 5, 31), "市工信〔2023〕5号")


def growth(output_y, tax_y, output_prev="50000000", tax_prev="1000000", year=2024, designations=None, pol=None):
    figures = {year: Fig(D(output_y), D(tax_y))}
    if output_prev is not None:
        figures[year - 1] = Fig(D(output_prev), D(tax_prev))
    return rules.growth_award(pol or policy(), year, figures, designations or [MUNICIPAL_2023])


# --- (三) recognition award -------------------------------------------------------------------------------------

def test_first_municipal_recognition_inside_the_period_earns_the_configured_amount():
    result = rules.recognition_award(policy(), [MUNICIPAL_2023])
    assert result.outcome == Outcome.ELIGIBLE and result.kind == AwardKind.RECOGNITION
    assert result.amount == D("100000.00") and result.clause == "（三）"
    assert result.recognition_date == date(2023, 6, 1)
    assert "首次被认定" in result.reasons[0]


def test_recognition_amount_comes_from_the_policy_record():
    result = rules.recognition_award(policy(recognition_award_amount=D("80000")), [MUNICIPAL_2023])
    assert result.amount == D("80000.00")


def test_no_municipal_recognition_means_no_recognition_result():
    assert rules.recognition_award(policy(), [Des(Level.REGIONAL, date(2023, 1, 1), date(2025, 12, 31))]) is None


@pytest.mark.parametrize("day, eligible", [
    (date(2022, 12, 31), False), (date(2023, 1, 1), True), (date(2024, 12, 31), True), (date(2025, 1, 1), False),
])
def test_recognition_must_be_dated_inside_the_period(day, eligible):
    pol = policy()
    applicable = edition_in_force([pol], day)
    result = rules.recognition_award(applicable, [Des(Level.MUNICIPAL, day, date(2027, 12, 31))])
    assert (result.outcome == Outcome.ELIGIBLE) is eligible
    if not eligible:
        assert result.amount == D("0.00")
        assert "不在政策有效期" in result.reasons[0]


def test_recognition_outside_the_record_passed_is_refused_even_if_the_caller_passes_it():
    result = rules.recognition_award(policy(), [Des(Level.MUNICIPAL, date(2025, 3, 1), date(2028, 2, 28))])
    assert result.outcome == Outcome.INELIGIBLE and "2023-01-01 至 2024-12-31" in result.reasons[0]


@pytest.mark.parametrize("regional_on, eligible", [
    (date(2023, 5, 31), False),  # before the municipal date
    (date(2023, 6, 1), False),   # on the municipal date
    (date(2023, 6, 2), True),    # after: the municipal recognition came first
])
@pytest.mark.parametrize("level", [Level.REGIONAL, Level.LITTLE_GIANT, Level.SINGLE_CHAMPION])
def test_regional_or_higher_title_on_or_before_the_municipal_date_bars_the_award(regional_on, eligible, level):
    higher = Des(level, regional_on, date(2026, 1, 1))
    result = rules.recognition_award(policy(), [MUNICIPAL_2023, higher])
    assert (result.outcome == Outcome.ELIGIBLE) is eligible
    if not eligible:
        assert "不重复享受" in result.reasons[0] and result.amount == 0


def test_innovative_title_before_does_not_bar_the_award():
    innovative = Des(Level.INNOVATIVE, date(2021, 1, 1), date(2023, 12, 31))
    assert rules.recognition_award(policy(), [innovative, MUNICIPAL_2023]).outcome == Outcome.ELIGIBLE


def test_a_second_municipal_recognition_earns_nothing():
    first = Des(Level.MUNICIPAL, date(2019, 6, 1), date(2022, 5, 31))
    second = Des(Level.MUNICIPAL, date(2023, 9, 1), date(2026, 8, 31))
    result = rules.recognition_award(edition_in_force([policy()], first.granted_on), [second, first])
    assert result.outcome == Outcome.INELIGIBLE and result.amount == 0
    assert result.recognition_date == date(2019, 6, 1)
    assert any("再次认定" in reason for reason in result.reasons)


def test_recognition_outside_every_record_is_ineligible_with_the_reason():
    result = rules.recognition_award(None, [Des(Level.MUNICIPAL, date(2021, 6, 1), date(2024, 5, 31))])
    assert result.outcome == Outcome.INELIGIBLE and "不在政策有效期内" in result.reasons[0]



# --- (四) growth award: band ------------------------------------------------------------------------------------

def test_a_textbook_growth_award():
    # 50,000,000 → 70,000,000 (+40%), tax 1,000,000 → 1,150,000 (+15%): 3‰ × 20,000,000 = 60,000
    result = growth("70000000", "1150000")
    assert result.outcome == Outcome.ELIGIBLE and result.kind == AwardKind.GROWTH and result.clause == "（四）"
    assert result.amount == D("60000.00")
    assert result.figures["产值同比增长"] == "40.00%" and result.figures["税收同比增长"] == "15.00%"


def test_output_of_exactly_twenty_million_is_inside_the_band():
    result = growth("20000000", "200000", output_prev="14000000", tax_prev="100000")  # +42.86%
    assert result.outcome == Outcome.ELIGIBLE and result.amount == D("18000.00")


def test_output_just_under_twenty_million_is_ineligible():
    result = growth("19999999.99", "200000", output_prev="14000000", tax_prev="100000")
    assert result.outcome == Outcome.INELIGIBLE and "低于 20,000,000.00 元" in result.reasons[0]


def test_output_just_under_one_hundred_million_is_inside_the_band():
    result = growth("99999999.99", "2000000", output_prev="70000000", tax_prev="1000000")
    assert result.outcome == Outcome.ELIGIBLE
    assert result.amount == D("90000.00")  # 3‰ × 29,999,999.99 = 89,999.99997 → half-up to the cent


def test_output_of_exactly_one_hundred_million_goes_to_other_policies():
    result = growth("100000000", "2000000", output_prev="70000000", tax_prev="1000000")
    assert result.outcome == Outcome.OTHER_POLICY and result.amount == 0
    assert "其他工业政策" in result.reasons[0]


def test_other_policy_does_not_need_prior_year_figures():
    assert growth("150000000", "2000000", output_prev=None).outcome == Outcome.OTHER_POLICY


# --- (四) growth thresholds -------------------------------------------------------------------------------------

def test_output_growth_of_exactly_35_percent_qualifies():
    result = growth("67500000", "1100000")  # 50,000,000 × 1.35; tax +10%
    assert result.outcome == Outcome.ELIGIBLE and result.amount == D("52500.00")


def test_output_growth_of_34_99_percent_does_not_qualify():
    result = growth("67495000", "1100000")  # +34.99%
    assert result.outcome == Outcome.INELIGIBLE
    assert result.reasons == ("产值同比增长 34.99%，低于 35.00%",)


def test_output_growth_a_cent_below_35_percent_does_not_qualify():
    result = growth("67499999.99", "1100000")
    assert result.outcome == Outcome.INELIGIBLE and "产值同比增长 34.99%" in result.reasons[0]


def test_tax_growth_of_exactly_10_percent_qualifies():
    assert growth("70000000", "1100000").outcome == Outcome.ELIGIBLE


def test_tax_growth_of_9_99_percent_does_not_qualify():
    result = growth("70000000", "1099900")
    assert result.outcome == Outcome.INELIGIBLE and result.reasons == ("税收同比增长 9.99%，低于 10.00%",)


def test_both_growth_failures_are_reported():
    result = growth("60000000", "1050000")
    assert result.outcome == Outcome.INELIGIBLE and len(result.reasons) == 2


def test_thresholds_come_from_the_policy_record():
    pol = policy(growth_output_rate_min=D("0.50"), growth_tax_rate_min=D("0.20"), growth_award_rate=D("0.005"))
    assert growth("70000000", "1150000", pol=pol).outcome == Outcome.INELIGIBLE
    assert growth("75000000", "1200000", pol=pol).amount == D("125000.00")


# --- (四) missing or zero prior year: never decided silently ----------------------------------------------------

def test_missing_prior_year_needs_review():
    result = growth("70000000", "1150000", output_prev=None)
    assert result.outcome == Outcome.NEEDS_REVIEW and "缺少 2023 年度经营数据" in result.reasons[0]


@pytest.mark.parametrize("output_prev, tax_prev, named", [
    ("0", "1000000", "工业总产值"), ("50000000", "0", "纳税总额"), ("0", "0", "工业总产值、纳税总额"),
])
def test_zero_prior_output_or_tax_needs_review(output_prev, tax_prev, named):
    result = growth("70000000", "1150000", output_prev=output_prev, tax_prev=tax_prev)
    assert result.outcome == Outcome.NEEDS_REVIEW and result.amount == 0
    assert f"2023 年{named}为 0" in result.reasons[0]


def test_missing_current_year_needs_review():
    result = rules.growth_award(policy(), 2024, {2023: Fig(D("5e7"), D("1e6"))}, [MUNICIPAL_2023])
    assert result.outcome == Outcome.NEEDS_REVIEW


# --- (四) the designation held during the year -----------------------------------------------------------------

def test_designation_expired_before_the_year_is_ineligible():
    expired = Des(Level.MUNICIPAL, date(2020, 6, 1), date(2023, 12, 31))
    result = growth("70000000", "1150000", designations=[expired])
    assert result.outcome == Outcome.INELIGIBLE and "未持有有效" in result.reasons[0]


def test_designation_valid_on_the_first_day_of_the_year_counts():
    last_day = Des(Level.MUNICIPAL, date(2021, 1, 1), date(2024, 1, 1))
    assert growth("70000000", "1150000", designations=[last_day]).outcome == Outcome.ELIGIBLE


def test_designation_granted_on_the_last_day_of_the_year_counts_and_after_does_not():
    on_last = Des(Level.REGIONAL, date(2024, 12, 31), date(2027, 12, 30))
    after = Des(Level.REGIONAL, date(2025, 1, 1), date(2027, 12, 31))
    assert growth("70000000", "1150000", designations=[on_last]).outcome == Outcome.ELIGIBLE
    assert growth("70000000", "1150000", designations=[after]).outcome == Outcome.INELIGIBLE


@pytest.mark.parametrize("level, eligible", [
    (Level.MUNICIPAL, True), (Level.REGIONAL, True), (Level.LITTLE_GIANT, True),
    (Level.INNOVATIVE, False), (Level.SINGLE_CHAMPION, False),
])
def test_levels_that_qualify_for_the_growth_award(level, eligible):
    held = Des(level, date(2023, 1, 1), date(2025, 12, 31))
    assert (growth("70000000", "1150000", designations=[held]).outcome == Outcome.ELIGIBLE) is eligible


def test_year_outside_every_record_is_ineligible():
    result = rules.growth_award(None, 2026, {2026: Fig(D("7e7"), D("1.15e6")), 2025: Fig(D("5e7"), D("1e6"))},
                                [Des(Level.MUNICIPAL, date(2025, 1, 1), date(2027, 12, 31))])
    assert result.outcome == Outcome.INELIGIBLE and "不在任何政策有效期内" in result.reasons[0]


# --- (四) amount: rounding and cap ------------------------------------------------------------------------------

def test_amount_rounds_half_up_to_the_cent():
    # increase 17,500,001.50 × 0.003 = 52,500.0045 → 52,500.00 ; increase 17,500,001.67 → 52,500.00501 → .01
    assert growth("67500001.50", "1100000").amount == D("52500.00")
    assert growth("67500001.67", "1100000").amount == D("52500.01")
    # exactly half a cent: 0.005 rounds up
    assert rules.growth_amount(policy(), D("1.5") / D("0.003") * D("0.01")) == D("0.02")


def test_the_cap_binds_when_the_policy_makes_it_bind():
    pol = policy(growth_award_cap=D("50000"))
    result = growth("70000000", "1150000", pol=pol)
    assert result.amount == D("50000.00") and any("按上限奖励" in r for r in result.reasons)
    assert growth("70000000", "1150000").amount == D("60000.00")  # the text's cap of 500,000 cannot bind


def test_fingerprint_changes_with_the_inputs_only():
    a, b = growth("70000000", "1150000"), growth("70000000", "1150000")
    assert a.fingerprint == b.fingerprint
    assert growth("70000001", "1150000").fingerprint != a.fingerprint
    assert growth("70000000", "1150000", pol=policy(growth_award_rate=D("0.004"))).fingerprint != a.fingerprint
    innovative = Des(Level.INNOVATIVE, date(2020, 1, 1), date(2030, 1, 1))
    assert growth("70000000", "1150000", designations=[MUNICIPAL_2023, innovative]).fingerprint == a.fingerprint


# --- invariants (hypothesis) ------------------------------------------------------------------------------------

money_values = st.decimals(min_value=D("0"), max_value=D("300000000"), places=2, allow_nan=False)
positive = st.decimals(min_value=D("0.01"), max_value=D("300000000"), places=2, allow_nan=False)
rates = st.decimals(min_value=D("0.0001"), max_value=D("0.05"), places=4)
caps = st.decimals(min_value=D("0"), max_value=D("1000000"), places=2)


@settings(max_examples=300, deadline=None)
@given(output=money_values, tax=money_values, prior_output=positive, prior_tax=positive, rate=rates, cap=caps)
def test_amount_is_never_negative_never_above_the_cap_and_zero_unless_eligible(
    output, tax, prior_output, prior_tax, rate, cap
):
    pol = policy(growth_award_rate=rate, growth_award_cap=cap)
    result = growth(output, tax, output_prev=prior_output, tax_prev=prior_tax, pol=pol)
    assert D("0") <= result.amount <= cap
    assert result.amount == result.amount.quantize(D("0.01"))
    if result.outcome != Outcome.ELIGIBLE:
        assert result.amount == 0
    else:
        assert D("20000000") <= output < D("100000000")
        assert output >= prior_output * D("1.35") and tax >= prior_tax * D("1.10")


@settings(max_examples=300, deadline=None)
@given(prior=st.decimals(min_value=D("10000000"), max_value=D("70000000"), places=2),
       step_a=st.decimals(min_value=D("0"), max_value=D("60000000"), places=2),
       step_b=st.decimals(min_value=D("0"), max_value=D("60000000"), places=2))
def test_amount_is_monotone_in_growth(prior, step_a, step_b):
    low, high = sorted((step_a, step_b))
    a = growth(prior + low, "2000000", output_prev=prior, tax_prev="1000000")
    b = growth(prior + high, "2000000", output_prev=prior, tax_prev="1000000")
    # within the band, more growth never pays less; leaving the band hands over to other policies
    if b.outcome != Outcome.OTHER_POLICY:
        assert b.amount >= a.amount


@settings(max_examples=200, deadline=None)
@given(increase_a=money_values, increase_b=money_values)
def test_growth_amount_is_monotone_and_capped(increase_a, increase_b):
    pol = policy()
    low, high = sorted((increase_a, increase_b))
    assert D("0") <= rules.growth_amount(pol, low) <= rules.growth_amount(pol, high) <= D("500000")

from datetime import date
from decimal import Decimal
from types import SimpleNamespace

import pytest

from declarations.rules import is_sme, notice_period, self_check, tier_checkup
from declarations.states import TRANSITIONS, Action, Kind, Status, allowed_actions
from enterprises.roles import Role
from policy.levels import Level, next_tier

CRITERIA_2022 = SimpleNamespace(
    document_number="工信部企业〔2022〕63号", sme_max_employees=1000, sme_max_revenue=Decimal("400000000"),
    srdi_min_years_in_niche=2, srdi_min_rd_expense=Decimal("1000000"), srdi_min_rd_ratio=Decimal("0.03"),
    srdi_min_revenue=Decimal("10000000"), srdi_alt_equity_financing=Decimal("20000000"),
)


@pytest.mark.parametrize("employees, revenue, expected", [
    (999, Decimal("500000000"), True),        # few enough people
    (1000, Decimal("399999999.99"), True),   # revenue just under the ceiling
    (1000, Decimal("400000000"), False),     # both at the line: "fewer than" / "below" exclude it
    (None, Decimal("1"), True),
    (1500, None, None),                       # one test fails, the other is unknown: undecided
    (None, None, None),
])
def test_sme_size_test_is_either_figure_under_its_ceiling(employees, revenue, expected):
    assert is_sme(CRITERIA_2022, employees=employees, revenue=revenue) is expected


def _check(**overrides):
    facts = {"employees": 200, "revenue_last": Decimal("30000000"), "years_in_niche": 5,
             "rd_expense_last": Decimal("1200000"), "equity_financing": None, **overrides}
    return self_check(CRITERIA_2022, **facts)


def test_a_firm_meeting_every_criterion_passes_the_self_check():
    result = _check()
    assert result.all_passed and not result.blocking_failures
    assert [item.label for item in result.items] == ["中小企业规模", "从事细分市场年限", "研发投入", "经营规模"]


def test_rd_ratio_below_the_threshold_fails_with_the_figures_shown():
    result = _check(rd_expense_last=Decimal("800000"), revenue_last=Decimal("40000000"))
    rd = result.items[2]
    assert rd.passed is False and "2%" in rd.detail and "3%" in rd.detail
    assert not result.blocking_failures  # a shortfall is shown, it does not stop submission


def test_small_revenue_is_made_up_by_equity_financing():
    assert _check(revenue_last=Decimal("9000000"), rd_expense_last=Decimal("1000000"),
                  equity_financing=Decimal("20000000")).items[3].passed is True
    assert _check(revenue_last=Decimal("9000000"), equity_financing=Decimal("19999999")).items[3].passed is False


def test_a_large_firm_fails_the_blocking_sme_test():
    result = _check(employees=1200, revenue_last=Decimal("450000000"), rd_expense_last=Decimal("20000000"))
    assert [item.label for item in result.blocking_failures] == ["中小企业规模"]


def test_missing_figures_leave_items_undecided_not_failed():
    result = _check(years_in_niche=None, rd_expense_last=None)
    assert result.items[1].passed is None and result.items[2].passed is None and not result.all_passed


def test_notice_period_counts_calendar_days_inclusive():
    assert notice_period(date(2026, 5, 1), 7) == (date(2026, 5, 1), date(2026, 5, 7))


def test_transitions_table_gives_each_role_only_its_own_step():
    assert allowed_actions(Kind.APPLICATION, Status.SUBMITTED, Role.COUNTY) == [
        Action.COUNTY_RECOMMEND, Action.COUNTY_RETURN, Action.COUNTY_REJECT]
    assert allowed_actions(Kind.APPLICATION, Status.SUBMITTED, Role.REVIEWER) == []
    assert allowed_actions(Kind.APPLICATION, Status.COUNTY_RECOMMENDED, Role.COUNTY) == []
    assert allowed_actions(Kind.ANNUAL_REPORT, Status.SUBMITTED, Role.COUNTY) == [Action.COUNTY_RETURN, Action.COUNTY_CONFIRM]
    assert allowed_actions(Kind.APPLICATION, Status.RECOGNIZED, Role.ADMIN) == []
    assert None in TRANSITIONS[Action.CONCLUDE_NOTICE].roles  # the daily command runs without a user


# --- the tier check-up (梯度体检): the same self-check, each missed criterion with its gap ------------------------


@pytest.mark.parametrize(("years", "passed", "gap"), [(2, True, ""), (1, False, "还差 1 年")])
def test_years_in_the_niche_at_the_minimum_pass_and_a_year_short_says_so(years, passed, gap):
    item = _check(years_in_niche=years).items[1]
    assert item.passed is passed and item.gap == gap


@pytest.mark.parametrize(("rd", "revenue", "passed", "gap"), [
    ("1000000", "30000000", True, ""),
    ("999999.99", "30000000", False, "研发费用还差 0.01 元（须达到 1,000,000.00 元）"),
    # 3% of 40,000,000 = 1,200,000 is the larger requirement
    ("1200000", "40000000", True, ""),
    ("1199999.99", "40000000", False, "研发费用还差 0.01 元（须达到 1,200,000.00 元）"),
])
def test_rd_expense_needs_both_the_floor_and_the_share_of_revenue(rd, revenue, passed, gap):
    item = _check(rd_expense_last=Decimal(rd), revenue_last=Decimal(revenue)).items[2]
    assert item.passed is passed and item.gap == gap


@pytest.mark.parametrize(("revenue", "equity", "passed"), [
    ("10000000", None, True), ("9999999.99", None, False), ("9999999.99", "20000000", True),
    ("9999999.99", "19999999.99", False),
])
def test_scale_by_revenue_or_by_equity_financing_with_both_gaps(revenue, equity, passed):
    item = _check(revenue_last=Decimal(revenue), rd_expense_last=Decimal("1000000"),
                  equity_financing=None if equity is None else Decimal(equity)).items[3]
    assert item.passed is passed
    if not passed:
        assert item.gap.startswith("营业收入还差 0.01 元，或近两年新增股权融资还差 ")
        assert item.gap.endswith("0.01 元" if equity else "20,000,000.00 元")


@pytest.mark.parametrize(("employees", "revenue", "passed"), [
    (999, Decimal("500000000"), True), (1000, Decimal("399999999.99"), True), (1000, Decimal("400000000"), False),
])
def test_the_sme_size_test_at_its_ceilings(employees, revenue, passed):
    item = _check(employees=employees, revenue_last=revenue).items[0]
    assert item.passed is passed and bool(item.gap) is not passed


def test_the_next_tier_up_the_ladder():
    assert next_tier(None) == Level.INNOVATIVE
    assert next_tier(Level.INNOVATIVE) == Level.MUNICIPAL
    assert next_tier(Level.MUNICIPAL) == Level.REGIONAL
    assert next_tier(Level.REGIONAL) == Level.LITTLE_GIANT
    assert next_tier(Level.LITTLE_GIANT) is None and next_tier(Level.SINGLE_CHAMPION) is None


FACTS = {"employees": 200, "revenue_last": Decimal("30000000"), "years_in_niche": 1,
         "rd_expense_last": Decimal("1200000"), "equity_financing": None}


def test_the_checkup_for_the_srdi_tiers_lists_every_criterion_of_the_edition():
    for level in (Level.MUNICIPAL, Level.REGIONAL):
        checkup = tier_checkup(CRITERIA_2022, level, **FACTS)
        assert [i.label for i in checkup.items] == ["中小企业规模", "从事细分市场年限", "研发投入", "经营规模"]
        assert [i.label for i in checkup.missed] == ["从事细分市场年限"] and checkup.note == ""


def test_the_checkup_says_when_the_edition_holds_no_criteria_for_the_tier_and_at_the_top():
    checkup = tier_checkup(CRITERIA_2022, Level.LITTLE_GIANT, "国家级专精特新小巨人企业", **FACTS)
    assert [i.label for i in checkup.items] == ["中小企业规模"] and "未录入国家级专精特新小巨人企业" in checkup.note
    top = tier_checkup(CRITERIA_2022, None, **FACTS)
    assert top.items == () and top.note == "已处于梯度培育的最高层级"

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from enterprises.rules import current_tier, designation_standing, figures_with_growth, on_white_list
from policy.levels import Level, level_from_label


@dataclass
class D:
    level: str
    granted_on: date
    valid_until: date


@dataclass
class Figures:
    year: int
    output_value: Decimal
    tax_paid: Decimal
    revenue: Decimal | None = None
    rd_expense: Decimal | None = None
    employees: int | None = None


def test_current_tier_is_the_highest_valid_level():
    held = [
        D(Level.INNOVATIVE, date(2021, 1, 1), date(2023, 12, 31)),
        D(Level.MUNICIPAL, date(2022, 6, 1), date(2025, 5, 31)),
        D(Level.LITTLE_GIANT, date(2024, 7, 1), date(2027, 6, 30)),
    ]
    assert current_tier(held, date(2022, 1, 1)) == Level.INNOVATIVE
    assert current_tier(held, date(2023, 1, 1)) == Level.MUNICIPAL
    assert current_tier(held, date(2024, 7, 1)) == Level.LITTLE_GIANT
    # the little giant outlives the municipal title
    assert current_tier(held, date(2026, 1, 1)) == Level.LITTLE_GIANT
    assert current_tier(held, date(2027, 7, 1)) is None


def test_single_champion_outranks_little_giant():
    held = [D(Level.LITTLE_GIANT, date(2024, 1, 1), date(2026, 12, 31)),
            D(Level.SINGLE_CHAMPION, date(2024, 1, 1), date(2026, 12, 31))]
    assert current_tier(held, date(2025, 1, 1)) == Level.SINGLE_CHAMPION


def test_validity_bounds_are_inclusive():
    held = [D(Level.MUNICIPAL, date(2023, 6, 1), date(2026, 5, 31))]
    assert current_tier(held, date(2023, 5, 31)) is None
    assert current_tier(held, date(2023, 6, 1)) == Level.MUNICIPAL
    assert current_tier(held, date(2026, 5, 31)) == Level.MUNICIPAL
    assert current_tier(held, date(2026, 6, 1)) is None


def test_white_list_needs_municipal_or_higher():
    innovative = [D(Level.INNOVATIVE, date(2023, 1, 1), date(2025, 12, 31))]
    assert not on_white_list(innovative, date(2024, 1, 1))
    regional = innovative + [D(Level.REGIONAL, date(2024, 3, 1), date(2027, 2, 28))]
    assert not on_white_list(regional, date(2024, 2, 29))
    assert on_white_list(regional, date(2024, 3, 1))


def test_level_labels_parse_with_or_without_quotes():
    assert level_from_label("市级专精特新中小企业") == Level.MUNICIPAL
    assert level_from_label('市级"专精特新"中小企业') == Level.MUNICIPAL
    assert level_from_label(" 国家级专精特新小巨人企业 ") == Level.LITTLE_GIANT
    assert level_from_label("省级专精特新") is None


def test_figures_growth_over_the_year_before_and_unknown_when_missing_or_zero():
    rows = figures_with_growth([
        Figures(2025, Decimal("27000000"), Decimal("1100000")),
        Figures(2024, Decimal("20000000"), Decimal("1000000")),
        Figures(2022, Decimal("0"), Decimal("0")),
        Figures(2023, Decimal("15000000"), Decimal("900000")),
    ])
    assert [r.year for r in rows] == [2025, 2024, 2023, 2022]
    assert rows[0].output_growth == Decimal("0.35") and rows[0].tax_growth == Decimal("0.1")
    assert rows[2].output_growth is None  # 2022 output was zero
    assert rows[3].output_growth is None  # no 2021 figures


def test_a_designation_stands_future_valid_expiring_or_expired():
    title = D(Level.MUNICIPAL, date(2024, 1, 1), date(2026, 12, 31))
    assert designation_standing(title, date(2023, 12, 31), 180).state == "future"
    assert designation_standing(title, date(2024, 1, 1), 180).state == "valid"
    # the warning period counts back from the last valid day, both ends included
    assert designation_standing(title, date(2026, 7, 3), 180).state == "valid"
    at_warning = designation_standing(title, date(2026, 7, 4), 180)
    assert at_warning.state == "expiring" and at_warning.days_left == 180 and at_warning.label == "即将到期"
    assert designation_standing(title, date(2026, 12, 31), 180).expiring
    gone = designation_standing(title, date(2027, 1, 1), 180)
    assert gone.expired and not gone.in_force and gone.label == "已过期"

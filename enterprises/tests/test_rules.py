from dataclasses import dataclass
from datetime import date

from enterprises.rules import current_tier, on_white_list
from policy.levels import Level, level_from_label


@dataclass
class D:
    level: str
    granted_on: date
    valid_until: date


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

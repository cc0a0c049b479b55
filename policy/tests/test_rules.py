from dataclasses import dataclass
from datetime import date

from policy import rules


@dataclass
class Edition:
    effective_from: date
    effective_until: date


def test_a_term_ends_the_day_before_the_anniversary():
    assert rules.term_end(date(2023, 6, 1), 3) == date(2026, 5, 31)
    assert rules.term_end(date(2024, 2, 29), 3) == date(2027, 2, 27)
    assert rules.term_end(date(2023, 1, 1), 2) == date(2024, 12, 31)


def test_a_closed_year_is_judged_on_31_december_and_the_running_year_today():
    assert rules.reference_day(2024, date(2026, 5, 1)) == date(2024, 12, 31)
    assert rules.reference_day(2026, date(2026, 5, 1)) == date(2026, 5, 1)
    assert rules.reference_day(2026, date(2026, 12, 31)) == date(2026, 12, 31)


def test_the_edition_in_force_is_none_outside_every_period():
    old = Edition(date(2023, 1, 1), date(2024, 12, 31))
    new = Edition(date(2025, 7, 1), date(2027, 6, 30))
    assert rules.edition_in_force([old, new], date(2023, 1, 1)) is old
    assert rules.edition_in_force([old, new], date(2024, 12, 31)) is old
    assert rules.edition_in_force([old, new], date(2025, 3, 1)) is None
    assert rules.edition_in_force([old, new], date(2025, 7, 1)) is new
    assert rules.edition_in_force([old, new], date(2027, 7, 1)) is None


def test_overlapping_editions_the_later_start_wins():
    old = Edition(date(2023, 1, 1), date(2025, 12, 31))
    new = Edition(date(2025, 7, 1), date(2027, 6, 30))
    assert rules.edition_in_force([old, new], date(2025, 8, 1)) is new
    assert rules.edition_in_force([new, old], date(2025, 8, 1)) is new


def test_the_growth_edition_of_a_year_is_the_latest_overlapping_it():
    old = Edition(date(2023, 1, 1), date(2024, 12, 31))
    new = Edition(date(2025, 7, 1), date(2027, 6, 30))
    assert rules.edition_for_year([old, new], 2024) is old
    assert rules.edition_for_year([old, new], 2025) is new
    assert rules.edition_for_year([old, new], 2022) is None
    assert rules.edition_for_year([old, new], 2028) is None


def test_a_period_is_named_by_its_two_days():
    assert rules.period_label(Edition(date(2023, 1, 1), date(2024, 12, 31))) == "2023-01-01 至 2024-12-31"


def test_standing_numbers_fall_back_to_the_last_edition_and_never_to_none_while_one_exists():
    old = Edition(date(2023, 1, 1), date(2024, 12, 31))
    new = Edition(date(2027, 1, 1), date(2028, 12, 31))
    assert rules.edition_standing_on([old, new], date(2024, 6, 1)) is old
    assert rules.edition_standing_on([old, new], date(2026, 6, 1)) is old  # lapsed: the last one stands
    assert rules.edition_standing_on([new, old], date(2029, 6, 1)) is new
    assert rules.edition_standing_on([old, new], date(2020, 1, 1)) is old  # before the first: the first
    assert rules.edition_standing_on([], date(2024, 6, 1)) is None


@dataclass
class Named:
    name: str
    document_number: str
    effective_from: date
    effective_until: date


OLD = Named("若干措施（试行）", "桂政办发〔2023〕1号", date(2023, 1, 1), date(2024, 12, 31))
NEW = Named("若干措施", "桂政办发〔2025〕9号", date(2025, 7, 1), date(2027, 6, 30))


def test_no_lapse_notice_while_an_edition_is_in_force():
    assert rules.lapse_notice([OLD, NEW], date(2024, 12, 31)) is None
    assert rules.lapse_notice([OLD, NEW], date(2025, 7, 1)) is None


def test_a_lapse_names_the_edition_and_the_day_it_ended():
    notice = rules.lapse_notice([OLD], date(2025, 3, 1))
    assert (notice.edition, notice.ended_on, notice.next_edition) == (OLD, date(2024, 12, 31), None)
    assert notice.sentence == ("《若干措施（试行）》（桂政办发〔2023〕1号）已于 2024-12-31 到期失效。"
                               "此后的市级认定和年度在录入新版本政策前不产生（三）（四）奖励。")


def test_a_gap_between_editions_names_both():
    notice = rules.lapse_notice([NEW, OLD], date(2025, 3, 1))
    assert notice.edition is OLD and notice.next_edition is NEW
    assert "2024-12-31 到期失效" in notice.sentence and "桂政办发〔2025〕9号" in notice.sentence
    assert "2025-07-01 起施行" in notice.sentence
    assert rules.lapse_notice([OLD, NEW], date(2028, 1, 1)).edition is NEW  # the latest to end


def test_before_the_first_edition_and_without_any_edition():
    before = rules.lapse_notice([OLD], date(2022, 6, 1))
    assert before.edition is OLD and before.ended_on is None and "2023-01-01 起施行" in before.sentence
    none = rules.lapse_notice([], date(2025, 3, 1))
    assert none.edition is None and "尚未录入政策参数" in none.sentence

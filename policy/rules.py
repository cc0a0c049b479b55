"""Pure rules of the policy floor: which edition applies, and the calendar arithmetic every floor shares. No ORM.

Editions are anything with `effective_from` / `effective_until` (the measures) or `effective_from` alone (the
national criteria, each in force until the next one starts)."""

import calendar
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta


def add_years(day: date, years: int) -> date:
    """The same day `years` later; 29 February becomes 28 February in a common year."""
    target_year = day.year + years
    last_day = calendar.monthrange(target_year, day.month)[1]
    return day.replace(year=target_year, day=min(day.day, last_day))


def term_end(start: date, years: int) -> date:
    """The last day of a term of `years` starting on `start`: 2023-06-01 for 3 years runs through 2026-05-31."""
    return add_years(start, years) - timedelta(days=1)


def reference_day(year: int, today: date) -> date:
    """The day a year is judged on: 31 December of that year, or today while the year is still running."""
    return min(date(year, 12, 31), today)


def edition_in_force(editions: Iterable, day: date):
    """The edition of the measures whose period of force contains `day` (the latest-starting one if editions
    overlap), or None: outside every period no edition applies."""
    matching = [e for e in editions if e.effective_from <= day <= e.effective_until]
    return max(matching, key=lambda e: e.effective_from) if matching else None


def edition_for_year(editions: Iterable, year: int):
    """(四) applies to calendar years overlapping a period of force: the latest-starting edition overlapping
    `year`, or None (then no growth result is computed for that year)."""
    first, last = date(year, 1, 1), date(year, 12, 31)
    matching = [e for e in editions if e.effective_from <= last and e.effective_until >= first]
    return max(matching, key=lambda e: e.effective_from) if matching else None


def edition_standing_on(editions: Iterable, day: date):
    """The edition whose numbers stand on `day` for running work (never for money): the one in force, or — once
    it has lapsed and until a new one is entered — the latest that started before `day`, or failing that the
    earliest. None when there is no edition at all."""
    editions = list(editions)
    in_force = edition_in_force(editions, day)
    if in_force is not None:
        return in_force
    started = [e for e in editions if e.effective_from <= day]
    if started:
        return max(started, key=lambda e: e.effective_from)
    return min(editions, key=lambda e: e.effective_from, default=None)


def period_label(edition) -> str:
    """How a reason names the period it was judged against."""
    return f"{edition.effective_from.isoformat()} 至 {edition.effective_until.isoformat()}"


@dataclass(frozen=True)
class LapseNotice:
    """What a page that shows awards says when no edition of the measures is in force on `day`: the edition that
    lapsed last (or, before the first period, the first one; None when none was ever entered), the day it ended,
    the next edition if one has been entered but has not yet started, and the sentence to show."""

    day: date
    edition: object | None
    ended_on: date | None
    sentence: str
    next_edition: object | None = None


def edition_title(edition) -> str:
    """How a notice names an edition: 《name》（document number）."""
    return f"《{edition.name}》（{edition.document_number}）"


def lapse_notice(editions: Iterable, day: date) -> LapseNotice | None:
    """None while an edition is in force on `day`; otherwise which edition lapsed on which day, said plainly.
    (三) and (四) are decided only under an edition in force, so a page that shows awards must say why none come."""
    editions = list(editions)
    if edition_in_force(editions, day) is not None:
        return None
    ended = [e for e in editions if e.effective_until < day]
    upcoming = [e for e in editions if e.effective_from > day]
    lapsed = max(ended, key=lambda e: e.effective_until) if ended else None
    following = min(upcoming, key=lambda e: e.effective_from) if upcoming else None
    if lapsed is None and following is None:
        return LapseNotice(day, None, None, "尚未录入政策参数（政策版本），在录入前市级认定和年度不产生（三）（四）奖励。")
    if lapsed is None:
        return LapseNotice(day, following, None, (
            f"{edition_title(following)}自 {following.effective_from.isoformat()} 起施行，"
            "此前的市级认定和年度不产生（三）（四）奖励。"), following)
    ended_on = lapsed.effective_until
    if following is None:
        sentence = (f"{edition_title(lapsed)}已于 {ended_on.isoformat()} 到期失效。"
                    "此后的市级认定和年度在录入新版本政策前不产生（三）（四）奖励。")
    else:
        sentence = (f"{edition_title(lapsed)}已于 {ended_on.isoformat()} 到期失效，新版本{edition_title(following)}"
                    f"自 {following.effective_from.isoformat()} 起施行；其间的市级认定和年度不产生（三）（四）奖励。")
    return LapseNotice(day, lapsed, ended_on, sentence, following)

"""Reads of the policy floor: which edition of the measures, and which national criteria edition, applies."""

from . import rules
from .levels import LevelNames
from .models import CriteriaEdition, PolicyRecord


class NoPolicyEdition(Exception):
    """No edition of the measures has been entered at all."""


class NoCriteriaEdition(Exception):
    """No national criteria edition has been entered at all."""


def editions():
    """Every edition of the measures, oldest first."""
    return list(PolicyRecord.objects.order_by("effective_from"))


def edition_in_force(day):
    """The edition of the measures in force on `day`, or None outside every period (rules.edition_in_force).
    Money is decided only under this answer."""
    return rules.edition_in_force(PolicyRecord.objects.filter(effective_from__lte=day, effective_until__gte=day),
                                  day)


def edition_standing_on(day, known_editions=None):
    """The numbers that stand on `day` for the registry's and the bureau's running work — designation validity,
    the notice period, the expiry warning, quotas, liaison duty, listing goals (rules.edition_standing_on).
    Never used to decide an award: awards read `edition_in_force` and say when none applies. One query, none when
    the caller passes the `editions()` it has already read (an import judging many grant dates)."""
    record = rules.edition_standing_on(editions() if known_editions is None else known_editions, day)
    if record is None:
        raise NoPolicyEdition("尚未录入政策参数")
    return record


def expiry_warning_days(day):
    """How many days before its end a designation is flagged for re-review (复核), as the policy stands on `day`."""
    try:
        return edition_standing_on(day).expiry_warning_days
    except NoPolicyEdition:
        return PolicyRecord._meta.get_field("expiry_warning_days").default


def criteria_for(day):
    """The national criteria edition in force on `day` (the latest that started on or before it; before the first
    edition, the first)."""
    edition = CriteriaEdition.objects.filter(effective_from__lte=day).order_by("-effective_from").first()
    if edition is None:
        edition = CriteriaEdition.objects.order_by("effective_from").first()
    if edition is None:
        raise NoCriteriaEdition("尚未录入国家认定条件")
    return edition


def level_names():
    """Every level's name by date (levels.LevelNames), from the national criteria editions in one query: build it
    once for a page or a file, then name each designation by its grant date."""
    return LevelNames(CriteriaEdition.objects.order_by("effective_from").values_list("effective_from", "first_tier_name"))


def level_name(level, on):
    """One level's name on `on` (its grant date, for a designation). One query; for many rows use level_names()."""
    return level_names().name(level, on)


def lapse_notice(day):
    """None while an edition of the measures is in force on `day`; otherwise a rules.LapseNotice naming the edition
    that lapsed and the day it ended (or saying that none was entered), for every page that shows awards. One
    query."""
    return rules.lapse_notice(editions(), day)


def editions_without_objection_desk(day):
    """The editions whose public notices the public reads from `day` on — the one standing on `day` and every later
    one — that give no phone or no address for objections. One query."""
    known = editions()
    standing = rules.edition_standing_on(known, day)
    return [e for e in known if standing is not None and e.effective_from >= standing.effective_from
            and not (e.objection_phone and e.objection_address)]


def edition_by_document_number(document_number):
    """The edition identified by its document number (发文字号), or None."""
    return PolicyRecord.objects.filter(document_number=document_number).first()

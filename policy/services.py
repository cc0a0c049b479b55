"""Writes of the policy floor: every edition saved with its history and its author."""

from django.db import transaction

from audit import audited

from .rules import term_end


@transaction.atomic
def save_policy_record(*, actor, record, derive_period=False):
    """Save an edition of the measures with its history. With `derive_period` (the issuance date was entered and
    the period was not set by hand), the period of force runs from the issuance date for the record's term: the
    measures are "自印发之日起施行，有效期2年"."""
    if derive_period and record.issued_on:
        record.effective_from = record.issued_on
        record.effective_until = term_end(record.issued_on, record.term_years)
    record.full_clean()
    audited(record, actor).save()
    return record


@transaction.atomic
def save_criteria_edition(*, actor, edition):
    """Save a national criteria edition with its history (the bureau enters each MIIT edition as a new row)."""
    edition.full_clean()
    audited(edition, actor).save()
    return edition

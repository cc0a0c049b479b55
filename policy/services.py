"""Writes of the policy floor: every edition saved with its history and its author.

Editions, not edits: once an award was decided (approved or later) under an edition, every number an award decision
reads — the (三)(四) amounts, thresholds and rates, the notice days, the designation validity — and its period and
document number are frozen; such a change is a new edition (`copy_edition`), with its own document number and a
period after the copied one. What decides no yuan stays correctable: the name, the objection contact, and the
running-work numbers (the expiry warning, the (二) targets and baseline, (八) liaison duty, (十) listing goals,
(十六) training), which the bureau enters or adjusts without a new document."""

from django.core.exceptions import ValidationError
from django.db import transaction

from audit import audited, change_reason, require_actor

from .decisions import decisions_under
from .models import PolicyRecord
from .rules import edition_title, term_end

# What may still be corrected on an edition with decisions: what no award decision reads (edition_standing_on's
# running-work numbers, never used for money), so the baseline can be entered after the first approvals.
EDITABLE_AFTER_DECISIONS = frozenset({
    "name", "objection_contact", "objection_phone", "objection_address", "expiry_warning_days",
    "new_municipal_per_year", "baseline_date", "baseline_srdi_count", "baseline_output_value", "count_doubling_years",
    "output_doubling_years", "liaison_resolved_per_year", "listing_pool_min", "listing_goal", "listing_goal_year",
    "training_managers_per_year",
})
_BOOKKEEPING = frozenset({"id", "created_at"})


def frozen_fields():
    """The fields of an edition that a decision freezes: what an award decision reads, its period and document
    number."""
    return [f for f in PolicyRecord._meta.concrete_fields if f.name not in EDITABLE_AFTER_DECISIONS | _BOOKKEEPING]


def changed_fields(stored, record, fields=None):
    """The fields (of `fields`, default every frozen one) whose value on `record` differs from `stored`."""
    return [f for f in (fields or frozen_fields()) if getattr(stored, f.attname) != getattr(record, f.attname)]


def apply_term(record):
    """The measures are "自印发之日起施行，有效期2年": the period runs from the issuance date for the term."""
    if record.issued_on:
        record.effective_from = record.issued_on
        record.effective_until = term_end(record.issued_on, record.term_years)
    return record


def check_not_frozen(record):
    """Refuse a change to the numbers or the period of an edition that has decisions under it (a ValidationError
    naming the edition, how many decisions, what changed, and what to do instead). A new edition passes."""
    if record.pk is None:
        return
    stored = PolicyRecord.objects.filter(pk=record.pk).first()
    if stored is None:
        return
    changed = changed_fields(stored, record)
    if not changed:
        return
    decisions = decisions_under([record.pk]).get(record.pk, 0)
    if decisions:
        labels = "、".join(str(f.verbose_name) for f in changed)
        raise ValidationError(
            f"{edition_title(stored)}下已有 {decisions} 项奖励审核通过，其数额和施行期不可再改（本次改动：{labels}）。"
            "如政策调整，请将其“复制为新版本”，录入新的发文字号和施行期后再修改；本版本仍可更正政策名称、异议受理单位、"
            "到期提醒和各项年度目标与基数。",
            code="edition_frozen",
        )


@transaction.atomic
def save_policy_record(*, actor, record, derive_period=False):
    """Save an edition of the measures with its history. With `derive_period` (the issuance date was entered and
    the period was not set by hand), the period of force runs from the issuance date for the record's term.
    An edition with decisions under it refuses a change to what an award decision reads (check_not_frozen)."""
    require_actor(actor)
    if derive_period:
        apply_term(record)
    if record.pk is not None:
        PolicyRecord.objects.select_for_update().filter(pk=record.pk).first()  # one writer decides at a time
    check_not_frozen(record)
    record.full_clean()
    audited(record, actor).save()
    return record


@transaction.atomic
def copy_edition(*, actor, edition, document_number, effective_from, effective_until):
    """A new edition with the numbers of `edition`, its own document number and a period starting after the copied
    one ends. The issuance date is left to be entered; the copy is edited freely until a decision is made under
    it. History names the actor and the edition copied."""
    require_actor(actor)
    document_number = (document_number or "").strip()
    errors = {}
    if not document_number:
        errors["document_number"] = "请填写新版本的发文字号。"
    elif document_number == edition.document_number:
        errors["document_number"] = "新版本须有自己的发文字号，不能与被复制的版本相同。"
    if effective_from is None:
        errors["effective_from"] = "请填写新版本的施行起始日。"
    elif effective_from <= edition.effective_until:
        errors["effective_from"] = (
            f"新版本的施行起始日须晚于被复制版本的有效期截止日（{edition.effective_until.isoformat()}）。")
    if effective_until is None:
        errors["effective_until"] = "请填写新版本的有效期截止日。"
    elif effective_from is not None and effective_until < effective_from:
        errors["effective_until"] = "有效期截止日不能早于施行起始日。"
    if errors:
        raise ValidationError(errors)
    copy = PolicyRecord(**{f.attname: getattr(edition, f.attname) for f in PolicyRecord._meta.concrete_fields
                           if f.name not in _BOOKKEEPING})
    copy.document_number, copy.issued_on = document_number, None
    copy.effective_from, copy.effective_until = effective_from, effective_until
    copy.full_clean()
    audited(copy, actor)
    copy._change_reason = " · ".join(
        part for part in (f"复制自{edition_title(edition)}", change_reason(actor)) if part)[:100]
    copy.save()
    return copy


@transaction.atomic
def import_edition(*, actor, values):
    """Create or update the edition whose document number is `values["document_number"]` from a complete set of
    field values (policy.edition_file.read_edition). Returns (edition, status, changed field labels) with status
    "created", "updated" or "unchanged"; an edition with decisions refuses a change to its numbers."""
    require_actor(actor)
    record = PolicyRecord.objects.select_for_update().filter(document_number=values["document_number"]).first()
    if record is None:
        record = PolicyRecord(**values)
        save_policy_record(actor=actor, record=record)
        return record, "created", []
    stored = PolicyRecord.objects.get(pk=record.pk)
    for name, value in values.items():
        setattr(record, name, value)
    changed = changed_fields(stored, record, [f for f in PolicyRecord._meta.concrete_fields
                                              if f.name not in _BOOKKEEPING])
    if not changed:
        return record, "unchanged", []
    save_policy_record(actor=actor, record=record)
    return record, "updated", [str(f.verbose_name) for f in changed]


@transaction.atomic
def save_criteria_edition(*, actor, edition):
    """Save a national criteria edition with its history (the bureau enters each MIIT edition as a new row)."""
    require_actor(actor)
    edition.full_clean()
    audited(edition, actor).save()
    return edition

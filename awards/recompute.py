"""The yearly recompute: every enterprise concerned by year Y, evaluated in set-based batches.

Per batch a fixed number of queries (designations, figures, existing results, one bulk insert and one bulk
update with their history rows), each batch in its own transaction, every write keyed on the awards' unique
constraints — so a run interrupted anywhere is finished correctly by the next one, and a second run with
unchanged inputs writes nothing at all.

Who is evaluated for year Y:
- (三) enterprises with a municipal recognition dated in Y, or whose stored recognition result is of year Y.
  The rule always judges the enterprise's *first* municipal recognition; the result's year is that one's.
- (四) enterprises that held a municipal, regional or little-giant title at some time in Y, or that already have
  a growth result for Y — only when a policy record's period overlaps Y. For a year no record overlaps, no
  growth result is stored (there is nothing to decide; the run's summary says so).
"""

from collections import defaultdict, namedtuple
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from audit import bulk_history, person, require_actor
from enterprises.models import AnnualFigures, Designation
from policy.levels import Level
from policy.models import PolicyRecord
from policy.rules import edition_for_year, edition_in_force

from . import permissions, rules
from .models import Award, RecomputeRun
from .states import UNDECIDED, AwardKind, AwardState, Outcome

BATCH_SIZE = 2000

DesignationRow = namedtuple("DesignationRow", "level granted_on valid_until document_number")
FiguresRow = namedtuple("FiguresRow", "output_value tax_paid")

# The columns a recompute may write; the flow columns are the transition services' alone.
RESULT_FIELDS = [
    "year", "recognition_date", "policy", "outcome", "amount", "reasons", "figures", "clause", "fingerprint",
    "computed_at", "needs_attention", "attention_reason", "attention_fingerprint", "state", "state_changed_at",
]


@dataclass
class RecomputeSummary:
    year: int | None
    total: int = 0
    created: int = 0
    updated: int = 0
    flagged: int = 0
    unchanged: int = 0
    growth_policy: str = ""
    awards: list = field(default_factory=list, repr=False)

    def add(self, other):
        self.created += other.created
        self.updated += other.updated
        self.flagged += other.flagged
        self.unchanged += other.unchanged

    def __str__(self):
        policy = self.growth_policy or "无适用政策，未计算成长奖励"
        return (f"{self.year} 年：涉及企业 {self.total} 家，新增 {self.created}，更新 {self.updated}，"
                f"标记复核 {self.flagged}，未变化 {self.unchanged}（成长奖励政策：{policy}）")


def record_run(*, year, actor):
    """The row a queued recompute reports its progress on. Queueing it is the caller's: awards.services for staff
    and commands, the beat task itself (awards.tasks) — so that tasks never import services."""
    require_actor(actor)
    permissions.require(permissions.can_recompute(actor), "无权发起资格重算")
    return RecomputeRun.objects.create(year=year, triggered_by=person(actor))


def recompute_eligibility(*, year, actor, progress=None, batch_size=BATCH_SIZE):
    """Evaluate (三) and (四) for year `year` and store the results, as `actor` (a reviewer, an admin or a system
    actor). `progress(done, total)` is called after each batch. Returns a RecomputeSummary."""
    require_actor(actor)
    permissions.require(permissions.can_recompute(actor), "无权发起资格重算")
    policies = list(PolicyRecord.objects.all())
    growth_policy = edition_for_year(policies, year)
    first, last = date(year, 1, 1), date(year, 12, 31)

    recognition_ids = set(
        Designation.objects.filter(level=Level.MUNICIPAL, granted_on__range=(first, last))
        .values_list("enterprise_id", flat=True).order_by()
        .union(Award.objects.filter(kind=AwardKind.RECOGNITION, year=year)
               .values_list("enterprise_id", flat=True).order_by())
    )
    growth_ids = set()
    if growth_policy is not None:
        growth_ids = set(
            Designation.objects.filter(level__in=rules.GROWTH_LEVELS, granted_on__lte=last, valid_until__gte=first)
            .values_list("enterprise_id", flat=True).order_by()
            .union(Award.objects.filter(kind=AwardKind.GROWTH, year=year)
                   .values_list("enterprise_id", flat=True).order_by())
        )
    ids = sorted(recognition_ids | growth_ids)
    summary = RecomputeSummary(year=year, total=len(ids), growth_policy=str(growth_policy or ""))
    if progress:
        progress(0, len(ids))
    for start in range(0, len(ids), batch_size):
        batch = ids[start:start + batch_size]
        with transaction.atomic():
            summary.add(_process_batch(
                batch, recognition_ids=recognition_ids, growth_ids=growth_ids, year=year, policies=policies,
                growth_policy=growth_policy, actor=actor,
            ))
        if progress:
            progress(min(start + batch_size, len(ids)), len(ids))
    return summary


def refresh_recognition_award(*, enterprise, actor):
    """(三) for one enterprise, right away — for the declarations flow after a municipal recognition, so that
    the candidate appears without waiting for the yearly run. Returns the stored award, or None when the
    enterprise holds no municipal recognition. The calling service has checked `actor` may conclude the
    recognition; this only records who."""
    require_actor(actor)
    policies = list(PolicyRecord.objects.all())
    with transaction.atomic():
        summary = _process_batch(
            [enterprise.pk], recognition_ids={enterprise.pk}, growth_ids=set(), year=None, policies=policies,
            growth_policy=None, actor=actor,
        )
    return summary.awards[0] if summary.awards else None


def covered_years(policies):
    """Every calendar year any edition of the measures covers (its period overlaps the year)."""
    years = set()
    for policy in policies:
        years.update(range(policy.effective_from.year, policy.effective_until.year + 1))
    return sorted(years)


def reevaluate_enterprises(*, enterprise_ids, actor):
    """(三) and (四) for these enterprises only, for every year any edition covers — what one registry write
    (an import, an admin save, a concluded declaration, a confirmed annual report) may have changed. One
    transaction; decided awards are flagged, never altered. Returns a RecomputeSummary."""
    require_actor(actor)
    policies = list(PolicyRecord.objects.all())
    ids = sorted(set(enterprise_ids))
    summary = RecomputeSummary(year=None, total=len(ids))
    if not ids:
        return summary
    with transaction.atomic():
        summary.add(_process_batch(ids, recognition_ids=set(ids), growth_ids=set(), year=None, policies=policies,
                                   growth_policy=None, actor=actor))
        for year in covered_years(policies):
            first, last = date(year, 1, 1), date(year, 12, 31)
            growth_ids = set(
                Designation.objects.filter(enterprise_id__in=ids, level__in=rules.GROWTH_LEVELS, granted_on__lte=last,
                                           valid_until__gte=first)
                .values_list("enterprise_id", flat=True).order_by()
                .union(Award.objects.filter(enterprise_id__in=ids, kind=AwardKind.GROWTH, year=year)
                       .values_list("enterprise_id", flat=True).order_by())
            )
            if growth_ids:
                summary.add(_process_batch(
                    sorted(growth_ids), recognition_ids=set(), growth_ids=growth_ids, year=year, policies=policies,
                    growth_policy=edition_for_year(policies, year), actor=actor,
                ))
    return summary


def _process_batch(ids, *, recognition_ids, growth_ids, year, policies, growth_policy, actor):
    now = timezone.now()
    designations = defaultdict(list)
    for enterprise_id, *row in Designation.objects.filter(enterprise_id__in=ids).values_list(
        "enterprise_id", "level", "granted_on", "valid_until", "document_number"
    ):
        designations[enterprise_id].append(DesignationRow(*row))

    figures = defaultdict(dict)
    wants_growth = growth_policy is not None and any(i in growth_ids for i in ids)
    if wants_growth:
        for enterprise_id, fig_year, output, tax in AnnualFigures.objects.filter(
            enterprise_id__in=ids, year__in=(year - 1, year)
        ).values_list("enterprise_id", "year", "output_value", "tax_paid"):
            figures[enterprise_id][fig_year] = FiguresRow(output, tax)

    existing_q = Q(kind=AwardKind.RECOGNITION)
    if wants_growth:
        existing_q |= Q(kind=AwardKind.GROWTH, year=year)
    existing = {(a.enterprise_id, a.kind): a for a in Award.objects.filter(existing_q, enterprise_id__in=ids)}

    summary = RecomputeSummary(year=year)
    creates, updates = [], []
    for enterprise_id in ids:
        held = designations.get(enterprise_id, ())
        if enterprise_id in recognition_ids:
            current = existing.get((enterprise_id, AwardKind.RECOGNITION))
            first_municipal = min((d.granted_on for d in held if d.level == Level.MUNICIPAL), default=None)
            if first_municipal is not None:
                policy = edition_in_force(policies, first_municipal)
                result = rules.recognition_award(policy, held)
            elif current is not None:
                policy, result = current.policy, rules.recognition_withdrawn(current.recognition_date)
            else:
                policy = result = None
            if result is not None:
                _merge(enterprise_id, current, result, policy, now, year, creates, updates, summary)
        if wants_growth and enterprise_id in growth_ids:
            current = existing.get((enterprise_id, AwardKind.GROWTH))
            result = rules.growth_award(growth_policy, year, figures.get(enterprise_id, {}), held)
            _merge(enterprise_id, current, result, growth_policy, now, year, creates, updates, summary)

    history = {**bulk_history(actor), "default_date": now}
    if creates:
        bulk_create_with_history(creates, Award, **history)
    if updates:
        bulk_update_with_history(updates, Award, RESULT_FIELDS, **history)
    return summary


def _result_year(result, run_year):
    return result.recognition_date.year if result.kind == AwardKind.RECOGNITION else run_year


def _write_result(award, result, policy, now, run_year):
    award.year = _result_year(result, run_year)
    award.recognition_date = result.recognition_date
    award.policy = policy
    award.outcome = result.outcome
    award.amount = result.amount
    award.reasons = "\n".join(result.reasons)
    award.figures = dict(result.figures)
    award.clause = result.clause
    award.fingerprint = result.fingerprint
    award.computed_at = now
    award.needs_attention, award.attention_reason, award.attention_fingerprint = False, "", ""


def _merge(enterprise_id, award, result, policy, now, run_year, creates, updates, summary):
    """Create, update, flag or leave one stored result; count what happened."""
    eligible = result.outcome == Outcome.ELIGIBLE
    if award is None:
        award = Award(enterprise_id=enterprise_id, kind=result.kind,
                      state=AwardState.CANDIDATE if eligible else AwardState.UNMATCHED, state_changed_at=now)
        _write_result(award, result, policy, now, run_year)
        creates.append(award)
        summary.created += 1
        summary.awards.append(award)
        return
    summary.awards.append(award)
    if award.fingerprint == result.fingerprint:
        if award.attention_fingerprint:  # a decided award's inputs went back to what it was decided on
            award.needs_attention, award.attention_reason, award.attention_fingerprint = False, "", ""
            updates.append(award)
            summary.updated += 1
        else:
            summary.unchanged += 1
        return
    if award.state in UNDECIDED:
        _write_result(award, result, policy, now, run_year)
        if eligible and award.state == AwardState.UNMATCHED:
            award.state, award.state_changed_at = AwardState.CANDIDATE, now
        elif not eligible and award.state != AwardState.UNMATCHED:
            award.state, award.state_changed_at = AwardState.UNMATCHED, now
        updates.append(award)
        summary.updated += 1
        return
    # Approved, rejected, in public notice, paid or archived: never altered, only flagged for review.
    if award.attention_fingerprint == result.fingerprint:
        summary.unchanged += 1
        return
    award.needs_attention = True
    award.attention_fingerprint = result.fingerprint
    award.attention_reason = (
        f"输入数据已变化：按现有数据重新计算为“{Outcome(result.outcome).label}”，金额 {rules.money(result.amount)}"
        f"（原结果“{Outcome(award.outcome).label}”，金额 {rules.money(Decimal(award.amount))}）。"
        f"已{AwardState(award.state).label}的决定不会自动改变，请复核。\n" + "\n".join(result.reasons)
    )
    updates.append(award)
    summary.flagged += 1

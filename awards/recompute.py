"""The yearly recompute: every enterprise concerned by year Y, evaluated in set-based batches.

Per batch a fixed number of queries (designations, figures, existing results, then on PostgreSQL one COPY each for
the new results, the changed results, their history rows and the ledger rows: awards.bulk_results), each batch in its own transaction, every write keyed on the awards' unique
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
from functools import partial

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from audit import bulk_history, require_actor
from enterprises.bulk_load import uses_copy
from enterprises.id_arrays import AnyOf
from enterprises.models import AnnualFigures, Designation
from enterprises.selectors import figure_sources
from policy.levels import Level
from policy.models import PolicyRecord
from policy.rules import edition_for_year, edition_in_force, period_label

from . import permissions, rules
from .bulk_results import NewResult, write_results
from .ledger import copy_events, record_events
from .ledger import event as ledger_event
from .locks import lock_awards
from .models import Award
from .states import UNDECIDED, AwardKind, AwardState, Outcome, can, target_of

BATCH_SIZE = 2000

DesignationRow = namedtuple("DesignationRow", "level granted_on valid_until document_number")
# A stored result as the recompute first reads it: what deciding whether it changes needs, no model instance.
StoredRow = namedtuple("StoredRow", "pk enterprise_id kind year repeat_recognition recognition_date policy_id "
                                    "fingerprint attention_fingerprint state")
# sources: {field: the source whose value the registry uses (enterprises.provenance)}, when sources are kept
FiguresRow = namedtuple("FiguresRow", "output_value tax_paid sources", defaults=({},))

# The columns a recompute may write; the flow columns are the transition services' alone.
RESULT_FIELDS = [
    "year", "recognition_date", "policy", "outcome", "amount", "reasons", "figures", "clause", "fingerprint",
    "computed_at", "needs_attention", "attention_reason", "attention_fingerprint", "attention_result", "state",
    "state_changed_at",
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
        if self.year is None:  # one write's re-evaluation: those enterprises, every covered year
            return (f"重新评估企业 {self.total} 家（各政策覆盖年度）：新增 {self.created}，更新 {self.updated}，"
                    f"标记复核 {self.flagged}，未变化 {self.unchanged}")
        policy = self.growth_policy or "无适用政策，未计算成长奖励"
        return (f"{self.year} 年：涉及企业 {self.total} 家，新增 {self.created}，更新 {self.updated}，"
                f"标记复核 {self.flagged}，未变化 {self.unchanged}（成长奖励政策：{policy}）")


def recompute_eligibility(*, year, actor, progress=None, batch_size=BATCH_SIZE):
    """Evaluate (三) and (四) for year `year` and store the results, as `actor` (a reviewer, an admin or a system
    actor), in this process with no run recorded (tests, benchmarks, the shell; staff and commands go through
    awards.runs, which splits the same work into chunks). `progress(done, total)` is called after each batch.
    Returns a RecomputeSummary."""
    require_actor(actor)
    permissions.require(permissions.can_recompute(actor), "无权发起资格重算")
    plan = plan_year(year)
    ids = plan.ids
    summary = RecomputeSummary(year=year, total=len(ids), growth_policy=str(plan.growth_policy or ""))
    if progress:
        progress(0, len(ids))
    for start in range(0, len(ids), batch_size):
        summary.add(recompute_batch(ids[start:start + batch_size], plan, actor=actor))
        if progress:
            progress(min(start + batch_size, len(ids)), len(ids))
    return summary


@dataclass
class YearPlan:
    """Who year `year` concerns: (三) and (四) enterprise ids, and the edition (四) is judged by (None: no growth)."""

    year: int
    policies: list
    growth_policy: object
    recognition_ids: set
    growth_ids: set

    @property
    def ids(self):
        return sorted(self.recognition_ids | self.growth_ids)


def plan_year(year, policies=None):
    """Read once who year `year` concerns (see the module's docstring)."""
    policies = list(PolicyRecord.objects.all()) if policies is None else policies
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
    return YearPlan(year, policies, growth_policy, recognition_ids, growth_ids)


def recompute_batch(ids, plan, *, actor):
    """One batch of a year's plan in its own transaction (or the caller's, joined). Returns its RecomputeSummary."""
    with transaction.atomic():
        return _process_batch(
            ids, recognition_ids=plan.recognition_ids, growth_ids=plan.growth_ids, year=plan.year,
            policies=plan.policies, growth_policy=plan.growth_policy, actor=actor,
        )


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
    return Award.objects.get(pk=summary.awards[0].pk) if summary.awards else None


def covered_years(policies):
    """Every calendar year any edition of the measures covers (its period overlaps the year)."""
    years = set()
    for policy in policies:
        years.update(range(policy.effective_from.year, policy.effective_until.year + 1))
    return sorted(years)


def reevaluated_years(policies, figure_years=None):
    """The growth years a re-evaluation judges: every covered year, or — after a write of annual figures of
    `figure_years` only — those years and the years after them (rules.growth_award for Y reads the figures of Y
    and Y - 1), where an edition covers them."""
    covered = covered_years(policies)
    if figure_years is None:
        return covered
    fed = {int(year) + step for year in figure_years for step in (0, 1)}
    return [year for year in covered if year in fed]


def reevaluate_enterprises(*, enterprise_ids, actor, batch_size=BATCH_SIZE, figure_years=None):
    """(三) and (四) for these enterprises only, for every year any edition covers — what one registry write
    (an import, an admin save, a concluded declaration, a confirmed annual report) may have changed. In batches of
    `batch_size` enterprises, each in its own transaction like the yearly run (an import of 100,000 rows is one task,
    not one statement with 100,000 parameters); decided awards are flagged, never altered. A write of annual figures
    only names their years (`figure_years`): (三) reads designations only, so it is left alone, and (四) is judged
    for those years and the next ones only (reevaluated_years). Returns a RecomputeSummary."""
    require_actor(actor)
    policies = list(PolicyRecord.objects.all())
    ids = sorted(set(enterprise_ids))
    years = reevaluated_years(policies, figure_years)
    summary = RecomputeSummary(year=None, total=len(ids))
    for start in range(0, len(ids), batch_size):
        batch = ids[start:start + batch_size]
        with transaction.atomic():
            if figure_years is None:
                summary.add(_process_batch(batch, recognition_ids=set(batch), growth_ids=set(), year=None,
                                           policies=policies, growth_policy=None, actor=actor))
            for year in years:
                first, last = date(year, 1, 1), date(year, 12, 31)
                growth_ids = set(
                    Designation.objects.filter(AnyOf("enterprise_id", batch), level__in=rules.GROWTH_LEVELS,
                                               granted_on__lte=last, valid_until__gte=first)
                    .values_list("enterprise_id", flat=True).order_by()
                    .union(Award.objects.filter(AnyOf("enterprise_id", batch), kind=AwardKind.GROWTH, year=year)
                           .values_list("enterprise_id", flat=True).order_by())
                )
                if growth_ids:
                    summary.add(_process_batch(
                        sorted(growth_ids), recognition_ids=set(), growth_ids=growth_ids, year=year,
                        policies=policies, growth_policy=edition_for_year(policies, year), actor=actor,
                    ))
    return summary


def period_labels(policies):
    """Every edition's period as the reasons name it (rules.periods_text), oldest first."""
    return [period_label(p) for p in sorted(policies, key=lambda p: p.effective_from)]


def read_designations(ids):
    """{enterprise id: [DesignationRow]} for a batch of enterprises, in one query."""
    designations = defaultdict(list)
    for enterprise_id, *row in Designation.objects.filter(AnyOf("enterprise_id", ids)).values_list(
        "enterprise_id", "level", "granted_on", "valid_until", "document_number"
    ):
        designations[enterprise_id].append(DesignationRow(*row))
    return designations


def read_figures(ids, year):
    """{enterprise id: {year: FiguresRow}} of `year` and the year before, for a batch of enterprises, with the
    source of each value used: three queries (the figures, their sources, the precedence)."""
    figures = defaultdict(dict)
    sources = figure_sources(ids, (year - 1, year))
    for enterprise_id, fig_year, output, tax in AnnualFigures.objects.filter(
        AnyOf("enterprise_id", ids), year__in=(year - 1, year)
    ).values_list("enterprise_id", "year", "output_value", "tax_paid"):
        figures[enterprise_id][fig_year] = FiguresRow(output, tax, sources.get((enterprise_id, fig_year), {}))
    return figures


def _process_batch(ids, *, recognition_ids, growth_ids, year, policies, growth_policy, actor):
    """One batch, one transaction (the caller's): read the inputs, lock the stored results (pk order, the one lock
    helper), then create, rewrite or flag each result and write the ledger rows of every state change."""
    periods = period_labels(policies)
    designations = read_designations(ids)
    wants_growth = growth_policy is not None and any(i in growth_ids for i in ids)
    figures = read_figures(ids, year) if wants_growth else {}

    # (三): the first-recognition row (any year) and the repeat rows of this year (every year when year is None)
    repeat_q = Q(kind=AwardKind.RECOGNITION, repeat_recognition=True)
    if year is not None:
        repeat_q &= Q(year=year)
    existing_q = Q(kind=AwardKind.RECOGNITION, repeat_recognition=False) | repeat_q
    if wants_growth:
        existing_q |= Q(kind=AwardKind.GROWTH, year=year)
    # Read as plain rows: a row that will be written is read again in full under its lock below.
    existing = {_key(a): a for a in map(StoredRow._make, Award.objects.filter(existing_q, AnyOf("enterprise_id", ids))
                                        .order_by().values_list(*StoredRow._fields))}
    policy_of = {p.pk: p for p in policies}
    stored_repeats = defaultdict(list)
    for key, award in existing.items():
        if key[1] == AwardKind.RECOGNITION and key[2] is not None:
            stored_repeats[key[0]].append(award)

    # What each enterprise's results are now: (enterprise, key of the stored row, result, policy, repeat).
    plans = []
    for enterprise_id in ids:
        held = designations.get(enterprise_id, ())
        if enterprise_id in recognition_ids:
            key = (enterprise_id, AwardKind.RECOGNITION, None)
            current = existing.get(key)
            municipal = sorted((d for d in held if d.level == Level.MUNICIPAL), key=lambda d: d.granted_on)
            if municipal:
                policy = edition_in_force(policies, municipal[0].granted_on)
                decide = partial(rules.recognition_award, policy, held, periods)
                result = _unchanged(current, partial(rules.recognition_fingerprint, policy, held, periods), decide)
                plans.append((enterprise_id, key, result or decide(), policy, False))
            elif current is not None:
                plans.append((enterprise_id, key, rules.recognition_withdrawn(current.recognition_date),
                              policy_of.get(current.policy_id), False))
            # 再次认定: a later municipal recognition is explained in its own year, earning nothing
            repeats = {}
            if municipal:
                first = municipal[0]
                for d in municipal[1:]:
                    if d.granted_on.year != first.granted_on.year and (year is None or d.granted_on.year == year):
                        repeats.setdefault(d.granted_on.year, (first, d))
            for award in stored_repeats.get(enterprise_id, ()):
                if award.year not in repeats:
                    plans.append((enterprise_id, _key(award), rules.repeat_withdrawn(award.recognition_date),
                                  policy_of.get(award.policy_id), True))
            for repeat_year, (first, d) in sorted(repeats.items()):
                plans.append((enterprise_id, (enterprise_id, AwardKind.RECOGNITION, repeat_year),
                              rules.repeat_recognition(first, d), edition_in_force(policies, d.granted_on), True))
        if wants_growth and enterprise_id in growth_ids:
            key, held_figures = (enterprise_id, AwardKind.GROWTH, year), figures.get(enterprise_id, {})
            decide = partial(rules.growth_award, growth_policy, year, held_figures, held, periods)
            result = _unchanged(existing.get(key),
                                partial(rules.growth_fingerprint, growth_policy, year, held_figures, held, periods),
                                decide)
            plans.append((enterprise_id, key, result or decide(), growth_policy, False))

    # Lock the stored rows this batch will write (pk order, the one lock helper) and read them again under the
    # lock: a reviewer's transition in between is seen, never written over. Rows left as they are stay unlocked,
    # so an unchanged rerun locks nothing.
    to_write = [existing[key].pk for _, key, result, _, _ in plans
                if key in existing and _would_write(existing[key], result)]
    locked = {_key(award): award for award in (lock_awards(to_write) if to_write else ())}
    writing = set(to_write)
    for key in [key for key, row in existing.items() if row.pk in writing]:
        if key in locked:
            existing[key] = locked[key]
        else:  # deleted meanwhile: the result is stored afresh
            del existing[key]
    now = timezone.now()  # once the locks are held: the ledger's order is the order the writes happened in

    summary = RecomputeSummary(year=year)
    writes = _Writes(actor=actor, now=now, copy=uses_copy())
    for enterprise_id, key, result, policy, repeat in plans:
        stored = existing.get(key)
        if isinstance(result, Unchanged) and (stored is None or stored.fingerprint != result.fingerprint):
            result = result.decide()  # written or deleted by another run since it was read: decided in full
        _merge(enterprise_id, stored, result, policy, year, writes, summary, repeat=repeat)
    writes.flush()
    return summary


# A result whose inputs are those the stored row was computed on: all that deciding what to do with the row reads
# (_would_write, _merge) is the fingerprint, so the rules are not run for it; `decide()` runs them, for a row found
# changed or gone once locked.
Unchanged = namedtuple("Unchanged", "fingerprint decide")


def _unchanged(stored, fingerprint, decide):
    """Unchanged when `stored` (a StoredRow, or None) was computed on the inputs `fingerprint()` digests, else
    None (without a stored row, nothing is digested twice)."""
    if stored is None:
        return None
    digest = fingerprint()
    return Unchanged(digest, decide) if stored.fingerprint == digest else None


def _would_write(award, result):
    """Would `_merge` change this stored row? (Decided from a row read without a lock: the fingerprints it
    compares are written by the recompute alone, under the lock.)"""
    if award.fingerprint == result.fingerprint:
        return bool(award.attention_fingerprint)
    return award.attention_fingerprint != result.fingerprint or award.state in UNDECIDED


def _key(award):
    if award.kind == AwardKind.RECOGNITION:
        return award.enterprise_id, award.kind, award.year if award.repeat_recognition else None
    return award.enterprise_id, award.kind, award.year


@dataclass
class _Writes:
    """The batch's bulk writes: new results, changed results, and the ledger rows of their state changes."""

    actor: object
    now: object
    copy: bool = False  # PostgreSQL: COPY (awards.bulk_results), else the ORM's bulk helpers
    creates: list = field(default_factory=list)
    updates: list = field(default_factory=list)
    events: list = field(default_factory=list)  # (award, action, from_state, to_state, comment)

    def move(self, award, action, comment=""):
        """A state change made by the recompute, through the transition table."""
        assert can(action, award.state), (action, award.state)
        from_state = award.state
        award.state, award.state_changed_at = target_of(action), self.now
        self.events.append((award, action, from_state, award.state, comment))

    def new_award(self, **values):
        return NewResult(**values) if self.copy else Award(**values)

    def flush(self):
        history = {**bulk_history(self.actor), "default_date": self.now}
        if self.copy:
            user = history["default_user"] or Award.history.model.get_default_history_user(None)
            write_results(creates=self.creates, updates=self.updates, fields=RESULT_FIELDS,
                          history_user_id=getattr(user, "pk", None),
                          history_reason=history["default_change_reason"], now=self.now)
            copy_events(self.events, actor=self.actor, at=self.now)
            return
        if self.creates:
            bulk_create_with_history(self.creates, Award, **history)
        if self.updates:
            bulk_update_with_history(self.updates, Award, RESULT_FIELDS, **history)
        record_events([
            ledger_event(award, action, actor=self.actor, from_state=from_state, to_state=to_state, comment=comment,
                         at=self.now)
            for award, action, from_state, to_state, comment in self.events
        ])


def _result_year(result, run_year):
    return result.recognition_date.year if result.kind == AwardKind.RECOGNITION else run_year


def _write_result(award, result, policy, now, run_year):
    award.year = _result_year(result, run_year)
    award.recognition_date = result.recognition_date
    award.policy_id = getattr(policy, "pk", None)
    award.outcome = result.outcome
    award.amount = result.amount
    award.reasons = "\n".join(result.reasons)
    award.figures = dict(result.figures)
    award.clause = result.clause
    award.fingerprint = result.fingerprint
    award.computed_at = now
    award.needs_attention, award.attention_reason, award.attention_fingerprint = False, "", ""
    award.attention_result = {}


def _pending(result, policy):
    """What a reviewer accepting the re-evaluated result would write (awards.services.resolve_flag)."""
    return {
        "outcome": str(result.outcome), "amount": str(result.amount), "reasons": "\n".join(result.reasons),
        "figures": dict(result.figures), "policy_id": getattr(policy, "pk", None),
    }


def _merge(enterprise_id, award, result, policy, run_year, writes, summary, repeat=False):
    """Create, update, flag or leave one stored result; count what happened."""
    now = writes.now
    if award is None:
        award = writes.new_award(enterprise_id=enterprise_id, kind=result.kind, repeat_recognition=repeat,
                                 state=AwardState.UNMATCHED, state_changed_at=now)
        _write_result(award, result, policy, now, run_year)
        if result.outcome == Outcome.ELIGIBLE:
            writes.move(award, "match", "系统比对：" + (result.reasons[0] if result.reasons else ""))
        writes.creates.append(award)
        summary.created += 1
        summary.awards.append(award)
        return
    summary.awards.append(award)
    if award.fingerprint == result.fingerprint:
        if award.attention_fingerprint:  # a decided award's inputs went back to what it was decided on
            award.needs_attention, award.attention_reason, award.attention_fingerprint = False, "", ""
            award.attention_result = {}
            writes.updates.append(award)
            summary.updated += 1
        else:
            summary.unchanged += 1
        return
    eligible = result.outcome == Outcome.ELIGIBLE  # below, `result` is decided in full (never an Unchanged)
    if award.state in UNDECIDED:
        _write_result(award, result, policy, now, run_year)
        if eligible and award.state == AwardState.UNMATCHED:
            writes.move(award, "match", "系统比对：" + (result.reasons[0] if result.reasons else ""))
        elif not eligible and award.state != AwardState.UNMATCHED:
            writes.move(award, "unmatch", "输入数据变化，重新比对为“" + Outcome(result.outcome).label + "”："
                        + "；".join(result.reasons))
        writes.updates.append(award)
        summary.updated += 1
        return
    # Approved, rejected, in public notice, paid or archived: never altered, only flagged for review.
    if award.attention_fingerprint == result.fingerprint:
        summary.unchanged += 1
        return
    award.needs_attention = True
    award.attention_fingerprint = result.fingerprint
    award.attention_result = _pending(result, policy)
    award.attention_reason = (
        f"输入数据已变化：按现有数据重新计算为“{Outcome(result.outcome).label}”，金额 {rules.money(result.amount)}"
        f"（原结果“{Outcome(award.outcome).label}”，金额 {rules.money(Decimal(award.amount))}）。"
        f"已{AwardState(award.state).label}的决定不会自动改变；复核前不能公示或兑付，请复核。\n" + "\n".join(result.reasons)
    )
    writes.updates.append(award)
    writes.events.append((award, "flag", award.state, award.state, award.attention_reason.splitlines()[0]))
    summary.flagged += 1

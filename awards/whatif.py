"""政策模拟 (what-if): year Y's (三) and (四) under a draft edition of the measures beside the edition in force,
storing nothing — no award, no history row, no edition.

Who is evaluated is the recompute's own answer (recompute.plan_year), asked as if the draft were in force for Y,
so a year no stored edition covers still lists the (四) enterprises (the draft would pay them; the edition in
force says 无适用政策). Per batch of enterprises a fixed number of queries, read as the recompute reads them, and
the same pure rules (awards.rules) called twice: once with the edition in force, once with the draft. The draft is
treated as in force for the whole of Y whatever its own dates: its period is widened to cover Y.

Every read happens inside `nothing_stored()`: one transaction rolled back at its end (on PostgreSQL a READ ONLY
one, so a write would fail rather than be undone).
"""

import heapq
from collections.abc import Iterable
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db import connection, transaction

from enterprises.models import Enterprise
from policy.levels import Level
from policy.models import PolicyRecord
from policy.rules import edition_for_year, edition_in_force
from policy.selectors import editions

from . import rules
from .export import amount_text
from .recompute import BATCH_SIZE, period_labels, plan_year, read_designations, read_figures
from .states import AwardKind, Outcome

HEADERS = ("统一社会信用代码", "企业名称", "所属区域", "奖励类型", "现行结果", "现行金额（元）", "模拟结果", "模拟金额（元）")
NO_EDITION = "无适用政策"
ZERO = Decimal("0.00")
ELIGIBLE = Outcome.ELIGIBLE.label
SHOWN_CHANGES = 100  # enterprises that gain (or lose) listed on the admin page, the largest changes first


@contextmanager
def nothing_stored():
    """A transaction that is always rolled back; the outermost one on PostgreSQL is also READ ONLY and REPEATABLE
    READ (every batch reads the same snapshot)."""
    outermost = not connection.in_atomic_block
    with transaction.atomic():
        if outermost and connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
        yield
        transaction.set_rollback(True)


def in_force_for(draft, year):
    """An unsaved copy of `draft` whose period covers the whole of `year` (its own period, widened if need be)."""
    values = {f.attname: getattr(draft, f.attname) for f in PolicyRecord._meta.concrete_fields
              if f.attname != "id"}
    values["effective_from"] = min(draft.effective_from, date(year, 1, 1))
    values["effective_until"] = max(draft.effective_until, date(year, 12, 31))
    return PolicyRecord(**values)


KIND_LABELS = {kind.value: kind.label for kind in AwardKind}
LABELS = {outcome.value: outcome.label for outcome in Outcome}


@dataclass(slots=True)
class Result:
    label: str  # 符合, 不符合, 适用其他政策, 需人工复核 (as export_awards), or 无适用政策
    amount: Decimal
    reasons: tuple = ()

    @property
    def eligible(self):
        return self.label == ELIGIBLE


def _result(eligibility, no_edition=False):
    if no_edition:
        return Result(NO_EDITION, ZERO, eligibility.reasons)
    eligible = eligibility.outcome == Outcome.ELIGIBLE
    return Result(LABELS[eligibility.outcome], eligibility.amount if eligible else ZERO, eligibility.reasons)


@dataclass(slots=True)
class Row:
    enterprise_id: int
    credit_code: str
    name: str
    area: str
    kind: str
    current: Result
    simulated: Result

    @property
    def change(self):
        """What the draft pays more (positive) or less (negative) than the edition in force."""
        return self.simulated.amount - self.current.amount

    @property
    def kind_label(self):
        return KIND_LABELS[self.kind]

    def cells(self):
        return (self.credit_code, self.name, self.area, KIND_LABELS[self.kind], self.current.label,
                amount_text(self.current.amount), self.simulated.label, amount_text(self.simulated.amount))


def simulate(*, year, draft, batch_size=BATCH_SIZE):
    """The rows of the what-if of `year` under `draft` (an unsaved PolicyRecord), one per enterprise and award kind
    evaluated, by enterprise. Reads only; call it inside `nothing_stored()`."""
    policies = editions()
    simulated = in_force_for(draft, year)
    plan = plan_year(year, policies=[*policies, simulated])
    current_growth = edition_for_year(policies, year)
    periods = period_labels(policies)
    ids = plan.ids
    for start in range(0, len(ids), batch_size):
        yield from _batch(ids[start:start + batch_size], plan, year=year, policies=policies,
                          current_growth=current_growth, simulated=simulated, periods=periods)


def _batch(ids, plan, *, year, policies, current_growth, simulated, periods):
    firms = {pk: rest for pk, *rest in Enterprise.objects.filter(pk__in=ids).values_list(
        "pk", "credit_code", "name", "area__name")}
    designations = read_designations(ids)
    figures = read_figures(ids, year) if any(i in plan.growth_ids for i in ids) else {}
    for enterprise_id in ids:
        firm = firms[enterprise_id]
        held = designations.get(enterprise_id, ())
        if enterprise_id in plan.recognition_ids:
            current, draft = _recognition(held, year, policies, simulated, periods)
            yield Row(enterprise_id, *firm, AwardKind.RECOGNITION, current, draft)
        if enterprise_id in plan.growth_ids:
            own = figures.get(enterprise_id, {})
            current = _result(rules.growth_award(current_growth, year, own, held, periods), current_growth is None)
            draft = _result(rules.growth_award(simulated, year, own, held, periods))
            yield Row(enterprise_id, *firm, AwardKind.GROWTH, current, draft)


def _recognition(held, year, policies, simulated, periods):
    """(三) of year `year` for one enterprise: its first municipal recognition when dated in `year` (the draft
    decides it in the simulation); a later one in `year` earns nothing either way (再次认定); otherwise the result
    the recompute rewrites (its first recognition of another year, or none left), which the draft does not touch."""
    municipal = sorted((d for d in held if d.level == Level.MUNICIPAL), key=lambda d: d.granted_on)
    if not municipal:
        same = _result(rules.recognition_withdrawn(None))
        return same, same
    first = municipal[0]
    policy = edition_in_force(policies, first.granted_on)
    current = _result(rules.recognition_award(policy, held, periods), policy is None)
    if first.granted_on.year == year:
        return current, _result(rules.recognition_award(simulated, held, periods))
    repeat = next((d for d in municipal[1:] if d.granted_on.year == year), None)
    if repeat is not None:
        same = _result(rules.repeat_recognition(first, repeat))
        return same, same
    return current, current


@dataclass
class Tally:
    count: int = 0
    amount: Decimal = ZERO

    def add(self, result):
        if result.eligible:
            self.count += 1
            self.amount += result.amount


@dataclass
class Side:
    """Counts and amounts of 符合 rows, in force and simulated."""

    current: Tally = field(default_factory=Tally)
    simulated: Tally = field(default_factory=Tally)

    def add(self, row):
        self.current.add(row.current)
        self.simulated.add(row.simulated)

    @property
    def change(self):
        return self.simulated.amount - self.current.amount


@dataclass
class Report:
    """What a what-if adds up to, filled row by row as the rows stream past (`through`)."""

    year: int
    rows: int = 0
    total: Side = field(default_factory=Side)
    by_kind: dict = field(default_factory=lambda: {kind: Side() for kind in AwardKind.values})
    by_area: dict = field(default_factory=dict)
    gained: int = 0
    lost: int = 0
    _gainers: list = field(default_factory=list, repr=False)
    _losers: list = field(default_factory=list, repr=False)

    def through(self, rows: Iterable[Row]):
        for row in rows:
            self.add(row)
            yield row

    def add(self, row):
        self.rows += 1
        self.total.add(row)
        self.by_kind[row.kind].add(row)
        self.by_area.setdefault(row.area, Side()).add(row)
        change = row.change
        if change:
            heap = self._gainers if change > 0 else self._losers
            if change > 0:
                self.gained += 1
            else:
                self.lost += 1
            entry = (abs(change), -self.rows, row)
            if len(heap) < SHOWN_CHANGES:
                heapq.heappush(heap, entry)
            elif entry[:2] > heap[0][:2]:
                heapq.heapreplace(heap, entry)

    @property
    def gainers(self):
        """The enterprises (and kinds) the draft pays more, the largest change first (at most SHOWN_CHANGES)."""
        return [row for *_, row in sorted(self._gainers, key=lambda e: e[:2], reverse=True)]

    @property
    def losers(self):
        return [row for *_, row in sorted(self._losers, key=lambda e: e[:2], reverse=True)]

    def kind_lines(self):
        return [
            f"{AwardKind(kind).label}：现行 {side.current.count} 家 {amount_text(side.current.amount)} 元；"
            f"模拟 {side.simulated.count} 家 {amount_text(side.simulated.amount)} 元"
            for kind, side in self.by_kind.items()
        ]

    @property
    def summary_line(self):
        """The last line of `manage.py whatif` (public interface)."""
        total = self.total
        return (f"合计：现行 {total.current.count} 家 {amount_text(total.current.amount)} 元；"
                f"模拟 {total.simulated.count} 家 {amount_text(total.simulated.amount)} 元")


def export_rows(rows):
    """Header then the cells of each row, for awards.export.write_csv / write_xlsx."""
    yield HEADERS
    for row in rows:
        yield row.cells()

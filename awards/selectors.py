"""Reads of awards, already scoped by user and joined."""

from collections import defaultdict
from dataclasses import dataclass, field, fields
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Case, Count, DecimalField, Q, Sum, Value, When
from django.db.models.functions import Coalesce
from django.utils import timezone

from enterprises.models import Area
from enterprises.scoping import scope, scope_areas
from policy.selectors import NoPolicyEdition, edition_standing_on
from policy.working_days import deadline

from . import holds, runs
from .models import Award, AwardBudget, AwardRecovery, RecomputeRun
from .states import APPROVED_OR_LATER, PAID_STATES, AwardKind, AwardState, Outcome

ZERO = Decimal("0.00")


def awards_for(user):
    """Every award result the user may see, with enterprise, area and policy joined."""
    return scope(
        Award.objects.select_related("enterprise", "enterprise__area", "policy"), user, via="enterprise"
    ).order_by("-year", "kind", "pk")


def enterprise_awards_for(user):
    """What an enterprise sees: all its results — the matched awards with their steps first, then the others
    with their reasons (a "needs review" result tells it which figures are missing)."""
    return awards_for(user).order_by(
        Case(When(state=AwardState.UNMATCHED, then=Value(1)), default=Value(0)), "-year", "kind", "pk"
    )


def awards_of_enterprise(enterprise):
    """One enterprise's results, matched awards first (the caller has checked the user may see it)."""
    return Award.objects.filter(enterprise=enterprise).select_related("policy").order_by(
        Case(When(state=AwardState.UNMATCHED, then=Value(1)), default=Value(0)), "-year", "kind", "pk"
    )


def matched_awards_of_enterprise(enterprise):
    """The awards the system matched to an enterprise (every result but 未匹配), with their steps: its home page."""
    return awards_of_enterprise(enterprise).exclude(state=AwardState.UNMATCHED)


def award_for(user, pk):
    """One award the user may see; raises Award.DoesNotExist (→ 404) otherwise."""
    return awards_for(user).get(pk=pk)


def awards_of_year(year, queryset=None):
    """Every stored result of year `year` (recognitions dated in it, growth awards for it), for the export."""
    queryset = Award.objects.all() if queryset is None else queryset
    return (
        queryset.filter(year=year).select_related("enterprise", "enterprise__area")
        .order_by("enterprise__area__sort_order", "enterprise__credit_code", "kind")
    )


def _money_sum(condition):
    return Coalesce(Sum("amount", filter=condition), Value(0), output_field=DecimalField(max_digits=16, decimal_places=2))


@dataclass(kw_only=True)
class AwardFigures:
    """The (三)(四) award figures of a year, counts and yuan: system matches (eligible results), approved or later,
    on public notice, paid, and recovered (追回 completed). One award kind in an area (KindAwards) or all kinds
    (AreaAwards) carry the same fields."""

    candidates: int = 0
    candidate_amount: Decimal = ZERO
    approved: int = 0
    approved_amount: Decimal = ZERO
    in_notice: int = 0
    in_notice_amount: Decimal = ZERO
    paid: int = 0
    paid_amount: Decimal = ZERO
    recovered: int = 0
    recovered_amount: Decimal = ZERO


AWARD_FIGURES = tuple(f.name for f in fields(AwardFigures))


@dataclass
class KindAwards(AwardFigures):
    """One award kind's figures of one year in one area (or summed) beside the year's budget for the kind. The
    budget is the city's (one per year and kind): an area's row carries the city-wide figure."""

    kind: str = ""
    budget: Decimal | None = None

    def __add__(self, other):
        summed = {name: getattr(self, name) + getattr(other, name) for name in AWARD_FIGURES}
        return KindAwards(self.kind or other.kind, **summed,
                          budget=self.budget if self.budget is not None else other.budget)

    @property
    def label(self):
        return AwardKind(self.kind).label if self.kind else ""

    @property
    def over_budget(self):
        """The matched amounts exceed the budget (the warning on the city's dashboard)."""
        return self.budget is not None and self.candidate_amount > self.budget

    @property
    def budget_percent(self):
        """Matched amounts as a whole percentage of the budget, or None without a budget (or a zero one)."""
        if not self.budget:
            return None
        return int((self.candidate_amount * 100 / self.budget).quantize(Decimal("1"), rounding=ROUND_HALF_UP))


def _no_kinds():
    return {kind.value: KindAwards(kind.value) for kind in AwardKind}


@dataclass
class AreaAwards(AwardFigures):
    """(三)(四) awards of one year in one area (`area` None for a sum): system matches (eligible results), approved,
    on notice, paid and recovered — counts and yuan — results needing review or flagged for a changed input, and
    the same per award kind beside the city's budget for it (`kinds`, recognition then growth)."""

    area: Area | None = None
    needs_review: int = 0
    flagged: int = 0
    kinds: dict = field(default_factory=_no_kinds)

    def __add__(self, other):
        summed = {name: getattr(self, name) + getattr(other, name) for name in AREA_AWARD_FIGURES}
        kinds = {kind: self.kinds[kind] + other.kinds[kind] for kind in self.kinds}
        return AreaAwards(None, **summed, kinds=kinds)

    @property
    def by_kind(self):
        return list(self.kinds.values())

    @property
    def over_budget(self):
        return any(kind.over_budget for kind in self.kinds.values())


AREA_AWARD_FIGURES = (*AWARD_FIGURES, "needs_review", "flagged")


def budgets_of_year(year):
    """{kind: budget in yuan} the bureau entered for `year` (a kind without one is absent)."""
    return dict(AwardBudget.objects.filter(year=year).values_list("kind", "amount"))


def award_summary_by_area(year, user=None) -> list[AreaAwards]:
    """Per area for year `year`, every area in order (the user's areas only when `user` is given), each with its
    figures per award kind and the city's budget for each kind. Four queries whatever the number of enterprises
    or awards: the grouped counts and sums, the recoveries, the budgets, the areas."""
    eligible = Q(outcome=Outcome.ELIGIBLE)
    approved = Q(state__in=APPROVED_OR_LATER)
    in_notice = Q(state=AwardState.PUBLIC_NOTICE)
    paid = Q(state__in=PAID_STATES)
    queryset = Award.objects.filter(year=year)
    recoveries = AwardRecovery.objects.filter(award__year=year, status=AwardRecovery.Status.RECOVERED)
    if user is not None:
        queryset = scope(queryset, user, via="enterprise")
        recoveries = scope(recoveries, user, via="award__enterprise")
    rows = queryset.values("enterprise__area_id", "kind").annotate(
        candidates=Count("pk", filter=eligible),
        candidate_amount=_money_sum(eligible),
        approved=Count("pk", filter=approved),
        approved_amount=_money_sum(approved),
        in_notice=Count("pk", filter=in_notice),
        in_notice_amount=_money_sum(in_notice),
        paid=Count("pk", filter=paid),
        paid_amount=_money_sum(paid),
        needs_review=Count("pk", filter=Q(outcome=Outcome.NEEDS_REVIEW)),
        flagged=Count("pk", filter=Q(needs_attention=True)),
    ).order_by()
    recovered = {
        (row["award__enterprise__area_id"], row["award__kind"]): row
        for row in recoveries.values("award__enterprise__area_id", "award__kind").annotate(
            recovered=Count("pk"),
            recovered_amount=Coalesce(Sum("amount"), Value(0), output_field=DecimalField(max_digits=16,
                                                                                       decimal_places=2)),
        ).order_by()
    }
    budget = budgets_of_year(year)
    per_area = defaultdict(dict)
    for row in rows:
        per_area[row["enterprise__area_id"]][row["kind"]] = row

    def summary(area):
        kinds = {}
        for kind in AwardKind.values:
            row = per_area.get(area.pk, {}).get(kind, {})
            back = recovered.get((area.pk, kind), {})
            kinds[kind] = KindAwards(
                kind, **{name: row.get(name, ZERO if name.endswith("amount") else 0) for name in AWARD_FIGURES
                         if name not in ("recovered", "recovered_amount")},
                recovered=back.get("recovered", 0), recovered_amount=back.get("recovered_amount", ZERO),
                budget=budget.get(kind),
            )
        totals = sum(kinds.values(), KindAwards())
        kind_rows = per_area.get(area.pk, {}).values()
        return AreaAwards(area, **{name: getattr(totals, name) for name in AWARD_FIGURES},
                          needs_review=sum(row["needs_review"] for row in kind_rows),
                          flagged=sum(row["flagged"] for row in kind_rows), kinds=kinds)

    areas = Area.objects.order_by("sort_order", "pk")
    if user is not None:
        areas = scope_areas(areas, user, via="")
    return [summary(area) for area in areas]


@dataclass(frozen=True)
class RunNotice:
    """What a page says of a year's latest recompute run that is not complete."""

    run: RecomputeRun
    level: str  # "bad": the year's results are incomplete and nothing is computing them; "warn": computing
    text: str


def recompute_notice(year, now=None):
    """The notice for year `year`'s latest recompute run: None when it completed or none ran."""
    run = RecomputeRun.objects.filter(year=year).order_by("-requested_at", "-pk").first()
    if run is None or run.status == RecomputeRun.Status.SUCCEEDED:
        return None
    done = f"已处理 {run.done:,}/{run.total:,} 家" if run.total else "尚未开始计算"
    if run.status == RecomputeRun.Status.INTERRUPTED or runs.is_stale(run, now):
        return RunNotice(run, "bad", f"{year} 年资格重算中断：{done}，结果不完整")
    if run.status == RecomputeRun.Status.FAILED:
        return RunNotice(run, "bad", f"{year} 年资格重算失败：{done}，结果不完整")
    return RunNotice(run, "warn", f"{year} 年资格重算{run.get_status_display()}：{done}")


def recent_runs(limit=20):
    return RecomputeRun.objects.select_related("triggered_by").order_by("-requested_at", "-pk")[:limit]


def decisions_by_edition(edition_ids):
    """{policy edition id: number of awards decided (approved or later) under it}: such an edition is frozen."""
    return dict(
        Award.objects.filter(policy_id__in=list(edition_ids), state__in=APPROVED_OR_LATER)
        .values("policy_id").annotate(n=Count("pk")).values_list("policy_id", "n").order_by()
    )


def awarded_enterprise_ids(year):
    """The enterprises that received an award of year `year` — (三) or (四), approved or later (审核通过, 公示中, 已兑付,
    已归档): a decision to pay was made. A values queryset, for a subquery or a list."""
    return Award.objects.filter(year=year, state__in=APPROVED_OR_LATER).values("enterprise_id").distinct().order_by()


def awards_with_notice_starting(day):
    """The awards whose public notice started on `day`, as that list was published (in the order of the public
    page): those still on notice and those that went on to payment. One query."""
    return (
        Award.objects.filter(notice_starts_on=day, state__in=APPROVED_OR_LATER)
        .select_related("enterprise", "enterprise__area", "policy")
        .order_by("enterprise__area__sort_order", "enterprise__name", "kind", "pk")
    )


def award_by_id(pk):
    """One award, unscoped, for the public verification of a notice it was the subject of; None if gone."""
    return Award.objects.filter(pk=pk).first()


# --- the staff's queues (the admin's landing page) ----------------------------------------------------------------

def awaiting_approval(user):
    """Awards the enterprise confirmed, waiting for the bureau's review (待审核奖励)."""
    return awards_for(user).filter(state=AwardState.CONFIRMED)


def late_approval_ids(user, today=None):
    """The ids of the awards waiting for the bureau's review past the policy's time limit (奖励审核时限, working days
    from the enterprise's confirmation). Two queries: the waiting awards, the edition in force."""
    today = today or timezone.localdate()
    try:
        limit = edition_standing_on(today).award_review_working_days
    except NoPolicyEdition:
        return []
    waiting = awaiting_approval(user).filter(confirmed_at__isnull=False).order_by("pk").values_list("pk", "confirmed_at")
    return [pk for pk, at in waiting if deadline(timezone.localdate(at), limit, today).overdue]


def flagged_awards(user):
    """Awards whose inputs changed after the decision, waiting for a reviewer (需复核)."""
    return awards_for(user).filter(needs_attention=True)


def payable_award_ids(user, today=None):
    """The ids of the awards finance may pay today (待兑付): on public notice, the notice ended, and nothing in
    awards.holds.due_problems holds them back — the rule the payment form and the batch apply. Four queries."""
    today = today or timezone.localdate()
    ended = list(scope(Award.objects.filter(state=AwardState.PUBLIC_NOTICE, notice_ends_on__lt=today), user,
                       via="enterprise").order_by("pk"))
    problems = holds.due_problems(ended, today=today)
    return [award.pk for award in ended if award.pk not in problems]

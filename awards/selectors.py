"""Reads of awards, already scoped by user and joined."""

from dataclasses import dataclass, fields
from decimal import Decimal

from django.db.models import Case, Count, DecimalField, Q, Sum, Value, When
from django.db.models.functions import Coalesce

from enterprises.models import Area
from enterprises.scoping import scope, scope_areas

from . import runs
from .models import Award, RecomputeRun
from .states import APPROVED_OR_LATER, PAID_STATES, AwardState, Outcome

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


@dataclass
class AreaAwards:
    """(三)(四) awards of one year in one area (`area` None for a sum): system matches (eligible results), approved
    and paid awards — counts and yuan — and results needing review or flagged for a changed input."""

    area: Area | None = None
    candidates: int = 0
    candidate_amount: Decimal = ZERO
    approved: int = 0
    approved_amount: Decimal = ZERO
    paid: int = 0
    paid_amount: Decimal = ZERO
    needs_review: int = 0
    flagged: int = 0

    def __add__(self, other):
        return AreaAwards(None, *(getattr(self, f) + getattr(other, f) for f in AREA_AWARD_FIGURES))


AREA_AWARD_FIGURES = tuple(f.name for f in fields(AreaAwards) if f.name != "area")


def award_summary_by_area(year, user=None) -> list[AreaAwards]:
    """Per area for year `year`, every area in order (the user's areas only when `user` is given). Two queries
    whatever the number of enterprises or awards."""
    eligible = Q(outcome=Outcome.ELIGIBLE)
    approved = Q(state__in=APPROVED_OR_LATER)
    paid = Q(state__in=PAID_STATES)
    queryset = Award.objects.filter(year=year)
    if user is not None:
        queryset = scope(queryset, user, via="enterprise")
    rows = {
        row["enterprise__area_id"]: row
        for row in queryset.values("enterprise__area_id").annotate(
            candidates=Count("pk", filter=eligible),
            candidate_amount=_money_sum(eligible),
            approved=Count("pk", filter=approved),
            approved_amount=_money_sum(approved),
            paid=Count("pk", filter=paid),
            paid_amount=_money_sum(paid),
            needs_review=Count("pk", filter=Q(outcome=Outcome.NEEDS_REVIEW)),
            flagged=Count("pk", filter=Q(needs_attention=True)),
        ).order_by()
    }
    areas = Area.objects.order_by("sort_order", "pk")
    if user is not None:
        areas = scope_areas(areas, user, via="")
    return [
        AreaAwards(area, **{key: rows[area.pk][key] for key in AREA_AWARD_FIGURES}) if area.pk in rows
        else AreaAwards(area)
        for area in areas
    ]


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

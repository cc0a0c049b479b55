"""Reads of the liaison measures: scoped by user through enterprises.scoping, joined, in a fixed number of queries."""

from dataclasses import dataclass, field
from datetime import date

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, Subquery, Sum
from django.utils import timezone

from enterprises import selectors as registry
from enterprises.models import Area, Enterprise
from enterprises.reach import ReachSource
from enterprises.scoping import scope, scope_areas
from policy.levels import WHITE_LIST_LEVELS
from policy.rules import reference_day
from policy.selectors import edition_standing_on

from . import rules, service_selectors
from .models import (
    Difficulty,
    DutyOutcome,
    LiaisonAssignment,
    SupportPlanItem,
    TrainingAttendance,
    TrainingEvent,
    Visit,
)
from .workflow import DifficultyStatus


def today():
    return timezone.localdate()


# --- the liaison part of one firm one file (一户一档) ---------------------------------------------------------------

@dataclass
class LiaisonRecord:
    """What the liaison measures hold on one enterprise: officers, support plans, visits, difficulties, training
    and service records. The one-firm file (portal) shows it beside the other capabilities' parts."""

    current_assignment: LiaisonAssignment | None
    past_assignments: list
    visits: list
    difficulties: list
    support_plans: list
    training: list
    service_records: list
    difficulty_counts: dict = field(default_factory=dict)

    @property
    def managers_trained(self):
        return sum(a.managers for a in self.training)


def can_see_firm_file(user):
    return bool(user and user.is_authenticated and user.has_perm("liaison.view_firmfile"))


def liaison_record(enterprise) -> LiaisonRecord:
    """The liaison record of `enterprise` (the caller has checked the user may see it). Seven queries."""
    assignments = list(
        enterprise.liaison_assignments.select_related("officer", "assigned_by").order_by("-started_on", "-id")
    )
    current = next((a for a in assignments if a.ended_on is None), None)
    difficulties = list(enterprise.difficulties.select_related("officer").order_by("-submitted_on", "-id"))
    counts = {status: 0 for status in DifficultyStatus}
    for difficulty in difficulties:
        counts[DifficultyStatus(difficulty.status)] += 1
    return LiaisonRecord(
        current_assignment=current, past_assignments=[a for a in assignments if a is not current],
        visits=list(enterprise.liaison_visits.select_related("officer").order_by("-visited_on", "-id")),
        difficulties=difficulties,
        support_plans=list(
            enterprise.support_plans.select_related("prepared_by")
            .prefetch_related(Prefetch("items", queryset=SupportPlanItem.objects.order_by("measure", "due_on", "id")))
            .order_by("-year")
        ),
        training=list(enterprise.training_attendances.select_related("event").order_by("-event__held_on", "-id")),
        service_records=list(enterprise.service_records.select_related("recorded_by").order_by("-served_on", "-id")),
        difficulty_counts=counts,
    )


# --- assignments ---------------------------------------------------------------------------------------------------

def assignments_for(user):
    return scope(LiaisonAssignment.objects.select_related("enterprise", "enterprise__area", "officer"), user,
                 via="enterprise")


def unassigned_white_list(user=None, on=None):
    """White-list enterprises (scoped to `user` when given) with no active liaison officer."""
    active = LiaisonAssignment.objects.filter(enterprise=OuterRef("pk"), ended_on__isnull=True)
    return registry.white_list(on, user=user).filter(~Exists(active))


def officer_enterprises(user, year=None):
    """The officer's own enterprises (its active assignments), each with this year's duty progress annotated."""
    year = year or today().year
    resolved_this_year = Q(
        difficulties__status=DifficultyStatus.RESOLVED,
        difficulties__resolved_on__gte=date(year, 1, 1), difficulties__resolved_on__lte=date(year, 12, 31),
    )
    pending = Q(difficulties__status__in=[DifficultyStatus.OPEN, DifficultyStatus.IN_PROGRESS, DifficultyStatus.ESCALATED])
    last_visit = Visit.objects.filter(enterprise=OuterRef("pk")).order_by("-visited_on").values("visited_on")[:1]
    queryset = Enterprise.objects.filter(
        liaison_assignments__officer=user, liaison_assignments__ended_on__isnull=True,
    ).select_related("area")
    return registry.with_current_tier(queryset).annotate(
        resolved_this_year=Count("difficulties", filter=resolved_this_year, distinct=True),
        pending=Count("difficulties", filter=pending, distinct=True),
        last_visit=Subquery(last_visit),
    ).order_by("name", "pk")


# --- difficulties --------------------------------------------------------------------------------------------------

def difficulties_for(user):
    return scope(
        Difficulty.objects.select_related("enterprise", "enterprise__area", "officer"), user, via="enterprise"
    ).order_by("-submitted_on", "-id")


def difficulty_for(user, pk):
    """One difficulty the user may see, with its steps; raises Difficulty.DoesNotExist (→ 404) otherwise."""
    return difficulties_for(user).prefetch_related("transitions__actor").get(pk=pk)


# --- the yearly duty (八) -----------------------------------------------------------------------------------------

@dataclass
class DutyGroup:
    """One area's or one officer's outcomes for a year."""

    key: object
    label: str
    outcomes: list = field(default_factory=list)

    @property
    def total(self):
        return len(self.outcomes)

    @property
    def met(self):
        return sum(1 for o in self.outcomes if o.met)

    @property
    def unmet(self):
        return [o for o in self.outcomes if not o.met]

    @property
    def all_met(self):
        return self.met == self.total


@dataclass
class DutyReport:
    year: int
    by_area: list
    by_officer: list
    evaluated_at: object
    required: int | None

    @property
    def total(self):
        return sum(g.total for g in self.by_area)

    @property
    def met(self):
        return sum(g.met for g in self.by_area)

    @property
    def unmet(self):
        return self.total - self.met


def duty_outcomes_for(user, year):
    """Stored outcomes of a year: a county sees its area, the bureau all (scoped by the area stored with them)."""
    return scope_areas(
        DutyOutcome.objects.filter(year=year).select_related("enterprise", "officer", "area"), user, via="area"
    ).order_by("area__sort_order", "officer__username", "enterprise__name", "pk")


def duty_report(user, year):
    """Per area and per officer, who has met the duty and who has not, with the enterprises concerned. 1 query."""
    areas, officers = {}, {}
    evaluated_at, required = None, None
    for outcome in duty_outcomes_for(user, year):
        areas.setdefault(outcome.area_id, DutyGroup(outcome.area, outcome.area.name)).outcomes.append(outcome)
        officers.setdefault(outcome.officer_id, DutyGroup(outcome.officer, str(outcome.officer))).outcomes.append(outcome)
        evaluated_at = max(evaluated_at, outcome.evaluated_at) if evaluated_at else outcome.evaluated_at
        required = outcome.required
    by_officer = sorted(officers.values(), key=lambda g: (g.all_met, -len(g.unmet), g.label))
    return DutyReport(year, list(areas.values()), by_officer, evaluated_at, required)


@dataclass(frozen=True)
class AreaDuty:
    """(八) one area's liaison duty of a year, as last evaluated (`area_id` None for a sum)."""

    area_id: int | None = None
    area_name: str = ""
    enterprises: int = 0
    met: int = 0
    evaluated: bool = False  # has the duty of that year been evaluated there at all

    @property
    def unmet(self):
        return self.enterprises - self.met

    def __add__(self, other):
        return AreaDuty(None, "", self.enterprises + other.enterprises, self.met + other.met,
                        self.evaluated or other.evaluated)


def duty_by_area(year, user=None):
    """For dashboards: per area, enterprises owing the duty in `year` and how many have met it. 1 query."""
    queryset = DutyOutcome.objects.filter(year=year)
    if user is not None:
        queryset = scope_areas(queryset, user, via="area")
    rows = (
        queryset.order_by().values("area_id", "area__name", "area__sort_order")
        .annotate(enterprises=Count("pk"), met_count=Count("pk", filter=Q(met=True)))
        .order_by("area__sort_order", "area_id")
    )
    return [AreaDuty(r["area_id"], r["area__name"], r["enterprises"], r["met_count"], evaluated=True) for r in rows]


# --- training (十六) ----------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class AreaTraining:
    """(十六) one area's training of a year: managers trained, enterprises trained, SRDI enterprises covered of all
    SRDI enterprises (`area_id` None for a sum)."""

    area_id: int | None = None
    area_name: str = ""
    managers: int = 0
    enterprises_trained: int = 0
    srdi_covered: int = 0
    srdi_total: int = 0

    @property
    def srdi_uncovered(self):
        return self.srdi_total - self.srdi_covered

    def __add__(self, other):
        return AreaTraining(None, "", self.managers + other.managers,
                            self.enterprises_trained + other.enterprises_trained,
                            self.srdi_covered + other.srdi_covered, self.srdi_total + other.srdi_total)


def _srdi_on(year):
    """SRDI (white-list) status is read on 31 December, or today for the running year."""
    return reference_day(year, today())


def training_by_area(year, user=None):
    """For dashboards: per area, managers trained in `year`, enterprises trained, and SRDI enterprises covered
    against all SRDI enterprises. 3 queries."""
    start, end = date(year, 1, 1), date(year, 12, 31)
    on = _srdi_on(year)
    areas = Area.objects.order_by("sort_order", "pk")
    if user is not None:
        areas = scope_areas(areas, user, via="")
    areas = list(areas)
    attendance = (
        TrainingAttendance.objects.filter(event__held_on__gte=start, event__held_on__lte=end)
        .order_by().values("enterprise__area_id")
        .annotate(managers=Sum("managers"), enterprises=Count("enterprise", distinct=True))
    )
    trained = {r["enterprise__area_id"]: r for r in attendance}
    attended = TrainingAttendance.objects.filter(
        enterprise=OuterRef("pk"), event__held_on__gte=start, event__held_on__lte=end,
    )
    srdi = registry.valid_designations(on).filter(enterprise=OuterRef("pk"), level__in=WHITE_LIST_LEVELS)
    coverage = {
        r["area_id"]: r for r in (
            Enterprise.objects.filter(Exists(srdi)).annotate(trained=Exists(attended))
            .order_by().values("area_id")
            .annotate(total=Count("pk"), covered=Count("pk", filter=Q(trained=True)))
        )
    }
    rows = []
    for area in areas:
        t, c = trained.get(area.pk, {}), coverage.get(area.pk, {})
        rows.append(AreaTraining(
            area.pk, area.name, t.get("managers") or 0, t.get("enterprises") or 0,
            c.get("covered") or 0, c.get("total") or 0,
        ))
    return rows


def training_progress(year, user=None):
    """(十六) the year's totals against the policy's goals, for the user's areas. 4 queries."""
    rows = training_by_area(year, user)
    policy = edition_standing_on(_srdi_on(year))
    return rules.TrainingProgress(
        managers=sum(r.managers for r in rows), managers_goal=policy.training_managers_per_year,
        srdi_covered=sum(r.srdi_covered for r in rows), srdi_total=sum(r.srdi_total for r in rows),
    ), rows


def training_events(year):
    """The year's events with the number of enterprises and managers at each. 1 query."""
    return (
        TrainingEvent.objects.filter(held_on__gte=date(year, 1, 1), held_on__lte=date(year, 12, 31))
        .annotate(enterprises=Count("attendances"), managers=Sum("attendances__managers"))
        .order_by("-held_on", "pk")
    )


# --- what the pages that gather read from liaison: reach, one-firm file, measure workbooks -------------------------

def reach_sources():
    """(七) SRDI enterprises that received a carrier's service in the year."""
    return [ReachSource(
        measure=service_selectors.MEASURE, label=service_selectors.REACHED_LABEL, bureau=service_selectors.BUREAU,
        reached=service_selectors.service_records_in,
    )]


def firm_file_tables(enterprise, user):
    """(七) the enterprise's service records, newest first (one query)."""
    return [service_selectors.service_record_table(enterprise, user)]


def workbook_sheets():
    """{7: sheets(year, area_ids)} for 市工业和信息化局、市科技局."""
    return {service_selectors.MEASURE: service_selectors.workbook_tables}

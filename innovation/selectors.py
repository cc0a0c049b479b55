"""Reads of the innovation records, already scoped by user and joined; the candidates of the 揭榜 matching (十三);
the renovation recommendations (十四); and the three reads the dashboards, the one-firm file and the measure
workbooks take from every capability: `reach_sources`, `firm_file_tables`, `workbook_sheets`."""

from dataclasses import dataclass, field
from datetime import date

from django.db.models import Case, Count, Exists, IntegerField, OuterRef, Q, Subquery, Value, When
from django.db.models.functions import Coalesce

from enterprises.filings import FilingState, counted
from enterprises.reach import ReachSource
from enterprises.record_tables import RecordTable
from enterprises.scoping import scope
from enterprises.selectors import tier_subqueries, today, valid_designations
from policy.levels import Level

from .models import Match, MatchStep, RenovationProject, TechAchievement, TechDemand
from .rules import PRIORITY_LABELS, TOP_N, CatalogueIndex, Entry, parse_tokens
from .states import ANSWERED_STATES, MatchState

MEASURE_MATCHING = 13  # （十三）推动产学研协同创新
MEASURE_RENOVATION = 14  # （十四）加快技术改造提升


# -- demands, achievements, projects -----------------------------------------------------------------------------

def demands_for(user):
    return scope(TechDemand.objects.select_related("enterprise", "enterprise__area", "field"), user,
                 via="enterprise")


def demand_for(user, pk):
    """One demand the user may see; TechDemand.DoesNotExist (→ 404) otherwise."""
    return demands_for(user).get(pk=pk)


def projects_for(user):
    return scope(RenovationProject.objects.select_related("enterprise", "enterprise__area"), user, via="enterprise")


def project_for(user, pk):
    return projects_for(user).get(pk=pk)


def achievements():
    return TechAchievement.objects.select_related("field")


def search_achievements(query=""):
    found = achievements().order_by("institution", "name", "pk")
    return found.filter(Q(name__icontains=query) | Q(institution__icontains=query)) if query else found


def matches_for(user):
    return scope(
        Match.objects.select_related("demand", "demand__enterprise", "demand__enterprise__area", "achievement"),
        user, via="demand__enterprise",
    )


def match_for(user, pk):
    return matches_for(user).prefetch_related("steps").get(pk=pk)


# -- (十三) candidates both ways ---------------------------------------------------------------------------------

def _index(rows):
    return CatalogueIndex(Entry(pk, field_id, parse_tokens(tokens)) for pk, field_id, tokens in rows)


@dataclass
class Suggestion:
    item: object  # a TechAchievement for a demand, a TechDemand for an achievement
    candidate: object  # rules.Candidate
    match: Match | None = None


def achievement_candidates(demands, n=TOP_N):
    """{demand pk: [Suggestion of an achievement]} for `demands` (already read): 3 queries whatever their number —
    the catalogue's tokens, the candidates themselves, the matches already made."""
    demands = list(demands)
    if not demands:
        return {}
    index = _index(TechAchievement.objects.values_list("pk", "field_id", "tokens"))
    ranked = {d.pk: index.candidates(d.field_id, parse_tokens(d.tokens), n) for d in demands}
    wanted = {c.pk for candidates in ranked.values() for c in candidates}
    items = TechAchievement.objects.select_related("field").in_bulk(wanted)
    made = {(m.demand_id, m.achievement_id): m
            for m in Match.objects.filter(demand__in=[d.pk for d in demands], achievement__in=wanted)}
    return {pk: [Suggestion(items[c.pk], c, made.get((pk, c.pk))) for c in candidates]
            for pk, candidates in ranked.items()}


def demand_candidates(achievement, user, n=TOP_N):
    """[Suggestion of a demand] for one achievement, among the confirmed demands `user` may see: 3 queries."""
    visible = counted(demands_for(user))
    index = _index(visible.values_list("pk", "field_id", "tokens"))
    ranked = index.candidates(achievement.field_id, parse_tokens(achievement.tokens), n)
    items = visible.in_bulk([c.pk for c in ranked])
    made = {m.demand_id: m for m in Match.objects.filter(achievement=achievement, demand__in=list(items))}
    return [Suggestion(items[c.pk], c, made.get(c.pk)) for c in ranked]


def candidate_for(demand, achievement_pk, n=TOP_N):
    """The rules.Candidate of `achievement_pk` among the demand's candidates, or None."""
    for suggestion in achievement_candidates([demand], n).get(demand.pk, []):
        if suggestion.item.pk == achievement_pk:
            return suggestion.candidate
    return None


# -- (十三) the bureau's pipeline --------------------------------------------------------------------------------

@dataclass
class Pipeline:
    counts: list = field(default_factory=list)  # (MatchState, count), in the flow's order
    interested: int = 0  # matches the enterprise asked for, still 推荐
    demands: int = 0  # confirmed demands in scope
    unanswered_overdue: int = 0  # confirmed demands past their deadline with no match beyond 推荐
    recent: list = field(default_factory=list)


def pipeline(user, on: date | None = None, recent=50, state=None):
    """(十三) The matches per state, and how many demands are unanswered past their deadline, with the latest
    matches (of `state` only, when given): 3 queries."""
    on = on or today()
    totals = matches_for(user).order_by().aggregate(
        **{state.value: Count("pk", filter=Q(state=state)) for state in MatchState},
        interested=Count("pk", filter=Q(state=MatchState.RECOMMENDED, enterprise_interested=True)),
    )
    answered = Match.objects.filter(demand=OuterRef("pk"), state__in=ANSWERED_STATES)
    demands = counted(scope(TechDemand.objects.all(), user, via="enterprise")).order_by().aggregate(
        total=Count("pk"),
        overdue=Count("pk", filter=Q(deadline__lt=on) & ~Q(Exists(answered))),
    )
    return Pipeline(
        counts=[(state, totals[state.value]) for state in MatchState], interested=totals["interested"],
        demands=demands["total"], unanswered_overdue=demands["overdue"],
        recent=list((matches_for(user).filter(state=state) if state else matches_for(user))[:recent]),
    )


def overdue_demands(user, on: date | None = None):
    on = on or today()
    answered = Match.objects.filter(demand=OuterRef("pk"), state__in=ANSWERED_STATES)
    return counted(demands_for(user)).filter(deadline__lt=on).exclude(Exists(answered)).order_by("deadline", "pk")


# -- (十四) renovation recommendations ---------------------------------------------------------------------------

def _priority_case():
    return Case(
        When(level__in=(Level.LITTLE_GIANT, Level.SINGLE_CHAMPION), then=Value(3)),
        When(level__in=(Level.MUNICIPAL, Level.REGIONAL), then=Value(2)),
        When(level=Level.INNOVATIVE, then=Value(1)),
        default=Value(0), output_field=IntegerField(),
    )


def with_tier(queryset, on: date):
    """Annotate each project's enterprise's `priority` (rules.PRIORITY_LABELS) and `tier` (its highest valid
    level) on `on`, in the same query."""
    held = valid_designations(on).filter(enterprise=OuterRef("enterprise_id"))
    by_priority = held.annotate(priority=_priority_case()).order_by("-priority")
    tier, _ = tier_subqueries(on, "enterprise_id")
    return queryset.annotate(priority=Coalesce(Subquery(by_priority.values("priority")[:1]), Value(0)), tier=tier)


def renovation_recommendations(user, year, on: date | None = None):
    """(十四) The year's confirmed renovation projects, SRDI first: 专精特新“小巨人” > 专精特新 > 创新型 > none
    (the enterprise's title today), then the larger investment. One query."""
    projects = counted(projects_for(user)).filter(started_on__year=year)
    return with_tier(projects, on or today()).order_by("-priority", "-investment_wan", "started_on", "pk")


def tier_label(project):
    return Level(project.tier).label if project.tier else PRIORITY_LABELS[0]


RENOVATION_HEADERS = ["序号", "推荐梯度", "企业名称", "统一社会信用代码", "所属区域", "当前认定", "项目名称", "改造类型",
                      "总投资（万元）", "开工日期"]


def renovation_rows(projects):
    return [
        [number, PRIORITY_LABELS[p.priority], p.enterprise.name, p.enterprise.credit_code, p.enterprise.area.name,
         tier_label(p), p.name, p.get_kind_display(), p.investment_wan, p.started_on]
        for number, p in enumerate(projects, start=1)
    ]


# -- what the pages that gather read (dashboards, one-firm file, measure workbooks) ------------------------------

def reached_demands(year):
    """(十三) 发布技术需求并获得对接: confirmed demands with a match that reached 对接中 in `year` (a 推荐 alone is
    not yet an answer; a match that later failed still counts as docked that year)."""
    docked = MatchStep.objects.filter(match__demand=OuterRef("pk"), to_state=MatchState.NEGOTIATING, at__year=year)
    return counted(TechDemand.objects.all()).filter(Exists(docked))


def reached_projects(year):
    """(十四) 实施技术改造项目: confirmed renovation projects starting in `year`."""
    return counted(RenovationProject.objects.all()).filter(started_on__year=year)


def reach_sources():
    return [
        ReachSource(measure=MEASURE_MATCHING, label="发布技术需求并获得对接", bureau="市科技局、市教育局",
                    reached=reached_demands),
        ReachSource(measure=MEASURE_RENOVATION, label="实施技术改造项目", bureau="市工业和信息化局",
                    reached=reached_projects),
    ]


def firm_file_tables(enterprise, user):
    """This enterprise's demands (with their matches) and renovation projects, newest first: 3 queries. No
    personal data in these records."""
    demands = list(TechDemand.objects.filter(enterprise=enterprise).select_related("field").order_by("-pk"))
    matches = {}
    for match in Match.objects.filter(demand__enterprise=enterprise).select_related("achievement").order_by("pk"):
        matches.setdefault(match.demand_id, []).append(f"{match.achievement.name}（{match.get_state_display()}）")
    projects = RenovationProject.objects.filter(enterprise=enterprise).order_by("-started_on", "-pk")
    return [
        RecordTable("（十三）技术需求与揭榜对接", ["需求名称", "技术领域", "拟投入（万元）", "截止日期", "填报状态", "对接成果"],
                    [[d.name, d.field.name, d.budget_wan, d.deadline, d.get_filing_state_display(),
                      "；".join(matches.get(d.pk, [])) or "—"] for d in demands]),
        RecordTable("（十四）技术改造项目", ["项目名称", "改造类型", "总投资（万元）", "开工日期", "填报状态"],
                    [[p.name, p.get_kind_display(), p.investment_wan, p.started_on, p.get_filing_state_display()]
                     for p in projects]),
    ]


def _in_areas(queryset, area_ids, via):
    return queryset if area_ids is None else queryset.filter(**{f"{via}__area_id__in": list(area_ids)})


MATCH_HEADERS = ["企业名称", "统一社会信用代码", "所属区域", "需求名称", "技术领域", "对接成果", "完成单位", "对接状态",
                 "对接日期"]


def matching_sheets(year, area_ids=None):
    """(十三) For 市科技局、市教育局: the matches that reached 对接中 in `year` (the reach), then the year's state
    counts. 2 queries."""
    docked = MatchStep.objects.filter(to_state=MatchState.NEGOTIATING, at__year=year).select_related(
        "match__demand__enterprise__area", "match__demand__field", "match__achievement",
    ).filter(match__demand__filing_state=FilingState.CONFIRMED).order_by("at", "pk")
    docked = _in_areas(docked, area_ids, "match__demand__enterprise")
    rows = []
    for step in docked:
        m = step.match
        e = m.demand.enterprise
        rows.append([e.name, e.credit_code, e.area.name, m.demand.name, m.demand.field.name, m.achievement.name,
                     m.achievement.institution, m.get_state_display(), step.at.date()])
    states = _in_areas(Match.objects.filter(created_at__year=year), area_ids, "demand__enterprise")
    totals = states.order_by().values("state").annotate(n=Count("pk"))
    by_state = {row["state"]: row["n"] for row in totals}
    return [
        RecordTable("获得对接的技术需求", MATCH_HEADERS, rows),
        RecordTable("当年推荐对接按状态", ["对接状态", "对接数（项）"],
                    [[state.label, by_state.get(state.value, 0)] for state in MatchState]),
    ]


def renovation_sheets(year, area_ids=None):
    """(十四) For 市工业和信息化局: the year's renovation projects, SRDI first, as recommended. 1 query."""
    projects = with_tier(reached_projects(year).select_related("enterprise", "enterprise__area"), today())
    projects = _in_areas(projects, area_ids, "enterprise").order_by("-priority", "-investment_wan", "pk")
    return [RecordTable("技术改造项目推荐名单", RENOVATION_HEADERS, renovation_rows(projects))]


def workbook_sheets():
    return {MEASURE_MATCHING: matching_sheets, MEASURE_RENOVATION: renovation_sheets}

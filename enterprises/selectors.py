"""Reads of the registry, already scoped by user and already joined."""

from datetime import date

from django.apps import apps
from django.db.models import Case, Exists, IntegerField, OuterRef, Q, Subquery, Value, When
from django.db.models.functions import Coalesce
from django.utils import timezone

from policy.levels import RANK, WHITE_LIST_LEVELS
from policy.rules import reference_day
from policy.selectors import expiry_warning_days

from .filings import FiledRecord, FilingState
from .id_arrays import AnyOf
from .models import AnnualFigures, Area, CreditEntry, Designation, Enterprise, FigureReport, FigureSource
from .provenance import chosen_source, precedence
from .rules import current_tier, designation_standing, on_white_list, valid_on
from .scoping import area_q, scope, scope_areas


def today():
    return timezone.localdate()


def enterprises_for(user):
    return scope(Enterprise.objects.select_related("area"), user)


def enterprise_for(user, pk):
    """One enterprise the user may see; raises Enterprise.DoesNotExist (→ 404) otherwise."""
    return enterprises_for(user).get(pk=pk)


def designations_of(enterprise):
    """One enterprise's designations, newest first (the caller has checked the user may see it)."""
    return Designation.objects.filter(enterprise=enterprise).order_by("-granted_on", "-id")


def figures_of(enterprise):
    """One enterprise's annual figures (the caller has checked the user may see it)."""
    return AnnualFigures.objects.filter(enterprise=enterprise).order_by("year")


def designations_for(user):
    return scope(Designation.objects.select_related("enterprise", "enterprise__area"), user, via="enterprise")


def figures_for(user):
    return scope(AnnualFigures.objects.select_related("enterprise", "enterprise__area"), user, via="enterprise")


def valid_designations(on: date):
    return Designation.objects.filter(granted_on__lte=on, valid_until__gte=on)


def _rank_case():
    return Case(*[When(level=level, then=Value(rank)) for level, rank in RANK.items()], output_field=IntegerField())


def tier_subqueries(on: date, ref="pk"):
    """(current tier, its rank) of the enterprise at `ref` on `on`, as subqueries: its highest valid designation
    (None and 0 without one). For annotating any queryset that reaches an enterprise."""
    best = valid_designations(on).filter(enterprise=OuterRef(ref)).annotate(rank=_rank_case()).order_by("-rank")
    return Subquery(best.values("level")[:1]), Coalesce(Subquery(best.values("rank")[:1]), Value(0))


def with_current_tier(queryset, on: date | None = None):
    """Annotate `current_tier` (a Level value or None) and `tier_rank` in one query, for lists."""
    current_tier, tier_rank = tier_subqueries(on or today())
    return queryset.annotate(current_tier=current_tier, tier_rank=tier_rank)


def srdi_exists(on: date, ref="pk"):
    """Whether the enterprise at `ref` is SRDI (白名单: a valid municipal-or-higher designation) on `on`, as an
    Exists to filter or annotate with."""
    return Exists(valid_designations(on).filter(enterprise=OuterRef(ref), level__in=WHITE_LIST_LEVELS))


def srdi_in_year(year: int, ref="pk"):
    """SRDI in `year`: on its reference day (31 December, or today while the year runs)."""
    return srdi_exists(reference_day(year, today()), ref)


def white_list(on: date | None = None, user=None):
    """Enterprises holding a valid municipal-or-higher designation on `on` (clause 一)."""
    on = on or today()
    queryset = Enterprise.objects.select_related("area").filter(srdi_exists(on))
    if user is not None:
        queryset = scope(queryset, user)
    return with_current_tier(queryset, on)


def areas():
    return Area.objects.all()


def area_ids_for(user):
    """The areas a staff user's figures cover: None for the whole city, a county's own, [] for none (a role that
    sees no area's figures). One query for a county, none otherwise."""
    condition = area_q(user, via="")
    if condition is None:
        return []
    if condition == Q():
        return None
    return list(scope_areas(Area.objects.all(), user, via="").values_list("pk", flat=True))


def area_by_name_or_code():
    """{name or code: Area} including half-width-parenthesis spellings of names, for imports and forms."""
    index = {}
    for area in Area.objects.all():
        index[area.name] = area
        index[area.name.replace("（", "(").replace("）", ")")] = area
        if area.code:
            index[area.code] = area
    return index


def search_enterprises(user, text):
    queryset = enterprises_for(user)
    text = (text or "").strip()
    if text:
        queryset = queryset.filter(Q(name__icontains=text) | Q(credit_code__icontains=text.upper()))
    return queryset


def is_white_listed(designations, on: date | None = None):
    return on_white_list(designations, on or today())


def designation_standings(designations, on: date, names=None):
    """Each designation's standing on `on` (rules.DesignationStanding), with the policy's one warning period:
    the enterprise home and the one-firm file warn on the same day. One query for the period. With `names`
    (policy.selectors.level_names()), each standing carries its level's name on its grant date."""
    warning_days = expiry_warning_days(on)
    return [
        designation_standing(d, on, warning_days, names.name(d.level, d.granted_on) if names else "")
        for d in designations
    ]


def current_tier_name(designations, on: date, names):
    """The current tier (rules.current_tier) as it is called on the grant date of the latest valid title at that
    level, or None when no designation is valid on `on`."""
    tier = current_tier(designations, on)
    if tier is None:
        return None
    granted_on = max(d.granted_on for d in designations if d.level == tier and valid_on(d, on))
    return names.name(tier, granted_on)


def _credit_in_force(day):
    """A credit entry is in force from 列入日期 until the day before 移出日期 (CreditEntry.in_force_on, as a filter)."""
    return Q(listed_on__lte=day) & (Q(removed_on__isnull=True) | Q(removed_on__gt=day))


def credit_entries_in_force(enterprise_ids, day):
    """{enterprise_id: [CreditEntry, …]} for the entries in force on `day` (信用审查), one query."""
    found = {}
    for entry in CreditEntry.objects.filter(_credit_in_force(day), enterprise_id__in=list(enterprise_ids)).order_by(
        "enterprise_id", "listed_on", "pk"
    ):
        found.setdefault(entry.enterprise_id, []).append(entry)
    return found


def credit_entries_of(enterprise):
    """One enterprise's credit entries, newest first, in force or not (the caller has checked the user may see
    it): the one-firm file."""
    return CreditEntry.objects.filter(enterprise=enterprise).order_by("-listed_on", "-pk")


def credit_listed_on(day, outer="enterprise_id"):
    """An Exists() expression for annotating another app's rows: the row's enterprise (`outer`, a field of the
    outer query holding its id) has a credit entry in force on `day` — for list pages, one query whatever N."""
    return Exists(CreditEntry.objects.filter(_credit_in_force(day), enterprise_id=OuterRef(outer)))


def designation_by_id(pk):
    """One designation, unscoped, for the public verification of a certificate; None if it was withdrawn."""
    return Designation.objects.filter(pk=pk).first()


def filed_record_models():
    """Every concrete model of the records enterprises file themselves (enterprises.filings), whichever app owns
    it: a new capability's records join the county's queue without an edit here."""
    return [model for model in apps.get_models()
            if issubclass(model, FiledRecord) and not model._meta.proxy and not model._meta.abstract]


def submitted_filings(model, user):
    """Records of `model` in the user's reach that an enterprise submitted and the county has not yet confirmed."""
    return scope(model.objects.filter(filing_state=FilingState.SUBMITTED), user, via="enterprise")


# -- where the figures came from -----------------------------------------------------------------------------------

def figure_sources(enterprise_ids, years):
    """{(enterprise id, year): {field: source label}}: the source whose value AnnualFigures uses, for the figures
    that have sources kept. Two queries (the reports, the precedence)."""
    reports = {}
    for enterprise_id, year, name, source, value, received_at in FigureReport.objects.filter(
        AnyOf("enterprise_id", enterprise_ids), year__in=years,
    ).values_list("enterprise_id", "year", "field", "source", "value", "received_at"):
        reports.setdefault((enterprise_id, year, name), {})[source] = (value, received_at)
    ranks = precedence()
    used = {}
    for (enterprise_id, year, name), by_source in reports.items():
        used.setdefault((enterprise_id, year), {})[name] = FigureSource(chosen_source(by_source, ranks)).label
    return used


def disagreeing_reports(user):
    """The reports of every (enterprise, year, figure) where two sources disagree and the county has not settled it
    since (a source's new value reopens it): scoped, joined, ordered so that the reports of one figure are
    together. One query."""
    same_figure = {"enterprise": OuterRef("enterprise"), "year": OuterRef("year"), "field": OuterRef("field")}
    other = FigureReport.objects.filter(**same_figure).exclude(value=OuterRef("value"))
    unsettled = FigureReport.objects.filter(**same_figure, settled_at__isnull=True)
    reports = FigureReport.objects.filter(Exists(other), Exists(unsettled)).select_related(
        "enterprise", "enterprise__area")
    return scope(reports, user, via="enterprise").order_by("enterprise__name", "enterprise_id", "-year", "field",
                                                            "source")

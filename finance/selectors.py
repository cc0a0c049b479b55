"""Reads of the finance records, scoped by user and joined, each in a fixed number of queries."""

import hashlib
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, Subquery, Sum

from enterprises.models import Area, Enterprise
from enterprises.reach import ReachSource
from enterprises.scoping import enterprise_q, scope, scope_areas
from enterprises.selectors import today, valid_designations, white_list
from policy.levels import WHITE_LIST_LEVELS
from policy.rules import reference_day
from policy.selectors import edition_standing_on

from . import support_selectors
from .models import ListingReserveEntry, ListingStageChange, ListPush, ListPushRow, LoanSupport
from .rules import Target, listing_goal_window, share
from .stages import ACTIVE_STAGES, ListingStage

ZERO = Decimal("0")


# ---- plain scoped querysets (admin, pages) -------------------------------------------------------------------

def pool_entries_for(user):
    return scope(ListingReserveEntry.objects.select_related("enterprise", "enterprise__area"), user, via="enterprise")


def loans_for(user):
    return scope(LoanSupport.objects.select_related("enterprise", "enterprise__area"), user, via="enterprise")


def pushes_for(user):
    """Push records are city-wide documents: only users allowed to view them (financial services, bureau) see any."""
    if enterprise_q(user) != Q() or not user.has_perm("finance.view_listpush"):
        return ListPush.objects.none()
    return ListPush.objects.select_related("pushed_by", "area")


def push_rows(push):
    return ListPushRow.objects.filter(push=push).order_by("position")


def pushes_to(institution_id):
    """The pushes sent to one registered institution (the open interfaces scope every answer by this)."""
    return ListPush.objects.filter(institution_id=institution_id)


def pushed_enterprise(*, institution_id, credit_code):
    """The enterprise of `credit_code` if it was on a list pushed to the institution, else None (九: a bank reports
    loans to the firms it was told of)."""
    row = (ListPushRow.objects.filter(push__institution_id=institution_id, enterprise__credit_code=credit_code)
           .select_related("enterprise").order_by("-push__pushed_at").first())
    return row.enterprise if row else None


def loans_reported_by(institution_id):
    return LoanSupport.objects.filter(reported_by_id=institution_id).select_related("enterprise")


def loans_in_year(year):
    return LoanSupport.objects.filter(granted_on__gte=date(year, 1, 1), granted_on__lte=date(year, 12, 31))


# ---- list pushes ---------------------------------------------------------------------------------------------

def push_candidates(*, user, on: date, area=None, tier=""):
    """The white list on `on` as a push would send it (clauses 九, 五), optionally one area or one current tier,
    with the expiry of the designation behind the current tier. One query."""
    queryset = white_list(on=on, user=user)
    if area is not None:
        queryset = queryset.filter(area=area)
    if tier:
        queryset = queryset.filter(current_tier=tier)
    expiry = (
        valid_designations(on).filter(enterprise=OuterRef("pk"), level=OuterRef("current_tier"))
        .order_by("-valid_until").values("valid_until")[:1]
    )
    return queryset.annotate(tier_valid_until=Subquery(expiry)).order_by("area__sort_order", "name", "pk")


def fingerprint(enterprise_ids) -> str:
    """Which enterprises a preview showed, so a confirmation sends the same set or nothing."""
    return hashlib.sha256(",".join(str(pk) for pk in sorted(enterprise_ids)).encode()).hexdigest()


# ---- financing share (九) ------------------------------------------------------------------------------------

@dataclass(frozen=True)
class FinancingShare:
    year: int
    as_of: date
    white_listed: int
    financed: int

    @property
    def share(self):
        return share(self.financed, self.white_listed)


def _financed_in(year):
    return Exists(loans_in_year(year).filter(enterprise=OuterRef("pk")))


def financing_share(year: int, user=None) -> FinancingShare:
    """Of the white-list enterprises (on 31 December, or today for the current year), how many received at least
    one supported loan granted in `year`. One query."""
    as_of = reference_day(year, today())
    listed = Enterprise.objects.filter(pk__in=white_list(on=as_of, user=user).values("pk"))
    counts = listed.aggregate(total=Count("pk"), financed=Count("pk", filter=Q(_financed_in(year))))
    return FinancingShare(year=year, as_of=as_of, white_listed=counts["total"], financed=counts["financed"])


# ---- per area, for dashboards --------------------------------------------------------------------------------

@dataclass
class AreaFinance:
    area: Area | None
    pool_size: int = 0
    listed_in_year: int = 0
    listed_total: int = 0
    loan_count: int = 0
    loan_amount: Decimal = ZERO
    interest_subsidy: Decimal = ZERO
    white_listed: int = 0
    financed: int = 0

    @property
    def financed_share(self):
        return share(self.financed, self.white_listed)

    @property
    def financed_percent(self):
        """The financed share in whole percent, for the dashboards."""
        fraction = self.financed_share
        return None if fraction is None else round(100 * fraction)

    def __add__(self, other):
        return AreaFinance(area=None).add(self).add(other)

    def add(self, other):
        for name in ("pool_size", "listed_in_year", "listed_total", "loan_count", "loan_amount", "interest_subsidy",
                     "white_listed", "financed"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        return self


def finance_by_area(year: int, user=None) -> list[AreaFinance]:
    """Per area: active reserve-pool size, listings in `year` and in all, loans granted in `year` (count, amount,
    subsidy), white-list size and how many of those were financed. Four queries whatever the numbers."""
    areas = Area.objects.all()
    entries, loans = ListingReserveEntry.objects.all(), loans_in_year(year)
    if user is not None:
        areas = scope_areas(areas, user, via="")
        entries, loans = scope(entries, user, via="enterprise"), scope(loans, user, via="enterprise")
    rows = {area.pk: AreaFinance(area=area) for area in areas}
    start, end = date(year, 1, 1), date(year, 12, 31)
    for item in entries.values("enterprise__area_id").annotate(
        pool=Count("pk", filter=Q(stage__in=ACTIVE_STAGES)),
        listed_year=Count("pk", filter=Q(listed_on__gte=start, listed_on__lte=end)),
        listed_all=Count("pk", filter=Q(stage=ListingStage.LISTED)),
    ).order_by():
        if row := rows.get(item["enterprise__area_id"]):
            row.pool_size, row.listed_in_year, row.listed_total = item["pool"], item["listed_year"], item["listed_all"]
    for item in loans.values("enterprise__area_id").annotate(
        n=Count("pk"), amount=Sum("amount"), subsidy=Sum("interest_subsidy"),
    ).order_by():
        if row := rows.get(item["enterprise__area_id"]):
            row.loan_count, row.loan_amount, row.interest_subsidy = item["n"], item["amount"], item["subsidy"]
    as_of = reference_day(year, today())
    listed = Enterprise.objects.filter(pk__in=white_list(on=as_of, user=user).values("pk"))
    for item in listed.values("area_id").annotate(
        total=Count("pk"), financed=Count("pk", filter=Q(_financed_in(year))),
    ).order_by():
        if row := rows.get(item["area_id"]):
            row.white_listed, row.financed = item["total"], item["financed"]
    return list(rows.values())


def city_totals(rows) -> AreaFinance:
    total = AreaFinance(area=None)
    for row in rows:
        total.add(row)
    return total


# ---- the summary page ----------------------------------------------------------------------------------------

@dataclass
class FinanceSummary:
    year: int
    city_wide: bool
    policy: object
    pool: Target
    listings: Target
    goal_window: tuple
    listed_total: int
    stage_counts: list
    loan_count: int
    loan_amount: Decimal
    interest_subsidy: Decimal
    loans_by_programme: list
    financing: FinancingShare
    entries: list
    areas: list = field(default_factory=list)
    area_totals: AreaFinance | None = None


def finance_summary(user, year: int) -> FinanceSummary:
    """Everything `finance:summary` shows, scoped by `user`. A constant number of queries (see the test)."""
    now = today()
    policy = edition_standing_on(now)
    window = listing_goal_window(policy.effective_from, policy.listing_goal_year)
    entries = pool_entries_for(user)
    counts = entries.aggregate(
        pool=Count("pk", filter=Q(stage__in=ACTIVE_STAGES)),
        listed_window=Count("pk", filter=Q(listed_on__gte=window[0], listed_on__lte=window[1])),
        listed_total=Count("pk", filter=Q(stage=ListingStage.LISTED)),
        **{f"stage_{stage.value}": Count("pk", filter=Q(stage=stage)) for stage in ListingStage},
    )
    loans = scope(loans_in_year(year), user, via="enterprise")
    by_programme = list(
        loans.values("programme").annotate(n=Count("pk"), amount=Sum("amount"), subsidy=Sum("interest_subsidy"))
        .order_by("programme")
    )
    labels = dict(LoanSupport.Programme.choices)
    for item in by_programme:
        item["label"] = labels[item["programme"]]
    srdi_now = Exists(valid_designations(now).filter(enterprise=OuterRef("enterprise_id"), level__in=WHITE_LIST_LEVELS))
    listed_entries = list(
        entries.exclude(stage=ListingStage.WITHDRAWN).annotate(on_white_list=srdi_now)
        .order_by("enterprise__area__sort_order", "enterprise__name", "pk")
    )
    city_wide = enterprise_q(user) == Q()
    areas = finance_by_area(year, user) if city_wide else []
    return FinanceSummary(
        year=year, city_wide=city_wide, policy=policy,
        pool=Target(actual=counts["pool"], required=policy.listing_pool_min),
        listings=Target(actual=counts["listed_window"], required=policy.listing_goal),
        goal_window=window, listed_total=counts["listed_total"],
        stage_counts=[(stage, counts[f"stage_{stage.value}"]) for stage in ListingStage],
        loan_count=sum(item["n"] for item in by_programme),
        loan_amount=sum((item["amount"] for item in by_programme), ZERO),
        interest_subsidy=sum((item["subsidy"] for item in by_programme), ZERO),
        loans_by_programme=by_programme,
        financing=financing_share(year, user),
        entries=listed_entries,
        areas=areas, area_totals=city_totals(areas) if areas else None,
    )


# ---- one firm one file ---------------------------------------------------------------------------------------

@dataclass(frozen=True)
class EnterpriseFinancing:
    loans: list
    listing_entry: ListingReserveEntry | None
    stage_changes: list

    @property
    def loan_total(self):
        return sum((loan.amount for loan in self.loans), ZERO)

    @property
    def subsidy_total(self):
        return sum((loan.interest_subsidy for loan in self.loans), ZERO)


def financing_for_enterprise(enterprise) -> EnterpriseFinancing:
    """Loans (newest first) and the listing-reserve entry with its dated stage history, for the one-firm-one-file
    page. The caller has already checked the user may see `enterprise`. Three queries at most."""
    loans = list(LoanSupport.objects.filter(enterprise=enterprise).order_by("-granted_on", "-pk"))
    changes = ListingStageChange.objects.select_related("changed_by").order_by("changed_on", "pk")
    entry = (
        ListingReserveEntry.objects.filter(enterprise=enterprise)
        .prefetch_related(Prefetch("stage_changes", queryset=changes)).first()
    )
    return EnterpriseFinancing(
        loans=loans, listing_entry=entry, stage_changes=list(entry.stage_changes.all()) if entry else [],
    )


# ---- what the pages that gather read from finance: reach, one-firm file, measure workbooks --------------------

def reach_sources():
    """(九) white-list enterprises that received financial support in the year."""
    return [ReachSource(
        measure=support_selectors.MEASURE, label=support_selectors.REACHED_LABEL, bureau=support_selectors.BUREAU,
        reached=support_selectors.supports_in_year,
    )]


def firm_file_tables(enterprise, user):
    """(九) the enterprise's financial support, newest first (one query)."""
    return [support_selectors.support_record_table(enterprise, user)]


def workbook_sheets():
    """{9: sheets(year, area_ids)} for 市金融办 and 人民银行桂林市分行."""
    return {support_selectors.MEASURE: support_selectors.workbook_tables}

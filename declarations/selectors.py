"""Reads of declarations, already scoped by user and already joined."""

from dataclasses import dataclass, field
from datetime import timedelta

from django.db.models import Count, Prefetch, Q
from django.utils import timezone

from awards.objections import ObjectionStatus
from enterprises.models import Area
from enterprises.roles import Role
from enterprises.scoping import scope, scope_areas
from policy.selectors import NoPolicyEdition, edition_standing_on

from . import review_deadlines
from .models import Attachment, Declaration, PortalMessage, RecognitionObjection, ReviewStep, SrdiApplication
from .states import Kind, Status


def today():
    return timezone.localdate()


# Declarations carry an enterprise's confidential figures: finance and financial-services officers, though
# city-wide for their own records, do not read them.
NO_DECLARATION_ROLES = (Role.FINANCE, Role.FINANCIAL_SERVICES)


def _reads_declarations(user):
    return user.is_authenticated and (user.is_superuser or user.role not in NO_DECLARATION_ROLES)


def declarations_for(user):
    queryset = Declaration.objects.select_related("enterprise", "enterprise__area")
    return scope(queryset, user, via="enterprise") if _reads_declarations(user) else queryset.none()


def declaration_for(user, pk):
    """One declaration the user may see, with its content; raises Declaration.DoesNotExist (→ 404) otherwise."""
    return declarations_for(user).select_related(
        "application", "annual_report", "criteria_edition", "designation"
    ).get(pk=pk)


def own_declarations(enterprise):
    """All of an enterprise's declarations, drafts included, newest first: what its own home page lists (the caller
    has checked the user is the enterprise). One query."""
    return Declaration.objects.filter(enterprise=enterprise).order_by("-year", "-id")


def declarations_of_enterprise(enterprise):
    """An enterprise's filed declarations (not its drafts) with their review steps, for the one-firm-one-file page;
    the caller has checked the user may see the enterprise. Two queries."""
    steps = ReviewStep.objects.select_related("actor").order_by("at", "pk")
    return (
        Declaration.objects.filter(enterprise=enterprise).exclude(status=Status.DRAFT)
        .prefetch_related(Prefetch("steps", queryset=steps)).order_by("-year", "-pk")
    )


def steps_of(declaration):
    return declaration.steps.select_related("actor")


def attachments_for(user):
    queryset = Attachment.objects.select_related("declaration")
    return scope(queryset, user, via="declaration__enterprise") if _reads_declarations(user) else queryset.none()


def messages_for(user):
    if not user.is_authenticated:
        return PortalMessage.objects.none()
    return PortalMessage.objects.filter(recipient=user).select_related("declaration")


def unread_count(user):
    return messages_for(user).filter(read_at__isnull=True).count()


def public_notices():
    """Applications now on public notice (公示) — shown on the public page with their edition (its objection
    contact); no confidential figures, no objections. One query."""
    return (
        Declaration.objects.filter(kind=Kind.APPLICATION, status=Status.PUBLIC_NOTICE)
        .select_related("enterprise", "enterprise__area", "application", "policy")
        .order_by("notice_ends_on", "enterprise__area__sort_order", "enterprise__name")
    )


def recently_recognized(days=365):
    since = today() - timedelta(days=days)
    return (
        Declaration.objects.filter(kind=Kind.APPLICATION, status=Status.RECOGNIZED, designation__granted_on__gte=since)
        .select_related("enterprise", "enterprise__area", "designation", "application")
        .order_by("-designation__granted_on", "enterprise__name")
    )


def waiting_q(user, on=None):
    """What waits for this user to act: county 初审, bureau 复审 and notices whose period has ended."""
    on = on or today()
    if not user.is_authenticated:
        return None
    role = Role.ADMIN if user.is_superuser else user.role
    county = Q(status=Status.SUBMITTED)
    bureau = Q(status=Status.COUNTY_RECOMMENDED) | Q(status=Status.PUBLIC_NOTICE, notice_ends_on__lt=on)
    if role == Role.COUNTY:
        return county
    if role == Role.REVIEWER:
        return bureau
    if role == Role.ADMIN:
        return county | bureau
    if role == Role.ENTERPRISE:
        return Q(status__in=(Status.DRAFT, Status.RETURNED))
    return None


def waiting_for(user, on=None):
    condition = waiting_q(user, on)
    queryset = declarations_for(user)
    return queryset.none() if condition is None else queryset.filter(condition)


def due_notices(on=None):
    """Notices whose period ended before `on`: ready to be concluded."""
    on = on or today()
    return Declaration.objects.filter(status=Status.PUBLIC_NOTICE, notice_ends_on__lt=on).order_by("pk")


def has_open_objection(declaration):
    """An objection to this entry waits for the bureau's finding: the entry is held (no recognition)."""
    return RecognitionObjection.objects.filter(declaration=declaration, status=ObjectionStatus.OPEN).exists()


def objection_counts(declaration):
    """{"total": n, "open": m} objections to this entry — counts only, no objector's details. One query."""
    return RecognitionObjection.objects.filter(declaration=declaration).aggregate(
        total=Count("id"), open=Count("id", filter=Q(status=ObjectionStatus.OPEN)),
    )


# Review steps of municipal applications in pipeline order; drafts stay the enterprise's own business.
DECLARATION_STEPS = (
    Status.SUBMITTED, Status.RETURNED, Status.COUNTY_RECOMMENDED, Status.PUBLIC_NOTICE, Status.RECOGNIZED,
    Status.REJECTED,
)
IN_REVIEW = (Status.SUBMITTED, Status.COUNTY_RECOMMENDED, Status.PUBLIC_NOTICE)


@dataclass
class AreaDeclarations:
    """Municipal SRDI applications of a year in one area by review step (county 初审 → city 复审 → 公示 → 认定);
    `area` None for a sum."""

    area: Area | None = None
    counts: dict = field(default_factory=dict)  # status value → count

    def count(self, status):
        return self.counts.get(status, 0)

    @property
    def steps(self):
        return [(status.value, status.label, self.count(status)) for status in DECLARATION_STEPS]

    @property
    def in_review(self):
        return sum(self.count(status) for status in IN_REVIEW)

    @property
    def total(self):
        """Filed applications (drafts stay the enterprise's own business)."""
        return sum(self.count(status) for status in DECLARATION_STEPS)

    def __add__(self, other):
        keys = set(self.counts) | set(other.counts)
        return AreaDeclarations(None, {key: self.count(key) + other.count(key) for key in keys})


def declarations_by_area(year, user=None):
    """Per area, how many municipal applications of `year` sit at each review step. Two queries, any size."""
    queryset = Declaration.objects.filter(kind=Kind.APPLICATION, year=year)
    areas = Area.objects.order_by("sort_order", "id")
    if user is not None:
        queryset = scope(queryset, user, via="enterprise")
        areas = scope_areas(areas, user, via="")
    grouped = {}
    for row in queryset.values("enterprise__area_id", "status").annotate(n=Count("id")).order_by():
        grouped.setdefault(row["enterprise__area_id"], {})[row["status"]] = row["n"]
    return [
AreaDeclarations(area, grouped.get(area.pk, {})) for area in areas
    ]


def latest_application(enterprise):
    """The enterprise's most recent municipal application content (drafts included: the firm typed it), or None —
    the tier check-up reads its years in the niche and equity financing. One query; the caller has checked the user
    may see the enterprise."""
    return (SrdiApplication.objects.filter(declaration__enterprise=enterprise)
            .order_by("-declaration__year", "-declaration__pk").first())


def _policy_in_force(on):
    try:
        return edition_standing_on(on)
    except NoPolicyEdition:
        return None


def review_queue_with_deadlines(user, limit=200):
    """The user's queue, oldest first, each item with `.deadline` (policy.working_days.Deadline or None), and
    how many of them are overdue. Two queries: the queue, the policy edition in force; nothing per row."""
    on = today()
    policy = _policy_in_force(on)
    items = list(review_deadlines.with_entered_at(waiting_for(user)).order_by("submitted_at", "pk")[:limit])
    for item in items:
        item.deadline = review_deadlines.deadline_for(item.status, item.entered_at or item.submitted_at, policy, on)
    return items, sum(1 for item in items if item.deadline and item.deadline.overdue)


def overdue_review_count(user):
    """How many declarations of the user's whole queue are past their review time limit (the landing page's
    审核已超期). Two queries, three columns a row."""
    on = today()
    policy = _policy_in_force(on)
    rows = review_deadlines.with_entered_at(waiting_for(user)).values_list("status", "entered_at", "submitted_at")
    late = (review_deadlines.deadline_for(status, entered or submitted, policy, on) for status, entered, submitted in rows)
    return sum(1 for deadline in late if deadline and deadline.overdue)


def first_review_queue(user):
    """Declarations submitted in the user's reach that wait for the county's 初审 (the landing page's 待我初审)."""
    return declarations_for(user).filter(status=Status.SUBMITTED)


def second_review_queue(user):
    """Declarations the county recommended, waiting for the bureau's 复审 (the landing page's 待我复审)."""
    return declarations_for(user).filter(status=Status.COUNTY_RECOMMENDED)

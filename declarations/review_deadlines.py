"""Review time limits (审核时限): each review step must be done within a number of working days kept in the policy
record (初审 by the county, 复审 by the bureau), counted on the Chinese statutory calendar (policy.working_days)."""

from django.db.models import OuterRef, Subquery
from django.utils import timezone

from policy.working_days import deadline

from .models import ReviewStep
from .states import Status

# The review step a status waits for, and the policy record's field holding its limit.
LIMITS = {
    Status.SUBMITTED: "first_review_working_days",
    Status.COUNTY_RECOMMENDED: "second_review_working_days",
}



def with_entered_at(queryset):
    """Annotate `entered_at`: when the declaration entered its current status (its latest review step into it)."""
    latest = ReviewStep.objects.filter(declaration=OuterRef("pk"), to_status=OuterRef("status")).order_by("-at")
    return queryset.annotate(entered_at=Subquery(latest.values("at")[:1]))


def deadline_for(status, entered_at, policy, today):
    """The policy.working_days.Deadline of a declaration in `status` since `entered_at`, or None (no limit for its
    status, no policy in force, or never submitted)."""
    field = LIMITS.get(status)
    if field is None or policy is None or entered_at is None:
        return None
    return deadline(timezone.localdate(entered_at), getattr(policy, field), today)

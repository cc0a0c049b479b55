"""Review time limits (审核时限): each review step must be done within a number of working days kept in the policy
record (初审 by the county, 复审 by the bureau), counted on the Chinese statutory calendar (policy.working_days)."""

from dataclasses import dataclass
from datetime import date

from django.db.models import OuterRef, Subquery
from django.utils import timezone

from policy.working_days import add_working_days, working_days_left

from .models import ReviewStep
from .states import Status

# The review step a status waits for, and the policy record's field holding its limit.
LIMITS = {
    Status.SUBMITTED: "first_review_working_days",
    Status.COUNTY_RECOMMENDED: "second_review_working_days",
}


@dataclass(frozen=True)
class ReviewDeadline:
    due_on: date
    days_left: int  # working days; negative: overdue by that many

    @property
    def overdue(self):
        return self.days_left < 0

    @property
    def label(self):
        if self.overdue:
            return f"已超期 {-self.days_left} 个工作日"
        if self.days_left == 0:
            return "今日到期"
        return f"剩余 {self.days_left} 个工作日"


def with_entered_at(queryset):
    """Annotate `entered_at`: when the declaration entered its current status (its latest review step into it)."""
    latest = ReviewStep.objects.filter(declaration=OuterRef("pk"), to_status=OuterRef("status")).order_by("-at")
    return queryset.annotate(entered_at=Subquery(latest.values("at")[:1]))


def deadline_of(declaration, policy, today):
    """The ReviewDeadline of a declaration annotated by `with_entered_at`, or None (no limit for its status)."""
    field = LIMITS.get(declaration.status)
    entered_at = getattr(declaration, "entered_at", None) or declaration.submitted_at
    if field is None or policy is None or entered_at is None:
        return None
    due_on = add_working_days(timezone.localdate(entered_at), getattr(policy, field))
    return ReviewDeadline(due_on, working_days_left(today, due_on))

"""Records an enterprise files itself from its portal (honours, talent needs, fairs, products, technology demands,
renovation projects …): kept as drafts, submitted, and counted only once the county confirms — like the annual
figures. One state table for all of them; the writes are in `enterprises.filing_services`.

A concrete model inherits `FiledRecord` and has a foreign key named `enterprise`. Rows the bureau imports are
confirmed as they arrive (the import is the bureau's own act); rows an enterprise files start as drafts."""

from django.conf import settings
from django.db import models


class FilingState(models.TextChoices):
    DRAFT = "draft", "草稿"
    SUBMITTED = "submitted", "待县区确认"
    CONFIRMED = "confirmed", "已确认"
    RETURNED = "returned", "已退回修改"


class FilingAction(models.TextChoices):
    SUBMIT = "submit", "提交"
    CONFIRM = "confirm", "确认"
    RETURN = "return", "退回修改"


# (action) -> (states it may start from, state it ends in): the only ways a filing moves.
TRANSITIONS = {
    FilingAction.SUBMIT: ((FilingState.DRAFT, FilingState.RETURNED), FilingState.SUBMITTED),
    FilingAction.CONFIRM: ((FilingState.SUBMITTED,), FilingState.CONFIRMED),
    FilingAction.RETURN: ((FilingState.SUBMITTED,), FilingState.RETURNED),
}
# The states in which the enterprise may still change what it filed.
EDITABLE_STATES = (FilingState.DRAFT, FilingState.RETURNED)


class FiledRecord(models.Model):
    """The filing part of a record: its state and who moved it when. Selectors count `counted()` rows only."""

    filing_state = models.CharField(
        "填报状态", max_length=12, choices=FilingState.choices, default=FilingState.CONFIRMED, db_index=True,
    )
    submitted_at = models.DateTimeField("提交时间", null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="确认/退回人", on_delete=models.PROTECT, null=True, blank=True,
        related_name="+",
    )
    reviewed_at = models.DateTimeField("确认/退回时间", null=True, blank=True)
    return_reason = models.CharField("退回原因", max_length=500, blank=True)

    class Meta:
        abstract = True

    @property
    def counts(self):
        return self.filing_state == FilingState.CONFIRMED

    @property
    def editable(self):
        return self.filing_state in EDITABLE_STATES


def counted(queryset):
    """Only the rows that count: confirmed by the county, or imported by the bureau."""
    return queryset.filter(filing_state=FilingState.CONFIRMED)

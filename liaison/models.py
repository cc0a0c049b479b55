"""Liaison officers (clause 八): who looks after which enterprise."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from simple_history.models import HistoricalRecords


class LiaisonAssignment(models.Model):
    """An officer assigned to an enterprise from `started_on`; `ended_on` closes it. One open row per enterprise."""

    enterprise = models.ForeignKey(
        "enterprises.Enterprise", verbose_name="企业", on_delete=models.PROTECT, related_name="liaison_assignments"
    )
    officer = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="联络员", on_delete=models.PROTECT, related_name="liaison_assignments"
    )
    started_on = models.DateField("起始日期")
    ended_on = models.DateField("结束日期", null=True, blank=True)
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="指派人", on_delete=models.PROTECT, null=True, blank=True,
        related_name="+",
    )
    history = HistoricalRecords(verbose_name="联络员指派变更记录")

    class Meta:
        ordering = ["-started_on"]
        verbose_name = "联络员指派"
        verbose_name_plural = "联络员指派"
        constraints = [
            models.UniqueConstraint(
                fields=["enterprise"], condition=Q(ended_on__isnull=True), name="liaison_one_active_per_enterprise"
            ),
            models.CheckConstraint(
                name="liaison_period_ordered", condition=Q(ended_on__isnull=True) | Q(ended_on__gte=F("started_on"))
            ),
        ]

    def __str__(self):
        return f"{self.enterprise} ← {self.officer}"

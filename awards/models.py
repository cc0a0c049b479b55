"""Awards: one eligibility result per rule, enterprise and year, and the 免申即享 flow that follows it."""

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from .states import PAID_STATES, STEPS, UNDECIDED, AwardKind, AwardState, Outcome

MONEY = {"max_digits": 16, "decimal_places": 2}
RATE = {"max_digits": 8, "decimal_places": 6}


class Award(models.Model):
    """One eligibility result of one rule for one enterprise, and the 免申即享 award that follows from it.

    A recomputation writes the result columns (outcome … fingerprint) while the award is undecided; the flow
    columns are written only by the transition services in `awards.services`.
    """

    enterprise = models.ForeignKey(
        "enterprises.Enterprise", verbose_name="企业", on_delete=models.PROTECT, related_name="awards"
    )
    kind = models.CharField("奖励类型", max_length=12, choices=AwardKind.choices)
    year = models.PositiveSmallIntegerField("年度", db_index=True, help_text="认定奖励为首次市级认定所在年度")
    recognition_date = models.DateField("首次市级认定日期", null=True, blank=True)
    policy = models.ForeignKey(
        "policy.PolicyRecord", verbose_name="适用政策", null=True, blank=True, on_delete=models.PROTECT, related_name="awards"
    )

    # The result of the rule
    outcome = models.CharField("结果", max_length=14, choices=Outcome.choices)
    amount = models.DecimalField("金额（元）", **MONEY, default=Decimal("0.00"))
    reasons = models.TextField("说明", blank=True)
    figures = models.JSONField("所用数据", default=dict, blank=True)
    clause = models.CharField("依据条款", max_length=10)
    fingerprint = models.CharField("输入指纹", max_length=64)
    computed_at = models.DateTimeField("计算时间")
    needs_attention = models.BooleanField("输入已变化待复核", default=False)
    attention_reason = models.TextField("复核原因", blank=True)
    attention_fingerprint = models.CharField("变化后的输入指纹", max_length=64, blank=True)

    # The award flow
    state = models.CharField("状态", max_length=14, choices=AwardState.choices, default=AwardState.UNMATCHED)
    state_changed_at = models.DateTimeField("状态变更时间", null=True, blank=True)
    notified_at = models.DateTimeField("推送时间", null=True, blank=True)
    account_name = models.CharField("收款户名", max_length=200, blank=True)
    bank_name = models.CharField("开户银行", max_length=100, blank=True)
    account_number = models.CharField("银行账号", max_length=32, blank=True)
    confirmed_at = models.DateTimeField("企业确认时间", null=True, blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="确认人", null=True, blank=True, on_delete=models.PROTECT,
        related_name="+",
    )
    reviewed_at = models.DateTimeField("审核时间", null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="审核人", null=True, blank=True, on_delete=models.PROTECT,
        related_name="+",
    )
    rejection_reason = models.TextField("不予奖励理由", blank=True)
    notice_starts_on = models.DateField("公示开始日", null=True, blank=True)
    notice_ends_on = models.DateField("公示截止日", null=True, blank=True)
    paid_on = models.DateField("兑付日期", null=True, blank=True)
    voucher_number = models.CharField("凭证号", max_length=60, blank=True)
    paid_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="兑付登记人", null=True, blank=True, on_delete=models.PROTECT,
        related_name="+",
    )
    archived_at = models.DateTimeField("归档时间", null=True, blank=True)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    history = HistoricalRecords(verbose_name="奖励变更记录")

    class Meta:
        ordering = ["-year", "kind", "enterprise_id"]
        verbose_name = "奖励（免申即享）"
        verbose_name_plural = "奖励（免申即享）"
        constraints = [
            # (三) once per enterprise, ever; (四) once per enterprise and year.
            models.UniqueConstraint(
                fields=["enterprise"], condition=Q(kind=AwardKind.RECOGNITION), name="award_one_recognition_ever"
            ),
            models.UniqueConstraint(
                fields=["enterprise", "year"], condition=Q(kind=AwardKind.GROWTH), name="award_one_growth_per_year"
            ),
            models.CheckConstraint(name="award_amount_non_negative", condition=Q(amount__gte=0)),
            models.CheckConstraint(
                name="award_amount_only_when_eligible", condition=Q(outcome=Outcome.ELIGIBLE) | Q(amount=0)
            ),
            models.CheckConstraint(
                name="award_flow_only_when_eligible",
                condition=Q(outcome=Outcome.ELIGIBLE, state__in=[s for s in AwardState if s != AwardState.UNMATCHED])
                | Q(state=AwardState.UNMATCHED) & ~Q(outcome=Outcome.ELIGIBLE),
            ),
            models.CheckConstraint(
                name="award_recognition_has_date",
                condition=~Q(kind=AwardKind.RECOGNITION) | Q(recognition_date__isnull=False),
            ),
            models.CheckConstraint(
                name="award_rejection_has_reason", condition=~Q(state=AwardState.REJECTED) | ~Q(rejection_reason=""),
            ),
            models.CheckConstraint(
                name="award_paid_has_date_and_voucher",
                condition=~Q(state__in=PAID_STATES) | Q(paid_on__isnull=False) & ~Q(voucher_number=""),
            ),
        ]
        indexes = [models.Index(fields=["year", "kind", "outcome", "state"])]

    def __str__(self):
        return f"{self.enterprise} · {self.year} 年{self.get_kind_display()}"

    @property
    def reason_lines(self):
        return [line for line in self.reasons.splitlines() if line]

    @property
    def is_decided(self):
        return self.state not in UNDECIDED

    def steps(self):
        """The enterprise-facing steps with a status each: done / current / todo (or rejected)."""
        if self.state == AwardState.REJECTED:
            return [{"label": "系统比对", "status": "done"}, {"label": "不予奖励", "status": "rejected"}]
        rows, current_set = [], False
        for label, done_states in STEPS:
            if self.state in done_states:
                rows.append({"label": label, "status": "done"})
            elif not current_set:
                rows.append({"label": label, "status": "current"})
                current_set = True
            else:
                rows.append({"label": label, "status": "todo"})
        return rows


class RecomputeRun(models.Model):
    """One run of the yearly recompute: who asked, progress (done/total), outcome."""

    class Status(models.TextChoices):
        QUEUED = "queued", "排队中"
        RUNNING = "running", "计算中"
        SUCCEEDED = "succeeded", "已完成"
        FAILED = "failed", "失败"

    year = models.PositiveSmallIntegerField("年度")
    status = models.CharField("状态", max_length=10, choices=Status.choices, default=Status.QUEUED)
    done = models.PositiveIntegerField("已处理（家）", default=0)
    total = models.PositiveIntegerField("总数（家）", default=0)
    created = models.PositiveIntegerField("新增结果", default=0)
    updated = models.PositiveIntegerField("更新结果", default=0)
    flagged = models.PositiveIntegerField("标记复核", default=0)
    requested_at = models.DateTimeField("发起时间", auto_now_add=True)
    started_at = models.DateTimeField("开始时间", null=True, blank=True)
    finished_at = models.DateTimeField("结束时间", null=True, blank=True)
    triggered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="发起人", null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    error = models.TextField("错误信息", blank=True)

    class Meta:
        ordering = ["-requested_at", "-id"]
        verbose_name = "资格重算任务"
        verbose_name_plural = "资格重算任务"
        constraints = [
            models.CheckConstraint(name="recompute_year_range", condition=Q(year__gte=2000) & Q(year__lte=2100)),
        ]

    def __str__(self):
        return f"{self.year} 年资格重算（{self.get_status_display()}）"

    @property
    def progress_percent(self):
        return int(self.done * 100 / self.total) if self.total else (100 if self.status == self.Status.SUCCEEDED else 0)

"""The policy record: every number of the measures as versioned data. Decisions keep the record they used."""

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from simple_history.models import HistoricalRecords

from enterprises.levels import Level

from .states import PAID_STATES, STEPS, UNDECIDED, AwardKind, AwardState, Outcome

MONEY = {"max_digits": 16, "decimal_places": 2}
RATE = {"max_digits": 8, "decimal_places": 6}


class PolicyRecord(models.Model):
    name = models.CharField("政策名称", max_length=200)
    document_number = models.CharField("发文字号", max_length=100, blank=True)
    issued_on = models.DateField(
        "印发日期", null=True, blank=True,
        help_text="录入或修改印发日期（且未同时手工修改施行期）时，施行期自动设为自印发之日起的施行期限",
    )
    term_years = models.PositiveSmallIntegerField("施行期限（年）", default=2, help_text="措施：“自印发之日起施行，有效期2年”")
    effective_from = models.DateField("施行起始日")
    effective_until = models.DateField("有效期截止日")

    # (三) one-time recognition award
    recognition_award_amount = models.DecimalField("首次认定市级奖励（元）", **MONEY, default=Decimal("100000"))
    # (四) growth award
    growth_output_min = models.DecimalField("成长奖励产值下限（元，含）", **MONEY, default=Decimal("20000000"))
    growth_output_max = models.DecimalField("成长奖励产值上限（元，不含）", **MONEY, default=Decimal("100000000"))
    growth_output_rate_min = models.DecimalField("产值同比增长下限（含）", **RATE, default=Decimal("0.35"))
    growth_tax_rate_min = models.DecimalField("税收同比增长下限（含）", **RATE, default=Decimal("0.10"))
    growth_award_rate = models.DecimalField("奖励比例（产值增长额）", **RATE, default=Decimal("0.003"))
    growth_award_cap = models.DecimalField("成长奖励上限（元）", **MONEY, default=Decimal("500000"))
    public_notice_days = models.PositiveSmallIntegerField("公示天数", default=7)

    # Designation validity per level (national practice: 3 years, renewed by review)
    validity_innovative_years = models.PositiveSmallIntegerField("创新型中小企业有效期（年）", default=3)
    validity_municipal_years = models.PositiveSmallIntegerField("市级专精特新有效期（年）", default=3)
    validity_regional_years = models.PositiveSmallIntegerField("自治区级专精特新有效期（年）", default=3)
    validity_little_giant_years = models.PositiveSmallIntegerField("小巨人有效期（年）", default=3)
    validity_single_champion_years = models.PositiveSmallIntegerField("单项冠军有效期（年）", default=3)

    # (二) quotas and doubling targets
    new_municipal_per_year = models.PositiveIntegerField("每年新增市级专精特新目标（家）", default=30)
    baseline_date = models.DateField("基数日期", null=True, blank=True)
    baseline_srdi_count = models.PositiveIntegerField("基数：各级专精特新企业数（家）", default=0)
    baseline_output_value = models.DecimalField("基数：专精特新企业产值总量（元）", **MONEY, default=Decimal("0"))
    count_doubling_years = models.PositiveSmallIntegerField("企业数量翻番期限（年）", default=2)
    output_doubling_years = models.PositiveSmallIntegerField("产值总量翻番期限（年）", default=3)

    # (八) liaison duty, (十) listing reserve, (十六) training
    liaison_resolved_per_year = models.PositiveSmallIntegerField("联络员每年每企至少解决困难（项）", default=1)
    listing_pool_min = models.PositiveSmallIntegerField("上市后备库最少企业数（家）", default=10)
    listing_goal = models.PositiveSmallIntegerField("新增上市（挂牌）目标（家）", default=5)
    listing_goal_year = models.PositiveSmallIntegerField("上市目标年份", default=2025)
    training_managers_per_year = models.PositiveIntegerField("每年培训经营管理人才（名）", default=200)

    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    history = HistoricalRecords(verbose_name="政策参数变更记录")

    class Meta:
        ordering = ["-effective_from"]
        verbose_name = "政策参数"
        verbose_name_plural = "政策参数"
        constraints = [
            models.CheckConstraint(name="policy_period_ordered", condition=Q(effective_until__gte=F("effective_from"))),
            models.CheckConstraint(name="policy_band_ordered", condition=Q(growth_output_max__gt=F("growth_output_min"))),
            models.UniqueConstraint(fields=["effective_from"], name="policy_one_record_per_start"),
        ]

    def __str__(self):
        return f"{self.name}（{self.effective_from} 至 {self.effective_until}）"

    def in_force_on(self, day):
        return self.effective_from <= day <= self.effective_until

    def validity_years(self, level):
        return getattr(self, f"validity_{Level(level).value}_years")


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
        PolicyRecord, verbose_name="适用政策", null=True, blank=True, on_delete=models.PROTECT, related_name="awards"
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

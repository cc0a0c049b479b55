"""Awards: one eligibility result per rule, enterprise and year, and the 免申即享 flow that follows it."""

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from simple_history.models import HistoricalRecords

from .objections import ObjectionBase, objection_constraints
from .states import DECIDED, FLOW_UNDECIDED, PAID_STATES, STEPS, UNDECIDED, AwardKind, AwardState, Outcome

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
    recognition_date = models.DateField(
        "市级认定日期", null=True, blank=True, help_text="首次认定的结果为首次认定日期；再次认定的结果为该次认定日期"
    )
    repeat_recognition = models.BooleanField(
        "再次认定", default=False, help_text="该年度的市级认定不是首次认定：列入当年结果并说明原因，不产生奖励"
    )
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
    attention_result = models.JSONField(
        "重新计算的结果", default=dict, blank=True,
        help_text="标记复核时按现有数据重新计算的结果（结果、金额、说明、所用数据）；复核人采纳时写入",
    )

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
            # (三) once per enterprise, ever; a repeat recognition gets a row of its own year that earns nothing.
            models.UniqueConstraint(
                fields=["enterprise"], condition=Q(kind=AwardKind.RECOGNITION, repeat_recognition=False),
                name="award_one_recognition_ever",
            ),
            models.UniqueConstraint(
                fields=["enterprise", "year"], condition=Q(kind=AwardKind.RECOGNITION, repeat_recognition=True),
                name="award_one_repeat_recognition_per_year",
            ),
            models.CheckConstraint(
                name="award_repeat_recognition_earns_nothing",
                condition=Q(repeat_recognition=False)
                | Q(kind=AwardKind.RECOGNITION, state=AwardState.UNMATCHED, amount=0) & ~Q(outcome=Outcome.ELIGIBLE),
            ),
            # (四) once per enterprise and year.
            models.UniqueConstraint(
                fields=["enterprise", "year"], condition=Q(kind=AwardKind.GROWTH), name="award_one_growth_per_year"
            ),
            models.CheckConstraint(name="award_amount_non_negative", condition=Q(amount__gte=0)),
            models.CheckConstraint(
                name="award_amount_only_when_eligible", condition=Q(outcome=Outcome.ELIGIBLE) | Q(amount=0)
            ),
            # In the flow only while eligible; a decided award keeps its state when a reviewer accepts a changed
            # result (a paid award then owes a recovery, an approved one is rejected).
            models.CheckConstraint(
                name="award_flow_only_when_eligible",
                condition=Q(state=AwardState.UNMATCHED) & ~Q(outcome=Outcome.ELIGIBLE)
                | Q(state__in=FLOW_UNDECIDED, outcome=Outcome.ELIGIBLE)
                | Q(state__in=DECIDED),
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
            # Four eyes: whoever approved an award does not record its payment.
            models.CheckConstraint(
                name="award_payer_is_not_reviewer",
                condition=Q(paid_by__isnull=True) | Q(reviewed_by__isnull=True) | ~Q(paid_by=models.F("reviewed_by")),
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
    """One run of the yearly recompute: who asked, its chunks' progress (done/total), its heartbeat, its outcome.

    The work is split into RecomputeChunk rows when the run starts; each chunk is one task and one transaction, so a
    worker that dies loses one chunk (redelivered within the broker's visibility timeout), never the year. The
    counts are the sums of the chunks', written with each chunk's results: they count what every attempt wrote."""

    class Status(models.TextChoices):
        QUEUED = "queued", "排队中"
        RUNNING = "running", "计算中"
        INTERRUPTED = "interrupted", "中断"
        SUCCEEDED = "succeeded", "已完成"
        FAILED = "failed", "失败"

    year = models.PositiveSmallIntegerField("年度")
    status = models.CharField("状态", max_length=12, choices=Status.choices, default=Status.QUEUED)
    done = models.PositiveIntegerField("已处理（家）", default=0)
    total = models.PositiveIntegerField("总数（家）", default=0)
    created = models.PositiveIntegerField("新增结果", default=0)
    updated = models.PositiveIntegerField("更新结果", default=0)
    flagged = models.PositiveIntegerField("标记复核", default=0)
    unchanged = models.PositiveIntegerField("未变化", default=0)
    growth_policy = models.CharField("成长奖励政策", max_length=200, blank=True)
    requested_at = models.DateTimeField("发起时间", auto_now_add=True)
    started_at = models.DateTimeField("开始时间", null=True, blank=True)
    heartbeat_at = models.DateTimeField("最近心跳", null=True, blank=True,
                                        help_text="每完成一批更新一次；长时间没有心跳的任务会被标记为“中断”")
    finished_at = models.DateTimeField("结束时间", null=True, blank=True)
    triggered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="发起人", null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    error = models.TextField("错误信息", blank=True)
    history = HistoricalRecords(verbose_name="重算任务变更记录", excluded_fields=["done", "heartbeat_at"])

    class Meta:
        ordering = ["-requested_at", "-id"]
        verbose_name = "资格重算任务"
        verbose_name_plural = "资格重算任务"
        constraints = [
            models.CheckConstraint(name="recompute_year_range", condition=Q(year__gte=2000) & Q(year__lte=2100)),
            # A year has at most one unfinished run: a second is never started beside a live or interrupted one.
            models.UniqueConstraint(
                fields=["year"], name="one_unfinished_recompute_per_year",
                condition=Q(status__in=["queued", "running", "interrupted"]),
            ),
        ]

    def __str__(self):
        return f"{self.year} 年资格重算（编号 {self.pk}）"  # its state is live on its page, never frozen in a title

    @property
    def progress_percent(self):
        return int(self.done * 100 / self.total) if self.total else (100 if self.status == self.Status.SUCCEEDED else 0)


class RecomputeChunk(models.Model):
    """One chunk of a run: a few thousand enterprises, one task, one transaction. `done_at` and the counts are
    written in the transaction that writes the chunk's results, so a chunk is either wholly done or not at all."""

    run = models.ForeignKey(RecomputeRun, verbose_name="重算任务", on_delete=models.CASCADE, related_name="chunks")
    number = models.PositiveIntegerField("批次")
    size = models.PositiveIntegerField("企业数（家）")
    recognition_ids = models.JSONField("（三）涉及企业", default=list)
    growth_ids = models.JSONField("（四）涉及企业", default=list)
    attempts = models.PositiveSmallIntegerField("尝试次数", default=0)
    started_at = models.DateTimeField("最近开始", null=True, blank=True)
    done_at = models.DateTimeField("完成时间", null=True, blank=True)
    worker = models.CharField("完成的工作进程", max_length=100, blank=True, help_text="写入该批结果的工作进程（节点名 · 进程号）")
    created = models.PositiveIntegerField("新增结果", default=0)
    updated = models.PositiveIntegerField("更新结果", default=0)
    flagged = models.PositiveIntegerField("标记复核", default=0)
    unchanged = models.PositiveIntegerField("未变化", default=0)

    class Meta:
        ordering = ["run", "number"]
        verbose_name = "资格重算批次"
        verbose_name_plural = "资格重算批次"
        constraints = [models.UniqueConstraint(fields=["run", "number"], name="one_chunk_number_per_run")]

    def __str__(self):
        return f"第 {self.number} 批（{self.size} 家）"

    @property
    def enterprise_ids(self):
        return sorted(set(self.recognition_ids) | set(self.growth_ids))


class AwardEvent(models.Model):
    """The award's ledger: one row per transition and per money event (who, when, from, to, comment, batch).
    Staff see the names; the enterprise sees the unit only."""

    award = models.ForeignKey(Award, verbose_name="奖励", on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField("时间")
    action = models.CharField("操作", max_length=24)
    action_label = models.CharField("操作名称", max_length=40)
    from_state = models.CharField("原状态", max_length=14, choices=AwardState.choices)
    to_state = models.CharField("新状态", max_length=14, choices=AwardState.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="操作人", null=True, blank=True, on_delete=models.PROTECT,
        related_name="+",
    )
    actor_name = models.CharField("操作人（记录时）", max_length=60, blank=True, help_text="系统操作记为任务名称")
    actor_unit = models.CharField("操作单位", max_length=60)
    comment = models.TextField("说明", blank=True)
    batch = models.ForeignKey(
        "PaymentBatch", verbose_name="兑付批次", null=True, blank=True, on_delete=models.PROTECT, related_name="+",
    )

    class Meta:
        ordering = ["at", "id"]
        verbose_name = "奖励办理记录"
        verbose_name_plural = "奖励办理记录"
        indexes = [models.Index(fields=["award", "at"])]

    def __str__(self):
        return f"{self.award_id} · {self.action_label}（{timezone.localtime(self.at):%Y-%m-%d %H:%M}）"  # Asia/Shanghai


class AwardObjection(ObjectionBase):
    """An objection to one award on public notice (奖励公示): holds its payment while open; upheld → rejected."""

    award = models.ForeignKey(Award, verbose_name="异议的奖励", on_delete=models.PROTECT, related_name="objections")
    history = HistoricalRecords(verbose_name="异议变更记录")

    class Meta:
        ordering = ["-lodged_at", "-id"]
        verbose_name = "奖励公示异议"
        verbose_name_plural = "奖励公示异议"
        constraints = objection_constraints("award_objection")

    def __str__(self):
        return f"对“{self.award}”的异议（{self.get_status_display()}）"


class PaymentBatch(models.Model):
    """A payment batch (兑付批次) sent to the bank: the awards of one year due on the day it was created."""

    number = models.CharField("批次号", max_length=30, unique=True)
    year = models.PositiveSmallIntegerField("年度")
    created_at = models.DateTimeField("生成时间")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="生成人", null=True, blank=True, on_delete=models.PROTECT,
        related_name="+",
    )
    created_by_name = models.CharField("生成人（记录时）", max_length=60, blank=True)
    item_count = models.PositiveIntegerField("笔数")
    total_amount = models.DecimalField("合计金额（元）", **MONEY)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = "兑付批次"
        verbose_name_plural = "兑付批次（银行代发与回单对账）"

    def __str__(self):
        return self.number


class PaymentItem(models.Model):
    """One award in one batch, with the bank details as sent and the bank's answer."""

    class Result(models.TextChoices):
        PENDING = "pending", "待银行回单"
        SUCCEEDED = "succeeded", "成功"
        FAILED = "failed", "失败"

    batch = models.ForeignKey(PaymentBatch, verbose_name="批次", on_delete=models.PROTECT, related_name="items")
    award = models.ForeignKey(Award, verbose_name="奖励", on_delete=models.PROTECT, related_name="payment_items")
    amount = models.DecimalField("金额（元）", **MONEY)
    account_name = models.CharField("收款户名", max_length=200)
    bank_name = models.CharField("开户银行", max_length=100)
    account_number = models.CharField("银行账号", max_length=32)
    result = models.CharField("交易结果", max_length=10, choices=Result.choices, default=Result.PENDING)
    serial_number = models.CharField("交易流水号", max_length=60, blank=True)
    transaction_date = models.DateField("交易日期", null=True, blank=True)
    failure_reason = models.CharField("失败原因", max_length=200, blank=True)
    reconciled_at = models.DateTimeField("对账时间", null=True, blank=True)

    class Meta:
        ordering = ["batch_id", "id"]
        verbose_name = "兑付明细"
        verbose_name_plural = "兑付明细"
        constraints = [
            models.UniqueConstraint(fields=["batch", "award"], name="payment_item_once_per_batch"),
            # in no other open batch: one unanswered item per award at a time
            models.UniqueConstraint(fields=["award"], condition=Q(result="pending"), name="payment_item_one_pending"),
            models.CheckConstraint(name="payment_item_amount_positive", condition=Q(amount__gt=0)),
            models.CheckConstraint(
                name="payment_item_answered_has_details",
                condition=Q(result="pending")
                | Q(result="succeeded") & ~Q(serial_number="") & Q(transaction_date__isnull=False)
                | Q(result="failed"),
            ),
        ]

    def __str__(self):
        return f"{self.batch} · {self.award}"


class AwardRecovery(models.Model):
    """追回: a paid award whose accepted re-evaluation is lower than what was paid owes the difference back."""

    class Status(models.TextChoices):
        OPEN = "open", "待追回"
        RECOVERED = "recovered", "已追回"

    award = models.ForeignKey(Award, verbose_name="奖励", on_delete=models.PROTECT, related_name="recoveries")
    amount = models.DecimalField("应追回金额（元）", **MONEY)
    reason = models.TextField("追回原因")
    status = models.CharField("状态", max_length=10, choices=Status.choices, default=Status.OPEN)
    opened_at = models.DateTimeField("立项时间")
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="立项人", null=True, blank=True, on_delete=models.PROTECT,
        related_name="+",
    )
    recovered_on = models.DateField("追回日期", null=True, blank=True)
    voucher_number = models.CharField("缴回凭证号", max_length=60, blank=True)
    history = HistoricalRecords(verbose_name="追回变更记录")

    class Meta:
        ordering = ["-opened_at", "-id"]
        verbose_name = "奖励追回"
        verbose_name_plural = "奖励追回"
        constraints = [
            models.CheckConstraint(name="recovery_amount_positive", condition=Q(amount__gt=0)),
            models.CheckConstraint(
                name="recovery_recovered_has_voucher",
                condition=Q(status="open") | Q(recovered_on__isnull=False) & ~Q(voucher_number=""),
            ),
        ]

    def __str__(self):
        return f"{self.award} · 追回 {self.amount} 元（{self.get_status_display()}）"


class AwardBudget(models.Model):
    """The bureau's yearly budget for one award kind (奖励资金预算), city-wide, in yuan. Entered in the admin or
    imported (`manage.py import_budget`), both through awards.budgets; the dashboards set the year's awards
    against it."""

    year = models.PositiveSmallIntegerField("年度")
    kind = models.CharField("奖励类型", max_length=12, choices=AwardKind.choices)
    amount = models.DecimalField("预算金额（元）", **MONEY)
    note = models.CharField("说明", max_length=200, blank=True, help_text="如预算文号")
    updated_at = models.DateTimeField("更新时间", auto_now=True)
    history = HistoricalRecords(verbose_name="奖励预算变更记录")

    class Meta:
        ordering = ["-year", "kind"]
        verbose_name = "奖励资金预算"
        verbose_name_plural = "奖励资金预算"
        constraints = [
            models.UniqueConstraint(fields=["year", "kind"], name="award_budget_one_per_year_and_kind"),
            models.CheckConstraint(name="award_budget_amount_non_negative", condition=Q(amount__gte=0)),
            models.CheckConstraint(name="award_budget_year_range", condition=Q(year__gte=2000) & Q(year__lte=2100)),
        ]

    def __str__(self):
        return f"{self.year} 年{self.get_kind_display()}预算"

"""Financing support (clauses 九 and 十): listing reserve pool, loan-support records, white-list pushes."""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from simple_history.models import HistoricalRecords

from policy.levels import Level

from .stages import Board, ListingStage

MONEY = {"max_digits": 16, "decimal_places": 2}


class ListingReserveEntry(models.Model):
    """One enterprise in the listing reserve pool (上市后备企业资源库, clause 十). Stage moves only through services."""

    enterprise = models.OneToOneField(
        "enterprises.Enterprise", verbose_name="企业", on_delete=models.PROTECT, related_name="listing_entry"
    )
    board = models.CharField("拟上市（挂牌）板块", max_length=10, choices=Board.choices)
    stage = models.CharField("当前阶段", max_length=10, choices=ListingStage.choices, default=ListingStage.IN_POOL)
    entered_on = models.DateField("入库日期")
    stage_since = models.DateField("本阶段起始日期")
    listed_on = models.DateField("上市（挂牌）日期", null=True, blank=True)
    note = models.CharField("备注", max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="录入人", on_delete=models.PROTECT, null=True, blank=True,
        related_name="+",
    )
    history = HistoricalRecords(verbose_name="上市后备库变更记录")

    class Meta:
        ordering = ["entered_on", "id"]
        verbose_name = "上市后备企业"
        verbose_name_plural = "上市后备企业资源库"
        constraints = [
            # The listing date is there exactly when the enterprise is listed: the goal count reads it.
            models.CheckConstraint(
                name="listing_listed_on_iff_listed",
                condition=(Q(stage=ListingStage.LISTED) & Q(listed_on__isnull=False))
                | (~Q(stage=ListingStage.LISTED) & Q(listed_on__isnull=True)),
            ),
            models.CheckConstraint(name="listing_stage_after_entry", condition=Q(stage_since__gte=models.F("entered_on"))),
        ]
        indexes = [models.Index(fields=["stage", "listed_on"])]

    def __str__(self):
        return f"{self.enterprise}（{self.get_stage_display()}）"


class ListingStageChange(models.Model):
    """One dated step of an entry's stage history, entry into the pool included (from_stage blank)."""

    entry = models.ForeignKey(ListingReserveEntry, verbose_name="后备企业", on_delete=models.CASCADE,
                              related_name="stage_changes")
    from_stage = models.CharField("原阶段", max_length=10, choices=ListingStage.choices, blank=True)
    to_stage = models.CharField("新阶段", max_length=10, choices=ListingStage.choices)
    changed_on = models.DateField("变更日期")
    changed_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="操作人", on_delete=models.PROTECT,
                                   null=True, blank=True, related_name="+")
    note = models.CharField("说明", max_length=200, blank=True)
    recorded_at = models.DateTimeField("记录时间", auto_now_add=True)

    class Meta:
        ordering = ["changed_on", "id"]
        verbose_name = "上市阶段变更"
        verbose_name_plural = "上市阶段变更记录"

    def __str__(self):
        return f"{self.get_from_stage_display() or '入库'} → {self.get_to_stage_display()}（{self.changed_on}）"


class LoanSupport(models.Model):
    """A loan an enterprise received with policy support (clause 九): programme, bank, terms, interest subsidy."""

    class Programme(models.TextChoices):
        GUIHUIDAI = "guihuidai", "桂惠贷"
        HUIQIDAI = "huiqidai", "惠企贷"
        OTHER = "other", "其他"

    enterprise = models.ForeignKey("enterprises.Enterprise", verbose_name="企业", on_delete=models.PROTECT,
                                   related_name="loans")
    programme = models.CharField("支持政策", max_length=10, choices=Programme.choices)
    programme_name = models.CharField("其他政策名称", max_length=100, blank=True, help_text="选择“其他”时必填")
    bank = models.CharField("贷款银行", max_length=100)
    amount = models.DecimalField("贷款金额（元）", **MONEY, validators=[MinValueValidator(Decimal("0.01"))])
    term_months = models.PositiveSmallIntegerField("期限（月）", validators=[MinValueValidator(1), MaxValueValidator(600)])
    annual_rate = models.DecimalField(
        "年利率（%）", max_digits=6, decimal_places=3,
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("100"))],
    )
    interest_subsidy = models.DecimalField("贴息金额（元）", **MONEY, default=Decimal("0"),
                                           validators=[MinValueValidator(Decimal("0"))])
    granted_on = models.DateField("放款日期")
    note = models.CharField("备注", max_length=200, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="录入人", on_delete=models.PROTECT,
                                    null=True, blank=True, related_name="+")
    # A loan a bank reported through the open interface (POST /api/v1/loans/) names that bank here.
    reported_by = models.ForeignKey("api.Institution", verbose_name="报送机构", on_delete=models.PROTECT, null=True,
                                    blank=True, editable=False, related_name="reported_loans")
    recorded_at = models.DateTimeField("录入时间", auto_now_add=True)
    history = HistoricalRecords(verbose_name="贷款支持变更记录")

    class Meta:
        ordering = ["-granted_on", "-id"]
        verbose_name = "贷款支持"
        verbose_name_plural = "贷款支持记录"
        constraints = [
            models.CheckConstraint(name="loan_amount_positive", condition=Q(amount__gt=0)),
            models.CheckConstraint(name="loan_term_positive", condition=Q(term_months__gt=0)),
            models.CheckConstraint(name="loan_rate_range", condition=Q(annual_rate__gte=0) & Q(annual_rate__lte=100)),
            models.CheckConstraint(
                name="loan_subsidy_within_amount",
                condition=Q(interest_subsidy__gte=0) & Q(interest_subsidy__lte=models.F("amount")),
            ),
            models.CheckConstraint(
                name="loan_other_programme_named", condition=~Q(programme="other") | ~Q(programme_name=""),
            ),
        ]
        indexes = [models.Index(fields=["granted_on"])]

    def __str__(self):
        return f"{self.enterprise} · {self.programme_label} · {self.granted_on}"

    @property
    def source_label(self):
        """Where the record came from: the reporting bank, or the office that entered it."""
        return f"{self.bank}（银行接口报送）" if self.reported_by_id else "平台录入"

    @property
    def programme_label(self):
        return self.programme_name if self.programme == self.Programme.OTHER else self.get_programme_display()


class ListPush(models.Model):
    """One export of the white list to a bank (clause 九) or an energy supplier (clause 五), kept as sent."""

    class RecipientKind(models.TextChoices):
        BANK = "bank", "银行（金融机构）"
        POWER = "power", "供电企业"
        GAS = "gas", "燃气企业"

    recipient_kind = models.CharField("接收方类别", max_length=10, choices=RecipientKind.choices)
    recipient_name = models.CharField("接收方名称", max_length=100)
    as_of = models.DateField("名单日期")
    area = models.ForeignKey("enterprises.Area", verbose_name="筛选：区域", on_delete=models.PROTECT, null=True,
                             blank=True, related_name="+")
    tier = models.CharField("筛选：层级", max_length=20, choices=Level.choices, blank=True)
    filter_label = models.CharField("筛选条件", max_length=200)
    row_count = models.PositiveIntegerField("企业数")
    csv_sha256 = models.CharField("CSV 文件校验值（SHA-256）", max_length=64)
    note = models.CharField("备注", max_length=200, blank=True)
    pushed_at = models.DateTimeField("推送时间")
    # Blank when an institution fetched the list itself (GET /api/v1/priority-list/).
    pushed_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="推送人", on_delete=models.PROTECT,
                                  null=True, blank=True, related_name="+")
    # The registered institution the list went to (the open interfaces), and when it acknowledged receipt.
    institution = models.ForeignKey("api.Institution", verbose_name="接收机构", on_delete=models.PROTECT, null=True,
                                    blank=True, related_name="pushes")
    acknowledged_at = models.DateTimeField("确认接收时间", null=True, blank=True)

    class Meta:
        ordering = ["-pushed_at", "-id"]
        verbose_name = "名单推送"
        verbose_name_plural = "名单推送记录"

    def __str__(self):
        return f"{self.recipient_name} · {timezone.localtime(self.pushed_at):%Y-%m-%d %H:%M}"  # Asia/Shanghai


class ListPushRow(models.Model):
    """One enterprise as it was sent: a snapshot, so the push re-exports unchanged after the registry moves on."""

    push = models.ForeignKey(ListPush, verbose_name="推送", on_delete=models.CASCADE, related_name="rows")
    position = models.PositiveIntegerField("序号")
    enterprise = models.ForeignKey("enterprises.Enterprise", verbose_name="企业", on_delete=models.PROTECT,
                                   related_name="+")
    name = models.CharField("企业名称", max_length=200)
    credit_code = models.CharField("统一社会信用代码", max_length=18)
    area_name = models.CharField("所属区域", max_length=40)
    tier_label = models.CharField("专精特新层级", max_length=40)
    tier_valid_until = models.DateField("认定有效期至", null=True)
    industry = models.CharField("所属行业", max_length=100, blank=True)
    contact_person = models.CharField("联系人", max_length=50, blank=True)
    contact_phone = models.CharField("联系电话", max_length=30, blank=True)
    address = models.CharField("地址", max_length=200, blank=True)

    class Meta:
        ordering = ["push", "position"]
        verbose_name = "推送名单明细"
        verbose_name_plural = "推送名单明细"
        constraints = [models.UniqueConstraint(fields=["push", "position"], name="push_row_unique_position")]

    def __str__(self):
        return f"{self.position}. {self.name}"


class FinanceSupport(models.Model):
    """(九) one financial support an enterprise received: a loan interest subsidy, re-lending, risk compensation,
    insurance, receivables or supply-chain finance, from one financial institution on one day. Amounts in 万元."""

    class Kind(models.TextChoices):
        INTEREST_SUBSIDY = "subsidy", "贷款贴息"
        RELENDING = "relending", "再贷款再贴现"
        GUARANTEE_COMPENSATION = "guarantee", "担保风险补偿"
        LOAN_COMPENSATION = "loan_comp", "贷款风险补偿"
        INSURANCE = "insurance", "保险服务"
        RECEIVABLES = "receivable", "应收账款融资"
        SUPPLY_CHAIN = "chain", "供应链金融"

    enterprise = models.ForeignKey("enterprises.Enterprise", verbose_name="企业", on_delete=models.PROTECT,
                                   related_name="finance_supports")
    kind = models.CharField("支持类型", max_length=10, choices=Kind.choices)
    institution = models.CharField("金融机构", max_length=100)
    amount_wan = models.DecimalField("金额（万元）", max_digits=14, decimal_places=2,
                                     validators=[MinValueValidator(Decimal("0"))])
    granted_on = models.DateField("日期")
    note = models.CharField("备注", max_length=200, blank=True)
    history = HistoricalRecords(verbose_name="金融支持变更记录")

    class Meta:
        ordering = ["-granted_on", "-id"]
        verbose_name = "金融支持"
        verbose_name_plural = "金融支持记录"
        constraints = [
            models.UniqueConstraint(fields=["enterprise", "kind", "institution", "granted_on"],
                                    name="finance_support_unique"),
            models.CheckConstraint(name="finance_support_amount_not_negative", condition=Q(amount_wan__gte=0)),
            models.CheckConstraint(name="finance_support_institution_named", condition=~Q(institution="")),
        ]
        indexes = [models.Index(fields=["granted_on", "kind"])]

    def __str__(self):
        return f"{self.enterprise} · {self.get_kind_display()} · {self.institution}（{self.granted_on}）"


# (九) 优先推荐为“专精特新”中小企业提供支持的金融机构享受担保风险补偿和贷款风险补偿
RISK_COMPENSATION_KINDS = (FinanceSupport.Kind.GUARANTEE_COMPENSATION, FinanceSupport.Kind.LOAN_COMPENSATION)

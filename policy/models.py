"""The policy floor: the editions of the measures (政策参数) and of the national SRDI criteria, as versioned data.

Every other app reads its numbers from here; this app imports no other app of the project."""

from decimal import Decimal

from django.db import models
from django.db.models import F, Q
from simple_history.models import HistoricalRecords

from .levels import Level

MONEY = {"max_digits": 16, "decimal_places": 2}
RATE = {"max_digits": 8, "decimal_places": 6}


class PolicyRecord(models.Model):
    name = models.CharField("政策名称", max_length=200)
    document_number = models.CharField(
        "发文字号", max_length=100, unique=True,
        help_text="一个版本以发文字号标识；该版本下已有审核通过的奖励后，其数额和施行期不可再改，改动须录入新版本",
    )
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
    objection_contact = models.CharField(
        "异议受理单位及联系方式", max_length=200, default="桂林市工业和信息化局中小企业科",
        help_text="在认定公示和奖励公示页面上向公众公布的受理单位，例如“桂林市工业和信息化局中小企业科”",
    )
    objection_phone = models.CharField(
        "异议受理电话", max_length=50, blank=True, default="",
        help_text="公示页面和公示名单上公布的异议受理电话，例如“0773-XXXXXXX”；未填写时，管理首页提示补充",
    )
    objection_address = models.CharField(
        "异议受理地址", max_length=200, blank=True, default="",
        help_text="书面异议的送达地址（含邮政编码），在公示页面和公示名单上公布",
    )

    # Designation validity per level (national practice: 3 years, renewed by review)
    validity_innovative_years = models.PositiveSmallIntegerField("创新型中小企业有效期（年）", default=3)
    validity_municipal_years = models.PositiveSmallIntegerField("市级专精特新有效期（年）", default=3)
    validity_regional_years = models.PositiveSmallIntegerField("自治区级专精特新有效期（年）", default=3)
    validity_little_giant_years = models.PositiveSmallIntegerField("小巨人有效期（年）", default=3)
    validity_single_champion_years = models.PositiveSmallIntegerField("单项冠军有效期（年）", default=3)
    first_review_working_days = models.PositiveSmallIntegerField(
        "初审时限（工作日）", default=10, help_text="企业提交后，县（市、区）工信部门完成初审的工作日数（按国家法定节假日安排计算）",
    )
    second_review_working_days = models.PositiveSmallIntegerField(
        "复审时限（工作日）", default=15, help_text="县（市、区）推荐后，市工业和信息化局完成复审的工作日数",
    )
    award_review_working_days = models.PositiveSmallIntegerField(
        "奖励审核时限（工作日）", default=10, help_text="企业确认领取后，市工业和信息化局完成奖励审核的工作日数",
    )
    expiry_warning_days = models.PositiveSmallIntegerField(
        "认定到期提醒（天）", default=180,
        help_text="认定有效期届满前多少天起，在企业首页和一户一档中提醒准备复核",
    )

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

    @property
    def objection_desk(self):
        """Where the public lodges an objection, as the notices print it: the unit, its phone and its address."""
        parts = [self.objection_contact or "桂林市工业和信息化局"]
        if self.objection_phone:
            parts.append(f"电话 {self.objection_phone}")
        if self.objection_address:
            parts.append(f"地址 {self.objection_address}")
        return "，".join(parts)

    def in_force_on(self, day):
        return self.effective_from <= day <= self.effective_until

    def validity_years(self, level):
        return getattr(self, f"validity_{Level(level).value}_years")


class CriteriaEdition(models.Model):
    """One edition of the national SRDI criteria (MIIT), in force from `effective_from` until the next edition.

    The bureau keeps these rows in step with MIIT's documents; the self-check reads the edition in force on the
    day an application is checked or submitted, and the submitted declaration keeps the edition it was checked
    against."""

    name = models.CharField("文件名称", max_length=200)
    document_number = models.CharField("文号", max_length=60, unique=True)
    effective_from = models.DateField("施行日期", unique=True)
    first_tier_name = models.CharField(
        "第一梯度名称", max_length=40, help_text="如 2022 版为“创新型中小企业”，2026 版更名为“科技和创新型中小企业”"
    )
    # SME size test (工信部联企业〔2011〕300号, industry): fewer than N employees OR revenue below M yuan.
    sme_max_employees = models.PositiveIntegerField("中小企业：从业人员少于（人）", default=1000)
    sme_max_revenue = models.DecimalField("中小企业：营业收入低于（元）", **MONEY, default=Decimal("400000000"))
    # Specialised, refined, distinctive and novel SME criteria (专精特新中小企业认定条件).
    srdi_min_years_in_niche = models.PositiveSmallIntegerField("从事细分市场不少于（年）")
    srdi_min_rd_expense = models.DecimalField("上年度研发费用不低于（元）", **MONEY)
    srdi_min_rd_ratio = models.DecimalField(
        "研发费用占营业收入比重不低于", **RATE, help_text="小数，如 0.03 表示 3%"
    )
    srdi_min_revenue = models.DecimalField("上年度营业收入不低于（元）", **MONEY)
    srdi_alt_equity_financing = models.DecimalField(
        "或：近两年新增股权融资不低于（元）", **MONEY, help_text="营业收入未达标时，以近两年新增股权融资总额达标替代"
    )
    note = models.TextField("说明", blank=True)
    history = HistoricalRecords(verbose_name="认定条件变更记录")

    class Meta:
        ordering = ["-effective_from"]
        verbose_name = "国家认定条件版本"
        verbose_name_plural = "国家认定条件版本（由市工业和信息化局维护）"
        constraints = [
            models.CheckConstraint(
                name="criteria_rd_ratio_fraction",
                condition=Q(srdi_min_rd_ratio__gte=0) & Q(srdi_min_rd_ratio__lt=1),
            ),
        ]

    def __str__(self):
        return f"{self.document_number}（{self.effective_from} 起施行）"

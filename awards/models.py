"""The policy record: every number of the measures as versioned data. Decisions keep the record they used."""

from decimal import Decimal

from django.db import models
from django.db.models import F, Q
from simple_history.models import HistoricalRecords

from enterprises.levels import Level

MONEY = {"max_digits": 16, "decimal_places": 2}
RATE = {"max_digits": 8, "decimal_places": 6}


class PolicyRecord(models.Model):
    name = models.CharField("政策名称", max_length=200)
    document_number = models.CharField("发文字号", max_length=100, blank=True)
    issued_on = models.DateField("印发日期", null=True, blank=True)
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

"""Markets, quality and brands (measures 六, 十五, 十八): logistics support the bureau records, and the honours,
trade fairs and online sales an enterprise files itself from its portal (drafts kept; counted once the county
confirms, enterprises.filings)."""

from decimal import Decimal

from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q
from simple_history.models import HistoricalRecords

from enterprises.filings import FiledRecord

MONEY_WAN = {"max_digits": 16, "decimal_places": 2, "validators": [MinValueValidator(Decimal(0))]}  # 万元, >= 0
EARLIEST_YEAR = 2000


class LogisticsMode(models.TextChoices):
    # (六) 物流外包、效率化配送、全过程供应链管理
    OUTSOURCING = "outsourcing", "物流外包"
    DELIVERY = "delivery", "效率化配送"
    SUPPLY_CHAIN = "supply_chain", "供应链管理"
    OTHER = "other", "其他"


class HonourCategory(models.TextChoices):
    # (十五) 质量奖、工业品牌培育示范企业、老字号、驰名商标、国际商标注册、国际自主品牌、标准制（修）订、电商新消费品牌
    QUALITY_AWARD = "quality_award", "质量奖"
    INDUSTRIAL_BRAND = "industrial_brand", "工业品牌培育示范企业"
    TIME_HONOURED = "time_honoured", "老字号"
    WELL_KNOWN_MARK = "well_known_mark", "驰名商标"
    INTERNATIONAL_MARK = "international_mark", "国际商标注册"
    INTERNATIONAL_BRAND = "international_brand", "国际自主品牌"
    STANDARD = "standard", "标准制修订"
    ECOMMERCE_BRAND = "ecommerce_brand", "电商品牌"


class HonourLevel(models.TextChoices):
    NATIONAL = "national", "国家级"
    REGIONAL = "regional", "自治区级"
    MUNICIPAL = "municipal", "市级"
    INTERNATIONAL = "international", "国际"


def _enterprise(related_name):
    return models.ForeignKey("enterprises.Enterprise", verbose_name="企业", on_delete=models.PROTECT,
                             related_name=related_name)


class LogisticsSupport(models.Model):
    """(六) One way an enterprise was helped to lower its logistics costs in a year. Imported by the bureau."""

    enterprise = _enterprise("logistics_supports")
    year = models.PositiveSmallIntegerField("年度")
    mode = models.CharField("支持方式", max_length=16, choices=LogisticsMode.choices)
    cost_saved_wan = models.DecimalField("降低物流成本（万元）", **MONEY_WAN)
    history = HistoricalRecords(verbose_name="物流降本支持变更记录")

    class Meta:
        ordering = ["-year", "enterprise_id", "mode"]
        verbose_name = "物流降本支持"
        verbose_name_plural = "（六）物流降本支持"
        constraints = [
            models.UniqueConstraint(fields=["enterprise", "year", "mode"], name="logistics_one_per_mode_year",
                                    violation_error_message="该企业本年度已有同一支持方式的记录"),
            models.CheckConstraint(name="logistics_cost_saved_not_negative", condition=Q(cost_saved_wan__gte=0),
                                   violation_error_message="降低物流成本不能为负数"),
            models.CheckConstraint(name="logistics_year_range", condition=Q(year__gte=EARLIEST_YEAR),
                                   violation_error_message=f"年度不能早于 {EARLIEST_YEAR} 年"),
        ]

    def __str__(self):
        return f"{self.enterprise} {self.year} 年{self.get_mode_display()}"


class Honour(FiledRecord):
    """(十五) A quality award, brand, trademark or standard an enterprise obtained."""

    enterprise = _enterprise("honours")
    category = models.CharField("类别", max_length=24, choices=HonourCategory.choices)
    name = models.CharField("名称", max_length=200)
    level = models.CharField("级别", max_length=16, choices=HonourLevel.choices)
    granted_on = models.DateField("获得日期")
    document_number = models.CharField("文号", max_length=100, blank=True)
    history = HistoricalRecords(verbose_name="质量品牌荣誉变更记录")

    class Meta:
        ordering = ["-granted_on", "-id"]
        verbose_name = "质量品牌荣誉"
        verbose_name_plural = "（十五）质量品牌荣誉"
        constraints = [
            models.UniqueConstraint(fields=["enterprise", "category", "name"], name="honour_one_per_name",
                                    violation_error_message="该企业已填报过同一类别、同一名称的荣誉"),
        ]

    def __str__(self):
        return f"{self.name}（{self.get_level_display()}）"


class FairParticipation(FiledRecord):
    """(十八) A trade fair or exhibition an enterprise took part in."""

    enterprise = _enterprise("fair_participations")
    fair_name = models.CharField("展会名称", max_length=200)
    venue = models.CharField("举办地", max_length=100)
    starts_on = models.DateField("开始日期")
    ends_on = models.DateField("结束日期")
    intended_deals_wan = models.DecimalField("意向成交额（万元）", null=True, blank=True, **MONEY_WAN)
    history = HistoricalRecords(verbose_name="参展记录变更记录")

    class Meta:
        ordering = ["-starts_on", "-id"]
        verbose_name = "参展记录"
        verbose_name_plural = "（十八）参加展会"
        constraints = [
            models.UniqueConstraint(fields=["enterprise", "fair_name", "starts_on"], name="fair_one_per_start",
                                    violation_error_message="该企业已填报过同一展会、同一开始日期的参展记录"),
            models.CheckConstraint(name="fair_ends_after_start", condition=Q(ends_on__gte=F("starts_on")),
                                   violation_error_message="结束日期不能早于开始日期"),
            models.CheckConstraint(name="fair_deals_not_negative", condition=Q(intended_deals_wan__gte=0)
                                   | Q(intended_deals_wan__isnull=True),
                                   violation_error_message="意向成交额不能为负数"),
        ]

    def __str__(self):
        return f"{self.fair_name}（{self.starts_on:%Y-%m-%d}）"


class OnlineSales(FiledRecord):
    """(十八) An enterprise's online sales on one third-party platform in a year, cross-border or not."""

    enterprise = _enterprise("online_sales")
    year = models.PositiveSmallIntegerField("年度")
    platform = models.CharField("平台", max_length=100)
    sales_wan = models.DecimalField("网络销售额（万元）", **MONEY_WAN)
    cross_border = models.BooleanField("是否跨境", default=False)
    history = HistoricalRecords(verbose_name="网络销售变更记录")

    class Meta:
        ordering = ["-year", "platform", "-id"]
        verbose_name = "网络销售"
        verbose_name_plural = "（十八）网络销售"
        constraints = [
            models.UniqueConstraint(fields=["enterprise", "year", "platform"], name="online_sales_one_per_platform",
                                    violation_error_message="该企业本年度已填报过该平台的网络销售"),
            models.CheckConstraint(name="online_sales_not_negative", condition=Q(sales_wan__gte=0),
                                   violation_error_message="网络销售额不能为负数"),
            models.CheckConstraint(name="online_sales_year_range", condition=Q(year__gte=EARLIEST_YEAR),
                                   violation_error_message=f"年度不能早于 {EARLIEST_YEAR} 年"),
        ]

    def __str__(self):
        return f"{self.year} 年{self.platform}"

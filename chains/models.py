"""Industry chains (十一) and large-small enterprise matching (十二): the chain list with its weak links, the SRDI
enterprises on each link, the products enterprises file, chain leaders' purchase plans and the recommendations the
bureau sends them.

A chain is not a table of its own: a `ChainLink` names its chain, and a chain is the links that name it
(`rules.group_chains`). The `chains` import writes links row by row through the registry's one pipeline, which
writes one model per kind in one transaction (and nothing on a dry run); a separate chain table would need a row
created outside that pipeline before its links could point at it."""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from enterprises.filings import FiledRecord
from vocabulary.models import Category

PRODUCT_CATEGORY = {"category": Category.PRODUCT_CATEGORY}


class Position(models.IntegerChoices):
    UPSTREAM = 1, "上游"
    MIDSTREAM = 2, "中游"
    DOWNSTREAM = 3, "下游"


class MemberRole(models.TextChoices):
    LEADER = "leader", "链主企业"
    SUPPLIER = "supplier", "配套企业"


class Outcome(models.TextChoices):
    IN_CONTACT = "in_contact", "对接中"
    SIGNED = "signed", "已签约"
    FAILED = "failed", "未成"


class ChainLink(models.Model):
    """(十一) One link (环节) of an industry chain on the city's chain list."""

    chain = models.CharField("产业链", max_length=50, db_index=True)
    name = models.CharField("环节", max_length=50)
    position = models.PositiveSmallIntegerField("环节位置", choices=Position.choices)
    weak = models.BooleanField("是否薄弱环节", default=False)
    gap_note = models.CharField("关键短板说明", max_length=500, blank=True)
    history = HistoricalRecords(verbose_name="产业链环节变更记录")

    class Meta:
        ordering = ["chain", "position", "name"]
        verbose_name = "产业链环节"
        verbose_name_plural = "产业链清单（环节）"
        constraints = [
            models.UniqueConstraint(fields=["chain", "name"], name="chainlink_unique_in_chain"),
            models.CheckConstraint(condition=~Q(chain="") & ~Q(name=""), name="chainlink_named"),
            models.CheckConstraint(condition=Q(position__in=Position.values), name="chainlink_position_known"),
        ]

    def __str__(self):
        return f"{self.chain} · {self.name}"


class ChainMember(models.Model):
    """(十一) An enterprise on a link of a chain, as its leader (链主) or a supplier (配套)."""

    enterprise = models.ForeignKey("enterprises.Enterprise", verbose_name="企业", on_delete=models.PROTECT,
                                   related_name="chain_memberships")
    link = models.ForeignKey(ChainLink, verbose_name="产业链环节", on_delete=models.PROTECT, related_name="members")
    role = models.CharField("角色", max_length=10, choices=MemberRole.choices)
    listed_at = models.DateTimeField("列入时间", auto_now_add=True)
    history = HistoricalRecords(verbose_name="产业链企业变更记录")

    class Meta:
        ordering = ["link", "role", "enterprise"]
        verbose_name = "产业链企业"
        verbose_name_plural = "产业链企业清单"
        constraints = [
            models.UniqueConstraint(fields=["enterprise", "link"], name="chainmember_unique_per_link"),
        ]

    def __str__(self):
        return f"{self.enterprise}（{self.link}，{self.get_role_display()}）"


class Product(FiledRecord):
    """(十二) A product an enterprise makes, in a product category: what a chain leader's purchase plan is matched to.
    Enterprises file their own (drafts, confirmed by the county); the bureau's imports arrive confirmed."""

    enterprise = models.ForeignKey("enterprises.Enterprise", verbose_name="企业", on_delete=models.PROTECT,
                                   related_name="products")
    name = models.CharField("产品名称", max_length=100)
    category = models.ForeignKey("vocabulary.Term", verbose_name="产品类别", on_delete=models.PROTECT,
                                 limit_choices_to=PRODUCT_CATEGORY, related_name="+")
    segment = models.CharField("细分市场", max_length=100, blank=True)
    domestic_share = models.DecimalField(
        "国内市场占有率（%）", max_digits=5, decimal_places=2, null=True, blank=True,
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("100"))],
    )
    created_at = models.DateTimeField("录入时间", auto_now_add=True)
    history = HistoricalRecords(verbose_name="产品变更记录")

    class Meta:
        ordering = ["enterprise", "name"]
        verbose_name = "企业产品"
        verbose_name_plural = "企业产品"
        constraints = [
            models.UniqueConstraint(fields=["enterprise", "name"], name="product_unique_per_enterprise"),
            models.CheckConstraint(
                condition=Q(domestic_share__isnull=True) | (Q(domestic_share__gte=0) & Q(domestic_share__lte=100)),
                name="product_share_percentage",
            ),
            models.CheckConstraint(condition=~Q(name=""), name="product_named"),
        ]

    def __str__(self):
        return self.name


class Procurement(models.Model):
    """(十二) A chain leader's purchase plan (采购计划): what it means to buy, in which product category."""

    enterprise = models.ForeignKey("enterprises.Enterprise", verbose_name="采购方（链主企业）", on_delete=models.PROTECT,
                                   related_name="procurements")
    title = models.CharField("采购项目", max_length=100)
    category = models.ForeignKey("vocabulary.Term", verbose_name="产品类别", on_delete=models.PROTECT,
                                 limit_choices_to=PRODUCT_CATEGORY, related_name="+")
    amount_wan = models.DecimalField("预计金额（万元）", max_digits=14, decimal_places=2,
                                     validators=[MinValueValidator(Decimal("0"))])
    deadline = models.DateField("截止日期")
    created_at = models.DateTimeField("录入时间", auto_now_add=True)
    history = HistoricalRecords(verbose_name="采购计划变更记录")

    class Meta:
        ordering = ["-deadline", "-id"]
        verbose_name = "链主采购计划"
        verbose_name_plural = "链主采购计划"
        constraints = [
            models.UniqueConstraint(fields=["enterprise", "title"], name="procurement_unique_per_purchaser"),
            models.CheckConstraint(condition=Q(amount_wan__gte=0), name="procurement_amount_not_negative"),
            models.CheckConstraint(condition=~Q(title=""), name="procurement_named"),
        ]

    def __str__(self):
        return self.title


class ProcurementRecommendation(models.Model):
    """(十二) An SRDI enterprise the bureau recommended to a purchase plan, and how the contact turned out."""

    plan = models.ForeignKey(Procurement, verbose_name="采购计划", on_delete=models.PROTECT,
                             related_name="recommendations")
    enterprise = models.ForeignKey("enterprises.Enterprise", verbose_name="推荐企业", on_delete=models.PROTECT,
                                   related_name="procurement_recommendations")
    recommended_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="推荐人", on_delete=models.PROTECT,
                                       null=True, blank=True, related_name="+")
    recommended_at = models.DateTimeField("推荐时间")
    outcome = models.CharField("对接结果", max_length=12, choices=Outcome.choices, default=Outcome.IN_CONTACT)
    note = models.CharField("说明", max_length=500, blank=True)
    outcome_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="结果登记人", on_delete=models.PROTECT,
                                   null=True, blank=True, related_name="+")
    outcome_at = models.DateTimeField("结果登记时间", null=True, blank=True)
    history = HistoricalRecords(verbose_name="融通对接推荐变更记录")

    class Meta:
        ordering = ["-recommended_at", "-id"]
        verbose_name = "融通对接推荐"
        verbose_name_plural = "融通对接推荐"
        constraints = [
            models.UniqueConstraint(fields=["plan", "enterprise"], name="recommendation_unique_per_plan"),
        ]

    def __str__(self):
        return f"{self.plan} ← {self.enterprise}"

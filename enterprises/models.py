"""The registry: areas, users bound to a role, enterprises, designations, annual figures, cultivation pools."""

from decimal import Decimal

from django.contrib.auth.models import AbstractUser
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from policy.levels import Level

from .credit_codes import validate_credit_code
from .roles import Role
from .rules import name_initials

MONEY = {"max_digits": 16, "decimal_places": 2}
NON_NEGATIVE = [MinValueValidator(Decimal("0"))]


class Area(models.Model):
    """A quota unit: one of Guilin's 17 county-level divisions or the 3 management committees."""

    class Kind(models.TextChoices):
        DISTRICT = "district", "市辖区"
        COUNTY = "county", "县"
        CITY = "city", "县级市"
        COMMITTEE = "committee", "管委会"

    code = models.CharField("区划代码", max_length=6, unique=True, null=True, blank=True)
    name = models.CharField("名称", max_length=40, unique=True)
    kind = models.CharField("类别", max_length=12, choices=Kind.choices)
    sort_order = models.PositiveSmallIntegerField("排序", default=0)

    class Meta:
        ordering = ["sort_order", "id"]
        verbose_name = "区域（指标单位）"
        verbose_name_plural = "区域（指标单位）"

    def __str__(self):
        return self.name


class User(AbstractUser):
    """A portal account: one role; an enterprise user is bound to one enterprise, a county official to one area."""

    role = models.CharField("角色", max_length=12, choices=Role.choices, default=Role.ENTERPRISE)
    enterprise = models.ForeignKey(
        "Enterprise", verbose_name="所属企业", null=True, blank=True, on_delete=models.PROTECT, related_name="users"
    )
    area = models.ForeignKey(Area, verbose_name="所属区域", null=True, blank=True, on_delete=models.PROTECT, related_name="users")
    phone = models.CharField("联系电话", max_length=20, blank=True)

    class Meta:
        verbose_name = "用户"
        verbose_name_plural = "用户"
        constraints = [
            models.CheckConstraint(
                name="user_enterprise_role_has_enterprise",
                condition=~Q(role=Role.ENTERPRISE) | Q(enterprise__isnull=False) | Q(is_superuser=True),
            ),
            models.CheckConstraint(
                name="user_county_role_has_area",
                condition=~Q(role=Role.COUNTY) | Q(area__isnull=False),
            ),
        ]

    def get_full_name(self):
        """The name in Chinese order, surname first and no space (张伟, not Django's "伟 张")."""
        return f"{self.last_name}{self.first_name}".strip()

    def __str__(self):
        full = self.get_full_name()
        return f"{full}（{self.username}）" if full else self.username


class Enterprise(models.Model):
    credit_code = models.CharField(
        "统一社会信用代码", max_length=18, unique=True, validators=[validate_credit_code],
        help_text="18 位，按 GB 32100-2015 校验",
    )
    name = models.CharField("企业名称", max_length=200, db_index=True)
    name_initials = models.CharField(
        "名称拼音首字母", max_length=100, blank=True, db_index=True, editable=False,
        help_text="由企业名称生成（rules.name_initials），供后台按拼音首字母检索，如 glsm",
    )
    area = models.ForeignKey(Area, verbose_name="所属区域", on_delete=models.PROTECT, related_name="enterprises")
    founded_on = models.DateField("成立日期", null=True, blank=True)
    industry = models.CharField("所属行业", max_length=100, blank=True)
    contact_person = models.CharField("联系人", max_length=50, blank=True)
    contact_phone = models.CharField("联系电话", max_length=30, blank=True)
    address = models.CharField("地址", max_length=200, blank=True)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    history = HistoricalRecords(verbose_name="企业变更记录")

    class Meta:
        ordering = ["name"]
        verbose_name = "企业"
        verbose_name_plural = "企业"
        constraints = [
            models.CheckConstraint(name="enterprise_credit_code_upper", condition=Q(credit_code=models.functions.Upper("credit_code"))),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        # derived from the name on every save; the bulk paths (imports, the demo) set it as they build the row
        self.name_initials = name_initials(self.name)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "name" in update_fields:
            kwargs["update_fields"] = {*update_fields, "name_initials"}
        super().save(*args, **kwargs)


class Designation(models.Model):
    """One enterprise holding one level from one granting document. Never overwritten: history accumulates."""

    class Source(models.TextChoices):
        IMPORT = "import", "导入"
        ADMIN = "admin", "后台录入"
        RECOGNITION = "recognition", "市级认定流程"

    enterprise = models.ForeignKey(Enterprise, verbose_name="企业", on_delete=models.PROTECT, related_name="designations")
    level = models.CharField("认定层级", max_length=20, choices=Level.choices)
    granted_on = models.DateField("认定日期")
    valid_until = models.DateField("有效期至")
    document_number = models.CharField("认定文号", max_length=100, blank=True)
    source = models.CharField("来源", max_length=12, choices=Source.choices, default=Source.ADMIN)
    created_at = models.DateTimeField("录入时间", auto_now_add=True)
    history = HistoricalRecords(verbose_name="认定变更记录")

    class Meta:
        ordering = ["-granted_on", "id"]
        verbose_name = "认定（梯度层级）"
        verbose_name_plural = "认定（梯度层级）"
        constraints = [
            models.UniqueConstraint(fields=["enterprise", "level", "granted_on"], name="designation_unique_grant"),
            models.CheckConstraint(name="designation_valid_after_granted", condition=Q(valid_until__gte=models.F("granted_on"))),
        ]
        indexes = [models.Index(fields=["level", "granted_on", "valid_until"])]

    def __str__(self):
        return f"{self.enterprise} · {self.get_level_display()}（{self.granted_on}）"

    def is_valid_on(self, day):
        return self.granted_on <= day <= self.valid_until


class AnnualFigures(models.Model):
    """One enterprise's figures for one calendar year, in yuan. The award rules read these columns."""

    enterprise = models.ForeignKey(Enterprise, verbose_name="企业", on_delete=models.PROTECT, related_name="annual_figures")
    year = models.PositiveSmallIntegerField("年度")
    output_value = models.DecimalField("工业总产值（元）", **MONEY, validators=NON_NEGATIVE)
    tax_paid = models.DecimalField("纳税总额（元）", **MONEY, validators=NON_NEGATIVE)
    revenue = models.DecimalField("营业收入（元）", **MONEY, null=True, blank=True, validators=NON_NEGATIVE)
    rd_expense = models.DecimalField("研发费用（元）", **MONEY, null=True, blank=True, validators=NON_NEGATIVE)
    employees = models.PositiveIntegerField("从业人员数", null=True, blank=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)
    history = HistoricalRecords(verbose_name="经营数据变更记录")

    class Meta:
        ordering = ["-year", "enterprise_id"]
        verbose_name = "年度经营数据"
        verbose_name_plural = "年度经营数据"
        constraints = [
            models.UniqueConstraint(fields=["enterprise", "year"], name="figures_one_row_per_year"),
            models.CheckConstraint(
                name="figures_non_negative",
                condition=Q(output_value__gte=0) & Q(tax_paid__gte=0)
                & (Q(revenue__isnull=True) | Q(revenue__gte=0))
                & (Q(rd_expense__isnull=True) | Q(rd_expense__gte=0)),
            ),
            models.CheckConstraint(name="figures_year_range", condition=Q(year__gte=1990) & Q(year__lte=2100)),
        ]

    def __str__(self):
        return f"{self.enterprise} · {self.year} 年"


class CreditStatus(models.TextChoices):
    """信用审查: the listings that stop approval, notice and payment of an award (domain.md, the money chain)."""

    SERIOUS_DISHONESTY = "serious_dishonesty", "严重失信主体"
    JUDGMENT_DEFAULTER = "judgment_defaulter", "失信被执行人"
    ABNORMAL_OPERATION = "abnormal_operation", "经营异常"
    MAJOR_TAX_VIOLATION = "major_tax_violation", "重大税收违法"


class CreditEntry(models.Model):
    """One credit listing of an enterprise, from the listing authority's data: in force from 列入日期 until the
    day before 移出日期 (open-ended while no removal date is known)."""

    enterprise = models.ForeignKey(Enterprise, verbose_name="企业", on_delete=models.PROTECT, related_name="credit_entries")
    status = models.CharField("信用状况", max_length=24, choices=CreditStatus.choices)
    listed_on = models.DateField("列入日期")
    removed_on = models.DateField("移出日期", null=True, blank=True)
    authority = models.CharField("认定部门", max_length=100)
    created_at = models.DateTimeField("录入时间", auto_now_add=True)
    history = HistoricalRecords(verbose_name="信用记录变更记录")

    class Meta:
        ordering = ["-listed_on", "id"]
        verbose_name = "信用记录"
        verbose_name_plural = "信用记录（信用审查）"
        constraints = [
            models.UniqueConstraint(fields=["enterprise", "status", "listed_on"], name="credit_entry_unique_listing"),
            models.CheckConstraint(
                name="credit_entry_removed_after_listed",
                condition=Q(removed_on__isnull=True) | Q(removed_on__gt=models.F("listed_on")),
            ),
        ]
        indexes = [models.Index(fields=["enterprise", "listed_on", "removed_on"])]

    def __str__(self):
        return f"{self.enterprise} · {self.get_status_display()}（{self.listed_on} 列入）"

    def in_force_on(self, day):
        return self.listed_on <= day and (self.removed_on is None or day < self.removed_on)


class CultivationPoolEntry(models.Model):
    """An enterprise a county keeps in its cultivation pool (培育库, clause 三)."""

    class Stage(models.TextChoices):
        RESERVE = "reserve", "储备"
        CULTIVATE = "cultivate", "培育"
        UPGRADE = "upgrade", "提升"

    area = models.ForeignKey(Area, verbose_name="区域", on_delete=models.PROTECT, related_name="pool_entries")
    enterprise = models.OneToOneField(Enterprise, verbose_name="企业", on_delete=models.PROTECT, related_name="pool_entry")
    stage = models.CharField("阶段", max_length=10, choices=Stage.choices, default=Stage.RESERVE)
    since = models.DateField("入库日期")
    note = models.CharField("备注", max_length=200, blank=True)
    history = HistoricalRecords(verbose_name="培育库变更记录")

    class Meta:
        ordering = ["area", "stage", "since"]
        verbose_name = "县级培育库"
        verbose_name_plural = "县级培育库"

    def __str__(self):
        return f"{self.enterprise}（{self.get_stage_display()}）"


class AreaTarget(models.Model):
    """The share of the city's yearly target given to one area (分解指标, clause 二)."""

    area = models.ForeignKey(Area, verbose_name="区域", on_delete=models.PROTECT, related_name="targets")
    year = models.PositiveSmallIntegerField("年度")
    new_municipal_target = models.PositiveIntegerField("新增市级专精特新目标（家）")
    history = HistoricalRecords(verbose_name="指标变更记录")

    class Meta:
        ordering = ["-year", "area"]
        verbose_name = "区域年度指标"
        verbose_name_plural = "区域年度指标"
        constraints = [models.UniqueConstraint(fields=["area", "year"], name="area_target_unique_year")]

    def __str__(self):
        return f"{self.area} {self.year} 年指标"


# -- where each annual figure came from -----------------------------------------------------------------------------

class FigureSource(models.TextChoices):
    ENTERPRISE = "enterprise", "企业填报"
    COUNTY = "county", "县区核定"
    TAX = "tax", "税务"
    STATISTICS = "statistics", "统计"
    IMPORT = "import", "导入"


FIGURE_FIELDS = ("output_value", "tax_paid", "revenue", "rd_expense", "employees")


class SourcePrecedence(models.Model):
    """Which source's value AnnualFigures uses when sources disagree: the lowest rank wins. Kept as data, so the
    bureau changes the order in the admin without a release (enterprises.provenance_services re-applies it)."""

    source = models.CharField("数据来源", max_length=12, choices=FigureSource.choices, unique=True)
    rank = models.PositiveSmallIntegerField("优先顺序", unique=True, help_text="数字越小越优先")
    history = HistoricalRecords(verbose_name="数据来源优先顺序变更记录")

    class Meta:
        ordering = ["rank"]
        verbose_name = "数据来源优先顺序"
        verbose_name_plural = "数据来源优先顺序"

    def __str__(self):
        return f"{self.rank}. {self.get_source_display()}"


class FigureReport(models.Model):
    """One source's value of one figure of one enterprise's year, as it last arrived; AnnualFigures holds the value
    the precedence picks among them."""

    FIELD_CHOICES = [(name, AnnualFigures._meta.get_field(name).verbose_name) for name in FIGURE_FIELDS]

    enterprise = models.ForeignKey(Enterprise, verbose_name="企业", on_delete=models.PROTECT, related_name="figure_reports")
    year = models.PositiveSmallIntegerField("年度")
    field = models.CharField("指标", max_length=12, choices=FIELD_CHOICES)
    source = models.CharField("数据来源", max_length=12, choices=FigureSource.choices)
    value = models.DecimalField("数值", **MONEY)
    received_at = models.DateTimeField("报送时间")
    reported_by = models.CharField("报送方", max_length=100, blank=True)
    # A disagreement the county has looked into and settled (the value the precedence picks stands); a source's
    # new value clears it, so the figure is listed again.
    settled_at = models.DateTimeField("分歧核定时间", null=True, blank=True)
    settled_by = models.ForeignKey(
        "User", verbose_name="分歧核定人", on_delete=models.PROTECT, null=True, blank=True,
        related_name="+",
    )
    settle_note = models.CharField("核定说明", max_length=200, blank=True)

    class Meta:
        ordering = ["enterprise_id", "-year", "field", "source"]
        verbose_name = "经营数据来源记录"
        verbose_name_plural = "经营数据来源记录"
        constraints = [
            models.UniqueConstraint(fields=["enterprise", "year", "field", "source"], name="figure_report_one_per_source"),
        ]

    def __str__(self):
        return f"{self.enterprise_id} · {self.year} · {self.get_field_display()} · {self.get_source_display()}"

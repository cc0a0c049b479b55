"""Institutions that call the open interfaces (banks, power and gas suppliers, data departments), their tokens
and the log of every call. (九) 名单推送共享, (五) 优先保障用电用气."""

from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from enterprises.models import FigureSource

# The registry's sources a department reports as (enterprises.provenance orders them).
DEPARTMENT_SOURCES = [(source.value, source.label) for source in (FigureSource.TAX, FigureSource.STATISTICS)]


class Institution(models.Model):
    class Kind(models.TextChoices):
        BANK = "bank", "银行（金融机构）"
        SUPPLIER = "supplier", "供电供气企业"
        DEPARTMENT = "department", "数据部门"

    class Supplies(models.TextChoices):
        POWER = "power", "供电"
        GAS = "gas", "供气"

    name = models.CharField("机构名称", max_length=100, unique=True)
    kind = models.CharField("机构类别", max_length=12, choices=Kind.choices)
    supplies = models.CharField("供应类别", max_length=8, choices=Supplies.choices, blank=True,
                                help_text="供电供气企业必填：其每次获取的名单记为对应类别的名单推送")
    figure_source = models.CharField("经营数据来源", max_length=12, choices=DEPARTMENT_SOURCES, blank=True,
                                     help_text="数据部门报送的年度经营数据记为此来源（税务或统计），按来源优先顺序取用")
    active = models.BooleanField("启用", default=True)
    created_at = models.DateTimeField("登记时间", auto_now_add=True)
    history = HistoricalRecords(verbose_name="接口机构变更记录")

    class Meta:
        ordering = ["kind", "name"]
        verbose_name = "接口机构"
        verbose_name_plural = "接口机构"
        constraints = [
            models.CheckConstraint(name="institution_named", condition=~Q(name="")),
            # A supplier says what it supplies (its fetches are power or gas pushes); nobody else does.
            models.CheckConstraint(
                name="institution_supplies_iff_supplier",
                condition=(Q(kind="supplier") & ~Q(supplies="")) | (~Q(kind="supplier") & Q(supplies="")),
            ),
        ]

    def __str__(self):
        return f"{self.name}（{self.get_kind_display()}）"


class ApiToken(models.Model):
    """Only the SHA-256 of the token is kept; the token itself is shown once, when it is created."""

    institution = models.ForeignKey(Institution, verbose_name="机构", on_delete=models.PROTECT, related_name="tokens")
    kind = models.CharField("令牌类别", max_length=12, choices=Institution.Kind.choices)
    token_hash = models.CharField("令牌摘要（SHA-256）", max_length=64, unique=True, editable=False)
    prefix = models.CharField("令牌前缀", max_length=8, editable=False, help_text="令牌的前 8 个字符，用于辨认")
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    expires_at = models.DateTimeField("到期时间", null=True, blank=True, help_text="留空表示不过期")
    revoked_at = models.DateTimeField("吊销时间", null=True, blank=True, editable=False)
    last_used_at = models.DateTimeField("最近使用时间", null=True, blank=True, editable=False)
    history = HistoricalRecords(verbose_name="接口令牌变更记录", excluded_fields=["last_used_at"])

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = "接口令牌"
        verbose_name_plural = "接口令牌"

    def __str__(self):
        return f"{self.prefix}…（{self.institution.name}）"


class ApiCall(models.Model):
    """One call of an interface, answered or refused (a refused call may have no institution)."""

    institution = models.ForeignKey(Institution, verbose_name="机构", on_delete=models.PROTECT, null=True,
                                    related_name="calls")
    token = models.ForeignKey(ApiToken, verbose_name="令牌", on_delete=models.PROTECT, null=True, related_name="+")
    endpoint = models.CharField("接口", max_length=200)
    method = models.CharField("方法", max_length=8)
    status = models.PositiveSmallIntegerField("状态码")
    row_count = models.PositiveIntegerField("行数", default=0)
    at = models.DateTimeField("调用时间", auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = "接口调用"
        verbose_name_plural = "接口调用日志"

    def __str__(self):
        return f"{self.method} {self.endpoint} {self.status}"

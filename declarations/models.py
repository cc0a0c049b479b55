"""Declarations enterprises file (the municipal SRDI application, the annual figures report), their attachments,
the review history, the portal's messages and the national criteria editions the self-check reads."""

import uuid
from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from simple_history.models import HistoricalRecords

from awards.objections import ObjectionBase, objection_constraints

from .states import WAITING_FOR, Action, Kind, Status

MONEY = {"max_digits": 16, "decimal_places": 2}
RATE = {"max_digits": 8, "decimal_places": 6}
PERCENT = {"max_digits": 5, "decimal_places": 2}
NON_NEGATIVE = [MinValueValidator(Decimal("0"))]
PERCENTAGE = [MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("100"))]


class Declaration(models.Model):
    """One declaration an enterprise files; its content lives in `application` or `annual_report`."""

    enterprise = models.ForeignKey(
        "enterprises.Enterprise", verbose_name="企业", on_delete=models.PROTECT, related_name="declarations"
    )
    kind = models.CharField("申报类型", max_length=16, choices=Kind.choices)
    year = models.PositiveSmallIntegerField("年度", help_text="申报：申报批次年度；经营数据：所填报的年度")
    status = models.CharField("状态", max_length=16, choices=Status.choices, default=Status.DRAFT, db_index=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="填报人", on_delete=models.PROTECT, null=True, blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)
    submitted_at = models.DateTimeField("提交时间", null=True, blank=True)
    criteria_edition = models.ForeignKey(
        "policy.CriteriaEdition", verbose_name="自查所依据的认定条件", null=True, blank=True, on_delete=models.PROTECT,
        related_name="+",
    )
    self_check_passed = models.BooleanField("自查全部达标", null=True, blank=True)
    expert_score = models.DecimalField(
        "专家评审得分", **PERCENT, null=True, blank=True, validators=PERCENTAGE,
    )
    policy = models.ForeignKey(
        "policy.PolicyRecord", verbose_name="所依据的政策参数", null=True, blank=True, on_delete=models.PROTECT,
        related_name="+",
    )
    notice_starts_on = models.DateField("公示开始", null=True, blank=True)
    notice_ends_on = models.DateField("公示截止", null=True, blank=True)
    document_number = models.CharField("认定文号", max_length=100, blank=True)
    document_date = models.DateField(
        "认定文件日期", null=True, blank=True, help_text="认定文件的印发日期，即认定记录的认定日期（公示期满后、不晚于今天）"
    )
    designation = models.ForeignKey(
        "enterprises.Designation", verbose_name="认定记录", null=True, blank=True, on_delete=models.PROTECT,
        related_name="+",
    )
    history = HistoricalRecords(verbose_name="申报变更记录")

    class Meta:
        ordering = ["-updated_at", "-id"]
        verbose_name = "申报"
        verbose_name_plural = "申报与审核"
        constraints = [
            models.UniqueConstraint(fields=["enterprise", "kind", "year"], name="declaration_one_per_kind_year"),
            models.CheckConstraint(name="declaration_year_range", condition=Q(year__gte=2000) & Q(year__lte=2100)),
            models.CheckConstraint(
                name="declaration_score_range",
                condition=Q(expert_score__isnull=True) | (Q(expert_score__gte=0) & Q(expert_score__lte=100)),
            ),
            models.CheckConstraint(
                name="declaration_notice_ordered",
                condition=Q(notice_ends_on__isnull=True) | Q(notice_ends_on__gte=F("notice_starts_on")),
            ),
            models.CheckConstraint(
                name="declaration_recognized_has_designation",
                condition=~Q(status=Status.RECOGNIZED) | Q(designation__isnull=False),
            ),
        ]
        indexes = [models.Index(fields=["status", "kind", "year"])]

    def __str__(self):
        return f"{self.enterprise} · {self.year} 年{self.get_kind_display()}"

    @property
    def is_editable(self):
        return self.status in (Status.DRAFT, Status.RETURNED)

    @property
    def waiting_for(self):
        return WAITING_FOR.get(self.status, "")


class SrdiApplication(models.Model):
    """The content of a municipal SRDI application. Everything the self-check or a dashboard reads is a column."""

    class RdInstitution(models.TextChoices):
        NONE = "none", "无"
        ENTERPRISE = "enterprise", "企业自建研发机构"
        MUNICIPAL = "municipal", "市级研发机构"
        PROVINCIAL = "provincial", "自治区级研发机构"
        NATIONAL = "national", "国家级研发机构"

    declaration = models.OneToOneField(
        Declaration, verbose_name="申报", on_delete=models.CASCADE, related_name="application"
    )
    # 企业概况
    contact_person = models.CharField("联系人", max_length=50, blank=True)
    contact_phone = models.CharField("联系电话", max_length=30, blank=True)
    contact_email = models.EmailField("电子邮箱", blank=True)
    employees = models.PositiveIntegerField("从业人员数（人）", null=True, blank=True)
    # 主导产品与市场
    niche_field = models.CharField("细分领域", max_length=100, blank=True)
    years_in_niche = models.PositiveSmallIntegerField("从事细分市场年限（年）", null=True, blank=True)
    main_product = models.CharField("主导产品名称", max_length=100, blank=True)
    main_product_description = models.TextField("主导产品简介", blank=True)
    main_product_revenue_share = models.DecimalField(
        "主导产品收入占营业收入比重（%）", **PERCENT, null=True, blank=True, validators=PERCENTAGE
    )
    market_share = models.DecimalField("细分市场占有率（%）", **PERCENT, null=True, blank=True, validators=PERCENTAGE)
    market_description = models.TextField("主要客户与市场地位", blank=True)
    # 近两年经营数据（year−2 = prev, year−1 = last）
    revenue_prev = models.DecimalField("前年营业收入（元）", **MONEY, null=True, blank=True, validators=NON_NEGATIVE)
    revenue_last = models.DecimalField("上年营业收入（元）", **MONEY, null=True, blank=True, validators=NON_NEGATIVE)
    rd_expense_prev = models.DecimalField("前年研发费用（元）", **MONEY, null=True, blank=True, validators=NON_NEGATIVE)
    rd_expense_last = models.DecimalField("上年研发费用（元）", **MONEY, null=True, blank=True, validators=NON_NEGATIVE)
    net_profit_prev = models.DecimalField("前年净利润（元）", **MONEY, null=True, blank=True)
    net_profit_last = models.DecimalField("上年净利润（元）", **MONEY, null=True, blank=True)
    equity_financing = models.DecimalField(
        "近两年新增股权融资（元）", **MONEY, null=True, blank=True, validators=NON_NEGATIVE
    )
    # 研发
    rd_staff = models.PositiveIntegerField("研发人员数（人）", null=True, blank=True)
    rd_institution = models.CharField(
        "研发机构", max_length=12, choices=RdInstitution.choices, default=RdInstitution.NONE
    )
    # 知识产权
    invention_patents = models.PositiveIntegerField("有效发明专利（项）", default=0)
    utility_patents = models.PositiveIntegerField("实用新型专利（项）", default=0)
    software_copyrights = models.PositiveIntegerField("软件著作权（项）", default=0)
    other_ip = models.PositiveIntegerField("其他知识产权（项）", default=0)
    # 资质认证
    certifications = models.TextField("质量管理体系及产品认证", blank=True)
    standards = models.TextField("主导或参与制（修）订标准", blank=True)
    honours = models.TextField("获得荣誉与奖励", blank=True)
    history = HistoricalRecords(verbose_name="申报内容变更记录")

    class Meta:
        verbose_name = "市级专精特新申报内容"
        verbose_name_plural = "市级专精特新申报内容"

    def __str__(self):
        return str(self.declaration)


class AnnualReport(models.Model):
    """The figures of one year as the enterprise reports them; they enter the registry once the county confirms."""

    declaration = models.OneToOneField(
        Declaration, verbose_name="申报", on_delete=models.CASCADE, related_name="annual_report"
    )
    output_value = models.DecimalField("工业总产值（元）", **MONEY, null=True, blank=True, validators=NON_NEGATIVE)
    tax_paid = models.DecimalField("纳税总额（元）", **MONEY, null=True, blank=True, validators=NON_NEGATIVE)
    revenue = models.DecimalField("营业收入（元）", **MONEY, null=True, blank=True, validators=NON_NEGATIVE)
    rd_expense = models.DecimalField("研发费用（元）", **MONEY, null=True, blank=True, validators=NON_NEGATIVE)
    employees = models.PositiveIntegerField("从业人员数（人）", null=True, blank=True)
    history = HistoricalRecords(verbose_name="经营数据填报变更记录")

    class Meta:
        verbose_name = "年度经营数据填报内容"
        verbose_name_plural = "年度经营数据填报内容"

    def __str__(self):
        return str(self.declaration)


def attachment_path(instance, filename):
    """A generated name: nothing the uploader typed reaches the file system."""
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"declarations/{uuid.uuid4().hex}.{extension}"


class Attachment(models.Model):
    class Category(models.TextChoices):
        LICENCE = "licence", "营业执照"
        FINANCIAL = "financial", "财务审计报告"
        IP = "ip", "知识产权证明"
        CERTIFICATION = "certification", "资质认证证书"
        OTHER = "other", "其他材料"

    declaration = models.ForeignKey(
        Declaration, verbose_name="申报", on_delete=models.CASCADE, related_name="attachments"
    )
    category = models.CharField("材料类别", max_length=16, choices=Category.choices, default=Category.OTHER)
    original_name = models.CharField("原文件名", max_length=200)
    file = models.FileField("文件", upload_to=attachment_path, max_length=255)
    content_type = models.CharField("文件类型", max_length=100)
    size = models.PositiveIntegerField("大小（字节）")
    sha256 = models.CharField("SHA-256", max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="上传人", on_delete=models.PROTECT, null=True, related_name="+"
    )
    uploaded_at = models.DateTimeField("上传时间", auto_now_add=True)

    class Meta:
        ordering = ["uploaded_at", "id"]
        verbose_name = "申报附件"
        verbose_name_plural = "申报附件"

    def __str__(self):
        return self.original_name


class RecognitionObjection(ObjectionBase):
    """An objection to a recognition on public notice (认定公示): no recognition while it is open; upheld → the
    application is not recognised."""

    declaration = models.ForeignKey(
        Declaration, verbose_name="异议的申报", on_delete=models.PROTECT, related_name="objections"
    )
    history = HistoricalRecords(verbose_name="异议变更记录")

    class Meta:
        ordering = ["-lodged_at", "-id"]
        verbose_name = "认定公示异议"
        verbose_name_plural = "认定公示异议"
        constraints = objection_constraints("recognition_objection")

    def __str__(self):
        return f"对“{self.declaration}”的异议（{self.get_status_display()}）"


class ReviewStep(models.Model):
    """One transition of a declaration: who, when, what, and the comment. The enterprise sees these."""

    declaration = models.ForeignKey(Declaration, verbose_name="申报", on_delete=models.CASCADE, related_name="steps")
    action = models.CharField("操作", max_length=20, choices=Action.choices)
    from_status = models.CharField("原状态", max_length=16, choices=Status.choices)
    to_status = models.CharField("新状态", max_length=16, choices=Status.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="操作人", on_delete=models.PROTECT, null=True, blank=True,
        related_name="+",
    )
    actor_unit = models.CharField("操作单位", max_length=60)
    at = models.DateTimeField("时间")
    comment = models.TextField("意见", blank=True)
    expert_score = models.DecimalField("专家评审得分", **PERCENT, null=True, blank=True)

    class Meta:
        ordering = ["at", "id"]
        verbose_name = "审核记录"
        verbose_name_plural = "审核记录"

    def __str__(self):
        return f"{self.get_action_display()}（{timezone.localtime(self.at):%Y-%m-%d %H:%M}）"  # Asia/Shanghai


class PortalMessage(models.Model):
    """An in-portal message to one user; e-mail goes out alongside it."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="收件人", on_delete=models.CASCADE, related_name="portal_messages"
    )
    declaration = models.ForeignKey(
        Declaration, verbose_name="相关申报", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    title = models.CharField("标题", max_length=120)
    body = models.TextField("内容")
    created_at = models.DateTimeField("发送时间", auto_now_add=True)
    read_at = models.DateTimeField("阅读时间", null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = "站内消息"
        verbose_name_plural = "站内消息"
        indexes = [models.Index(fields=["recipient", "read_at"])]

    def __str__(self):
        return self.title

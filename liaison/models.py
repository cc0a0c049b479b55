"""Liaison officers (clause 八) and the records they keep: visits, difficulties, support plans, the yearly duty,
training (十六) and service records (七)."""

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q
from simple_history.models import HistoricalRecords

from enterprises.models import Enterprise

from .measures import Measure
from .workflow import DifficultyStatus, PlanItemStatus

USER = settings.AUTH_USER_MODEL


class LiaisonAssignment(models.Model):
    """An officer assigned to an enterprise for [started_on, ended_on): `ended_on` is the day the next one takes
    over (or the assignment stops). One open row per enterprise."""

    enterprise = models.ForeignKey(
        "enterprises.Enterprise", verbose_name="企业", on_delete=models.PROTECT, related_name="liaison_assignments"
    )
    officer = models.ForeignKey(USER, verbose_name="联络员", on_delete=models.PROTECT, related_name="liaison_assignments")
    started_on = models.DateField("起始日期")
    ended_on = models.DateField("结束日期", null=True, blank=True)
    assigned_by = models.ForeignKey(
        USER, verbose_name="指派人", on_delete=models.PROTECT, null=True, blank=True, related_name="+",
    )
    note = models.CharField("备注", max_length=200, blank=True)
    history = HistoricalRecords(verbose_name="联络员指派变更记录")

    class Meta:
        ordering = ["-started_on", "-id"]
        verbose_name = "联络员指派"
        verbose_name_plural = "联络员指派"
        # "view_firmfile" is the one-firm-one-file page (no model of its own); roles get it as "liaison.firmfile".
        permissions = [("view_firmfile", "可查看一户一档")]
        constraints = [
            models.UniqueConstraint(
                fields=["enterprise"], condition=Q(ended_on__isnull=True), name="liaison_one_active_per_enterprise"
            ),
            models.CheckConstraint(
                name="liaison_period_ordered", condition=Q(ended_on__isnull=True) | Q(ended_on__gte=F("started_on"))
            ),
        ]

    def __str__(self):
        return f"{self.enterprise} ← {self.officer}"

    def held_on(self, day):
        return self.started_on <= day and (self.ended_on is None or day < self.ended_on)


class UnassignedEnterprise(Enterprise):
    """White-list enterprises without a liaison officer: a changelist of its own in the admin."""

    class Meta:
        proxy = True
        verbose_name = "待配联络员企业"
        verbose_name_plural = "待配联络员的白名单企业"


class Visit(models.Model):
    """A liaison officer's contact with an enterprise (走访记录)."""

    class Mode(models.TextChoices):
        ONSITE = "onsite", "上门走访"
        PHONE = "phone", "电话联系"
        ONLINE = "online", "线上（视频/微信）"
        MEETING = "meeting", "座谈会"

    enterprise = models.ForeignKey(Enterprise, verbose_name="企业", on_delete=models.PROTECT, related_name="liaison_visits")
    officer = models.ForeignKey(USER, verbose_name="联络员", on_delete=models.PROTECT, related_name="liaison_visits")
    visited_on = models.DateField("走访日期")
    mode = models.CharField("方式", max_length=10, choices=Mode.choices, default=Mode.ONSITE)
    content = models.TextField("走访内容")
    follow_up = models.TextField("后续跟进事项", blank=True)
    follow_up_due = models.DateField("跟进期限", null=True, blank=True)
    created_at = models.DateTimeField("登记时间", auto_now_add=True)
    history = HistoricalRecords(verbose_name="走访记录变更记录")

    class Meta:
        ordering = ["-visited_on", "-id"]
        verbose_name = "走访记录"
        verbose_name_plural = "走访记录"
        indexes = [models.Index(fields=["enterprise", "visited_on"])]

    def __str__(self):
        return f"{self.enterprise} · {self.visited_on} {self.get_mode_display()}"


class Difficulty(models.Model):
    """A difficulty or request (困难诉求) raised by the enterprise or logged by its officer; status per workflow.py."""

    class Category(models.TextChoices):
        FINANCING = "financing", "融资"
        LABOUR = "labour", "用工"
        LAND = "land", "用地"
        ENERGY = "energy", "用能"
        MARKET = "market", "市场"
        TECHNOLOGY = "technology", "技术"
        POLICY = "policy", "政策"
        OTHER = "other", "其他"

    class Source(models.TextChoices):
        ENTERPRISE = "enterprise", "企业提交"
        OFFICER = "officer", "联络员登记"

    enterprise = models.ForeignKey(Enterprise, verbose_name="企业", on_delete=models.PROTECT, related_name="difficulties")
    title = models.CharField("诉求事项", max_length=100)
    description = models.TextField("具体情况")
    category = models.CharField("类别", max_length=12, choices=Category.choices)
    department = models.CharField("协调部门", max_length=100, blank=True, help_text="请求协助解决的部门")
    status = models.CharField("状态", max_length=12, choices=DifficultyStatus.choices, default=DifficultyStatus.OPEN)
    source = models.CharField("来源", max_length=10, choices=Source.choices)
    submitted_by = models.ForeignKey(USER, verbose_name="提出人", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    submitted_on = models.DateField("提出日期")
    officer = models.ForeignKey(
        USER, verbose_name="承办联络员", on_delete=models.PROTECT, null=True, blank=True, related_name="liaison_difficulties",
    )
    accepted_on = models.DateField("受理日期", null=True, blank=True)
    escalated_on = models.DateField("提级日期", null=True, blank=True)
    resolved_on = models.DateField("解决日期", null=True, blank=True)
    resolved_by = models.ForeignKey(USER, verbose_name="办结人", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    resolution = models.TextField("办理结果", blank=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)
    history = HistoricalRecords(verbose_name="困难诉求变更记录")

    class Meta:
        ordering = ["-submitted_on", "-id"]
        verbose_name = "困难诉求"
        verbose_name_plural = "困难诉求"
        constraints = [
            # (八) the yearly duty counts resolved cases by their resolution date: it must be there, and only there.
            models.CheckConstraint(
                name="difficulty_resolved_has_date",
                condition=Q(status=DifficultyStatus.RESOLVED, resolved_on__isnull=False)
                | (~Q(status=DifficultyStatus.RESOLVED) & Q(resolved_on__isnull=True)),
            ),
            models.CheckConstraint(
                name="difficulty_resolved_after_submitted",
                condition=Q(resolved_on__isnull=True) | Q(resolved_on__gte=F("submitted_on")),
            ),
        ]
        indexes = [models.Index(fields=["status", "resolved_on"])]

    def __str__(self):
        return f"{self.enterprise} · {self.title}"


class DifficultyTransition(models.Model):
    """One step of a difficulty's flow: who moved it from which state to which, when, and why."""

    difficulty = models.ForeignKey(Difficulty, verbose_name="困难诉求", on_delete=models.CASCADE, related_name="transitions")
    from_status = models.CharField("原状态", max_length=12, choices=DifficultyStatus.choices, blank=True)
    to_status = models.CharField("新状态", max_length=12, choices=DifficultyStatus.choices)
    actor = models.ForeignKey(USER, verbose_name="操作人", on_delete=models.PROTECT, null=True, related_name="+")
    at = models.DateTimeField("时间", auto_now_add=True)
    note = models.TextField("说明", blank=True)

    class Meta:
        ordering = ["at", "id"]
        verbose_name = "办理记录"
        verbose_name_plural = "办理记录"

    def __str__(self):
        return f"{self.get_from_status_display() or '新建'} → {self.get_to_status_display()}"


class SupportPlan(models.Model):
    """One firm one policy (一企一策): the support plan of one enterprise for one year."""

    enterprise = models.ForeignKey(Enterprise, verbose_name="企业", on_delete=models.PROTECT, related_name="support_plans")
    year = models.PositiveSmallIntegerField("年度")
    summary = models.TextField("总体思路", blank=True)
    prepared_by = models.ForeignKey(USER, verbose_name="制定人", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    created_at = models.DateTimeField("制定时间", auto_now_add=True)
    history = HistoricalRecords(verbose_name="一企一策变更记录")

    class Meta:
        ordering = ["-year", "enterprise"]
        verbose_name = "一企一策"
        verbose_name_plural = "一企一策"
        constraints = [models.UniqueConstraint(fields=["enterprise", "year"], name="support_plan_one_per_year")]

    def __str__(self):
        return f"{self.enterprise} {self.year} 年一企一策"


class SupportPlanItem(models.Model):
    """One measure of the policy applied to the enterprise, with who does it by when."""

    plan = models.ForeignKey(SupportPlan, verbose_name="一企一策", on_delete=models.CASCADE, related_name="items")
    measure = models.PositiveSmallIntegerField("适用条款", choices=Measure.choices)
    action = models.TextField("支持举措")
    owner = models.CharField("责任单位/责任人", max_length=100)
    due_on = models.DateField("完成时限")
    status = models.CharField("进度", max_length=12, choices=PlanItemStatus.choices, default=PlanItemStatus.PLANNED)
    note = models.CharField("备注", max_length=200, blank=True)
    history = HistoricalRecords(verbose_name="一企一策事项变更记录")

    class Meta:
        ordering = ["measure", "due_on", "id"]
        verbose_name = "一企一策事项"
        verbose_name_plural = "一企一策事项"

    def __str__(self):
        return f"{self.get_measure_display()}：{self.action[:20]}"


class DutyOutcome(models.Model):
    """The yearly duty (八) of one enterprise's officer, as last evaluated: kept per year so history stays."""

    year = models.PositiveSmallIntegerField("年度")
    enterprise = models.ForeignKey(Enterprise, verbose_name="企业", on_delete=models.PROTECT, related_name="duty_outcomes")
    officer = models.ForeignKey(USER, verbose_name="联络员", on_delete=models.PROTECT, related_name="duty_outcomes")
    area = models.ForeignKey("enterprises.Area", verbose_name="区域", on_delete=models.PROTECT, related_name="+")
    policy = models.ForeignKey("policy.PolicyRecord", verbose_name="政策依据", on_delete=models.PROTECT, related_name="+")
    required = models.PositiveSmallIntegerField("应解决（项）")
    resolved_count = models.PositiveSmallIntegerField("已解决（项）")
    met = models.BooleanField("是否完成")
    reference_day = models.DateField("核定基准日")
    evaluated_at = models.DateTimeField("核定时间", auto_now=True)
    history = HistoricalRecords(verbose_name="履职核定变更记录")

    class Meta:
        ordering = ["-year", "area", "officer", "enterprise"]
        verbose_name = "联络员年度履职"
        verbose_name_plural = "联络员年度履职"
        constraints = [
            models.UniqueConstraint(fields=["year", "enterprise"], name="duty_one_row_per_enterprise_year"),
            models.CheckConstraint(
                name="duty_met_matches_counts",
                condition=Q(met=True, resolved_count__gte=F("required")) | Q(met=False, resolved_count__lt=F("required")),
            ),
        ]

    def __str__(self):
        return f"{self.year} 年 {self.officer} · {self.enterprise}"


class TrainingEvent(models.Model):
    """A training event for SRDI enterprises' managers (十六)."""

    title = models.CharField("培训名称", max_length=200)
    held_on = models.DateField("开班日期")
    days = models.PositiveSmallIntegerField("天数", default=1, validators=[MinValueValidator(1)])
    organizer = models.CharField("主办单位", max_length=100, default="桂林市工业和信息化局")
    venue = models.CharField("地点", max_length=200, blank=True)
    description = models.TextField("培训内容", blank=True)
    history = HistoricalRecords(verbose_name="培训活动变更记录")

    class Meta:
        ordering = ["-held_on", "id"]
        verbose_name = "培训活动"
        verbose_name_plural = "培训活动"
        indexes = [models.Index(fields=["held_on"])]

    def __str__(self):
        return f"{self.title}（{self.held_on}）"


class TrainingAttendance(models.Model):
    """An enterprise at a training event, with the number of its managers trained."""

    event = models.ForeignKey(TrainingEvent, verbose_name="培训活动", on_delete=models.CASCADE, related_name="attendances")
    enterprise = models.ForeignKey(
        Enterprise, verbose_name="企业", on_delete=models.PROTECT, related_name="training_attendances"
    )
    managers = models.PositiveSmallIntegerField("经营管理人员（人）", validators=[MinValueValidator(1)])
    attendee_names = models.CharField("参训人员", max_length=300, blank=True)
    history = HistoricalRecords(verbose_name="参训记录变更记录")

    class Meta:
        ordering = ["event", "enterprise"]
        verbose_name = "参训企业"
        verbose_name_plural = "参训企业"
        constraints = [
            models.UniqueConstraint(fields=["event", "enterprise"], name="training_one_row_per_enterprise"),
            models.CheckConstraint(name="training_managers_positive", condition=Q(managers__gte=1)),
        ]

    def __str__(self):
        return f"{self.enterprise} · {self.event}"


class ServiceField(models.TextChoices):
    """(七) the eight service fields the text names, in its order."""

    POLICY = "policy", "政策咨询"
    STARTUP = "startup", "创业创新"
    IP = "ip", "知识产权"
    FINANCING = "financing", "投资融资"
    TALENT = "talent", "人才培训"
    MARKET = "market", "市场开发"
    DIGITAL = "digital", "信息化建设"
    FINANCE = "finance", "财务指导"


def field_flag(service_field):
    """The ServiceProvider boolean column that says the provider serves `service_field` (serves_policy …)."""
    return f"serves_{ServiceField(service_field).value}"


class ServiceProvider(models.Model):
    """(七) an enterprise service carrier: a demonstration base, a public service platform, a park, …

    Its service fields are eight boolean columns, not a related table: an import row becomes one row (bulk create and
    bulk update compare and write plain columns, with one history row each), and a coverage query filters on a
    column instead of a join."""

    class CarrierType(models.TextChoices):
        BASE = "base", "小型微型企业创业创新示范基地"
        PLATFORM = "platform", "中小企业公共服务示范平台"
        PARK = "park", "园区"
        OTHER = "other", "其他"

    name = models.CharField("机构名称", max_length=150, unique=True)
    carrier_type = models.CharField("载体类型", max_length=10, choices=CarrierType.choices)
    contact_person = models.CharField("联系人", max_length=50)
    contact_phone = models.CharField("联系电话", max_length=30)
    serves_policy = models.BooleanField("政策咨询", default=False)
    serves_startup = models.BooleanField("创业创新", default=False)
    serves_ip = models.BooleanField("知识产权", default=False)
    serves_financing = models.BooleanField("投资融资", default=False)
    serves_talent = models.BooleanField("人才培训", default=False)
    serves_market = models.BooleanField("市场开发", default=False)
    serves_digital = models.BooleanField("信息化建设", default=False)
    serves_finance = models.BooleanField("财务指导", default=False)
    history = HistoricalRecords(verbose_name="服务机构变更记录")

    class Meta:
        ordering = ["name"]
        verbose_name = "服务机构（载体）"
        verbose_name_plural = "服务机构（载体）"
        constraints = [
            models.CheckConstraint(
                name="provider_serves_a_field",
                condition=Q(serves_policy=True) | Q(serves_startup=True) | Q(serves_ip=True)
                | Q(serves_financing=True) | Q(serves_talent=True) | Q(serves_market=True)
                | Q(serves_digital=True) | Q(serves_finance=True),
                violation_error_message="请至少选择一个服务领域",
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def service_fields(self):
        return [f for f in ServiceField if getattr(self, field_flag(f))]

    @property
    def service_fields_label(self):
        return "、".join(f.label for f in self.service_fields)


class ServicePackage(models.Model):
    """(七) a "专精特新" exclusive service package (专属服务包): a named set of providers' services for a year, offered
    to every SRDI (white-list) enterprise. Kept by the bureau."""

    name = models.CharField("服务包名称", max_length=150)
    year = models.PositiveSmallIntegerField("年度", validators=[MinValueValidator(2000)])
    description = models.TextField("说明", blank=True)
    active = models.BooleanField("发布中", default=True, help_text="取消勾选后企业不再看到该服务包")
    history = HistoricalRecords(verbose_name="专属服务包变更记录")

    class Meta:
        ordering = ["-year", "name"]
        verbose_name = "专属服务包"
        verbose_name_plural = "专属服务包"
        constraints = [
            models.UniqueConstraint(fields=["name", "year"], name="service_package_name_per_year"),
            models.CheckConstraint(name="service_package_year_range", condition=Q(year__gte=2000)),
        ]

    def __str__(self):
        return f"{self.year} 年{self.name}"


class ServicePackageItem(models.Model):
    """One service of a package: which provider serves which field, and what it offers."""

    package = models.ForeignKey(ServicePackage, verbose_name="服务包", on_delete=models.CASCADE, related_name="items")
    provider = models.ForeignKey(ServiceProvider, verbose_name="服务机构", on_delete=models.PROTECT,
                                 related_name="package_items")
    field = models.CharField("服务领域", max_length=12, choices=ServiceField.choices)
    description = models.TextField("服务内容")
    history = HistoricalRecords(verbose_name="服务包事项变更记录")

    class Meta:
        ordering = ["package", "id"]
        verbose_name = "服务包事项"
        verbose_name_plural = "服务包事项"
        constraints = [
            models.UniqueConstraint(fields=["package", "provider", "field"], name="service_package_item_unique"),
        ]

    def __str__(self):
        return f"{self.get_field_display()} · {self.provider if self.provider_id else ''}"


class ServiceRecord(models.Model):
    """A service delivered to an enterprise by a demonstration base or public service platform (七)."""

    Category = ServiceField

    enterprise = models.ForeignKey(Enterprise, verbose_name="企业", on_delete=models.PROTECT, related_name="service_records")
    provider = models.CharField("服务机构", max_length=150, blank=True,
                                help_text="示范基地、公共服务平台等；选择已登记的服务机构时可不填")
    provider_ref = models.ForeignKey(
        ServiceProvider, verbose_name="服务机构（登记）", on_delete=models.PROTECT, null=True, blank=True,
        related_name="service_records", help_text="已登记的服务载体；选定后“服务机构”名称取自该机构",
    )
    category = models.CharField("服务类别", max_length=12, choices=Category.choices)
    served_on = models.DateField("服务日期")
    content = models.TextField("服务内容")
    recorded_by = models.ForeignKey(USER, verbose_name="登记人", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    history = HistoricalRecords(verbose_name="服务记录变更记录")

    class Meta:
        ordering = ["-served_on", "-id"]
        verbose_name = "服务记录"
        verbose_name_plural = "服务记录"
        indexes = [models.Index(fields=["served_on", "category"])]

    def __str__(self):
        return f"{self.enterprise} · {self.get_category_display()}（{self.served_on}）"

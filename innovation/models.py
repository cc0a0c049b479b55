"""(十三) 企业出题、院校解题: the demand catalogue (filed by enterprises), the achievement catalogue (universities',
imported by the bureau) and the matches between them; (十四) technology renovation projects (filed by enterprises).

`tokens` holds a text's jieba tokens (innovation.rules.token_text), written by the services and the import, so that
matching never segments a text twice."""

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q
from simple_history.models import HistoricalRecords

from enterprises.filings import FiledRecord
from enterprises.models import Enterprise
from vocabulary.models import Category, Term

from .states import MatchState, Maturity, RenovationKind, TransferMode

TECH_FIELDS = {"category": Category.TECH_FIELD}


class TechDemand(FiledRecord):
    enterprise = models.ForeignKey(Enterprise, verbose_name="企业", on_delete=models.PROTECT,
                                   related_name="tech_demands")
    name = models.CharField("需求名称", max_length=100)
    field = models.ForeignKey(Term, verbose_name="技术领域", on_delete=models.PROTECT, related_name="+",
                              limit_choices_to=TECH_FIELDS)
    description = models.TextField("需求描述", max_length=2000)
    budget_wan = models.DecimalField("拟投入（万元）", max_digits=12, decimal_places=2, null=True, blank=True,
                                     validators=[MinValueValidator(0)])
    deadline = models.DateField("截止日期", null=True, blank=True)
    tokens = models.TextField("分词", blank=True, editable=False)
    history = HistoricalRecords(verbose_name="技术需求变更记录")

    class Meta:
        ordering = ["-pk"]
        verbose_name = "技术需求"
        verbose_name_plural = "技术需求（十三）"
        constraints = [
            models.UniqueConstraint(fields=["enterprise", "name"], name="techdemand_unique_per_enterprise",
                                    violation_error_message="本企业已有同名的技术需求，请换一个需求名称"),
            models.CheckConstraint(condition=Q(budget_wan__isnull=True) | Q(budget_wan__gte=0),
                                   name="techdemand_budget_not_negative"),
            models.CheckConstraint(condition=~Q(name=""), name="techdemand_name_not_blank"),
        ]

    def __str__(self):
        return self.name


class TechAchievement(models.Model):
    name = models.CharField("成果名称", max_length=100)
    institution = models.CharField("完成单位", max_length=100)
    field = models.ForeignKey(Term, verbose_name="技术领域", on_delete=models.PROTECT, related_name="+",
                              limit_choices_to=TECH_FIELDS)
    summary = models.TextField("成果简介", max_length=2000)
    maturity = models.CharField("成熟度", max_length=12, choices=Maturity.choices)
    transfer_mode = models.CharField("转化方式", max_length=12, choices=TransferMode.choices)
    tokens = models.TextField("分词", blank=True, editable=False)
    history = HistoricalRecords(verbose_name="技术成果变更记录")

    class Meta:
        ordering = ["-pk"]
        verbose_name = "技术成果"
        verbose_name_plural = "技术成果（十三）"
        constraints = [
            models.UniqueConstraint(fields=["name", "institution"], name="techachievement_unique_per_institution",
                                    violation_error_message="该完成单位已有同名的技术成果"),
            models.CheckConstraint(condition=~Q(name="") & ~Q(institution=""), name="techachievement_not_blank"),
        ]

    def __str__(self):
        return f"{self.name}（{self.institution}）"


class Match(models.Model):
    """A demand and an achievement the bureau put together (or the enterprise asked for), and how far it went."""

    demand = models.ForeignKey(TechDemand, verbose_name="技术需求", on_delete=models.PROTECT, related_name="matches")
    achievement = models.ForeignKey(TechAchievement, verbose_name="技术成果", on_delete=models.PROTECT,
                                    related_name="matches")
    state = models.CharField("对接状态", max_length=12, choices=MatchState.choices, default=MatchState.RECOMMENDED,
                             db_index=True)
    similarity = models.DecimalField("推荐时相似度", max_digits=4, decimal_places=3, default=0)
    enterprise_interested = models.BooleanField("企业有意向", default=False)
    interested_at = models.DateTimeField("表达意向时间", null=True, blank=True)
    failure_reason = models.CharField("未成原因", max_length=500, blank=True)
    created_at = models.DateTimeField("推荐时间", auto_now_add=True)
    updated_at = models.DateTimeField("最近变更", auto_now=True)
    history = HistoricalRecords(verbose_name="对接变更记录")

    class Meta:
        ordering = ["-updated_at", "-pk"]
        verbose_name = "揭榜对接"
        verbose_name_plural = "揭榜对接（十三）"
        constraints = [
            models.UniqueConstraint(fields=["demand", "achievement"], name="match_unique_pair"),
            models.CheckConstraint(condition=~Q(state=MatchState.FAILED) | ~Q(failure_reason=""),
                                   name="match_failed_has_reason"),
            models.CheckConstraint(condition=Q(similarity__gte=0) & Q(similarity__lte=1),
                                   name="match_similarity_in_range"),
        ]

    def __str__(self):
        return f"{self.demand} ↔ {self.achievement.name}"


class MatchStep(models.Model):
    """One signed and dated step of a match: who moved it from which state to which, when, and why."""

    match = models.ForeignKey(Match, verbose_name="对接", on_delete=models.CASCADE, related_name="steps")
    from_state = models.CharField("原状态", max_length=12, choices=MatchState.choices, blank=True)
    to_state = models.CharField("新状态", max_length=12, choices=MatchState.choices)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="经办人", on_delete=models.PROTECT, null=True,
                              blank=True, related_name="+")
    actor_name = models.CharField("经办人（显示）", max_length=100)
    at = models.DateTimeField("时间", db_index=True)
    note = models.CharField("说明", max_length=500, blank=True)

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = "对接步骤"
        verbose_name_plural = "对接步骤"
        constraints = [
            models.CheckConstraint(condition=~Q(from_state=F("to_state")), name="matchstep_moves"),
        ]

    def __str__(self):
        return f"{self.get_from_state_display() or '—'} → {self.get_to_state_display()}"


class RenovationProject(FiledRecord):
    enterprise = models.ForeignKey(Enterprise, verbose_name="企业", on_delete=models.PROTECT,
                                   related_name="renovation_projects")
    name = models.CharField("项目名称", max_length=100)
    kind = models.CharField("改造类型", max_length=12, choices=RenovationKind.choices)
    investment_wan = models.DecimalField("总投资（万元）", max_digits=12, decimal_places=2,
                                         validators=[MinValueValidator(0)])
    started_on = models.DateField("开工日期")
    history = HistoricalRecords(verbose_name="技术改造项目变更记录")

    class Meta:
        ordering = ["-started_on", "-pk"]
        verbose_name = "技术改造项目"
        verbose_name_plural = "技术改造项目（十四）"
        constraints = [
            models.UniqueConstraint(fields=["enterprise", "name"], name="renovation_unique_per_enterprise",
                                    violation_error_message="本企业已有同名的技术改造项目，请换一个项目名称"),
            models.CheckConstraint(condition=Q(investment_wan__gte=0), name="renovation_investment_not_negative"),
            models.CheckConstraint(condition=~Q(name=""), name="renovation_name_not_blank"),
        ]

    def __str__(self):
        return self.name

"""(十六) talent needs the SRDI enterprises file each year, summed into the city's 急需紧缺人才需求目录, and (十七)
the high-level talents they brought in, as the city's talent rules recognised them (personal data)."""

from datetime import date

from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from enterprises.filings import FiledRecord

EARLIEST_YEAR = 2000
LATEST_YEAR = 2100


class TalentNeed(FiledRecord):
    """(十六) One position an enterprise needs people for in a year: filed by the enterprise (a draft the county
    confirms) or imported by the bureau (confirmed as it arrives)."""

    enterprise = models.ForeignKey("enterprises.Enterprise", verbose_name="企业", on_delete=models.PROTECT,
                                   related_name="talent_needs")
    year = models.PositiveSmallIntegerField("年度")
    position = models.CharField("岗位", max_length=100)
    specialty = models.CharField("专业方向", max_length=100, help_text="如 机械设计制造及其自动化、软件工程")
    headcount = models.PositiveIntegerField("需求人数")
    education = models.CharField("学历要求", max_length=20, blank=True, help_text="如 大专、本科、硕士研究生；可不填")
    history = HistoricalRecords(verbose_name="人才需求变更记录")

    class Meta:
        ordering = ["-year", "enterprise", "position"]
        verbose_name = "人才需求"
        verbose_name_plural = "人才需求（急需紧缺人才）"
        permissions = [("directory_talentneed", "查看急需紧缺人才需求目录")]
        constraints = [
            models.UniqueConstraint(fields=["enterprise", "year", "position"], name="talent_need_unique_position",
                                    violation_error_message="该企业本年度已填报同名岗位，请修改原记录"),
            models.CheckConstraint(name="talent_need_headcount_positive", condition=Q(headcount__gt=0),
                                   violation_error_message="需求人数须大于 0"),
            models.CheckConstraint(name="talent_need_year_range",
                                   condition=Q(year__gte=EARLIEST_YEAR, year__lte=LATEST_YEAR),
                                   violation_error_message=f"年度应在 {EARLIEST_YEAR} 至 {LATEST_YEAR} 之间"),
        ]
        indexes = [models.Index(fields=["year", "filing_state"])]

    def __str__(self):
        return f"{self.year} 年 · {self.position}（{self.specialty}，{self.headcount} 人）"


class TalentLevel(models.TextChoices):
    """The levels of 《桂林市人才引进和培养办法》 (十七)."""

    A = "A", "A类"
    B = "B", "B类"
    C = "C", "C类"
    D = "D", "D类"
    E = "E", "E类"


class Talent(models.Model):
    """(十七) One high-level talent an enterprise brought in, recognised by the city. Names are personal data:
    shown to the bureau's administrators and the enterprise itself only (talent.selectors)."""

    enterprise = models.ForeignKey("enterprises.Enterprise", verbose_name="企业", on_delete=models.PROTECT,
                                   related_name="talents")
    name = models.CharField("姓名", max_length=50)
    level = models.CharField("人才层次", max_length=1, choices=TalentLevel.choices)
    recognised_on = models.DateField("认定日期")
    document_number = models.CharField("认定文号", max_length=100)
    history = HistoricalRecords(verbose_name="高层次人才变更记录")

    class Meta:
        ordering = ["-recognised_on", "enterprise", "name"]
        verbose_name = "高层次人才"
        verbose_name_plural = "高层次人才"
        constraints = [
            models.UniqueConstraint(fields=["enterprise", "name", "recognised_on"], name="talent_unique_recognition",
                                    violation_error_message="该企业同一人同一认定日期已有记录"),
            models.CheckConstraint(name="talent_level_known", condition=Q(level__in=TalentLevel.values)),
            models.CheckConstraint(name="talent_recognised_from_2000", condition=Q(recognised_on__gte=date(EARLIEST_YEAR, 1, 1))),
        ]

    def __str__(self):
        return f"{self.get_level_display()}人才 · {self.recognised_on:%Y-%m-%d}"

"""Controlled vocabularies kept as data (十一 to 十四): technology fields and product categories, so that matching a
demand to an achievement, or a purchase plan to products, does not depend on spelling."""

from django.db import models
from simple_history.models import HistoricalRecords


class Category(models.TextChoices):
    TECH_FIELD = "tech_field", "技术领域"
    PRODUCT_CATEGORY = "product_category", "产品类别"


class Term(models.Model):
    category = models.CharField("类别", max_length=20, choices=Category.choices)
    name = models.CharField("名称", max_length=50)
    active = models.BooleanField("启用", default=True, help_text="停用后不能再用于新的导入或填报，已有记录不受影响")
    history = HistoricalRecords(verbose_name="词表变更记录")

    class Meta:
        ordering = ["category", "name"]
        verbose_name = "词表条目"
        verbose_name_plural = "技术领域与产品类别"
        constraints = [
            models.UniqueConstraint(fields=["category", "name"], name="term_unique_in_category"),
            models.CheckConstraint(condition=~models.Q(name=""), name="term_name_not_blank"),
        ]

    def __str__(self):
        return self.name

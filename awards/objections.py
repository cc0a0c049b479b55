"""Objections (异议) to a public notice — one shape for both notices: the recognition of a municipal SRDI
enterprise (declarations) and the list of awards to be paid (awards). Anyone may object during the notice; an open
objection holds its entry (no recognition, no payment) until the bureau records its finding with reasons.

The abstract model and its checks live here, on the awards floor, so that declarations (above) reuses them."""

import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q

PHONE = re.compile(r"^(1\d{10}|0\d{2,3}-?\d{7,8}(-\d{1,6})?)$")


class ObjectionStatus(models.TextChoices):
    OPEN = "open", "待处理"
    UPHELD = "upheld", "异议成立"
    DISMISSED = "dismissed", "异议不成立"


class ObjectionBase(models.Model):
    """What an objector gives (name, phone, the facts) and the bureau's finding. The objector's details are
    personal data: shown to the bureau only, never on a public page or to the enterprise."""

    objector_name = models.CharField("异议人姓名（或单位）", max_length=60)
    objector_phone = models.CharField("联系电话", max_length=20)
    facts = models.TextField("异议事实和理由")
    lodged_at = models.DateTimeField("提出时间")
    status = models.CharField("处理状态", max_length=10, choices=ObjectionStatus.choices, default=ObjectionStatus.OPEN)
    finding = models.TextField("核查结论及理由", blank=True)
    decided_at = models.DateTimeField("处理时间", null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="处理人", null=True, blank=True, on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        abstract = True

    @property
    def is_open(self):
        return self.status == ObjectionStatus.OPEN


def objection_constraints(prefix):
    """The invariants of every objection table: a decided objection carries its finding."""
    return [
        models.CheckConstraint(
            name=f"{prefix}_decided_has_finding",
            condition=Q(status=ObjectionStatus.OPEN) | ~Q(finding="") & Q(decided_at__isnull=False),
        ),
    ]


def clean_objection(*, objector_name, objector_phone, facts):
    """Normalise and check what an objector typed; returns the cleaned triple or raises ValidationError."""
    name = (objector_name or "").strip()
    phone = re.sub(r"[\s（）()]", "", objector_phone or "")
    facts = (facts or "").strip()
    errors = {}
    if not 2 <= len(name) <= 60:
        errors["objector_name"] = "请填写异议人姓名或单位名称（实名提出，2 至 60 个字）"
    if not PHONE.match(phone):
        errors["objector_phone"] = "请填写可以联系到您的手机号码（11 位）或固定电话（如 0773-1234567）"
    if len(facts) < 10:
        errors["facts"] = "请写明异议的事实和理由（至少 10 个字），以便核查"
    elif len(facts) > 2000:
        errors["facts"] = "异议事实和理由请控制在 2000 字以内，证明材料可在核查时另行提交"
    if errors:
        raise ValidationError(errors)
    return name, phone, facts


def clean_finding(*, status, finding):
    """The bureau's finding: upheld or dismissed, with reasons."""
    if status not in (ObjectionStatus.UPHELD, ObjectionStatus.DISMISSED):
        raise ValidationError({"status": "请选择“异议成立”或“异议不成立”"})
    finding = (finding or "").strip()
    if len(finding) < 4:
        raise ValidationError({"finding": "请填写核查结论及理由（至少 4 个字）"})
    return finding

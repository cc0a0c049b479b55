"""Documents the portal issues and anyone can verify: each PDF carries a short code (and a QR code of its
verification URL) naming one IssuedDocument, which keeps what the document states, as typed columns."""

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords


class DocumentKind(models.TextChoices):
    CERTIFICATE = "certificate", "认定证书"
    AWARD_NOTICE = "award_notice", "奖励通知书"
    PUBLIC_LIST = "public_list", "公示名单"


class IssuedDocument(models.Model):
    code = models.CharField("验证码", max_length=12, unique=True)
    kind = models.CharField("文书类别", max_length=14, choices=DocumentKind.choices)
    #: what the document is about: "designation:<pk>", "award:<pk>" or "award-notice:<YYYY-MM-DD>"
    subject = models.CharField("对象", max_length=40)
    enterprise_name = models.CharField("企业名称", max_length=200, blank=True)
    credit_code = models.CharField("统一社会信用代码", max_length=18, blank=True)
    statement = models.CharField("文书内容", max_length=200, help_text="认定层级、奖励类型与金额，或公示名单的范围")
    amount = models.DecimalField("金额（元）", max_digits=16, decimal_places=2, null=True, blank=True)
    stated_on = models.DateField("文书日期")
    document_number = models.CharField("文号", max_length=100, blank=True)
    issued_at = models.DateTimeField("首次出具时间", auto_now_add=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="首次出具人", on_delete=models.PROTECT, null=True, blank=True,
        related_name="+",
    )
    history = HistoricalRecords(verbose_name="文书出具记录")

    class Meta:
        ordering = ["-issued_at", "-id"]
        verbose_name = "出具的文书"
        verbose_name_plural = "出具的文书"
        constraints = [
            models.UniqueConstraint(fields=["kind", "subject"], name="issued_document_one_per_subject"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.code}"

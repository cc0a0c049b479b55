"""Payment batches in the admin: the list with each batch's reconciliation, the items of a batch, and the two
buttons finance works with — 生成兑付批次 (awards.batches.create_payment_batch, then the file downloads) and
导入银行回单 (awards.batches.import_bank_receipts: every row's error is listed and nothing is written).
Nothing is added, changed or deleted by hand: batches are made by the service, answered by the bank's receipt."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Count, Q, Sum
from django.http import HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from unfold.admin import ModelAdmin, TabularInline
from unfold.decorators import action, display

from audit.admin_display import ReadableValuesMixin, admin_number

from . import permissions
from .batch_export import CONTENT_TYPES, file_name_of, write_batch
from .batches import create_payment_batch, import_bank_receipts
from .models import PaymentBatch, PaymentItem
from .rules import masked_account

MAX_UPLOAD_BYTES = 30 * 1024 * 1024
SHOWN_HELD = 20  # awards held back named one by one in the messages
Result = PaymentItem.Result

# reconciliation status → (label, colour)
STATUSES = {
    "waiting": ("待回单", "warning"),
    "partial": ("部分对账", "info"),
    "failed": ("有失败", "danger"),
    "done": ("已对账", "success"),
}


def reconciliation_status(batch):
    """From the annotated counts: nothing answered, some answered, all answered with failures, all paid."""
    if batch.pending_count == batch.item_count:
        return "waiting"
    if batch.pending_count:
        return "partial"
    return "failed" if batch.failed_count else "done"


class GenerateBatchForm(forms.Form):
    year = forms.IntegerField(label="年度", min_value=2000, max_value=2100)
    file_format = forms.ChoiceField(label="文件格式", choices=(("xlsx", "Excel .xlsx（推荐）"), ("csv", "CSV（UTF-8，带 BOM）")))


class ReceiptUploadForm(forms.Form):
    receipt = forms.FileField(
        label="银行回单文件",
        help_text="CSV（UTF-8，可带 BOM）或 Excel .xlsx；第 1 行为表头：批次号、统一社会信用代码、金额（元）、交易流水号、"
                  "交易日期、交易结果（成功／失败），可选列：失败原因。任何一行有误，整个文件都不会写入。",
    )

    def clean_receipt(self):
        upload = self.cleaned_data["receipt"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError("文件过大：单个文件不超过 30 MB。")
        return upload


class PaymentItemInline(TabularInline):
    model = PaymentItem
    extra = 0
    can_delete = False
    fields = ("award_link", "credit_code", "amount_yuan", "account_name", "bank_name", "account_number", "result",
              "serial_number", "transaction_date", "failure_reason", "reconciled_at")
    readonly_fields = fields
    ordering = ("pk",)

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("award__enterprise")

    def get_fields(self, request, obj=None):
        # who pays sees the accounts it pays to; a reviewer reading the batch sees them masked
        if permissions.can_pay(request.user):
            return self.fields
        return tuple("masked_account_number" if f == "account_number" else f for f in self.fields)

    def get_readonly_fields(self, request, obj=None):
        return self.get_fields(request, obj)

    @display(description="银行账号")
    def masked_account_number(self, obj):
        return masked_account(obj.account_number)

    @display(description="金额（元）")
    def amount_yuan(self, obj):
        return admin_number(obj.amount)

    @display(description="奖励")
    def award_link(self, obj):
        return format_html('<a href="{}">{}</a>', reverse("admin:awards_award_change", args=[obj.award_id]), obj.award)

    @display(description="统一社会信用代码")
    def credit_code(self, obj):
        return obj.award.enterprise.credit_code

    def has_view_permission(self, request, obj=None):
        # the items are part of the batch: whoever may see the batch sees them
        return request.user.has_perm("awards.view_paymentbatch")

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(PaymentBatch)
class PaymentBatchAdmin(ReadableValuesMixin, ModelAdmin):
    list_display = ("number", "year", "created_at", "created_by_name", "item_count", "total", "paid",
                    "failed_count_display", "pending_count_display", "status")
    list_filter = ("year",)
    search_fields = ("number",)
    ordering = ("-created_at", "-id")
    list_per_page = 50
    inlines = [PaymentItemInline]
    fields = ("number", "year", "created_at", "created_by_name", "item_count", "total_amount")
    readonly_fields = fields
    actions_list = ["generate", "import_receipts"]
    actions_detail = ["download_xlsx", "download_csv"]

    def get_queryset(self, request):
        # one query for the page, whatever the number of batches and items
        return super().get_queryset(request).annotate(
            paid_count=Count("items", filter=Q(items__result=Result.SUCCEEDED)),
            paid_amount=Sum("items__amount", filter=Q(items__result=Result.SUCCEEDED)),
            failed_count=Count("items", filter=Q(items__result=Result.FAILED)),
            pending_count=Count("items", filter=Q(items__result=Result.PENDING)),
        )

    @display(description="合计金额（元）", ordering="total_amount")
    def total(self, obj):
        return f"{obj.total_amount:,.2f}"

    @display(description="已兑付")
    def paid(self, obj):
        return f"{obj.paid_count} 笔 / {obj.paid_amount or 0:,.2f} 元"

    @display(description="失败", ordering="failed_count")
    def failed_count_display(self, obj):
        return obj.failed_count

    @display(description="待回单", ordering="pending_count")
    def pending_count_display(self, obj):
        return obj.pending_count

    @display(description="对账状态", label={label: colour for label, colour in STATUSES.values()})
    def status(self, obj):
        label = STATUSES[reconciliation_status(obj)][0]
        return label, label

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_pay_permission(self, request, obj=None):
        return permissions.can_pay(request.user) and request.user.has_perm("awards.add_paymentbatch")

    def _page(self, request, title, form, submit, errors=(), multipart=False):
        context = {**self.admin_site.each_context(request), "title": title, "form": form, "submit": submit,
                   "errors": list(errors), "multipart": multipart, "opts": self.model._meta,
                   "back": reverse("admin:awards_paymentbatch_changelist")}
        return TemplateResponse(request, "admin/awards/paymentbatch/form.html", context)

    def _download(self, batch, extension, masked=False):
        response = HttpResponse(content_type=CONTENT_TYPES[extension])
        write_batch(batch, _TextWriter(response) if extension == "csv" else response, extension, masked=masked)
        response["Content-Disposition"] = f'attachment; filename="{file_name_of(batch, extension)}"'
        return response

    @action(description="生成兑付批次", url_path="generate", permissions=["pay"])
    def generate(self, request):
        form = GenerateBatchForm(request.POST or None, initial={"year": timezone.localdate().year - 1,
                                                                "file_format": "xlsx"})
        if request.method == "POST" and form.is_valid():
            year, extension = form.cleaned_data["year"], form.cleaned_data["file_format"]
            with transaction.atomic():  # the batch and its file together
                result = create_payment_batch(year=year, actor=request.user)
                response = self._download(result.batch, extension) if result.batch else None
            for award, reasons in result.held[:SHOWN_HELD]:
                self.message_user(request, f"暂缓兑付：{award.enterprise.name}（{award.enterprise.credit_code}）"
                                  f"{award.year} 年{award.get_kind_display()}：{'；'.join(reasons)}", messages.WARNING)
            if len(result.held) > SHOWN_HELD:
                self.message_user(request, f"另有 {len(result.held) - SHOWN_HELD} 项暂缓兑付，完整清单见 "
                                  "manage.py export_payment_batch 的输出", messages.WARNING)
            if response is None:
                self.message_user(request, f"{year} 年没有待兑付的奖励，未生成批次", messages.INFO)
                return redirect("admin:awards_paymentbatch_changelist")
            batch = result.batch
            self.message_user(request, f"已生成兑付批次 {batch.number}：{batch.item_count} 笔，合计 "
                              f"{batch.total_amount:,.2f} 元", messages.SUCCESS)
            return response
        return self._page(request, "生成兑付批次", form, "生成并下载")

    @action(description="导入银行回单", url_path="import-receipts", permissions=["pay"])
    def import_receipts(self, request):
        form = ReceiptUploadForm(request.POST or None, request.FILES or None)
        errors = []
        if request.method == "POST" and form.is_valid():
            upload = form.cleaned_data["receipt"]
            report = import_bank_receipts(content=upload.read(), file_name=upload.name, actor=request.user)
            if report.ok:
                self.message_user(request, f"已导入银行回单：{report.summary()}", messages.SUCCESS)
                for line in report.warnings:
                    self.message_user(request, line, messages.WARNING)
                return redirect("admin:awards_paymentbatch_changelist")
            errors = ["银行回单未导入，未写入任何数据。请改正以下错误后重新导入：", *report.errors]
        return self._page(request, "导入银行回单", form, "导入并对账", errors, multipart=True)

    def _detail_download(self, request, object_id, extension):
        batch = self.get_object(request, object_id)
        if batch is None or not self.has_view_permission(request, batch):
            raise PermissionDenied
        return self._download(batch, extension, masked=not permissions.can_pay(request.user))

    @action(description="下载批次文件（Excel）", url_path="download-xlsx", permissions=["view"])
    def download_xlsx(self, request, object_id):
        return self._detail_download(request, object_id, "xlsx")

    @action(description="下载批次文件（CSV）", url_path="download-csv", permissions=["view"])
    def download_csv(self, request, object_id):
        return self._detail_download(request, object_id, "csv")


class _TextWriter:
    """Lets csv.writer write str into an HttpResponse."""

    def __init__(self, response):
        self.response = response

    def write(self, text):
        self.response.write(text)

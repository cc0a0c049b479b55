"""奖励资金预算 in the admin: the bureau's reviewers and admins enter a year's budget per award kind, or import a
file of them (导入预算, the same columns and all-or-nothing rule as `manage.py import_budget`). Every write goes
through awards.budgets; the history names who changed which amount."""

from django import forms
from django.contrib import admin, messages
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from unfold.admin import ModelAdmin
from unfold.decorators import action, display

from audit.history_admin import WellFormedHistoryAdmin

from . import budgets, permissions
from .models import AwardBudget

MAX_UPLOAD_BYTES = 5 * 1024 * 1024


class BudgetUploadForm(forms.Form):
    budget_file = forms.FileField(
        label="预算文件",
        help_text="CSV（UTF-8，可带 BOM）或 Excel .xlsx；第 1 行为表头：年度、奖励类型（认定奖励／成长奖励）、预算金额（元），"
                  "可选列：说明。任何一行有误，整个文件都不会写入。",
    )

    def clean_budget_file(self):
        upload = self.cleaned_data["budget_file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError("文件过大：单个文件不超过 5 MB。")
        return upload


@admin.register(AwardBudget)
class AwardBudgetAdmin(WellFormedHistoryAdmin, ModelAdmin):
    list_display = ("year", "kind", "amount_yuan", "note", "updated_at")
    list_filter = ("year", "kind")
    ordering = ("-year", "kind")
    fields = ("year", "kind", "amount", "note")
    actions_list = ["import_file"]

    @display(description="预算金额（元）")
    def amount_yuan(self, obj):
        return f"{obj.amount:,.2f}"

    def _bureau(self, request):
        return permissions.can_review(request.user)

    def has_add_permission(self, request):
        return super().has_add_permission(request) and self._bureau(request)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and self._bureau(request)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and self._bureau(request)

    def has_import_file_permission(self, request):
        return self.has_add_permission(request)

    def get_readonly_fields(self, request, obj=None):
        return ("year", "kind") if obj is not None else ()  # a budget is found by year and kind

    def save_model(self, request, obj, form, change):
        # the form has checked the amount and the (year, kind) pair against the model's constraints
        obj.pk = budgets.save_budget(actor=request.user, year=obj.year, kind=obj.kind, amount=obj.amount,
                                     note=obj.note).pk

    def delete_model(self, request, obj):
        budgets.delete_budget(actor=request.user, budget=obj)

    def delete_queryset(self, request, queryset):
        for budget in queryset.order_by("pk"):
            budgets.delete_budget(actor=request.user, budget=budget)

    @action(description="导入预算", url_path="import-budget", permissions=["import_file"])
    def import_file(self, request):
        form = BudgetUploadForm(request.POST or None, request.FILES or None)
        errors = []
        if request.method == "POST" and form.is_valid():
            upload = form.cleaned_data["budget_file"]
            report = budgets.import_budget(actor=request.user, content=upload.read(), file_name=upload.name)
            if report.ok:
                self.message_user(request, report.summary(), messages.SUCCESS)
                return redirect("admin:awards_awardbudget_changelist")
            errors = [report.summary(), *report.error_lines()]
        context = {**self.admin_site.each_context(request), "title": "导入奖励资金预算", "form": form,
                   "submit": "导入", "errors": errors, "multipart": True, "opts": self.model._meta,
                   "back": reverse("admin:awards_awardbudget_changelist")}
        return TemplateResponse(request, "admin/awards/paymentbatch/form.html", context)

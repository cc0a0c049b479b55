"""The admin side of enterprise-filed records (enterprises.filings): the county (or the bureau) confirms what an
enterprise submitted, or returns it with a reason — in bulk from the change list, each through the filing
services. Mix `FilingAdminMixin` into the record's ModelAdmin (before unfold's ModelAdmin)."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.template.response import TemplateResponse

from .filing_services import confirm_filing, return_filing
from .filings import FilingState

FILING_FIELDS = ("filing_state", "submitted_at", "reviewed_by", "reviewed_at", "return_reason")


class ReturnForm(forms.Form):
    reason = forms.CharField(label="退回原因", max_length=500, widget=forms.Textarea(attrs={"rows": 3}),
                             error_messages={"required": "请填写退回原因，企业将看到这段话"})


class FilingAdminMixin:
    actions = ("confirm_filings", "return_filings")

    def get_readonly_fields(self, request, obj=None):
        return (*super().get_readonly_fields(request, obj), *FILING_FIELDS)

    def has_review_permission(self, request):
        opts = self.model._meta
        return request.user.has_perm(f"{opts.app_label}.change_{opts.model_name}")

    def _submitted(self, queryset):
        return list(queryset.filter(filing_state=FilingState.SUBMITTED).select_related("enterprise"))

    def _apply(self, request, records, move, verb, queryset):
        done, refused = 0, []
        for record in records:
            try:
                move(record)
                done += 1
            except (PermissionDenied, ValidationError) as error:
                refused.append(f"{record}：{'；'.join(getattr(error, 'messages', [str(error)]))}")
        skipped = queryset.count() - len(records)
        self.message_user(request, f"已{verb} {done} 条。", messages.SUCCESS if done else messages.WARNING)
        if skipped:
            self.message_user(request, f"{skipped} 条不是“待县区确认”状态，已跳过。", messages.WARNING)
        for line in refused:
            self.message_user(request, line, messages.ERROR)

    @admin.action(description="确认所选填报（待县区确认的）", permissions=["review"])
    def confirm_filings(self, request, queryset):
        records = self._submitted(queryset)
        self._apply(request, records, lambda r: confirm_filing(actor=request.user, record=r), "确认", queryset)

    @admin.action(description="退回所选填报，请企业修改", permissions=["review"])
    def return_filings(self, request, queryset):
        form = ReturnForm(request.POST if "reason" in request.POST else None)
        if form.is_bound and form.is_valid():
            reason = form.cleaned_data["reason"]
            records = self._submitted(queryset)
            self._apply(request, records, lambda r: return_filing(actor=request.user, record=r, reason=reason),
                        "退回", queryset)
            return None
        context = {
            **self.admin_site.each_context(request), "title": "退回填报", "form": form, "opts": self.model._meta,
            "records": queryset, "action": "return_filings",
            "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(request, "admin/enterprises/filing_return.html", context)

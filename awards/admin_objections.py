"""The bureau's desk for objections to the awards' public notice: the objector's details (personal data) are read
here and nowhere else — reviewers and admins only; finance and county officials have no permission on the model
and the enterprise never sees it. The finding is recorded through awards.objection_services."""

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from unfold.decorators import action, display

from enterprises.admin_scope import ScopedHistoryAdmin

from . import objection_services, permissions
from .forms import ObjectionFindingForm
from .models import AwardObjection
from .objections import ObjectionStatus


@admin.register(AwardObjection)
class AwardObjectionAdmin(ScopedHistoryAdmin):
    enterprise_path = "award__enterprise"
    list_display = ("status_badge", "award", "lodged_at", "decided_at")
    list_filter = ("status",)
    search_fields = ("award__enterprise__name", "award__enterprise__credit_code")
    list_select_related = ("award", "award__enterprise")
    ordering = ("-lodged_at", "-pk")
    actions_detail = ["decide"]
    fields = ("award", "status", "lodged_at", "objector_name", "objector_phone", "facts", "finding", "decided_at",
              "decided_by")
    readonly_fields = fields

    @display(description="处理状态", label={
        ObjectionStatus.OPEN: "warning", ObjectionStatus.UPHELD: "danger", ObjectionStatus.DISMISSED: "success",
    })
    def status_badge(self, obj):
        return obj.status, obj.get_status_display()

    # the bureau only, whatever group permissions say; objections are lodged on the public page, never deleted
    def has_view_permission(self, request, obj=None):
        return permissions.can_review(request.user) and super().has_view_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        return False  # the change page is read-only: the finding is recorded through `decide` (the service)

    def has_module_permission(self, request):
        return permissions.can_review(request.user) and super().has_module_permission(request)

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_decide_permission(self, request, obj=None):
        return permissions.can_review(request.user) and request.user.has_perm("awards.change_awardobjection")

    @action(description="记录核查结论", url_path="decide", permissions=["decide"])
    def decide(self, request, object_id):
        objection = self.get_object(request, object_id)  # scoped: a guessed id is not found
        if objection is None:
            raise Http404("未找到该异议")
        back = reverse("admin:awards_awardobjection_change", args=[objection.pk])
        if not objection.is_open:
            self.message_user(request, f"该异议已处理（{objection.get_status_display()}）。", messages.WARNING)
            return redirect(back)
        form = ObjectionFindingForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                objection_services.decide_award_objection(
                    objection=objection, actor=request.user, status=form.cleaned_data["status"],
                    finding=form.cleaned_data["finding"],
                )
            except ValidationError as error:
                for field, errors in getattr(error, "message_dict", {None: error.messages}).items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                self.message_user(request, "已记录核查结论。", messages.SUCCESS)
                return redirect(back)
        context = {**self.admin_site.each_context(request), "title": f"记录核查结论：{objection.award}",
                   "award": objection.award, "form": form, "submit": "记录核查结论", "opts": self.model._meta,
                   "back": back}
        return TemplateResponse(request, "admin/awards/award_form_action.html", context)

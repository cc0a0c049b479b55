"""Staff review in the admin: county officials see their own area (ScopedAdmin), bureau reviewers the city.

Single review through the change form's "审核" section; bulk review through the changelist actions, whose
action bar carries a comment and a document number field. Every change goes through services.perform."""

from datetime import date

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from unfold.admin import TabularInline
from unfold.forms import ActionForm
from unfold.widgets import (
    UnfoldAdminDecimalFieldWidget,
    UnfoldAdminSelectWidget,
    UnfoldAdminSingleDateWidget,
    UnfoldAdminTextareaWidget,
    UnfoldAdminTextInputWidget,
)

from audit.admin_display import admin_value
from awards.objections import ObjectionStatus, clean_finding
from enterprises.admin_scope import ScopedHistoryAdmin
from enterprises.roles import Role

from . import objections as objection_services
from . import selectors, services
from .forms import review_choices
from .models import Attachment, Declaration, RecognitionObjection, ReviewStep
from .services import ANNUAL_FIELDS, APPLICATION_FIELDS
from .states import TRANSITIONS, Action, Kind


def _role(user):
    return Role.ADMIN if user.is_superuser else user.role


class WaitingForMeFilter(admin.SimpleListFilter):
    title = "待办"
    parameter_name = "queue"

    def lookups(self, request, model_admin):
        return [("mine", "待我处理")]

    def queryset(self, request, queryset):
        if self.value() != "mine":
            return queryset
        condition = selectors.waiting_q(request.user)
        return queryset.none() if condition is None else queryset.filter(condition)


class ReviewActionForm(ActionForm):
    comment = forms.CharField(
        label="意见", required=False, widget=UnfoldAdminTextInputWidget(attrs={"placeholder": "退回/不予通过时必填"}),
    )
    document_number = forms.CharField(
        label="认定文号", required=False, widget=UnfoldAdminTextInputWidget(attrs={"placeholder": "公示期满认定时填写"}),
    )
    document_date = forms.CharField(
        label="认定文件日期", required=False,
        widget=UnfoldAdminTextInputWidget(attrs={"placeholder": "认定时填写，如 2026-12-07"}),
    )


def _batch_document_date(request):
    """The action bar's 认定文件日期 (free text there): a date, None when empty; ValueError when malformed."""
    text = request.POST.get("document_date", "").strip()
    return date.fromisoformat(text) if text else None


class ReviewForm(forms.ModelForm):
    """The review section of the change form: not model fields — the service writes the declaration."""

    review_action = forms.ChoiceField(label="审核操作", required=False, widget=UnfoldAdminSelectWidget)
    comment = forms.CharField(label="审核意见", required=False, widget=UnfoldAdminTextareaWidget(attrs={"rows": 3}))
    score = forms.DecimalField(
        label="专家评审得分（选填）", required=False, min_value=0, max_value=100, decimal_places=2,
        widget=UnfoldAdminDecimalFieldWidget,
    )
    recognition_number = forms.CharField(
        label="认定文号", required=False, widget=UnfoldAdminTextInputWidget,
        help_text="复审通过时可预先填写；公示期满认定时必填（也可在批量操作中统一填写）",
    )
    recognition_date = forms.DateField(
        label="认定文件日期", required=False, widget=UnfoldAdminSingleDateWidget,
        help_text="公示期满认定时必填：认定文件的印发日期，即认定日期（须在公示期满之后，不晚于今天）",
        error_messages={"invalid": "请输入有效的日期，如 2026-12-07"},
    )

    class Meta:
        model = Declaration
        fields = []

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        declaration = self.instance
        choices = review_choices(user, declaration) if declaration.pk else []
        self.fields["review_action"].choices = [("", "— 不操作，仅查看 —")] + choices
        if declaration.document_number:
            self.fields["recognition_number"].initial = declaration.document_number
        if declaration.document_date:
            self.fields["recognition_date"].initial = declaration.document_date

    def clean(self):
        cleaned = super().clean()
        action = cleaned.get("review_action")
        if action and TRANSITIONS[Action(action)].needs_comment and not cleaned.get("comment", "").strip():
            self.add_error("comment", "退回或不予通过时，请填写意见，以便企业了解原因")
        if action == Action.CONCLUDE_NOTICE and not (cleaned.get("recognition_number") or self.instance.document_number):
            self.add_error("recognition_number", "认定前请填写认定文号")
        if action == Action.CONCLUDE_NOTICE and not (cleaned.get("recognition_date") or self.instance.document_date):
            if "recognition_date" not in self.errors:
                self.add_error("recognition_date", "认定前请填写认定文件日期")
        return cleaned


class ReviewStepInline(TabularInline):
    model = ReviewStep
    extra = 0
    can_delete = False
    fields = ("at", "action", "actor_unit", "actor", "comment", "expert_score")
    readonly_fields = fields
    verbose_name_plural = "办理记录"

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class AttachmentInline(TabularInline):
    model = Attachment
    extra = 0
    can_delete = False
    fields = ("category", "download_link", "size", "uploaded_at")
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.display(description="文件")
    def download_link(self, obj):
        if not obj.pk:  # the inline's empty template row
            return "—"
        return format_html('<a href="{}">{}</a>', reverse("declarations:download", args=[obj.pk]), obj.original_name)


def _bulk_action(action):
    def run(modeladmin, request, queryset):
        try:
            document_date = _batch_document_date(request)
        except ValueError:
            modeladmin.message_user(request, "认定文件日期格式应为 YYYY-MM-DD，如 2026-12-07", messages.ERROR)
            return
        done, failures = services.perform_many(
            actor=request.user, declarations=list(queryset.select_related("enterprise")), action=action,
            comment=request.POST.get("comment", ""), document_number=request.POST.get("document_number", ""),
            document_date=document_date,
        )
        if done:
            modeladmin.message_user(request, f"已{action.label}：{len(done)} 件", messages.SUCCESS)
        for declaration, reason in failures[:20]:
            modeladmin.message_user(request, f"{declaration.enterprise.name}：{reason}", messages.ERROR)
        if len(failures) > 20:
            modeladmin.message_user(request, f"另有 {len(failures) - 20} 件未处理", messages.ERROR)

    run.__name__ = f"bulk_{action.value}"
    run.short_description = f"批量：{action.label}"
    run.allowed_permissions = ("change",)
    return run


BULK_ACTIONS = [
    Action.COUNTY_RECOMMEND, Action.COUNTY_RETURN, Action.COUNTY_REJECT, Action.COUNTY_CONFIRM,
    Action.BUREAU_APPROVE, Action.BUREAU_RETURN, Action.BUREAU_REJECT, Action.CONCLUDE_NOTICE,
]


@admin.register(Declaration)
class DeclarationAdmin(ScopedHistoryAdmin):
    form = ReviewForm
    action_form = ReviewActionForm
    actions = [_bulk_action(a) for a in BULK_ACTIONS]
    list_display = ("enterprise", "area", "kind", "year", "status_badge", "submitted_at", "self_check_passed",
                    "notice_ends_on", "expert_score", "portal_link")
    list_filter = (WaitingForMeFilter, "status", "kind", "year", ("enterprise__area", admin.RelatedOnlyFieldListFilter))
    list_select_related = ("enterprise", "enterprise__area")
    search_fields = ("enterprise__name", "enterprise__credit_code")
    list_per_page = 50
    readonly_fields = ("enterprise", "area", "kind", "year", "status_badge", "submitted_at", "criteria_edition",
                       "self_check_passed", "expert_score", "policy", "notice_starts_on", "notice_ends_on",
                       "document_number", "document_date", "designation", "objections_summary", "content_table", "portal_link")
    fieldsets = (
        ("申报信息", {"fields": ("enterprise", "area", "kind", "year", "status_badge", "submitted_at", "portal_link")}),
        ("申报内容", {"fields": ("content_table",)}),
        ("自查与评审", {"fields": ("criteria_edition", "self_check_passed", "expert_score")}),
        ("公示与认定", {"fields": ("policy", "notice_starts_on", "notice_ends_on", "objections_summary",
                                 "document_number", "document_date", "designation")}),
        ("审核", {"fields": ("review_action", "comment", "score", "recognition_number", "recognition_date")}),
    )
    inlines = [AttachmentInline, ReviewStepInline]

    def has_add_permission(self, request):
        return False  # enterprises file declarations in the portal

    def get_object(self, request, object_id, from_field=None):
        # another area's declaration answers 404, like a missing one (the admin's default is a redirect)
        obj = super().get_object(request, object_id, from_field)
        if obj is None:
            raise Http404("未找到该申报")
        return obj

    def has_delete_permission(self, request, obj=None):
        return False  # declarations are records; they are rejected, never deleted

    def get_actions(self, request):
        actions = super().get_actions(request)
        role = _role(request.user)
        for action in BULK_ACTIONS:
            if role not in TRANSITIONS[action].roles:
                actions.pop(f"bulk_{action.value}", None)
        return actions

    def get_form(self, request, obj=None, change=False, **kwargs):
        base = super().get_form(request, obj, change=change, **kwargs)
        user = request.user

        class BoundReviewForm(base):
            def __init__(self, *args, **inner):
                super().__init__(*args, user=user, **inner)

        return BoundReviewForm

    def save_model(self, request, obj, form, change):
        action = form.cleaned_data.get("review_action")
        if not action:
            return
        try:
            services.perform(
                actor=request.user, declaration=obj, action=action, comment=form.cleaned_data.get("comment", ""),
                expert_score=form.cleaned_data.get("score"),
                document_number=form.cleaned_data.get("recognition_number", ""),
                document_date=form.cleaned_data.get("recognition_date"),
            )
        except (ValidationError, PermissionDenied) as error:
            text = "；".join(error.messages) if isinstance(error, ValidationError) else str(error)
            self.message_user(request, f"未能执行：{text}", messages.ERROR)
        else:
            self.message_user(request, f"已执行：{Action(action).label}", messages.SUCCESS)

    def log_change(self, request, obj, message):
        pass  # ReviewStep and the history table record the change

    @admin.display(description="区域", ordering="enterprise__area__sort_order")
    def area(self, obj):
        return obj.enterprise.area.name

    @admin.display(description="状态", ordering="status")
    def status_badge(self, obj):
        return obj.get_status_display()

    @admin.display(description="查看")
    def portal_link(self, obj):
        return format_html('<a href="{}" target="_blank">申报详情页</a>', reverse("declarations:detail", args=[obj.pk]))

    @admin.display(description="公示异议")
    def objections_summary(self, obj):
        """How many objections and how many open; the objectors' details stay in the bureau's objection admin."""
        counts = selectors.objection_counts(obj)
        if not counts["total"]:
            return "无"
        if counts["open"]:
            return f"共 {counts['total']} 件，待处理 {counts['open']} 件（办结前不能认定）"
        return f"共 {counts['total']} 件，均已办结"

    @admin.display(description="申报内容")
    def content_table(self, obj):
        content = obj.application if obj.kind == Kind.APPLICATION else obj.annual_report
        names = APPLICATION_FIELDS if obj.kind == Kind.APPLICATION else ANNUAL_FIELDS
        rows = []
        for name in names:
            field = content._meta.get_field(name)
            # money with separators, shares as percentages, choices by their labels (audit.admin_display)
            rows.append((field.verbose_name, admin_value(field, getattr(content, name), empty="—")))
        return format_html(
            '<table class="w-full text-sm">{}</table>',
            format_html_join("", '<tr><th class="text-left pr-4 py-1 font-normal text-gray-500">{}</th><td>{}</td></tr>', rows),
        )


class FindingForm(forms.ModelForm):
    """The bureau's finding on an objection: not model fields — decide_objection writes the objection."""

    decision = forms.ChoiceField(
        label="核查结论", required=False, widget=UnfoldAdminSelectWidget,
        choices=[("", "— 暂不办理 —"), (ObjectionStatus.UPHELD, "异议成立（不予认定）"),
                 (ObjectionStatus.DISMISSED, "异议不成立（继续认定程序）")],
    )
    reasons = forms.CharField(label="核查结论及理由", required=False,
                              widget=UnfoldAdminTextareaWidget(attrs={"rows": 4}),
                              help_text="异议成立时，理由将作为不予认定的意见告知申报企业；请勿写入异议人的个人信息")

    class Meta:
        model = RecognitionObjection
        fields = []

    def clean(self):
        cleaned = super().clean()
        decision = cleaned.get("decision")
        if decision:
            try:
                cleaned["reasons"] = clean_finding(status=decision, finding=cleaned.get("reasons"))
            except ValidationError as error:
                for field, errors in error.message_dict.items():
                    self.add_error({"status": "decision", "finding": "reasons"}[field], errors)
        return cleaned


@admin.register(RecognitionObjection)
class RecognitionObjectionAdmin(ScopedHistoryAdmin):
    """Objections to recognitions on notice, for the bureau only (declarations.permissions): it reads who objected
    and why, and records its finding through objections.decide_objection."""

    form = FindingForm
    enterprise_path = "declaration__enterprise"
    list_display = ("enterprise", "notice_period", "lodged_at", "objector_name", "status", "decided_at")
    list_filter = ("status",)
    list_select_related = ("declaration__enterprise",)
    search_fields = ("declaration__enterprise__name",)
    readonly_fields = ("declaration", "notice_period", "lodged_at", "objector_name", "objector_phone", "facts",
                       "status", "finding", "decided_at", "decided_by")
    list_per_page = 50

    def get_fieldsets(self, request, obj=None):
        fieldsets = [
            ("异议", {"fields": ("declaration", "notice_period", "lodged_at", "objector_name", "objector_phone",
                                "facts")}),
            ("办理", {"fields": ("status", "finding", "decided_at", "decided_by")}),
        ]
        if obj is not None and obj.is_open:
            fieldsets.append(("核查结论", {"fields": ("decision", "reasons")}))
        return fieldsets

    def has_add_permission(self, request):
        return False  # objections are lodged by the public on the notice page

    def has_delete_permission(self, request, obj=None):
        return False  # records of the notice: decided, never deleted

    def save_model(self, request, obj, form, change):
        decision = form.cleaned_data.get("decision")
        if not decision:
            return
        try:
            objection_services.decide_objection(
                objection=obj, actor=request.user, status=decision, finding=form.cleaned_data["reasons"],
            )
        except (ValidationError, PermissionDenied) as error:
            text = "；".join(error.messages) if isinstance(error, ValidationError) else str(error)
            self.message_user(request, f"未能办理：{text}", messages.ERROR)
        else:
            self.message_user(request, f"已办理：{ObjectionStatus(decision).label}", messages.SUCCESS)

    def log_change(self, request, obj, message):
        pass  # the history table records the finding

    @admin.display(description="企业", ordering="declaration__enterprise__name")
    def enterprise(self, obj):
        return obj.declaration.enterprise.name

    @admin.display(description="公示期")
    def notice_period(self, obj):
        declaration = obj.declaration
        if not declaration.notice_starts_on:
            return "—"
        return f"{declaration.notice_starts_on:%Y-%m-%d} 至 {declaration.notice_ends_on:%Y-%m-%d}"

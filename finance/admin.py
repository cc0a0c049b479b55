"""The financial-services office works here: the reserve pool (stages change through the service, never by
editing the field), loan records, and read-only push records. County officials see their own area, read-only."""

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.html import format_html
from unfold.admin import ModelAdmin, TabularInline
from unfold.decorators import action, display
from unfold.widgets import UnfoldAdminSelectWidget, UnfoldAdminSingleDateWidget, UnfoldAdminTextInputWidget

from enterprises.admin_import import RegistryImportExportMixin
from enterprises.admin_scope import ScopedHistoryAdmin
from enterprises.selectors import today
from enterprises.templatetags.money import yuan

from . import selectors, services
from .models import FinanceSupport, ListingReserveEntry, ListingStageChange, ListPush, LoanSupport
from .resources import FinanceSupportResource
from .stages import ListingStage, allowed_next


class ListingStageChangeInline(TabularInline):
    model = ListingStageChange
    extra = 0
    fields = ("changed_on", "from_stage", "to_stage", "changed_by", "note", "recorded_at")
    readonly_fields = fields
    can_delete = False
    verbose_name_plural = "阶段变更记录"

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class ListingEntryForm(forms.ModelForm):
    next_stage = forms.ChoiceField(label="变更阶段至", required=False, widget=UnfoldAdminSelectWidget)
    change_on = forms.DateField(label="变更日期", required=False, widget=UnfoldAdminSingleDateWidget,
                                help_text="默认今天；不得早于本阶段起始日期")
    change_note = forms.CharField(label="变更说明", required=False, max_length=200, widget=UnfoldAdminTextInputWidget,
                                  help_text="如辅导备案机构、受理文号、上市代码等")

    class Meta:
        model = ListingReserveEntry
        fields = ("enterprise", "board", "entered_on", "note")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["next_stage"].choices = [("", "（不变更）")] + [
                (stage.value, stage.label) for stage in allowed_next(self.instance.stage)
            ]
        else:
            for name in ("next_stage", "change_on", "change_note"):
                del self.fields[name]
            self.fields["entered_on"].initial = today()

    def clean(self):
        cleaned = super().clean()
        try:
            if not self.instance.pk:
                if cleaned.get("enterprise") and cleaned.get("entered_on"):
                    services.check_can_enter(cleaned["enterprise"], cleaned["entered_on"])
            elif cleaned.get("next_stage"):
                cleaned["change_on"] = cleaned.get("change_on") or today()
                services.check_move(self.instance, cleaned["next_stage"], cleaned["change_on"])
        except ValidationError as error:
            raise ValidationError(error.messages) from None
        return cleaned


@admin.register(ListingReserveEntry)
class ListingReserveEntryAdmin(ScopedHistoryAdmin):
    form = ListingEntryForm
    list_display = ("enterprise", "area", "board", "stage_badge", "stage_since", "entered_on", "listed_on")
    list_filter = ("stage", "board", "enterprise__area")
    search_fields = ("enterprise__name", "enterprise__credit_code")
    list_select_related = ("enterprise__area",)
    autocomplete_fields = ("enterprise",)
    inlines = [ListingStageChangeInline]
    actions_list = ["open_summary"]

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return ()
        return ("enterprise", "entered_on", "stage", "stage_since", "listed_on", "created_by")

    def has_delete_permission(self, request, obj=None):
        # A firm leaves the pool through the 退出后备库 stage, which keeps its dated history; nothing is deleted.
        return False

    def get_fieldsets(self, request, obj=None):
        if obj is None:
            return ((None, {"fields": ("enterprise", "board", "entered_on", "note")}),)
        fieldsets = [
            ("后备企业", {"fields": ("enterprise", "board", "entered_on", "note", "created_by")}),
            ("当前阶段", {"fields": ("stage", "stage_since", "listed_on")}),
        ]
        if self.has_change_permission(request, obj) and allowed_next(obj.stage):
            fieldsets.append(("阶段变更", {"fields": ("next_stage", "change_on", "change_note")}))
        return fieldsets

    @display(description="所属区域", ordering="enterprise__area__sort_order")
    def area(self, obj):
        return obj.enterprise.area

    @display(description="当前阶段", ordering="stage", label={
        ListingStage.LISTED.label: "success", ListingStage.WITHDRAWN.label: "danger",
        ListingStage.APPROVED.label: "info", ListingStage.ACCEPTED.label: "info",
    })
    def stage_badge(self, obj):
        return obj.get_stage_display()

    def save_model(self, request, obj, form, change):
        if not change:
            entry = services.enter_pool(actor=request.user, enterprise=obj.enterprise, board=obj.board,
                                        entered_on=obj.entered_on, note=obj.note)
            obj.pk, obj._state.adding, obj._state.db = entry.pk, False, entry._state.db
            return
        if {"board", "note"} & set(form.changed_data):
            services.update_entry(actor=request.user, entry=obj, board=obj.board, note=obj.note)
        if form.cleaned_data.get("next_stage"):
            services.advance_stage(actor=request.user, entry=obj, to_stage=form.cleaned_data["next_stage"],
                                   on=form.cleaned_data["change_on"], note=form.cleaned_data.get("change_note", ""))
        obj.refresh_from_db()

    @action(description="融资支持概况", url_path="finance-summary", icon="monitoring", permissions=["open_summary"])
    def open_summary(self, request):
        return redirect("finance:summary")

    def has_open_summary_permission(self, request):
        return request.user.has_perm("finance.view_listingreserveentry")


class LoanForm(forms.ModelForm):
    class Meta:
        model = LoanSupport
        fields = ("enterprise", "programme", "programme_name", "bank", "amount", "term_months", "annual_rate",
                  "interest_subsidy", "granted_on", "note")

    def clean_granted_on(self):
        granted_on = self.cleaned_data["granted_on"]
        if granted_on > today():
            raise ValidationError("放款日期不能晚于今天。")
        return granted_on

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("programme") == LoanSupport.Programme.OTHER and not (cleaned.get("programme_name") or "").strip():
            self.add_error("programme_name", "选择“其他”时请填写政策名称。")
        return cleaned


@admin.register(LoanSupport)
class LoanSupportAdmin(ScopedHistoryAdmin):
    form = LoanForm
    list_display = ("enterprise", "area", "programme_col", "bank", "amount_col", "term_months", "annual_rate",
                    "subsidy_col", "granted_on", "recorded_by", "source_col")
    list_filter = ("programme", "enterprise__area")
    search_fields = ("enterprise__name", "enterprise__credit_code", "bank", "programme_name")
    list_select_related = ("enterprise__area", "recorded_by")
    autocomplete_fields = ("enterprise",)
    date_hierarchy = "granted_on"
    readonly_fields = ("recorded_by", "recorded_at")
    actions_list = ["open_summary"]

    @display(description="来源")
    def source_col(self, obj):
        return obj.source_label

    @display(description="所属区域", ordering="enterprise__area__sort_order")
    def area(self, obj):
        return obj.enterprise.area

    @display(description="支持政策", ordering="programme")
    def programme_col(self, obj):
        return obj.programme_label

    @display(description="贷款金额", ordering="amount")
    def amount_col(self, obj):
        return yuan(obj.amount)

    @display(description="贴息金额", ordering="interest_subsidy")
    def subsidy_col(self, obj):
        return yuan(obj.interest_subsidy)

    def save_model(self, request, obj, form, change):
        services.save_loan(actor=request.user, loan=obj)

    def delete_model(self, request, obj):
        services.delete_loan(actor=request.user, loan=obj)

    def delete_queryset(self, request, queryset):
        # The bulk delete goes through the service row by row: scope check and history for each loan.
        for loan in queryset:
            services.delete_loan(actor=request.user, loan=loan)

    @action(description="融资支持概况", url_path="finance-summary", icon="monitoring", permissions=["open_summary"])
    def open_summary(self, request):
        return redirect("finance:summary")

    def has_open_summary_permission(self, request):
        return request.user.has_perm("finance.view_listingreserveentry")


@admin.register(ListPush)
class ListPushAdmin(ModelAdmin):
    """Push records are made by the push flow (finance:push_new) and never edited."""

    list_display = ("pushed_at", "recipient_kind", "recipient_name", "filter_label", "row_count", "pushed_by",
                    "acknowledged_at", "downloads")
    list_filter = ("recipient_kind",)
    search_fields = ("recipient_name", "rows__name", "rows__credit_code")
    list_select_related = ("pushed_by",)
    fields = ("pushed_at", "pushed_by", "recipient_kind", "recipient_name", "institution", "acknowledged_at", "as_of",
              "filter_label", "row_count", "csv_sha256", "note", "downloads")
    readonly_fields = fields
    actions_list = ["new_push"]

    def get_queryset(self, request):
        return selectors.pushes_for(request.user)

    def get_search_results(self, request, queryset, search_term):
        queryset, _ = super().get_search_results(request, queryset, search_term)
        return queryset.distinct(), False

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @display(description="下载")
    def downloads(self, obj):
        return format_html(
            '<a href="{}">查看名单</a> · <a href="{}">Excel</a> · <a href="{}">CSV</a>',
            reverse("finance:push_detail", args=[obj.pk]), reverse("finance:push_download", args=[obj.pk, "xlsx"]),
            reverse("finance:push_download", args=[obj.pk, "csv"]),
        )

    @action(description="新建名单推送", url_path="new-push", icon="send", permissions=["new_push"])
    def new_push(self, request):
        return redirect("finance:push_new")

    def has_new_push_permission(self, request):
        return request.user.has_perm("finance.add_listpush")


class FinanceSupportForm(forms.ModelForm):
    class Meta:
        model = FinanceSupport
        fields = ("enterprise", "kind", "institution", "amount_wan", "granted_on", "note")

    def clean_granted_on(self):
        granted_on = self.cleaned_data["granted_on"]
        if granted_on > today():
            raise ValidationError("日期不能晚于今天。")
        return granted_on


@admin.register(FinanceSupport)
class FinanceSupportAdmin(RegistryImportExportMixin, ScopedHistoryAdmin):
    """(九) financial support records: the financial-services office and the bureau import and keep them; a county
    official sees its own area's, read-only."""

    resource_classes = [FinanceSupportResource]
    form = FinanceSupportForm
    list_display = ("granted_on", "enterprise", "area", "kind", "institution", "amount_wan", "note")
    list_filter = ("kind", "enterprise__area")
    search_fields = ("enterprise__name", "enterprise__credit_code", "institution")
    list_select_related = ("enterprise__area",)
    autocomplete_fields = ("enterprise",)
    date_hierarchy = "granted_on"
    actions_list = ["open_summary"]

    @display(description="所属区域", ordering="enterprise__area__sort_order")
    def area(self, obj):
        return obj.enterprise.area

    def save_model(self, request, obj, form, change):
        services.save_finance_support(actor=request.user, support=obj)

    def delete_model(self, request, obj):
        services.delete_finance_support(actor=request.user, support=obj)

    def delete_queryset(self, request, queryset):
        # Row by row through the service: scope check and history for each record.
        for support in queryset.order_by("pk"):
            services.delete_finance_support(actor=request.user, support=support)

    @action(description="融资支持概况", url_path="finance-summary", icon="monitoring", permissions=["open_summary"])
    def open_summary(self, request):
        return redirect("finance:summary")

    def has_open_summary_permission(self, request):
        return request.user.has_perm("finance.view_listingreserveentry")

"""The registry in the admin. Every save and every delete goes through enterprises.services (scope, validation,
history naming the user); the forms show the same model validation in Chinese before the service runs."""

import copy
from functools import partial

from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.core.exceptions import PermissionDenied
from unfold.admin import ModelAdmin
from unfold.decorators import display
from unfold.forms import AdminPasswordChangeForm, UserChangeForm, UserCreationForm

from policy.levels import WHITE_LIST_LEVELS, Level
from policy.selectors import level_names

from . import provenance_services, selectors, services
from .admin_import import RegistryImportExportMixin
from .admin_scope import ScopedAdmin, ScopedHistoryAdmin
from .models import (
    AnnualFigures,
    Area,
    AreaTarget,
    CreditEntry,
    CultivationPoolEntry,
    Designation,
    Enterprise,
    FigureReport,
    SourcePrecedence,
    User,
)
from .resources import AnnualFiguresResource, CreditEntryResource, DesignationResource, EnterpriseResource
from .rules import CREDIT_STANDING_LABELS, account_binding_errors, credit_standing
from .selectors import today, with_current_tier


class CurrentTierFilter(admin.SimpleListFilter):
    """The tier held today (the highest valid designation), not any level the enterprise ever held."""

    title = "当前层级"
    parameter_name = "tier"

    def lookups(self, request, model_admin):
        return [*Level.choices, ("none", "暂无有效认定"), ("white_list", "白名单（市级及以上）")]

    def queryset(self, request, queryset):
        value = self.value()
        if not value:
            return queryset
        annotated = with_current_tier(queryset)
        if value == "none":
            return annotated.filter(current_tier__isnull=True)
        if value == "white_list":
            return annotated.filter(current_tier__in=WHITE_LIST_LEVELS)
        return annotated.filter(current_tier=value)


class RegistryRowAdmin(ScopedHistoryAdmin):
    """A registry model with history, scoped; each subclass saves through its service. Deletes, one or in bulk,
    call `services.delete_record` row by row, so each is scope-checked and leaves a history row naming the user
    (Django's bulk delete would delete the queryset directly)."""

    def delete_model(self, request, obj):
        services.delete_record(actor=request.user, record=obj)

    def delete_queryset(self, request, queryset):
        services.delete_records(actor=request.user, records=list(queryset.order_by("pk")))


def level_name_column():
    """A change-list column naming each designation's level as it was called on its grant date (科技和创新型中小企业
    from 2026-04-01); the criteria editions are read once per page, on the first row."""
    names = []

    @admin.display(description="认定层级", ordering="level")
    def level_name(designation):
        if not names:
            names.append(level_names())
        return names[0].name(designation.level, designation.granted_on)

    return level_name


@admin.register(Area)
class AreaAdmin(ModelAdmin):
    list_display = ("name", "code", "kind", "sort_order")
    list_filter = ("kind",)
    search_fields = ("name", "code")

    def save_model(self, request, obj, form, change):
        services.save_area(actor=request.user, area=obj)

    def has_delete_permission(self, request, obj=None):
        return False  # the 20 quota units: enterprises, accounts, targets and their history point at them


# --- accounts ----------------------------------------------------------------------------------------------------

class AccountBindingMixin:
    """The role's binding (enterprise user → enterprise, county official → area) shown on the field, in the words
    the service uses (enterprises.rules.account_binding_errors)."""

    def clean(self):
        cleaned = super().clean()
        if "role" in cleaned:
            enterprise, area = cleaned.get("enterprise"), cleaned.get("area")
            errors = account_binding_errors(
                cleaned["role"], enterprise and enterprise.pk, area and area.pk,
                is_superuser=cleaned.get("is_superuser", self.instance.is_superuser),
            )
            for name, message in errors.items():
                self.add_error(name, message)
        return cleaned


class AccountCreationForm(AccountBindingMixin, UserCreationForm):
    pass


class AccountChangeForm(AccountBindingMixin, UserChangeForm):
    pass


class AccountPasswordForm(AdminPasswordChangeForm):
    """Saves through services.set_account_password, naming the administrator who changed it."""

    def __init__(self, user, *args, actor, **kwargs):
        super().__init__(user, *args, **kwargs)
        self.actor = actor

    def save(self, commit=True):
        usable = self.cleaned_data["set_usable_password"]
        return services.set_account_password(
            actor=self.actor, user=self.user, password=self.cleaned_data["password1"] if usable else None,
        )


@admin.register(User)
class UserAdmin(DjangoUserAdmin, ModelAdmin):
    form = AccountChangeForm
    add_form = AccountCreationForm
    change_password_form = AdminPasswordChangeForm
    list_display = ("username", "full_name", "role", "enterprise", "area", "is_active")
    list_filter = ("role", "area", "is_active")
    search_fields = ("username", "first_name", "last_name", "enterprise__name")
    autocomplete_fields = ("enterprise",)
    # the name in Chinese order: surname (姓氏) before given name (名字)
    fieldsets = tuple(
        (title, {**options, "fields": ("last_name", "first_name", *(f for f in options["fields"]
                                                                     if f not in ("first_name", "last_name")))})
        if "first_name" in options["fields"] else (title, options)
        for title, options in DjangoUserAdmin.fieldsets
    ) + (("角色与归属", {"fields": ("role", "enterprise", "area", "phone")}),)
    add_fieldsets = DjangoUserAdmin.add_fieldsets + (("角色与归属", {"fields": ("role", "enterprise", "area")}),)

    @display(description="姓名", ordering="last_name")
    def full_name(self, obj):
        return obj.get_full_name() or "—"

    def save_model(self, request, obj, form, change):
        services.save_account(actor=request.user, user=obj)

    def user_change_password(self, request, id, form_url=""):
        # Django builds this page's form from self.change_password_form: a copy of the admin for this request gets
        # a form that names the acting administrator (the shared admin instance is left alone).
        for_request = copy.copy(self)
        for_request.change_password_form = partial(AccountPasswordForm, actor=request.user)
        return super(UserAdmin, for_request).user_change_password(request, id, form_url)

    def has_delete_permission(self, request, obj=None):
        # Deleting an account would blank its name from every history row it authored; deactivate it instead.
        return False


# --- enterprises, designations, figures --------------------------------------------------------------------------

class DesignationInline(admin.TabularInline):
    model = Designation
    extra = 0
    fields = ("level_name", "granted_on", "valid_until", "document_number", "source")
    readonly_fields = fields
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False

    @admin.display(description="认定层级")
    def level_name(self, designation):
        # An inline is instantiated for each request: the editions are read once per page.
        if not hasattr(self, "_level_names"):
            self._level_names = level_names()
        return self._level_names.name(designation.level, designation.granted_on)


@admin.register(Enterprise)
class EnterpriseAdmin(RegistryImportExportMixin, RegistryRowAdmin):
    resource_classes = [EnterpriseResource]
    enterprise_path = ""
    list_display = ("name", "credit_code", "area", "industry", "founded_on")
    list_filter = ("area", CurrentTierFilter)
    search_fields = ("name", "credit_code", "^name_initials")  # 桂林山水… by its initials: glsm
    list_select_related = ("area",)
    inlines = [DesignationInline]
    list_per_page = 50

    def save_model(self, request, obj, form, change):
        services.save_enterprise(actor=request.user, enterprise=obj)


@admin.register(Designation)
class DesignationAdmin(RegistryImportExportMixin, RegistryRowAdmin):
    resource_classes = [DesignationResource]
    list_display = ("enterprise", "level", "granted_on", "valid_until", "document_number", "source")

    def get_list_display(self, request):
        return ("enterprise", level_name_column(), "granted_on", "valid_until", "document_number", "source")
    list_filter = ("level", "source", "enterprise__area")
    search_fields = ("enterprise__name", "enterprise__credit_code", "document_number")
    list_select_related = ("enterprise",)
    autocomplete_fields = ("enterprise",)
    date_hierarchy = "granted_on"

    def save_model(self, request, obj, form, change):
        services.save_designation(actor=request.user, designation=obj)


@admin.register(AnnualFigures)
class AnnualFiguresAdmin(RegistryImportExportMixin, RegistryRowAdmin):
    resource_classes = [AnnualFiguresResource]
    list_display = ("enterprise", "year", "output_value", "tax_paid", "revenue", "rd_expense", "employees")
    list_filter = ("year", "enterprise__area")
    search_fields = ("enterprise__name", "enterprise__credit_code")
    list_select_related = ("enterprise",)
    autocomplete_fields = ("enterprise",)

    def save_model(self, request, obj, form, change):
        services.save_figures_row(actor=request.user, figures=obj)


@admin.register(CreditEntry)
class CreditEntryAdmin(RegistryImportExportMixin, RegistryRowAdmin):
    """Credit listings (信用审查): an entry in force holds approval, notice and payment of the enterprise's awards."""

    resource_classes = [CreditEntryResource]
    list_display = ("enterprise", "status", "listed_on", "removed_on", "authority", "standing")
    list_filter = ("status", "enterprise__area")
    search_fields = ("enterprise__name", "enterprise__credit_code", "authority")
    list_select_related = ("enterprise",)
    autocomplete_fields = ("enterprise",)
    date_hierarchy = "listed_on"

    @admin.display(description="今日状态")
    def standing(self, entry):
        return CREDIT_STANDING_LABELS[credit_standing(entry, today())]

    def save_model(self, request, obj, form, change):
        services.save_credit_entry(actor=request.user, entry=obj)


# --- pools and targets -------------------------------------------------------------------------------------------

@admin.register(CultivationPoolEntry)
class CultivationPoolEntryAdmin(RegistryRowAdmin):
    list_display = ("enterprise", "area", "stage", "since", "note")
    list_filter = ("stage", "area")
    search_fields = ("enterprise__name", "enterprise__credit_code")
    list_select_related = ("enterprise", "area")
    autocomplete_fields = ("enterprise",)

    def save_model(self, request, obj, form, change):
        services.save_pool_entry(actor=request.user, entry=obj)


@admin.register(AreaTarget)
class AreaTargetAdmin(RegistryRowAdmin):
    area_path = "area"
    list_display = ("area", "year", "new_municipal_target")
    list_filter = ("year", "area")

    def save_model(self, request, obj, form, change):
        services.save_area_target(actor=request.user, target=obj)


__all__ = ["ScopedAdmin"]


class DisagreementFilter(admin.SimpleListFilter):
    title = "来源是否一致"
    parameter_name = "disagree"

    def lookups(self, request, model_admin):
        return [("yes", "有分歧（待县区核定）")]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(pk__in=selectors.disagreeing_reports(request.user).values("pk"))
        return queryset


@admin.register(FigureReport)
class FigureReportAdmin(ScopedAdmin):
    """Each source's value of each figure: read-only; the disagreements listed for the county to settle."""

    list_display = ("enterprise", "year", "field", "source", "value", "received_at", "reported_by", "settlement")
    list_filter = (DisagreementFilter, "source", "field", "year", "enterprise__area")
    search_fields = ("enterprise__name", "enterprise__credit_code")
    list_select_related = ("enterprise", "settled_by")
    actions = ["settle"]

    @display(description="分歧核定")
    def settlement(self, report):
        if report.settled_at is None:
            return "—"
        return f"{report.settled_by.get_full_name() if report.settled_by else ''} 已核定：{report.settle_note}"

    @admin.action(description="核定所选分歧：经核实，以现用数值为准", permissions=["view"])
    def settle(self, request, queryset):
        settled = 0
        for report in queryset:
            try:
                settled += provenance_services.settle_disagreement(
                    actor=request.user, report=report, note="经县区核实，以按来源优先顺序采用的现用数值为准",
                )
            except PermissionDenied as error:
                self.message_user(request, str(error), messages.ERROR)
                return
        self.message_user(request, f"已核定 {queryset.count()} 项数据分歧（共 {settled} 条来源记录），其不再列为分歧，"
                                   "直至有来源报送新的数值。", messages.SUCCESS)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(SourcePrecedence)
class SourcePrecedenceAdmin(ModelAdmin):
    """The order in which sources win (税务 > 统计 > 县区核定 > 导入 > 企业填报 as seeded), editable; a change
    applies at once to every figure that has sources kept."""

    list_display = ("rank", "source")

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        provenance_services.save_source_precedence(actor=request.user, entry=obj)

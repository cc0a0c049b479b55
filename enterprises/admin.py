from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from unfold.admin import ModelAdmin
from unfold.forms import AdminPasswordChangeForm, UserChangeForm, UserCreationForm

from audit import audited
from policy.levels import WHITE_LIST_LEVELS, Level

from .admin_import import RegistryImportExportMixin
from .admin_scope import ScopedAdmin, ScopedHistoryAdmin
from .models import AnnualFigures, Area, AreaTarget, CultivationPoolEntry, Designation, Enterprise, User
from .resources import AnnualFiguresResource, DesignationResource, EnterpriseResource
from .selectors import with_current_tier


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


@admin.register(Area)
class AreaAdmin(ModelAdmin):
    list_display = ("name", "code", "kind", "sort_order")
    list_filter = ("kind",)
    search_fields = ("name", "code")


@admin.register(User)
class UserAdmin(DjangoUserAdmin, ModelAdmin):
    form = UserChangeForm
    add_form = UserCreationForm
    change_password_form = AdminPasswordChangeForm
    list_display = ("username", "last_name", "first_name", "role", "enterprise", "area", "is_active")
    list_filter = ("role", "area", "is_active")
    search_fields = ("username", "first_name", "last_name", "enterprise__name")
    autocomplete_fields = ("enterprise",)
    fieldsets = DjangoUserAdmin.fieldsets + (("角色与归属", {"fields": ("role", "enterprise", "area", "phone")}),)
    add_fieldsets = DjangoUserAdmin.add_fieldsets + (("角色与归属", {"fields": ("role", "enterprise", "area")}),)


class DesignationInline(admin.TabularInline):
    model = Designation
    extra = 0
    fields = ("level", "granted_on", "valid_until", "document_number", "source")
    readonly_fields = fields
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Enterprise)
class EnterpriseAdmin(RegistryImportExportMixin, ScopedHistoryAdmin):
    resource_classes = [EnterpriseResource]
    enterprise_path = ""
    list_display = ("name", "credit_code", "area", "industry", "founded_on")
    list_filter = ("area", CurrentTierFilter)
    search_fields = ("name", "credit_code")
    list_select_related = ("area",)
    inlines = [DesignationInline]
    list_per_page = 50

    def save_model(self, request, obj, form, change):
        audited(obj, request.user).save()


@admin.register(Designation)
class DesignationAdmin(RegistryImportExportMixin, ScopedHistoryAdmin):
    resource_classes = [DesignationResource]
    list_display = ("enterprise", "level", "granted_on", "valid_until", "document_number", "source")
    list_filter = ("level", "source", "enterprise__area")
    search_fields = ("enterprise__name", "enterprise__credit_code", "document_number")
    list_select_related = ("enterprise",)
    autocomplete_fields = ("enterprise",)
    date_hierarchy = "granted_on"


@admin.register(AnnualFigures)
class AnnualFiguresAdmin(RegistryImportExportMixin, ScopedHistoryAdmin):
    resource_classes = [AnnualFiguresResource]
    list_display = ("enterprise", "year", "output_value", "tax_paid", "revenue", "rd_expense", "employees")
    list_filter = ("year", "enterprise__area")
    search_fields = ("enterprise__name", "enterprise__credit_code")
    list_select_related = ("enterprise",)
    autocomplete_fields = ("enterprise",)


@admin.register(CultivationPoolEntry)
class CultivationPoolEntryAdmin(ScopedHistoryAdmin):
    list_display = ("enterprise", "area", "stage", "since", "note")
    list_filter = ("stage", "area")
    search_fields = ("enterprise__name", "enterprise__credit_code")
    list_select_related = ("enterprise", "area")
    autocomplete_fields = ("enterprise",)


@admin.register(AreaTarget)
class AreaTargetAdmin(ScopedHistoryAdmin):
    area_path = "area"
    list_display = ("area", "year", "new_municipal_target")
    list_filter = ("year", "area")


__all__ = ["ScopedAdmin"]

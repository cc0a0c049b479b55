"""(十六) talent needs for the counties and the bureau: confirm or return what enterprises filed, import the
survey, export it; (十七) talents for the system administrators only (personal data). Every write goes through
talent.services or enterprises.filing_services."""

from django.contrib import admin

from enterprises.admin_filings import FilingAdminMixin
from enterprises.admin_import import RegistryImportExportMixin
from enterprises.admin_scope import ScopedHistoryAdmin
from enterprises.filings import FilingState

from . import services
from .models import Talent, TalentNeed
from .resources import TalentNeedResource, TalentResource
from .selectors import sees_talent_names


@admin.register(TalentNeed)
class TalentNeedAdmin(FilingAdminMixin, RegistryImportExportMixin, ScopedHistoryAdmin):
    resource_classes = [TalentNeedResource]
    list_display = ("enterprise", "year", "position", "specialty", "headcount", "education", "filing_state")
    list_filter = ("year", "filing_state", "enterprise__area")
    search_fields = ("enterprise__name", "enterprise__credit_code", "position", "specialty")
    list_select_related = ("enterprise",)
    autocomplete_fields = ("enterprise",)
    list_per_page = 50

    def has_change_permission(self, request, obj=None):
        # What the enterprise filed is its own: confirmed or returned with a reason (the list's actions), read
        # here but not edited; the list itself still offers the actions to whoever may change needs.
        if obj is not None and obj.filing_state != FilingState.CONFIRMED:
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        if obj is not None and obj.filing_state != FilingState.CONFIRMED:
            return False
        return super().has_delete_permission(request, obj)

    def save_model(self, request, obj, form, change):
        services.save_need(actor=request.user, need=obj)

    def delete_model(self, request, obj):
        services.delete_records(actor=request.user, records=[obj])

    def delete_queryset(self, request, queryset):
        services.delete_records(actor=request.user, records=list(queryset.order_by("pk")))


@admin.register(Talent)
class TalentAdmin(RegistryImportExportMixin, ScopedHistoryAdmin):
    """(十七) Personal data: the model's permissions are the administrators' only, and the pages check it again."""

    resource_classes = [TalentResource]
    list_display = ("name", "enterprise", "level", "recognised_on", "document_number")
    list_filter = ("level", "enterprise__area")
    search_fields = ("name", "enterprise__name", "enterprise__credit_code", "document_number")
    list_select_related = ("enterprise",)
    autocomplete_fields = ("enterprise",)
    date_hierarchy = "recognised_on"

    def has_module_permission(self, request):
        return sees_talent_names(request.user) and super().has_module_permission(request)

    def has_view_permission(self, request, obj=None):
        return sees_talent_names(request.user) and super().has_view_permission(request, obj)

    def has_add_permission(self, request):
        return sees_talent_names(request.user) and super().has_add_permission(request)

    def has_change_permission(self, request, obj=None):
        return sees_talent_names(request.user) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return sees_talent_names(request.user) and super().has_delete_permission(request, obj)

    def save_model(self, request, obj, form, change):
        services.save_talent(actor=request.user, talent=obj)

    def delete_model(self, request, obj):
        services.delete_records(actor=request.user, records=[obj])

    def delete_queryset(self, request, queryset):
        services.delete_records(actor=request.user, records=list(queryset.order_by("pk")))

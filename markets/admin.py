"""The markets records in the admin: the bureau imports and exports them (六 logistics, 十五 honours, 十八 fairs
and online sales); a county works on its own area's and confirms or returns what its enterprises submitted
(FilingAdminMixin). Every save and delete goes through markets.services."""

from django.contrib import admin

from enterprises.admin_filings import FilingAdminMixin
from enterprises.admin_import import RegistryImportExportMixin
from enterprises.admin_scope import ScopedHistoryAdmin

from . import services
from .models import FairParticipation, Honour, LogisticsSupport, OnlineSales
from .resources import FairParticipationResource, HonourResource, LogisticsSupportResource, OnlineSalesResource


class MarketsRowAdmin(RegistryImportExportMixin, ScopedHistoryAdmin):
    """Scoped to the user's enterprises; saves and deletes (one or in bulk) through the services."""

    search_fields = ("enterprise__name", "enterprise__credit_code")
    list_select_related = ("enterprise__area",)
    autocomplete_fields = ("enterprise",)

    def save_model(self, request, obj, form, change):
        services.save_record(actor=request.user, record=obj)

    def delete_model(self, request, obj):
        services.delete_records(actor=request.user, records=[obj])

    def delete_queryset(self, request, queryset):
        services.delete_records(actor=request.user, records=list(queryset.order_by("pk")))

    @admin.display(description="所属区域", ordering="enterprise__area__sort_order")
    def area(self, obj):
        return obj.enterprise.area


@admin.register(LogisticsSupport)
class LogisticsSupportAdmin(MarketsRowAdmin):
    resource_classes = [LogisticsSupportResource]
    list_display = ("enterprise", "area", "year", "mode", "cost_saved_wan")
    list_filter = ("year", "mode", "enterprise__area")


@admin.register(Honour)
class HonourAdmin(FilingAdminMixin, MarketsRowAdmin):
    resource_classes = [HonourResource]
    list_display = ("enterprise", "area", "category", "name", "level", "granted_on", "filing_state")
    list_filter = ("filing_state", "category", "level", "enterprise__area")
    search_fields = (*MarketsRowAdmin.search_fields, "name", "document_number")
    date_hierarchy = "granted_on"


@admin.register(FairParticipation)
class FairParticipationAdmin(FilingAdminMixin, MarketsRowAdmin):
    resource_classes = [FairParticipationResource]
    list_display = ("enterprise", "area", "fair_name", "venue", "starts_on", "ends_on", "intended_deals_wan",
                    "filing_state")
    list_filter = ("filing_state", "enterprise__area")
    search_fields = (*MarketsRowAdmin.search_fields, "fair_name", "venue")
    date_hierarchy = "starts_on"


@admin.register(OnlineSales)
class OnlineSalesAdmin(FilingAdminMixin, MarketsRowAdmin):
    resource_classes = [OnlineSalesResource]
    list_display = ("enterprise", "area", "year", "platform", "sales_wan", "cross_border", "filing_state")
    list_filter = ("filing_state", "year", "cross_border", "enterprise__area")
    search_fields = (*MarketsRowAdmin.search_fields, "platform")

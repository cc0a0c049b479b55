"""(七) the admin of service records, service carriers (providers) and the exclusive service packages. Registered
when liaison.admin imports this module; every write through liaison.training_services / liaison.service_catalogue."""

from django.contrib import admin, messages
from django.db.models import Count
from unfold.admin import ModelAdmin, TabularInline

from audit.history_admin import WellFormedHistoryAdmin
from enterprises.admin_import import RegistryImportExportMixin
from enterprises.admin_scope import ScopedHistoryAdmin

from . import service_catalogue, training_services
from .admin_writes import ServiceWrites, about_row, field_values
from .models import ServicePackage, ServicePackageItem, ServiceProvider, ServiceRecord
from .resources import ServiceProviderResource


@admin.register(ServiceRecord)
class ServiceRecordAdmin(ServiceWrites, ScopedHistoryAdmin):
    list_display = ("served_on", "enterprise", "category", "provider", "provider_ref", "recorded_by")
    list_filter = ("category", "enterprise__area", "provider_ref__carrier_type")
    search_fields = ("enterprise__name", "provider", "content")
    list_select_related = ("enterprise", "recorded_by", "provider_ref")
    autocomplete_fields = ("enterprise", "provider_ref")
    date_hierarchy = "served_on"
    fields = ("enterprise", "served_on", "category", "provider_ref", "provider", "content")

    def save_model(self, request, obj, form, change):
        if change:
            training_services.update_service_record(actor=request.user, record=obj, **field_values(obj, self.fields))
        else:
            obj.pk = training_services.record_service(actor=request.user, **field_values(obj, self.fields)).pk

    def delete_one(self, actor, obj):
        training_services.delete_service_record(actor=actor, record=obj)


# --- (七) service carriers and the exclusive service packages (kept by the bureau) --------------------------------

@admin.register(ServiceProvider)
class ServiceProviderAdmin(ServiceWrites, RegistryImportExportMixin, WellFormedHistoryAdmin, ModelAdmin):
    resource_classes = [ServiceProviderResource]
    list_display = ("name", "carrier_type", "fields_col", "contact_person", "contact_phone")
    list_filter = ("carrier_type",)
    search_fields = ("name", "contact_person")
    fieldsets = (
        (None, {"fields": ("name", "carrier_type", "contact_person", "contact_phone")}),
        ("服务领域（至少一项）", {"fields": (
            "serves_policy", "serves_startup", "serves_ip", "serves_financing", "serves_talent", "serves_market",
            "serves_digital", "serves_finance",
        )}),
    )
    actions = ["link_records"]

    @admin.display(description="服务领域")
    def fields_col(self, obj):
        return obj.service_fields_label

    def save_model(self, request, obj, form, change):
        service_catalogue.save_provider(actor=request.user, provider=obj)

    def delete_one(self, actor, obj):
        service_catalogue.delete_provider(actor=actor, provider=obj)

    def process_result(self, result, request):
        # An imported file is bulk-written by the pipeline: link the records naming its providers afterwards.
        response = super().process_result(result, request)
        if result.report.ok and not result.report.dry_run:
            linked = service_catalogue.link_records_to_providers(actor=request.user)
            if linked:
                self.message_user(request, f"已将 {linked} 条同名服务记录关联到所登记的机构。", messages.SUCCESS)
        return response

    @admin.action(description="将同名的服务记录关联到选中的机构", permissions=["change"])
    def link_records(self, request, queryset):
        linked = service_catalogue.link_records_to_providers(actor=request.user, providers=queryset.order_by("pk"))
        self.message_user(request, f"已关联 {linked} 条服务记录。", messages.SUCCESS)


class ServicePackageItemInline(TabularInline):
    model = ServicePackageItem
    extra = 3
    fields = ("field", "provider", "description")
    autocomplete_fields = ("provider",)


@admin.register(ServicePackage)
class ServicePackageAdmin(ServiceWrites, WellFormedHistoryAdmin, ModelAdmin):
    """(七) offered to every SRDI (white-list) enterprise of its year, on its portal page."""

    list_display = ("name", "year", "active", "item_count")
    list_filter = ("year", "active")
    search_fields = ("name", "description")
    fields = ("name", "year", "description", "active")
    inlines = [ServicePackageItemInline]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(items_count=Count("items"))

    @admin.display(description="服务事项", ordering="items_count")
    def item_count(self, obj):
        return obj.items_count

    def save_model(self, request, obj, form, change):
        obj.pk = service_catalogue.save_package(actor=request.user, package=obj).pk

    def save_formset(self, request, form, formset, change):
        fields = ("provider", "field", "description")
        formset.save(commit=False)
        for item in formset.deleted_objects:
            with about_row(item):
                service_catalogue.remove_package_item(actor=request.user, item=item)
        for item, _ in formset.changed_objects:
            with about_row(item):
                service_catalogue.update_package_item(actor=request.user, item=item, **field_values(item, fields))
        for item in formset.new_objects:
            with about_row(item):
                service_catalogue.add_package_item(actor=request.user, package=form.instance,
                                                   **field_values(item, fields))

    def delete_one(self, actor, obj):
        service_catalogue.delete_package(actor=actor, package=obj)

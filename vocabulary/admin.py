"""The vocabularies in the admin: the bureau adds, renames and deactivates terms (never deletes one a record may
name); the import and export buttons use the registry's one pipeline (`import_data vocabulary`)."""

from django.contrib import admin
from unfold.admin import ModelAdmin

from audit.history_admin import WellFormedHistoryAdmin
from enterprises.admin_import import RegistryImportExportMixin

from . import services
from .models import Term
from .resources import TermResource


@admin.register(Term)
class TermAdmin(RegistryImportExportMixin, WellFormedHistoryAdmin, ModelAdmin):
    resource_classes = [TermResource]
    list_display = ("name", "category", "active")
    list_filter = ("category", "active")
    search_fields = ("name",)
    actions = None

    def has_delete_permission(self, request, obj=None):
        return False  # a term may be named by records: deactivate it instead

    def save_model(self, request, obj, form, change):
        services.save_term(actor=request.user, term=obj)

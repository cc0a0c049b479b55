"""The innovation records in the admin, scoped; every save goes through innovation.services. Demands and renovation
projects carry the filing actions (确认 / 退回); the three kinds have the registry's import and export buttons.
Matches are read here; they are made and moved on their pages (/innovation/), each step signed and dated."""

from django.contrib import admin
from unfold.admin import ModelAdmin, TabularInline

from audit.history_admin import WellFormedHistoryAdmin
from enterprises.admin_filings import FilingAdminMixin
from enterprises.admin_import import RegistryImportExportMixin
from enterprises.admin_scope import ScopedHistoryAdmin

from . import services
from .models import Match, MatchStep, RenovationProject, TechAchievement, TechDemand
from .resources import AchievementResource, DemandResource, RenovationResource


class NoDeleteMixin:
    def has_delete_permission(self, request, obj=None):
        return False  # a demand or project may be named by matches and measure reports: return it instead


@admin.register(TechDemand)
class TechDemandAdmin(FilingAdminMixin, NoDeleteMixin, RegistryImportExportMixin, ScopedHistoryAdmin):
    resource_classes = [DemandResource]
    list_display = ("name", "enterprise", "field", "budget_wan", "deadline", "filing_state")
    list_filter = ("filing_state", "field", "enterprise__area")
    search_fields = ("name", "enterprise__name", "enterprise__credit_code")
    list_select_related = ("enterprise", "field")
    raw_id_fields = ("enterprise",)

    def save_model(self, request, obj, form, change):
        services.save_record_as_staff(actor=request.user, record=obj)


@admin.register(RenovationProject)
class RenovationProjectAdmin(FilingAdminMixin, NoDeleteMixin, RegistryImportExportMixin, ScopedHistoryAdmin):
    resource_classes = [RenovationResource]
    list_display = ("name", "enterprise", "kind", "investment_wan", "started_on", "filing_state")
    list_filter = ("filing_state", "kind", "enterprise__area")
    search_fields = ("name", "enterprise__name", "enterprise__credit_code")
    list_select_related = ("enterprise",)
    raw_id_fields = ("enterprise",)

    def save_model(self, request, obj, form, change):
        services.save_record_as_staff(actor=request.user, record=obj)


@admin.register(TechAchievement)
class TechAchievementAdmin(NoDeleteMixin, RegistryImportExportMixin, WellFormedHistoryAdmin, ModelAdmin):
    resource_classes = [AchievementResource]
    list_display = ("name", "institution", "field", "maturity", "transfer_mode")
    list_filter = ("field", "maturity", "transfer_mode", "institution")
    search_fields = ("name", "institution")
    list_select_related = ("field",)
    actions = None

    def save_model(self, request, obj, form, change):
        services.save_achievement(actor=request.user, achievement=obj)


class MatchStepInline(TabularInline):
    model = MatchStep
    extra = 0
    can_delete = False
    fields = ("at", "from_state", "to_state", "actor_name", "note")
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Match)
class MatchAdmin(NoDeleteMixin, ScopedHistoryAdmin):
    enterprise_path = "demand__enterprise"
    list_display = ("demand", "achievement", "state", "enterprise_interested", "similarity", "updated_at")
    list_filter = ("state", "enterprise_interested")
    search_fields = ("demand__name", "achievement__name", "demand__enterprise__name")
    list_select_related = ("demand", "achievement")
    inlines = [MatchStepInline]
    actions = None

    def has_add_permission(self, request):
        return False  # a match is made from a candidate on the demand's page

    def has_change_permission(self, request, obj=None):
        return False  # and moved on its own page, through services.move_match

from django.contrib import admin

from enterprises.admin_scope import ScopedHistoryAdmin

from .models import LiaisonAssignment


@admin.register(LiaisonAssignment)
class LiaisonAssignmentAdmin(ScopedHistoryAdmin):
    list_display = ("enterprise", "officer", "started_on", "ended_on")
    list_filter = ("enterprise__area",)
    search_fields = ("enterprise__name", "officer__username", "officer__last_name")
    list_select_related = ("enterprise", "officer")
    autocomplete_fields = ("enterprise",)

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin
from unfold.admin import ModelAdmin

from .models import PolicyRecord


@admin.register(PolicyRecord)
class PolicyRecordAdmin(SimpleHistoryAdmin, ModelAdmin):
    list_display = ("name", "effective_from", "effective_until", "recognition_award_amount", "growth_award_cap")
    fieldsets = (
        ("政策", {"fields": ("name", "document_number", "issued_on", "effective_from", "effective_until")}),
        ("（三）首次认定奖励", {"fields": ("recognition_award_amount",)}),
        ("（四）成长奖励", {"fields": ("growth_output_min", "growth_output_max", "growth_output_rate_min",
                                "growth_tax_rate_min", "growth_award_rate", "growth_award_cap", "public_notice_days")}),
        ("认定有效期", {"fields": ("validity_innovative_years", "validity_municipal_years", "validity_regional_years",
                              "validity_little_giant_years", "validity_single_champion_years")}),
        ("（二）倍增目标", {"fields": ("new_municipal_per_year", "baseline_date", "baseline_srdi_count",
                                "baseline_output_value", "count_doubling_years", "output_doubling_years")}),
        ("其他年度目标", {"fields": ("liaison_resolved_per_year", "listing_pool_min", "listing_goal",
                               "listing_goal_year", "training_managers_per_year")}),
    )

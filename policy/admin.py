"""The policy floor in the admin: editions of the measures (政策参数) and of the national criteria. Every save goes
through policy.services, which records its author in the history."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin
from unfold.admin import ModelAdmin

from . import services
from .models import CriteriaEdition, PolicyRecord


@admin.register(PolicyRecord)
class PolicyRecordAdmin(SimpleHistoryAdmin, ModelAdmin):
    list_display = ("name", "effective_from", "effective_until", "recognition_award_amount", "growth_award_cap")
    fieldsets = (
        ("政策", {"fields": ("name", "document_number", "issued_on", "term_years", "effective_from",
                           "effective_until")}),
        ("（三）首次认定奖励", {"fields": ("recognition_award_amount",)}),
        ("（四）成长奖励", {"fields": ("growth_output_min", "growth_output_max", "growth_output_rate_min",
                                "growth_tax_rate_min", "growth_award_rate", "growth_award_cap", "public_notice_days")}),
        ("认定有效期", {"fields": ("validity_innovative_years", "validity_municipal_years", "validity_regional_years",
                              "validity_little_giant_years", "validity_single_champion_years",
                              "expiry_warning_days")}),
        ("（二）倍增目标", {"fields": ("new_municipal_per_year", "baseline_date", "baseline_srdi_count",
                                "baseline_output_value", "count_doubling_years", "output_doubling_years")}),
        ("其他年度目标", {"fields": ("liaison_resolved_per_year", "listing_pool_min", "listing_goal",
                               "listing_goal_year", "training_managers_per_year")}),
    )

    def save_model(self, request, obj, form, change):
        changed = set(form.changed_data)
        derive = "issued_on" in changed and not changed & {"effective_from", "effective_until"}
        services.save_policy_record(actor=request.user, record=obj, derive_period=derive)


@admin.register(CriteriaEdition)
class CriteriaEditionAdmin(SimpleHistoryAdmin, ModelAdmin):
    list_display = ("document_number", "name", "effective_from", "first_tier_name", "srdi_min_rd_expense",
                    "srdi_min_rd_ratio", "srdi_min_revenue")
    fieldsets = (
        ("文件", {
            "fields": ("name", "document_number", "effective_from", "first_tier_name", "note"),
            "description": "国家认定条件由市工业和信息化局对照工信部正式文件录入和维护。新版文件施行后新增一条记录，"
                           "不要修改旧版：已提交的申报保留其自查时所依据的版本。",
        }),
        ("中小企业划型（工信部联企业〔2011〕300号，工业）", {"fields": ("sme_max_employees", "sme_max_revenue")}),
        ("专精特新中小企业认定条件", {"fields": ("srdi_min_years_in_niche", "srdi_min_rd_expense", "srdi_min_rd_ratio",
                                       "srdi_min_revenue", "srdi_alt_equity_financing")}),
    )

    def save_model(self, request, obj, form, change):
        services.save_criteria_edition(actor=request.user, edition=obj)

"""The bureau keeps the chain list, the members, the products, the purchase plans here, with the import and export
buttons of the registry's one pipeline; counties see their own enterprises' rows and confirm or return the products
their enterprises filed. Every write goes through `services` (or enterprises.filing_services)."""

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.html import format_html
from unfold.admin import ModelAdmin

from audit.history_admin import WellFormedHistoryAdmin
from enterprises.admin_filings import FilingAdminMixin
from enterprises.admin_import import RegistryImportExportMixin
from enterprises.admin_scope import ScopedHistoryAdmin

from . import services
from .models import ChainLink, ChainMember, Procurement, ProcurementRecommendation, Product
from .resources import ChainLinkResource, ChainMemberResource, ProcurementResource, ProductResource


@admin.register(ChainLink)
class ChainLinkAdmin(RegistryImportExportMixin, WellFormedHistoryAdmin, ModelAdmin):
    """(十一) The chain list is city-wide: every role that may view it sees all of it."""

    resource_classes = [ChainLinkResource]
    list_display = ("chain", "position", "name", "weak", "gap_note")
    list_filter = ("chain", "position", "weak")
    search_fields = ("chain", "name")
    actions = None

    def has_delete_permission(self, request, obj=None):
        return False  # members point at links: correct a link instead

    def save_model(self, request, obj, form, change):
        services.save_link(actor=request.user, link=obj)


@admin.register(ChainMember)
class ChainMemberAdmin(RegistryImportExportMixin, ScopedHistoryAdmin):
    resource_classes = [ChainMemberResource]
    list_display = ("enterprise", "link", "role", "listed_at")
    list_filter = ("role", "link__chain", "enterprise__area")
    search_fields = ("enterprise__name", "enterprise__credit_code", "link__name", "link__chain")
    list_select_related = ("enterprise", "link")
    autocomplete_fields = ("enterprise",)
    actions = None

    def save_model(self, request, obj, form, change):
        services.save_member(actor=request.user, member=obj)

    def delete_model(self, request, obj):
        services.remove_member(actor=request.user, member=obj)


@admin.register(Product)
class ProductAdmin(FilingAdminMixin, RegistryImportExportMixin, ScopedHistoryAdmin):
    resource_classes = [ProductResource]
    list_display = ("name", "enterprise", "category", "segment", "domestic_share", "filing_state")
    list_filter = ("filing_state", "category", "enterprise__area")
    search_fields = ("name", "enterprise__name", "enterprise__credit_code")
    list_select_related = ("enterprise", "category")
    autocomplete_fields = ("enterprise",)

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        services.save_product(actor=request.user, product=obj)


class RecommendationInlineLink:
    @admin.display(description="推荐与对接")
    def matching_page(self, obj):
        return format_html('<a href="{}">候选企业与推荐记录</a>', reverse("chains:procurement_detail", args=[obj.pk]))


class ProcurementForm(forms.ModelForm):
    class Meta:
        model = Procurement
        fields = ("enterprise", "title", "category", "amount_wan", "deadline")

    def clean_enterprise(self):
        enterprise = self.cleaned_data["enterprise"]
        try:
            services.check_purchaser(enterprise.pk)
        except ValidationError as error:
            raise ValidationError(error.messages) from None
        return enterprise


@admin.register(Procurement)
class ProcurementAdmin(RecommendationInlineLink, RegistryImportExportMixin, ScopedHistoryAdmin):
    resource_classes = [ProcurementResource]
    form = ProcurementForm
    list_display = ("title", "enterprise", "category", "amount_wan", "deadline", "matching_page")
    list_filter = ("category", "enterprise__area")
    search_fields = ("title", "enterprise__name", "enterprise__credit_code")
    list_select_related = ("enterprise", "category")
    autocomplete_fields = ("enterprise",)
    actions = None

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        services.save_procurement(actor=request.user, plan=obj)


@admin.register(ProcurementRecommendation)
class ProcurementRecommendationAdmin(ScopedHistoryAdmin):
    """Read-only here: recommendations are sent, and their outcomes recorded, on the plan's matching page."""

    enterprise_path = "plan__enterprise"
    list_display = ("plan", "enterprise", "recommended_by", "recommended_at", "outcome", "outcome_at")
    list_filter = ("outcome",)
    search_fields = ("plan__title", "enterprise__name", "enterprise__credit_code")
    list_select_related = ("plan", "enterprise", "recommended_by")
    actions = None

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

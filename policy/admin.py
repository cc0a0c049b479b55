"""The policy floor in the admin: editions of the measures (政策参数) and of the national criteria. Every save goes
through policy.services, which records its author in the history."""

from datetime import timedelta

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from unfold.admin import ModelAdmin
from unfold.decorators import action

from audit.history_admin import WellFormedHistoryAdmin, pk_or_404

from . import selectors, services
from .decisions import decisions_under
from .models import CriteriaEdition, PolicyRecord
from .rules import edition_title, term_end


def _derives_period(form):
    """The issuance date was entered and the period was not set by hand: the period follows the issuance date."""
    changed = set(form.changed_data)
    return "issued_on" in changed and not changed & {"effective_from", "effective_until"}


class PolicyRecordForm(forms.ModelForm):
    """Refuses, as a form error with nothing saved, a change the service would refuse: the numbers or period of an
    edition with decisions under it."""

    def _post_clean(self):
        super()._post_clean()
        if self.errors:
            return
        if _derives_period(self):
            services.apply_term(self.instance)
        try:
            services.check_not_frozen(self.instance)
        except ValidationError as error:
            self.add_error(None, error)


class CopyEditionForm(forms.Form):
    document_number = forms.CharField(label="新版本发文字号", max_length=100,
                                      help_text="新版本以发文字号标识，须与已有版本不同")
    effective_from = forms.DateField(label="施行起始日", help_text="须晚于被复制版本的有效期截止日")
    effective_until = forms.DateField(label="有效期截止日")


class ObjectionDeskFilter(admin.SimpleListFilter):
    """The editions in force today or later that give the public no phone or no address for objections (the
    landing page's 公示缺异议受理电话或地址 opens this list)."""
    title = "异议受理联系方式"
    parameter_name = "objection_desk"

    def lookups(self, request, model_admin):
        return [("missing", "现行或待施行版本未填全电话和地址")]

    def queryset(self, request, queryset):
        if self.value() == "missing":
            return queryset.filter(pk__in=[e.pk for e in selectors.editions_without_objection_desk(
                timezone.localdate())])
        return queryset


@admin.register(PolicyRecord)
class PolicyRecordAdmin(WellFormedHistoryAdmin, ModelAdmin):
    form = PolicyRecordForm
    list_display = ("name", "document_number", "effective_from", "effective_until", "recognition_award_amount",
                    "growth_award_cap")
    list_filter = (ObjectionDeskFilter,)
    actions_detail = ["copy_as_new_edition"]
    fieldsets = (
        ("政策", {
            "fields": ("name", "document_number", "issued_on", "term_years", "effective_from", "effective_until",
                       "objection_contact", "objection_phone", "objection_address"),
            "description": "一个版本以发文字号标识。该版本下已有审核通过的奖励后，（三）（四）的数额、条件、公示天数、"
                           "认定有效期和施行期不可再改（政策名称、异议受理单位及电话地址、到期提醒和各项年度目标与基数仍可更正）；"
                           "政策调整请用“复制为新版本”，录入新的发文字号和施行期。",
        }),
        ("（三）首次认定奖励", {"fields": ("recognition_award_amount",)}),
        ("（四）成长奖励", {"fields": ("growth_output_min", "growth_output_max", "growth_output_rate_min",
                                "growth_tax_rate_min", "growth_award_rate", "growth_award_cap", "public_notice_days")}),
        ("认定有效期", {"fields": ("validity_innovative_years", "validity_municipal_years", "validity_regional_years",
                              "validity_little_giant_years", "validity_single_champion_years",
                              "expiry_warning_days")}),
        ("审核时限", {"fields": ("first_review_working_days", "second_review_working_days", "award_review_working_days")}),
        ("（二）倍增目标", {"fields": ("new_municipal_per_year", "baseline_date", "baseline_srdi_count",
                                "baseline_output_value", "count_doubling_years", "output_doubling_years")}),
        ("其他年度目标", {"fields": ("liaison_resolved_per_year", "listing_pool_min", "listing_goal",
                               "listing_goal_year", "training_managers_per_year")}),
    )

    def save_model(self, request, obj, form, change):
        services.save_policy_record(actor=request.user, record=obj, derive_period=_derives_period(form))

    def change_view(self, request, object_id, form_url="", extra_context=None):
        pk = pk_or_404(self.model, object_id)
        decisions = decisions_under([pk]).get(pk, 0)
        if decisions and request.method == "GET":
            self.message_user(request, (
                f"该版本下已有 {decisions} 项奖励审核通过：其数额和施行期不可再改（政策名称、异议受理单位、到期提醒和"
                "各项年度目标与基数仍可更正）。政策调整请点“复制为新版本”。"), messages.WARNING)
        return super().change_view(request, object_id, form_url, extra_context)

    def has_copy_edition_permission(self, request, object_id=None):
        return self.has_add_permission(request)

    @action(description="复制为新版本", url_path="copy", permissions=["copy_edition"])
    def copy_as_new_edition(self, request, object_id):
        """A small form: the new edition's document number and period (prefilled to start the day after the copied
        one ends, for its term), then services.copy_edition and on to the new edition's change form."""
        edition = self.get_object(request, object_id)
        if edition is None:
            raise Http404("未找到该政策版本")
        start = edition.effective_until + timedelta(days=1)
        form = CopyEditionForm(request.POST or None, initial={
            "effective_from": start, "effective_until": term_end(start, edition.term_years)})
        if request.method == "POST" and form.is_valid():
            try:
                copy = services.copy_edition(actor=request.user, edition=edition, **form.cleaned_data)
            except ValidationError as error:
                for field, errors in getattr(error, "message_dict", {None: error.messages}).items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                self.message_user(request, f"已复制为新版本{edition_title(copy)}，请核对并修改其数额后保存。",
                                  messages.SUCCESS)
                return redirect("admin:policy_policyrecord_change", copy.pk)
        context = {**self.admin_site.each_context(request), "title": f"复制为新版本：{edition_title(edition)}",
                   "edition": edition, "form": form, "opts": self.model._meta,
                   "back": reverse("admin:policy_policyrecord_change", args=[edition.pk])}
        return TemplateResponse(request, "policy/admin_copy_edition.html", context)


@admin.register(CriteriaEdition)
class CriteriaEditionAdmin(WellFormedHistoryAdmin, ModelAdmin):
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

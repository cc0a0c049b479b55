"""Staff work on awards: bureau reviewers (whole city), county officials (own area, read-only), finance officers
(payments), admins (policy records). Every change goes through awards.services."""

from urllib.parse import parse_qs, urlparse

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from unfold.decorators import action, display

from audit.admin_display import admin_table
from audit.history_admin import ReadableHistoryContext
from enterprises.admin_scope import ScopedHistoryAdmin
from enterprises.selectors import credit_listed_on
from policy.selectors import lapse_notice

from . import admin_batches, admin_budgets, admin_objections, admin_runs, holds, permissions, selectors, services  # noqa: F401  (register the batch, budget, objection and run admins)
from .export import export_rows, write_csv, write_xlsx
from .forms import PaymentForm, RejectAwardForm
from .models import Award, AwardRecovery
from .objections import ObjectionStatus
from .rules import masked_account
from .states import AwardState


class MaskedAccountHistory(ReadableHistoryContext):
    """The history page's changes with the bank account masked, as on the change form."""

    def prepare_delta_change_value(self, change, value):
        if change.field == "account_number":
            return masked_account(value or "")
        return super().prepare_delta_change_value(change, value)


def _with_account_field(fieldsets, name):
    return tuple((title, {**options, "fields": tuple(name if f == "account_number" else f for f in options["fields"])})
                 for title, options in fieldsets)


class KeepDecisionForm(forms.Form):
    reason = forms.CharField(label="维持原决定的理由", widget=forms.Textarea(attrs={"rows": 4}), min_length=4)


class PayableFilter(admin.SimpleListFilter):
    """待兑付: the awards finance may pay today (the landing page's count links here)."""

    title = "待办"
    parameter_name = "queue"

    def lookups(self, request, model_admin):
        return [("payable", "待兑付（公示期满、无拦截）"), ("late", "审核已超期（超过奖励审核时限）")]

    def queryset(self, request, queryset):
        if self.value() == "payable":
            return queryset.filter(pk__in=selectors.payable_award_ids(request.user))
        if self.value() == "late":
            return queryset.filter(pk__in=selectors.late_approval_ids(request.user))
        return queryset


@admin.register(Award)
class AwardAdmin(ScopedHistoryAdmin):
    list_display = ("enterprise", "area", "year", "kind", "outcome", "amount", "state_badge", "attention",
                    "hold_badges")
    list_filter = (PayableFilter, "year", "kind", "outcome", "state", "enterprise__area", "needs_attention")
    search_fields = ("enterprise__name", "enterprise__credit_code")
    list_select_related = ("enterprise", "enterprise__area")
    list_per_page = 50
    ordering = ("-year", "kind", "enterprise__name")
    actions = ["notify", "approve", "publish", "archive", "accept_new_results"]
    actions_list = ["export_csv", "export_xlsx"]
    actions_detail = ["reject", "pay", "keep_decision"]
    readonly_fields = [f.name for f in Award._meta.fields] + ["holds_now", "objections_summary",
                                                             "objections_with_link", "timeline", "recoveries",
                                                             "masked_account_number", "figures_table"]
    fieldsets = (
        ("资金拦截（信用审查、复核标记、公示异议）", {"fields": ("holds_now", "objections_summary")}),
        ("结果", {"fields": ("enterprise", "kind", "year", "recognition_date", "repeat_recognition", "policy", "clause",
                           "outcome", "amount", "reasons", "figures_table", "computed_at", "needs_attention",
                           "attention_reason", "recoveries")}),
        ("办理进度", {"fields": ("state", "state_changed_at", "notified_at", "account_name", "bank_name",
                             "account_number", "confirmed_at", "confirmed_by", "reviewed_at", "reviewed_by",
                             "rejection_reason", "notice_starts_on", "notice_ends_on", "paid_on", "voucher_number",
                             "paid_by", "archived_at")}),
        ("办理记录（台账）", {"fields": ("timeline",)}),
    )

    def get_queryset(self, request):
        # the hold columns of the list in the same query: open objections and a credit entry in force today
        return super().get_queryset(request).annotate(
            open_objections=Count("objections", filter=Q(objections__status=ObjectionStatus.OPEN), distinct=True),
            credit_listed=credit_listed_on(timezone.localdate()),
        )

    def changelist_view(self, request, extra_context=None):
        notice = lapse_notice(timezone.localdate())  # which edition lapsed on which day, before any result is read
        if notice is not None and request.method == "GET":
            self.message_user(request, notice.sentence, messages.WARNING)
        return super().changelist_view(request, extra_context)

    @display(description="资金拦截")
    def hold_badges(self, obj):
        badges = [label for label, on in (("待复核", obj.needs_attention), ("信用", getattr(obj, "credit_listed", False)),
                                          ("异议", getattr(obj, "open_objections", 0))) if on]
        return "、".join(badges) or "—"

    @display(description="当前拦截原因")
    def holds_now(self, obj):
        reasons = holds.holds_for([obj], on=timezone.localdate()).get(obj.pk)
        return "；".join(reasons) if reasons else "无：信用审查通过，无复核标记，无未办结异议"

    @display(description="公示异议")
    def objections_summary(self, obj):
        # counts for everyone who sees the award; the objector's details stay behind the objection admin (bureau)
        statuses = list(obj.objections.values_list("status", flat=True))
        if not statuses:
            return "无"
        return f"共 {len(statuses)} 件，待处理 {statuses.count(ObjectionStatus.OPEN)} 件"

    @display(description="公示异议")
    def objections_with_link(self, obj):
        text = self.objections_summary(obj)
        if text == "无":
            return text
        url = reverse("admin:awards_awardobjection_changelist") + f"?award__exact={obj.pk}"
        return format_html('{}（<a href="{}">查看并处理</a>）', text, url)

    @display(description="所用数据")
    def figures_table(self, obj):
        return admin_table(obj.figures)

    @display(description="银行账号")
    def masked_account_number(self, obj):
        return masked_account(obj.account_number) or "-"

    def get_historical_record_context_helper(self, request, historical_record):
        if permissions.sees_full_account(request.user, historical_record):
            return super().get_historical_record_context_helper(request, historical_record)
        return MaskedAccountHistory(self.model, historical_record)

    def get_fieldsets(self, request, obj=None):
        fieldsets = tuple(super().get_fieldsets(request, obj))  # amounts already readable (audit.admin_display)
        if obj is None or not permissions.sees_full_account(request.user, obj):
            fieldsets = _with_account_field(fieldsets, "masked_account_number")
        if not request.user.has_perm("awards.view_awardobjection"):
            return fieldsets
        holds_fields = ("holds_now", "objections_with_link")
        return ((fieldsets[0][0], {"fields": holds_fields}), *fieldsets[1:])

    @display(description="办理记录")
    def timeline(self, obj):
        return render_to_string("admin/awards/_timeline.html", {"events": obj.events.select_related("batch")})

    @display(description="追回")
    def recoveries(self, obj):
        rows = [f"{r.get_status_display()} {r.amount:,.2f} 元：{r.reason}" for r in AwardRecovery.objects.filter(award=obj)]
        return "；".join(rows) or "—"

    @display(description="所属区域", ordering="enterprise__area__sort_order")
    def area(self, obj):
        return obj.enterprise.area.name

    # Every state needs a colour: unfold shows the raw value of a state missing from this map.
    @display(description="状态", label={
        AwardState.UNMATCHED: "info", AwardState.CANDIDATE: "info", AwardState.NOTIFIED: "warning",
        AwardState.CONFIRMED: "warning", AwardState.APPROVED: "primary", AwardState.REJECTED: "danger",
        AwardState.PUBLIC_NOTICE: "primary", AwardState.PAID: "success", AwardState.ARCHIVED: "success",
    })
    def state_badge(self, obj):
        return obj.state, obj.get_state_display()

    @display(description="待复核", boolean=True)
    def attention(self, obj):
        return obj.needs_attention

    # permissions: rows are scoped by ScopedHistoryAdmin; nothing is added or deleted by hand
    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        # every field is read-only: an award changes through its actions (不予奖励, 登记兑付, 复核…), so its page
        # offers no 保存 buttons to anyone; whoever may change awards still sees them
        return False

    def has_view_permission(self, request, obj=None):
        return super().has_view_permission(request, obj) or request.user.has_perm("awards.change_award")

    def has_review_permission(self, request, obj=None):
        return permissions.can_review(request.user)

    def has_pay_permission(self, request, obj=None):
        return permissions.can_pay(request.user)

    def has_archive_permission(self, request, obj=None):
        return permissions.can_review(request.user) or permissions.can_pay(request.user)

    def _report(self, request, moved, skipped, verb):
        self.message_user(request, f"{verb} {len(moved)} 项。", messages.SUCCESS if moved else messages.WARNING)
        if skipped:
            self.message_user(request, f"{len(skipped)} 项当前状态不允许{verb}，已跳过。", messages.WARNING)

    @admin.action(description="精准推送：通知所选企业确认领取", permissions=["review"])
    def notify(self, request, queryset):
        self._report(request, *services.notify_awards(awards=list(queryset), actor=request.user), "推送")

    @admin.action(description="批量审核通过（企业已确认的）", permissions=["review"])
    def approve(self, request, queryset):
        self._report(request, *services.approve_awards(awards=list(queryset), actor=request.user), "审核通过")

    @admin.action(description="发布公示（自今日起，按政策公示天数）", permissions=["review"])
    def publish(self, request, queryset):
        self._report(request, *services.publish_notice(awards=list(queryset), actor=request.user), "发布公示")

    @admin.action(description="归档（已兑付或不予奖励的）", permissions=["archive"])
    def archive(self, request, queryset):
        self._report(request, *services.archive_awards(awards=list(queryset), actor=request.user), "归档")

    @admin.action(description="复核：采纳重新计算结果（金额按新结果调整）", permissions=["review"])
    def accept_new_results(self, request, queryset):
        count = 0
        for award in queryset.filter(needs_attention=True):
            services.resolve_flag(award=award, actor=request.user, accept=True)
            count += 1
        self.message_user(request, f"已采纳 {count} 项重新计算结果；已兑付且金额减少的，已立项追回。")

    # --- per-award forms (reject with a reason, record a payment) ---------------------------------------------

    def _scoped_award(self, request, object_id):
        award = self.get_object(request, object_id)  # scoped: another area's award is not found
        if award is None:
            raise Http404("未找到该奖励")
        return award

    def _form_page(self, request, award, form, title, submit):
        context = {**self.admin_site.each_context(request), "title": title, "award": award, "form": form,
                   "submit": submit, "opts": self.model._meta,
                   "back": reverse("admin:awards_award_change", args=[award.pk])}
        return TemplateResponse(request, "admin/awards/award_form_action.html", context)

    def _apply_form(self, request, award, form, call, success):
        try:
            call()
        except ValidationError as error:
            for field, errors in getattr(error, "message_dict", {None: error.messages}).items():
                form.add_error(field if field in form.fields else None, errors)
            return None
        except services.InvalidTransition as error:  # pragma: no cover - InvalidTransition is a ValidationError
            form.add_error(None, error.messages)
            return None
        self.message_user(request, success, messages.SUCCESS)
        return redirect("admin:awards_award_change", award.pk)

    @action(description="不予奖励", url_path="reject", permissions=["review"])
    def reject(self, request, object_id):
        award = self._scoped_award(request, object_id)
        form = RejectAwardForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            done = self._apply_form(request, award, form, lambda: services.reject_award(
                award=award, actor=request.user, reason=form.cleaned_data["reason"]), "已作出不予奖励决定。")
            if done:
                return done
        return self._form_page(request, award, form, f"不予奖励：{award}", "确认不予奖励")

    @action(description="登记兑付", url_path="pay", permissions=["pay"])
    def pay(self, request, object_id):
        award = self._scoped_award(request, object_id)
        form = PaymentForm(request.POST or None, initial={"paid_on": timezone.localdate()})
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            done = self._apply_form(request, award, form, lambda: services.record_payment(
                award=award, actor=request.user, paid_on=data["paid_on"], voucher_number=data["voucher_number"]),
                "已登记兑付。")
            if done:
                return done
        return self._form_page(request, award, form, f"登记兑付：{award}", "登记兑付")

    @action(description="复核：维持原决定", url_path="keep-decision", permissions=["review"])
    def keep_decision(self, request, object_id):
        award = self._scoped_award(request, object_id)
        form = KeepDecisionForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            done = self._apply_form(request, award, form, lambda: services.resolve_flag(
                award=award, actor=request.user, accept=False, reason=form.cleaned_data["reason"]),
                "已维持原决定，复核标记已处理。")
            if done:
                return done
        return self._form_page(request, award, form, f"复核：维持原决定：{award}", "维持原决定")

    # --- export (the same file as `manage.py export_awards`) ---------------------------------------------------

    def _export_year(self, request):
        year = request.GET.get("year")
        if not year:
            referer = parse_qs(urlparse(request.META.get("HTTP_REFERER", "")).query)
            year = (referer.get("year__exact") or referer.get("year") or [None])[0]
        if not year:
            latest = self.get_queryset(request).order_by("-year").values_list("year", flat=True).first()
            year = latest or timezone.localdate().year
        try:
            return int(year)
        except (TypeError, ValueError):
            raise PermissionDenied from None

    def _export(self, request, extension):
        if not self.has_view_permission(request):
            raise PermissionDenied
        year = self._export_year(request)
        rows = export_rows(year, self.get_queryset(request))  # a county exports its own area only
        filename = f"awards-{year}.{extension}"
        if extension == "csv":
            response = HttpResponse(content_type="text/csv; charset=utf-8")
            write_csv(rows, _TextWriter(response))
        else:
            response = HttpResponse(
                content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            )
            write_xlsx(rows, response)
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response

    @action(description="导出本年度（CSV）", url_path="export-csv", permissions=["view"])
    def export_csv(self, request):
        return self._export(request, "csv")

    @action(description="导出本年度（Excel）", url_path="export-xlsx", permissions=["view"])
    def export_xlsx(self, request):
        return self._export(request, "xlsx")


class _TextWriter:
    """Lets csv.writer write str into an HttpResponse."""

    def __init__(self, response):
        self.response = response

    def write(self, text):
        self.response.write(text)

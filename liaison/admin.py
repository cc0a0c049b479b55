"""Staff work on the liaison records: scoped by enterprises.admin_scope, every write through liaison.services."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from unfold.admin import ModelAdmin, TabularInline

from audit.history_admin import WellFormedHistoryAdmin
from enterprises.admin_scope import ScopedHistoryAdmin
from enterprises.models import User
from enterprises.roles import Role
from policy.levels import Level

from . import (
    admin_services,  # noqa: F401  (七) service records, carriers and packages register on import
    selectors,
    services,
    training_services,
)
from .admin_writes import ServiceWrites, about_row, field_values
from .models import (
    Difficulty,
    DifficultyTransition,
    DutyOutcome,
    LiaisonAssignment,
    SupportPlan,
    SupportPlanItem,
    TrainingAttendance,
    TrainingEvent,
    UnassignedEnterprise,
    Visit,
)
from .workflow import DifficultyStatus


def _file_link(enterprise_id, text="一户一档"):
    return format_html('<a href="{}">{}</a>', reverse("liaison:file", args=[enterprise_id]), text)


# --- assignments -------------------------------------------------------------------------------------------------

class AssignmentForm(forms.ModelForm):
    class Meta:
        model = LiaisonAssignment
        fields = ("enterprise", "officer", "started_on", "note")

    def clean(self):
        data = super().clean()
        if self.instance.pk is None and all(data.get(k) for k in ("enterprise", "officer", "started_on")):
            try:
                services.check_assignment(enterprise=data["enterprise"], officer=data["officer"],
                                          started_on=data["started_on"])
            except ValidationError as error:
                raise forms.ValidationError(error.messages) from None
        return data

    def validate_unique(self):
        # The one-active-row constraint is met by the service, which closes the current assignment first.
        pass


@admin.register(LiaisonAssignment)
class LiaisonAssignmentAdmin(ServiceWrites, ScopedHistoryAdmin):
    form = AssignmentForm
    list_display = ("enterprise", "area", "officer", "started_on", "ended_on", "assigned_by", "file_link")
    list_filter = ("enterprise__area", ("ended_on", admin.EmptyFieldListFilter))
    search_fields = ("enterprise__name", "enterprise__credit_code", "officer__username", "officer__last_name")
    list_select_related = ("enterprise", "enterprise__area", "officer", "assigned_by")
    autocomplete_fields = ("enterprise",)
    date_hierarchy = "started_on"

    @admin.display(description="区域", ordering="enterprise__area")
    def area(self, obj):
        return obj.enterprise.area

    @admin.display(description="档案")
    def file_link(self, obj):
        return _file_link(obj.enterprise_id)

    def get_fields(self, request, obj=None):
        if obj is None:
            return ("enterprise", "officer", "started_on", "note")
        return ("enterprise", "officer", "started_on", "ended_on", "assigned_by", "note")

    def get_readonly_fields(self, request, obj=None):
        return () if obj is None else ("enterprise", "officer", "started_on", "assigned_by")

    def get_changeform_initial_data(self, request):
        initial = super().get_changeform_initial_data(request)
        initial.setdefault("started_on", timezone.localdate())
        return initial

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "officer":
            kwargs["queryset"] = User.objects.filter(role=Role.LIAISON, is_active=True).order_by("username")
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    # No delete_one: the history of assignments is kept; end an assignment instead.

    def save_model(self, request, obj, form, change):
        if change:
            if obj.ended_on and "ended_on" in form.changed_data:
                services.end_assignment(actor=request.user, assignment=obj, ended_on=obj.ended_on, note=obj.note)
            else:
                services.update_assignment_note(actor=request.user, assignment=obj, note=obj.note)
            return
        created = services.assign_officer(
            actor=request.user, enterprise=obj.enterprise, officer=obj.officer, started_on=obj.started_on,
            note=obj.note,
        )
        obj.pk = created.pk


@admin.register(UnassignedEnterprise)
class UnassignedEnterpriseAdmin(ServiceWrites, ModelAdmin):
    """White-list enterprises with no liaison officer (八: each must have one)."""

    list_display = ("name", "credit_code", "area", "tier", "assign_link")
    list_filter = ("area",)
    search_fields = ("name", "credit_code")
    list_per_page = 50

    def get_queryset(self, request):
        return selectors.unassigned_white_list(request.user)

    @admin.display(description="当前层级")
    def tier(self, obj):
        return Level(obj.current_tier).label if obj.current_tier else "—"

    @admin.display(description="操作")
    def assign_link(self, obj):
        url = reverse("admin:liaison_liaisonassignment_add")
        return format_html('<a href="{}?enterprise={}">指派联络员</a>', url, obj.pk)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


# --- visits and difficulties -------------------------------------------------------------------------------------

@admin.register(Visit)
class VisitAdmin(ServiceWrites, ScopedHistoryAdmin):
    list_display = ("visited_on", "enterprise", "mode", "officer", "short_content", "follow_up_due")
    list_filter = ("mode", "enterprise__area")
    search_fields = ("enterprise__name", "content", "follow_up")
    list_select_related = ("enterprise", "officer")
    autocomplete_fields = ("enterprise",)
    date_hierarchy = "visited_on"
    fields = ("enterprise", "visited_on", "mode", "content", "follow_up", "follow_up_due")

    @admin.display(description="走访内容")
    def short_content(self, obj):
        return obj.content[:40]

    def get_changeform_initial_data(self, request):
        initial = super().get_changeform_initial_data(request)
        initial.setdefault("visited_on", timezone.localdate())
        return initial

    def save_model(self, request, obj, form, change):
        if change:
            services.update_visit(actor=request.user, visit=obj, **field_values(obj, self.fields))
        else:
            obj.pk = services.log_visit(actor=request.user, **field_values(obj, self.fields)).pk

    def delete_one(self, actor, obj):
        services.delete_visit(actor=actor, visit=obj)


class TransitionInline(TabularInline):
    model = DifficultyTransition
    extra = 0
    fields = ("at", "from_status", "to_status", "actor", "note")
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Difficulty)
class DifficultyAdmin(ServiceWrites, ScopedHistoryAdmin):
    list_display = ("submitted_on", "enterprise", "category", "title", "source", "status", "officer", "resolved_on",
                    "handle_link")
    list_filter = ("status", "category", "source", "enterprise__area")
    search_fields = ("enterprise__name", "title", "description")
    list_select_related = ("enterprise", "officer")
    autocomplete_fields = ("enterprise",)
    date_hierarchy = "submitted_on"
    inlines = [TransitionInline]
    actions = ["accept_selected"]

    def get_fields(self, request, obj=None):
        if obj is None:
            return ("enterprise", "category", "title", "description", "department", "submitted_on")
        return ("enterprise", "category", "title", "description", "department", "source", "submitted_on", "status",
                "officer", "accepted_on", "escalated_on", "resolved_on", "resolution")

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return ()
        # The state and its dates move only through the flow (办理 page), which records who and when.
        return ("enterprise", "source", "submitted_on", "status", "officer", "accepted_on", "escalated_on",
                "resolved_on", "resolution")

    @admin.display(description="办理")
    def handle_link(self, obj):
        return format_html('<a href="{}">办理</a>', reverse("liaison:difficulty", args=[obj.pk]))

    def get_changeform_initial_data(self, request):
        initial = super().get_changeform_initial_data(request)
        initial.setdefault("submitted_on", timezone.localdate())
        return initial

    # No delete_one: a case and its transitions are the record of the flow, and resolved cases count for the duty.

    def save_model(self, request, obj, form, change):
        if change:
            services.update_difficulty(actor=request.user, difficulty=obj,
                                       **field_values(obj, ("title", "description", "category", "department")))
            return
        difficulty = services.submit_difficulty(
            actor=request.user, enterprise=obj.enterprise, title=obj.title, description=obj.description,
            category=obj.category, department=obj.department, submitted_on=obj.submitted_on,
        )
        obj.pk = difficulty.pk

    @admin.action(description="受理选中的待受理诉求", permissions=["change"])
    def accept_selected(self, request, queryset):
        done, refused = 0, []
        for difficulty in queryset.filter(status=DifficultyStatus.OPEN).order_by("pk"):
            try:
                services.transition_difficulty(actor=request.user, difficulty=difficulty,
                                               to_status=DifficultyStatus.IN_PROGRESS)
            except ValidationError as error:
                refused.append(f"{difficulty}：{'；'.join(error.messages)}")
            else:
                done += 1
        self.message_user(request, f"已受理 {done} 项。", messages.SUCCESS)
        for message in refused:
            self.message_user(request, f"未能受理 {message}", messages.ERROR)


# --- one firm one policy -----------------------------------------------------------------------------------------

class SupportPlanItemInline(TabularInline):
    model = SupportPlanItem
    extra = 1
    fields = ("measure", "action", "owner", "due_on", "status", "note")


@admin.register(SupportPlan)
class SupportPlanAdmin(ServiceWrites, ScopedHistoryAdmin):
    list_display = ("enterprise", "year", "prepared_by", "created_at", "file_link")
    list_filter = ("year", "enterprise__area")
    search_fields = ("enterprise__name", "summary")
    list_select_related = ("enterprise", "prepared_by")
    autocomplete_fields = ("enterprise",)
    fields = ("enterprise", "year", "summary")
    inlines = [SupportPlanItemInline]

    @admin.display(description="档案")
    def file_link(self, obj):
        return _file_link(obj.enterprise_id)

    def get_readonly_fields(self, request, obj=None):
        return () if obj is None else ("enterprise", "year")

    def save_model(self, request, obj, form, change):
        # enterprise and year are read-only once the plan exists: this replaces the summary of that plan
        plan = services.save_support_plan(actor=request.user, enterprise=obj.enterprise, year=obj.year,
                                          summary=obj.summary)
        obj.pk = plan.pk

    def save_formset(self, request, form, formset, change):
        fields = SupportPlanItemInline.fields
        formset.save(commit=False)
        for item in formset.deleted_objects:
            with about_row(item):
                services.delete_plan_item(actor=request.user, item=item)
        for item, _ in formset.changed_objects:
            with about_row(item):
                services.update_plan_item(actor=request.user, item=item, **field_values(item, fields))
        for item in formset.new_objects:
            with about_row(item):
                services.add_plan_item(actor=request.user, plan=form.instance, **field_values(item, fields))

    def delete_one(self, actor, obj):
        services.delete_support_plan(actor=actor, plan=obj)


# --- the yearly duty -----------------------------------------------------------------------------------------------

@admin.register(DutyOutcome)
class DutyOutcomeAdmin(ServiceWrites, ScopedHistoryAdmin):
    area_path = "area"
    list_display = ("year", "area", "officer", "enterprise", "resolved_count", "required", "met", "reference_day",
                    "evaluated_at")
    list_filter = ("year", "met", "area")
    search_fields = ("enterprise__name", "officer__username", "officer__last_name")
    list_select_related = ("area", "officer", "enterprise")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False  # outcomes are written by the yearly evaluation only (and no delete_one)


# --- training (十六) and service records (七) ----------------------------------------------------------------------

class TrainingAttendanceInline(TabularInline):
    model = TrainingAttendance
    extra = 3
    fields = ("enterprise", "managers", "attendee_names")
    autocomplete_fields = ("enterprise",)


@admin.register(TrainingEvent)
class TrainingEventAdmin(ServiceWrites, WellFormedHistoryAdmin, ModelAdmin):
    list_display = ("title", "held_on", "days", "organizer", "venue")
    search_fields = ("title", "organizer", "venue")
    date_hierarchy = "held_on"
    fields = ("title", "held_on", "days", "organizer", "venue", "description")
    inlines = [TrainingAttendanceInline]

    def save_model(self, request, obj, form, change):
        if change:
            training_services.update_training_event(actor=request.user, event=obj, **field_values(obj, self.fields))
        else:
            obj.pk = training_services.record_training_event(actor=request.user, **field_values(obj, self.fields)).pk

    def save_formset(self, request, form, formset, change):
        fields = TrainingAttendanceInline.fields
        formset.save(commit=False)
        for attendance in formset.deleted_objects:
            with about_row(attendance):
                training_services.remove_attendance(actor=request.user, attendance=attendance)
        for attendance, _ in formset.changed_objects:
            with about_row(attendance):
                training_services.update_attendance(actor=request.user, attendance=attendance, **field_values(attendance, fields))
        for attendance in formset.new_objects:
            with about_row(attendance):
                training_services.record_attendance(actor=request.user, event=form.instance, **field_values(attendance, fields))

    def delete_one(self, actor, obj):
        training_services.delete_training_event(actor=actor, event=obj)

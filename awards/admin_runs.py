"""资格重算任务 in the admin: staff start a year's run by adding one, watch its chunks and heartbeat, and continue
(继续计算) a run marked 中断 or 失败. Every change goes through awards.services."""

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.http import Http404, JsonResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from unfold.admin import ModelAdmin, TabularInline
from unfold.decorators import action, display

from audit.history_admin import WellFormedHistoryAdmin, well_formed_pk

from . import permissions, runs, services
from .admin_whatif import WhatIfAdminMixin
from .models import RecomputeChunk, RecomputeRun

BADGES = {
    RecomputeRun.Status.INTERRUPTED: "bg-red-100 text-red-700",
    RecomputeRun.Status.FAILED: "bg-red-100 text-red-700",
    RecomputeRun.Status.SUCCEEDED: "bg-green-100 text-green-700",
}


def state_of(run):
    """What a run's state is, as staff should read it: a live run whose heartbeat stopped says so."""
    label = run.get_status_display()
    if runs.is_stale(run):
        return f"{label}（心跳已停止）", BADGES[RecomputeRun.Status.INTERRUPTED]
    return label, BADGES.get(run.status, "bg-amber-100 text-amber-700")


def progress_of(run):
    label, css = state_of(run)
    return {
        "status": run.status, "label": label, "css": css, "done": run.done, "total": run.total,
        "percent": run.progress_percent, "unfinished": run.status in runs.UNFINISHED,
        "text": f"已处理 {run.done:,}/{run.total:,} 家（{run.progress_percent}%）",
    }


class RecomputeChunkInline(TabularInline):
    model = RecomputeChunk
    extra = 0
    can_delete = False
    fields = ("number", "size", "attempts", "started_at", "done_at", "created", "updated", "flagged", "unchanged")
    readonly_fields = fields
    ordering = ("number",)
    verbose_name_plural = "批次（每批一个任务、一次提交）"

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class RunForm(forms.ModelForm):
    class Meta:
        model = RecomputeRun
        fields = ("year",)

    def clean_year(self):
        year = self.cleaned_data["year"]
        live = RecomputeRun.objects.filter(year=year, status__in=runs.LIVE).first()
        if live is not None and not runs.is_stale(live):
            raise ValidationError(runs.busy_message(live))
        return year


class ResumeForm(forms.Form):
    confirm = forms.BooleanField(label="确认继续：已完成的批次保留，其余批次重新排队计算", required=True)


@admin.register(RecomputeRun)
class RecomputeRunAdmin(WhatIfAdminMixin, WellFormedHistoryAdmin, ModelAdmin):
    """Staff trigger a run for a chosen year by adding one (a year's interrupted run is continued instead); the
    workers fill in the chunks, the heartbeat and the counts. Its history says who started, interrupted (the
    heartbeat check) and continued it."""

    form = RunForm
    change_form_template = "admin/awards/recomputerun/change_form.html"
    list_display = ("year", "status_badge", "progress", "created", "updated", "flagged", "heartbeat",
                    "requested_at", "finished_at", "triggered_by")
    list_filter = ("status", "year")
    ordering = ("-requested_at",)
    actions_detail = ["resume"]
    actions_list = ["whatif"]  # 政策模拟 (awards.admin_whatif)

    def get_fields(self, request, obj=None):
        if obj is None:
            return ("year",)
        # state and progress are the live panel above the fields (change_form.html), not a copy read at load
        return ("year", "note", "chunks_label", "created", "updated", "flagged", "unchanged", "growth_policy",
                "requested_at", "started_at", "heartbeat_at", "finished_at", "triggered_by")

    def get_readonly_fields(self, request, obj=None):
        return () if obj is None else self.get_fields(request, obj)

    def get_inlines(self, request, obj):
        return [RecomputeChunkInline] if obj is not None else []

    @display(description="状态")
    def status_badge(self, obj):
        label, css = state_of(obj)
        return format_html('<span class="rounded px-2 py-0.5 text-xs font-semibold {}">{}</span>', css, label)

    @display(description="进度")
    def progress(self, obj):
        return f"{obj.done}/{obj.total}（{obj.progress_percent}%）"

    @display(description="最近心跳")
    def heartbeat(self, obj):
        if obj.heartbeat_at is None or obj.status not in runs.UNFINISHED:
            return "—"
        seconds = int((timezone.now() - obj.heartbeat_at).total_seconds())
        return f"{seconds // 60} 分钟前" if seconds >= 60 else f"{max(seconds, 0)} 秒前"

    @display(description="说明")
    def note(self, obj):
        return obj.error or "—"

    @display(description="批次")
    def chunks_label(self, obj):
        progress = runs.chunk_progress(obj)
        if not progress.chunks:
            return "尚未拆分"
        left = f"；未完成第 {progress.left_label} 批" if progress.left else ""
        return f"已完成 {progress.chunks_done}/{progress.chunks} 批{left}"

    def has_add_permission(self, request):
        return super().has_add_permission(request) and permissions.can_recompute(request.user)

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_resume_permission(self, request, object_id=None):
        """Who may start a run may continue one — an interrupted, failed or stale one (unfold hides the button
        elsewhere)."""
        if not self.has_add_permission(request):
            return False
        if object_id is None:
            return True
        run = RecomputeRun.objects.filter(pk=well_formed_pk(RecomputeRun, object_id)).first()
        return run is None or run.status in runs.RESUMABLE or runs.is_stale(run)  # no such run: the view's 404

    def save_model(self, request, obj, form, change):
        # Queued on commit of the admin's transaction, so the worker sees the run.
        try:
            run = services.start_recompute(year=obj.year, actor=request.user)
        except ValidationError as error:  # another request started the year's run after the form was checked
            run = RecomputeRun.objects.filter(year=obj.year, status__in=runs.UNFINISHED).first()
            self.message_user(request, "；".join(error.messages), messages.ERROR)
            if run is None:
                raise
            obj.pk = run.pk
            return
        obj.pk, obj.triggered_by, obj.requested_at = run.pk, run.triggered_by, run.requested_at
        if run.resumed:
            self.message_user(request, f"{obj.year} 年已有中断的资格重算任务（编号 {run.pk}），已继续计算其未完成的批次。")
        else:
            self.message_user(request, f"已发起 {obj.year} 年资格重算（编号 {run.pk}），本页显示其实时进度。")

    def response_add(self, request, obj, post_url_continue=None):
        # The run's own page: its true state and a live progress bar (not a list row read before the run started)
        return redirect("admin:awards_recomputerun_change", obj.pk)

    def get_changeform_initial_data(self, request):
        return {"year": timezone.localdate().year - 1}  # the year just closed, as the 1 March beat run

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        context["chunk_size"] = f"{settings.RECOMPUTE_CHUNK_SIZE:,}"
        if obj is not None:
            progress = progress_of(obj)
            context.update(progress_url=reverse("admin:awards_recomputerun_progress", args=[obj.pk]),
                           status_label=progress["label"], status_css=progress["css"],
                           unfinished=progress["unfinished"])
        return super().render_change_form(request, context, add=add, change=change, form_url=form_url, obj=obj)

    def get_urls(self):
        progress = path("<path:object_id>/progress.json", self.admin_site.admin_view(self.progress_json),
                        name="awards_recomputerun_progress")
        return [progress, *super().get_urls()]

    def progress_json(self, request, object_id):
        run = self.get_object(request, object_id)
        if run is None or not self.has_view_permission(request, run):
            raise Http404("未找到该重算任务")
        return JsonResponse(progress_of(run))

    @action(description="继续计算", url_path="resume", permissions=["resume"])
    def resume(self, request, object_id):
        run = self.get_object(request, object_id)  # None for a malformed or unknown id
        if run is None:
            raise Http404("未找到该重算任务")
        back = reverse("admin:awards_recomputerun_change", args=[run.pk])
        form = ResumeForm(request.POST or None)
        if run.status not in runs.RESUMABLE and not runs.is_stale(run):
            self.message_user(request, f"该任务当前为“{run.get_status_display()}”，无需继续。", messages.WARNING)
            return redirect(back)
        if request.method == "POST" and form.is_valid():
            try:
                if runs.is_stale(run):
                    runs.mark_stale_runs()
                    run.refresh_from_db()
                services.resume_recompute(run=run, actor=request.user)
            except ValidationError as error:
                form.add_error(None, error.messages)
            else:
                self.message_user(request, "已继续计算：未完成的批次已重新排队。", messages.SUCCESS)
                return redirect(back)
        context = {**self.admin_site.each_context(request), "title": f"继续计算：{run}", "form": form,
                   "submit": "继续计算", "errors": [run.error] if run.error else [], "multipart": False,
                   "opts": self.model._meta, "back": back}
        return TemplateResponse(request, "admin/awards/paymentbatch/form.html", context)

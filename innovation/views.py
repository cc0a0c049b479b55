"""Pages of (十三) 揭榜 and (十四) 技术改造: parse, call one selector or service, render. A guessed id of a record
outside the user's scope answers 404."""

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from enterprises.roles import Role

from . import exports, selectors, services
from .forms import DemandForm, MoveForm, ProjectForm
from .models import Match, RenovationProject, TechAchievement, TechDemand
from .states import MatchState, allowed_moves


def _is_enterprise(user):
    return getattr(user, "role", None) == Role.ENTERPRISE


def _staff_only(user):
    if _is_enterprise(user):
        raise PermissionDenied("该页面供主管部门使用")


def _year(params):
    current = timezone.localdate().year
    try:
        year = int(params.get("year", current))
    except (TypeError, ValueError):
        return current
    return year if 2000 <= year <= current + 1 else current


def _errors(error):
    return "；".join(getattr(error, "messages", [str(error)]))


def _get_or_404(read, user, pk, what):
    try:
        return read(user, pk)
    except (TechDemand.DoesNotExist, RenovationProject.DoesNotExist, Match.DoesNotExist):
        raise Http404(f"未找到该{what}") from None


# -- (十三) demands ----------------------------------------------------------------------------------------------

@permission_required("innovation.view_techdemand", raise_exception=True)
def demand_list(request):
    """The enterprise: its demands with their candidate achievements. Staff: the demands in their scope."""
    demands = selectors.demands_for(request.user)
    if _is_enterprise(request.user):
        demands = list(demands)
        suggestions = selectors.achievement_candidates(demands)
        for demand in demands:
            demand.suggestions = suggestions.get(demand.pk, [])
        return render(request, "innovation/demand_list.html", {"demands": demands, "own": True})
    page = Paginator(demands, 50).get_page(request.GET.get("page"))
    return render(request, "innovation/demand_list.html", {"page": page, "demands": page, "own": False})


def _own_form(request, form_class, instance, save, template, back, what):
    if not request.user.enterprise_id:
        raise Http404(f"仅企业用户可在线填报{what}")
    if instance.pk and not instance.editable:
        messages.error(request, "已提交的信息不能修改；如需修改，请联系县（市、区）工信部门退回")
        return redirect(back)
    form = form_class(request.POST or None, instance=instance)
    if request.method == "POST" and form.is_valid():
        try:
            save(actor=request.user, record=form.instance)
        except ValidationError as error:
            form.add_error(None, _errors(error))
        else:
            messages.success(request, f"{what}已保存为草稿。确认无误后请点击“提交”，经县（市、区）确认后生效。")
            return redirect(back)
    return render(request, template, {"form": form, "record": instance, "what": what, "back": back})


def _save_demand(*, actor, record):
    return services.save_demand_draft(actor=actor, demand=record)


def _save_project(*, actor, record):
    return services.save_project_draft(actor=actor, project=record)


@permission_required("innovation.add_techdemand", raise_exception=True)
def demand_new(request):
    return _own_form(request, DemandForm, TechDemand(), _save_demand, "innovation/record_form.html",
                     "innovation:demands", "技术需求")


@permission_required("innovation.add_techdemand", raise_exception=True)
def demand_edit(request, pk):
    demand = _get_or_404(selectors.demand_for, request.user, pk, "技术需求")
    return _own_form(request, DemandForm, demand, _save_demand, "innovation/record_form.html",
                     "innovation:demands", "技术需求")


def _submit(request, record, back):
    try:
        services.submit_record(actor=request.user, record=record)
    except (ValidationError, PermissionDenied) as error:
        messages.error(request, _errors(error))
    else:
        messages.success(request, f"“{record}”已提交，等待县（市、区）工信部门确认。")
    return redirect(back)


@require_POST
@permission_required("innovation.add_techdemand", raise_exception=True)
def demand_submit(request, pk):
    return _submit(request, _get_or_404(selectors.demand_for, request.user, pk, "技术需求"), "innovation:demands")


@permission_required("innovation.view_techdemand", raise_exception=True)
def demand_detail(request, pk):
    demand = _get_or_404(selectors.demand_for, request.user, pk, "技术需求")
    return render(request, "innovation/demand_detail.html", {
        "demand": demand, "suggestions": selectors.achievement_candidates([demand]).get(demand.pk, []),
        "matches": list(demand.matches.select_related("achievement")),
        "own": _is_enterprise(request.user), "can_recommend": request.user.has_perm("innovation.add_match"),
    })


def _achievement_or_404(pk):
    try:
        return TechAchievement.objects.get(pk=pk)
    except TechAchievement.DoesNotExist:
        raise Http404("未找到该技术成果") from None


@require_POST
@permission_required("innovation.view_techdemand", raise_exception=True)
def demand_interest(request, pk, achievement_id):
    """The enterprise marks interest in an achievement for its confirmed demand: a 推荐 flagged “企业有意向” for the
    bureau (kept if the bureau had recommended it already). Any achievement of the catalogue may be named — the
    candidates are a suggestion, not a fence — and its similarity is recorded when it is one of them."""
    demand = _get_or_404(selectors.demand_for, request.user, pk, "技术需求")
    achievement = _achievement_or_404(achievement_id)
    candidate = selectors.candidate_for(demand, achievement.pk)
    try:
        services.mark_interest(actor=request.user, demand=demand, achievement=achievement,
                               similarity=candidate.score if candidate else 0)
    except (ValidationError, PermissionDenied) as error:
        messages.error(request, _errors(error))
    else:
        messages.success(request, f"已向主管部门表达对“{achievement.name}”的对接意向，将有专人与您联系。")
    return redirect("innovation:demand", pk=pk)


@require_POST
@permission_required("innovation.add_match", raise_exception=True)
def demand_recommend(request, pk, achievement_id):
    demand = _get_or_404(selectors.demand_for, request.user, pk, "技术需求")
    achievement = _achievement_or_404(achievement_id)
    candidate = selectors.candidate_for(demand, achievement.pk)
    try:
        match = services.recommend(actor=request.user, demand=demand, achievement=achievement,
                                   similarity=candidate.score if candidate else 0)
    except (ValidationError, PermissionDenied) as error:
        messages.error(request, _errors(error))
        return redirect("innovation:demand", pk=pk)
    messages.success(request, f"已推荐“{achievement.name}”。")
    return redirect("innovation:match", pk=match.pk)


@permission_required("innovation.add_match", raise_exception=True)
def achievement_list(request):
    """The achievement catalogue (院校解题), searchable by name or institution; each opens its candidate demands."""
    query = request.GET.get("q", "").strip()[:50]
    page = Paginator(selectors.search_achievements(query), 50).get_page(request.GET.get("page"))
    return render(request, "innovation/achievement_list.html", {"page": page, "q": query})


@permission_required("innovation.add_match", raise_exception=True)
def achievement_detail(request, pk):
    achievement = _achievement_or_404(pk)
    return render(request, "innovation/achievement_detail.html", {
        "achievement": achievement, "suggestions": selectors.demand_candidates(achievement, request.user),
    })


# -- (十三) matches and the pipeline -----------------------------------------------------------------------------

@permission_required("innovation.view_match", raise_exception=True)
def match_detail(request, pk, form=None):
    _staff_only(request.user)
    match = _get_or_404(selectors.match_for, request.user, pk, "对接")
    can_move = request.user.has_perm("innovation.change_match") and bool(allowed_moves(match.state))
    if can_move and form is None:
        form = MoveForm(state=match.state)
    return render(request, "innovation/match_detail.html", {
        "match": match, "form": form if can_move else None,
    }, status=400 if form is not None and form.is_bound else 200)


@require_POST
@permission_required("innovation.change_match", raise_exception=True)
def match_move(request, pk):
    _staff_only(request.user)
    match = _get_or_404(selectors.match_for, request.user, pk, "对接")
    form = MoveForm(request.POST, state=match.state)
    if form.is_valid():
        try:
            moved = services.move_match(actor=request.user, match=match, to_state=form.cleaned_data["to_state"],
                                        reason=form.cleaned_data["reason"])
        except ValidationError as error:
            form.add_error(None, _errors(error))
        else:
            messages.success(request, f"已更新为“{moved.get_state_display()}”。")
            return redirect("innovation:match", pk=pk)
    return match_detail(request, pk, form=form)


@permission_required("innovation.view_match", raise_exception=True)
def pipeline(request):
    _staff_only(request.user)
    state = request.GET.get("state")
    state = state if state in MatchState.values else None
    return render(request, "innovation/pipeline.html", {
        "pipeline": selectors.pipeline(request.user, state=state), "state": state,
        "overdue": list(selectors.overdue_demands(request.user)[:50]),
    })


# -- (十四) renovation -------------------------------------------------------------------------------------------

@permission_required("innovation.view_renovationproject", raise_exception=True)
def renovation(request):
    _staff_only(request.user)
    year = _year(request.GET)
    projects = list(selectors.renovation_recommendations(request.user, year))
    return render(request, "innovation/renovation.html", {
        "year": year, "years": list(range(timezone.localdate().year + 1, timezone.localdate().year - 5, -1)),
        "headers": selectors.RENOVATION_HEADERS, "rows": selectors.renovation_rows(projects),
    })


@permission_required("innovation.view_renovationproject", raise_exception=True)
def renovation_xlsx(request):
    _staff_only(request.user)
    year = _year(request.GET)
    content = exports.renovation_workbook(year, selectors.renovation_rows(
        selectors.renovation_recommendations(request.user, year)))
    response = HttpResponse(content, content_type=exports.XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="renovation-{year}.xlsx"'
    return response


@permission_required("innovation.view_renovationproject", raise_exception=True)
def project_list(request):
    page = Paginator(selectors.projects_for(request.user), 50).get_page(request.GET.get("page"))
    return render(request, "innovation/project_list.html", {"page": page, "own": _is_enterprise(request.user)})


@permission_required("innovation.add_renovationproject", raise_exception=True)
def project_new(request):
    return _own_form(request, ProjectForm, RenovationProject(), _save_project, "innovation/record_form.html",
                     "innovation:projects", "技术改造项目")


@permission_required("innovation.add_renovationproject", raise_exception=True)
def project_edit(request, pk):
    project = _get_or_404(selectors.project_for, request.user, pk, "技术改造项目")
    return _own_form(request, ProjectForm, project, _save_project, "innovation/record_form.html",
                     "innovation:projects", "技术改造项目")


@require_POST
@permission_required("innovation.add_renovationproject", raise_exception=True)
def project_submit(request, pk):
    return _submit(request, _get_or_404(selectors.project_for, request.user, pk, "技术改造项目"),
                   "innovation:projects")

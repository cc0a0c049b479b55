"""Pages of the liaison measures: parse, call one selector or service, render."""


from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from enterprises import selectors as registry
from policy.selectors import edition_standing_on

from . import selectors, service_selectors, services, tasks
from .forms import DifficultyForm, TransitionForm
from .models import Difficulty
from .workflow import DifficultyStatus


def _year(params):
    """The year asked for, within a sane range; the running year otherwise."""
    current = timezone.localdate().year
    try:
        year = int(params.get("year", current))
    except (TypeError, ValueError):
        return current
    return year if 2000 <= year <= current else current


def _years():
    this_year = timezone.localdate().year
    return list(range(this_year, this_year - 6, -1))


@permission_required("liaison.add_visit", raise_exception=True)
def my_enterprises(request):
    """An officer's own enterprises with this year's duty progress."""
    today = timezone.localdate()
    required = edition_standing_on(today).liaison_resolved_per_year
    enterprises = list(selectors.officer_enterprises(request.user, today.year))
    for enterprise in enterprises:
        enterprise.duty_met = enterprise.resolved_this_year >= required
    return render(request, "liaison/my_enterprises.html", {
        "enterprises": enterprises, "year": today.year, "required": required,
        "unmet": sum(1 for e in enterprises if not e.duty_met),
    })


@permission_required("liaison.view_difficulty", raise_exception=True)
def my_difficulties(request):
    """Difficulties the user may follow: an enterprise its own, an officer its enterprises', a county its area's."""
    queryset = selectors.difficulties_for(request.user)
    status = request.GET.get("status")
    if status in DifficultyStatus.values:
        queryset = queryset.filter(status=status)
    page = Paginator(queryset, 50).get_page(request.GET.get("page"))
    return render(request, "liaison/difficulty_list.html", {
        "page": page, "status": status, "statuses": DifficultyStatus.choices,
        "can_submit": bool(request.user.enterprise_id) and request.user.has_perm("liaison.add_difficulty"),
    })


@permission_required("liaison.add_difficulty", raise_exception=True)
def difficulty_new(request):
    """The enterprise's own form: raise a difficulty for its liaison officer and county."""
    if not request.user.enterprise_id:
        raise Http404("仅企业用户可在线提交困难诉求")
    form = DifficultyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            difficulty = services.submit_difficulty(
                actor=request.user, enterprise=request.user.enterprise, **form.cleaned_data,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, "困难诉求已提交，联络员将尽快与您联系。")
            return redirect("liaison:difficulty", pk=difficulty.pk)
    return render(request, "liaison/difficulty_form.html", {"form": form})


def _difficulty_or_404(request, pk):
    try:
        return selectors.difficulty_for(request.user, pk)
    except Difficulty.DoesNotExist:
        raise Http404("未找到该困难诉求") from None


def difficulty_detail(request, pk, form=None):
    difficulty = _difficulty_or_404(request, pk)
    can_act = request.user.has_perm("liaison.change_difficulty")
    if can_act and form is None:
        form = TransitionForm(status=difficulty.status)
    return render(request, "liaison/difficulty_detail.html", {
        "difficulty": difficulty, "form": form if can_act and not form.is_terminal else None,
    }, status=400 if form is not None and form.is_bound else 200)


@require_POST
@permission_required("liaison.change_difficulty", raise_exception=True)
def difficulty_transition(request, pk):
    difficulty = _difficulty_or_404(request, pk)
    form = TransitionForm(request.POST, status=difficulty.status)
    if form.is_valid():
        try:
            services.transition_difficulty(actor=request.user, difficulty=difficulty, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, f"已更新为“{form.cleaned_data['to_status'].label}”。")
            return redirect("liaison:difficulty", pk=pk)
    return difficulty_detail(request, pk, form=form)


@permission_required("liaison.view_dutyoutcome", raise_exception=True)
def duty(request):
    """(八) per area and per officer: who has resolved the yearly difficulties and who has not."""
    year = _year(request.GET)
    years = _years()
    return render(request, "liaison/duty.html", {
        "report": selectors.duty_report(request.user, year), "year": year, "years": years,
        "can_evaluate": request.user.has_perm("liaison.change_dutyoutcome"),
    })


@require_POST
@permission_required("liaison.change_dutyoutcome", raise_exception=True)
def duty_evaluate(request):
    year = _year(request.POST)
    tasks.evaluate_liaison_duty.delay_on_commit(year, actor_id=request.user.pk)
    messages.success(request, f"已提交 {year} 年度履职核定，核定完成后刷新本页即可看到最新结果。")
    return redirect(f"{reverse('liaison:duty')}?year={year}")


@permission_required("liaison.view_trainingevent", raise_exception=True)
def training(request):
    """(十六) managers trained against the yearly goal; SRDI enterprises covered against all of them."""
    year = _year(request.GET)
    years = _years()
    progress, rows = selectors.training_progress(year, request.user)
    return render(request, "liaison/training.html", {
        "progress": progress, "rows": rows, "year": year, "years": years,
        "events": selectors.training_events(year),
    })


# --- (七) the exclusive service package and the coverage of the service fields -------------------------------------

@login_required
def service_package(request):
    """An enterprise's own page: the packages offered to it this year (if it is SRDI today), with the providers'
    contact person and phone; otherwise why nothing is offered yet."""
    if not request.user.enterprise_id or not request.user.has_perm("liaison.view_servicepackage"):
        raise Http404("仅企业用户可查看专属服务包")
    return render(request, "liaison/service_package.html", {
        "offer": service_selectors.package_offer(request.user.enterprise),
    })


@permission_required("liaison.view_serviceprovider", raise_exception=True)
def service_coverage(request):
    """(七) per service field, the share of SRDI enterprises served in the year: a county its own area."""
    area_ids = registry.area_ids_for(request.user)
    if area_ids == []:
        raise PermissionDenied("服务覆盖情况仅对县（市、区）工信部门和市级部门开放")
    year = _year(request.GET)
    return render(request, "liaison/service_coverage.html", {
        "coverage": service_selectors.service_coverage(year, area_ids), "year": year, "years": _years(),
        "area_name": request.user.area.name if area_ids else "全市",
    })

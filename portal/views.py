"""The pages that gather: the enterprise home, the one-firm file and the policy calculator. Parse, call one selector,
render."""

from datetime import date
from urllib.parse import quote

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from declarations.forms import AnnualYearForm
from declarations.permissions import is_enterprise_user, reviews_declarations
from declarations.states import WAITING_FOR, Kind
from enterprises.models import Enterprise
from enterprises.selectors import today
from liaison import services as liaison_services
from liaison.measures import Measure

from . import enterprise_home as home_page
from .calculator import TrialFigures, calculator_page, suggested_plan_items
from .firm_file import one_firm_file
from .firm_file_export import firm_file_workbook
from .forms import CalculatorForm


def enterprise_home(request):
    """企业首页 (/declarations/): an enterprise user's home; reviewers go to their queue."""
    if not is_enterprise_user(request.user):
        if reviews_declarations(request.user):
            return redirect("declarations:review_queue")
        raise Http404
    on = today()
    page = home_page.enterprise_home(request.user, on)
    return render(request, "portal/enterprise_home.html", {
        "page": page, "today": on, "waiting_for": WAITING_FOR,
        "year_form": AnnualYearForm(current_year=on.year),
        "application_this_year": next(
            (d for d in page.open_declarations + page.closed_declarations
             if d.kind == Kind.APPLICATION and d.year == on.year), None),
    })


def _file_or_404(request, pk):
    try:
        return one_firm_file(request.user, pk)
    except Enterprise.DoesNotExist:
        raise Http404("未找到该企业档案") from None


def firm_file(request, pk):
    """一户一档 (/liaison/file/<id>/): everything about one enterprise, readable on screen and printable."""
    return render(request, "portal/firm_file.html", {"file": _file_or_404(request, pk)})


def firm_file_xlsx(request, pk):
    file = _file_or_404(request, pk)
    response = HttpResponse(
        firm_file_workbook(file), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    filename = f"一户一档-{file.enterprise.credit_code}-{file.on:%Y%m%d}.xlsx"
    response["Content-Disposition"] = (
        f"attachment; filename=\"firm-file-{file.enterprise.pk}.xlsx\"; filename*=UTF-8''{quote(filename)}"
    )
    return response


def _calculator(request, pk):
    data = request.POST if request.method == "POST" else request.GET
    form = CalculatorForm(data) if CalculatorForm.submitted(data) else None
    trial = TrialFigures(**form.cleaned_data) if form is not None and form.is_valid() else None
    try:
        page = calculator_page(request.user, pk, trial=trial)
    except Enterprise.DoesNotExist:
        raise Http404("未找到该企业") from None
    if form is None:
        form = CalculatorForm(initial=_initial(page))
    return render(request, "portal/calculator.html", {"page": page, "form": form})


def _initial(page):
    """The trial form starts from the enterprise's own figures of the year shown."""
    current, previous = page.figures.get(page.year), page.figures.get(page.year - 1)
    initial = {"year": page.year}
    if current is not None:
        initial |= {"output_value": current.output_value, "tax_paid": current.tax_paid, "revenue": current.revenue,
                    "rd_expense": current.rd_expense, "employees": current.employees}
    if previous is not None:
        initial |= {"prior_output_value": previous.output_value, "prior_tax_paid": previous.tax_paid}
    return initial


def award_calculator(request):
    """政策计算器 (/awards/calculator/): the enterprise user's own."""
    return _calculator(request, None)


def award_calculator_for(request, pk):
    """政策计算器 of one enterprise, for its officer and its county (/awards/calculator/<id>/)."""
    return _calculator(request, pk)


@require_POST
def add_plan_suggestion(request, pk):
    """加入一企一策: one missed criterion of the tier check-up, recomputed here from the enterprise's data (never
    taken from the form's text), added to this year's support plan through the liaison service."""
    file = _file_or_404(request, pk)
    if not request.user.has_perm("liaison.add_supportplanitem"):
        raise Http404
    label = request.POST.get("label", "")
    action = dict(suggested_plan_items(file.next_tier_name, file.checkup)).get(label)
    if action is None:
        messages.error(request, "该建议事项已不适用（企业数据已变化），请刷新后重试")
        return redirect(f"{reverse('liaison:file', args=[pk])}#plan")
    year = file.on.year
    try:
        _, created = liaison_services.add_suggested_plan_item(
            actor=request.user, enterprise=file.enterprise, year=year, measure=Measure.GRADED_CULTIVATION,
            action=action, owner=str(request.user)[:100], due_on=date(year, 12, 31),
        )
    except PermissionDenied:
        raise Http404 from None
    if created:
        messages.success(request, f"已加入 {year} 年一企一策：{action}")
    else:
        messages.info(request, "该建议事项已在一企一策中")
    return redirect(f"{reverse('liaison:file', args=[pk])}#plan")

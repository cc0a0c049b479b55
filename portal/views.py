"""The pages that gather: the enterprise home and the one-firm file. Parse, call one selector, render."""

from urllib.parse import quote

from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render

from declarations.forms import AnnualYearForm
from declarations.permissions import is_enterprise_user, reviews_declarations
from declarations.states import WAITING_FOR, Kind
from enterprises.models import Enterprise
from enterprises.selectors import today

from . import enterprise_home as home_page
from .firm_file import one_firm_file
from .firm_file_export import firm_file_workbook


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

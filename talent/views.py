"""Talent pages: the enterprise files its needs (十六) and reads its talents (十七); the bureau and the counties read
the 急需紧缺人才需求目录. Parse, call one selector or service, render."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from enterprises.filing_services import NOT_EDITABLE, save_filing_draft, submit_filing
from enterprises.roles import Role
from enterprises.selectors import today

from . import exports, selectors
from .forms import TalentNeedForm
from .models import TalentNeed

DIRECTORY_PERMISSION = "talent.directory_talentneed"


def _enterprise_user(request):
    """Only an enterprise user files and reads its own records; anyone else gets the 404 of a missing page."""
    user = request.user
    if user.role != Role.ENTERPRISE or not user.enterprise_id:
        raise Http404("仅企业用户可使用本页面")
    return user


def _own_need_or_404(request, pk):
    try:
        return selectors.own_need(_enterprise_user(request), pk)
    except TalentNeed.DoesNotExist:
        raise Http404("未找到该人才需求") from None


@require_GET
def need_list(request):
    user = _enterprise_user(request)
    return render(request, "talent/needs.html", {"needs": list(selectors.own_needs(user)), "year": today().year})


def _save(request, form, need):
    try:
        save_filing_draft(actor=request.user, record=need)
    except (ValidationError, PermissionDenied) as error:
        form.add_error(None, "；".join(getattr(error, "messages", [str(error)])))
        return None
    messages.success(request, f"已保存草稿：{need.position}。确认无误后请点击“提交”，经县（市、区）工信部门确认后计入需求目录。")
    return redirect("talent:needs")


@require_http_methods(["GET", "POST"])
def need_new(request):
    _enterprise_user(request)
    form = TalentNeedForm(request.POST or None, current_year=today().year)
    if request.method == "POST" and form.is_valid():
        response = _save(request, form, form.instance)
        if response is not None:
            return response
    return render(request, "talent/need_form.html", {"form": form, "need": None})


@require_http_methods(["GET", "POST"])
def need_edit(request, pk):
    need = _own_need_or_404(request, pk)
    if not need.editable:
        messages.error(request, NOT_EDITABLE)
        return redirect("talent:needs")
    form = TalentNeedForm(request.POST or None, instance=need, current_year=today().year)
    if request.method == "POST" and form.is_valid():
        response = _save(request, form, form.instance)
        if response is not None:
            return response
    return render(request, "talent/need_form.html", {"form": form, "need": need})


@require_POST
def need_submit(request, pk):
    need = _own_need_or_404(request, pk)
    try:
        submit_filing(actor=request.user, record=need)
    except (ValidationError, PermissionDenied) as error:
        messages.error(request, "；".join(getattr(error, "messages", [str(error)])))
    else:
        messages.success(request, f"已提交“{need.position}”，请等待县（市、区）工信部门确认。")
    return redirect("talent:needs")


@require_GET
def talent_list(request):
    """(十七) The enterprise's own recognised talents, names shown: it is the enterprise itself."""
    user = _enterprise_user(request)
    return render(request, "talent/talents.html", {"talents": list(selectors.own_talents(user))})


def _year(request):
    current = today().year
    try:
        year = int(request.GET.get("year", current))
    except (TypeError, ValueError):
        return current
    return year if 2000 <= year <= current + 1 else current


def _directory(request):
    area_ids = selectors.directory_area_ids(request.user)
    if not request.user.has_perm(DIRECTORY_PERMISSION) or area_ids == []:
        raise PermissionDenied("无权查看急需紧缺人才需求目录")
    year = _year(request)
    scope_name = request.user.area.name if area_ids else "全市"
    return year, selectors.talent_directory(year, area_ids), scope_name


@require_GET
def directory(request):
    """(十六) The yearly 急需紧缺人才需求目录: city-wide for the bureau, a county's own area for the county."""
    year, catalogue, scope_name = _directory(request)
    current = today().year
    return render(request, "talent/directory.html", {
        "directory": catalogue, "year": year, "scope_name": scope_name,
        "years": list(range(current + 1, current - 5, -1)),
    })


@require_GET
def directory_xlsx(request):
    year, catalogue, scope_name = _directory(request)
    response = HttpResponse(exports.directory_xlsx(catalogue, scope_name), content_type=exports.XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = content_disposition_header(
        as_attachment=True, filename=f"急需紧缺人才需求目录_{year}_{scope_name}.xlsx",
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response



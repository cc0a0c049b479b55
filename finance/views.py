"""Finance pages: the summary, and the list-push flow (choose → preview → record and download → history)."""

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_GET, require_http_methods

from enterprises.selectors import today

from . import exports, selectors, services, support_selectors
from .forms import PushForm
from .models import ListPush

PREVIEW_ROWS = 200


def _year(request):
    current = today().year
    try:
        year = int(request.GET.get("year", current))
    except ValueError:
        return current
    return year if 2000 <= year <= current else current


@require_GET
@permission_required("finance.view_listingreserveentry", raise_exception=True)
def summary(request):
    year = _year(request)
    return render(request, "finance/summary.html", {
        "s": selectors.finance_summary(request.user, year),
        "support": support_selectors.support_overview(request.user, year),
        "years": range(today().year, today().year - 4, -1),
        "can_push": request.user.has_perm("finance.add_listpush"),
        "can_view_pushes": request.user.has_perm("finance.view_listpush"),
    })


@require_http_methods(["GET", "POST"])
@permission_required("finance.add_listpush", raise_exception=True)
def push_new(request):
    """GET: the filter form. POST "preview": the rows that would be sent. POST "confirm": record and go to the push."""
    form = PushForm(request.POST or None)
    if request.method == "POST" and request.POST.get("step") != "edit" and form.is_valid():
        data = form.cleaned_data
        if request.POST.get("step") == "confirm":
            try:
                push = services.record_push(
                    actor=request.user, recipient_kind=data["recipient_kind"], recipient_name=data["recipient_name"],
                    area=data["area"], tier=data["tier"], note=data["note"],
                    expected_fingerprint=request.POST.get("fingerprint", ""),
                )
            except ValidationError as error:
                messages.error(request, "；".join(error.messages))
            else:
                messages.success(request, f"已记录向“{push.recipient_name}”推送的名单（{push.row_count} 家企业），请下载发送。")
                return redirect("finance:push_detail", pk=push.pk)
        candidates = list(selectors.push_candidates(user=request.user, on=today(), area=data["area"], tier=data["tier"]))
        return render(request, "finance/push_preview.html", {
            "form": form, "data": data, "rows": candidates[:PREVIEW_ROWS], "total": len(candidates),
            "more": max(len(candidates) - PREVIEW_ROWS, 0), "as_of": today(),
            "fingerprint": selectors.fingerprint(e.pk for e in candidates),
            "filter_label": services.describe_filter(data["area"], data["tier"]),
        })
    return render(request, "finance/push_form.html", {"form": form})


@require_GET
@permission_required("finance.view_listpush", raise_exception=True)
def push_list(request):
    page = Paginator(selectors.pushes_for(request.user), 30).get_page(request.GET.get("page"))
    return render(request, "finance/push_list.html", {
        "page": page, "can_push": request.user.has_perm("finance.add_listpush"),
    })


def _push_for(user, pk):
    try:
        return selectors.pushes_for(user).get(pk=pk)
    except ListPush.DoesNotExist:
        raise Http404("未找到该推送记录") from None


@require_GET
@permission_required("finance.view_listpush", raise_exception=True)
def push_detail(request, pk):
    push = _push_for(request.user, pk)
    page = Paginator(selectors.push_rows(push), 100).get_page(request.GET.get("page"))
    return render(request, "finance/push_detail.html", {"push": push, "page": page})


@require_GET
@permission_required("finance.view_listpush", raise_exception=True)
def push_download(request, pk, fmt):
    """The push exactly as it was sent, from its snapshot rows: the same bytes at every download."""
    push = _push_for(request.user, pk)
    rows = list(selectors.push_rows(push))
    if fmt == "csv":
        content, content_type = exports.render_csv(rows), exports.CSV_CONTENT_TYPE
    elif fmt == "xlsx":
        content, content_type = exports.render_xlsx(push, rows), exports.XLSX_CONTENT_TYPE
    else:
        raise Http404("不支持的格式")
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(as_attachment=True, filename=exports.filename(push, fmt))
    response["X-Content-Type-Options"] = "nosniff"
    return response

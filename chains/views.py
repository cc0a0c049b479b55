"""Pages of the chain measures: the chain map and gap list (十一), procurement matching (十二), and the products an
enterprise files from its portal. Parse, call one selector or service, render."""

import io

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from openpyxl import Workbook

from enterprises.filing_services import save_filing_draft, submit_filing
from enterprises.models import Area
from enterprises.roles import Role
from enterprises.scoping import scope_areas
from enterprises.selectors import today

from . import selectors, services
from .forms import OutcomeForm, ProductForm, RecommendForm
from .models import Procurement, ProcurementRecommendation, Product

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _area(request):
    """The area the map is read for: a county its own, the bureau the one asked for (or the whole city)."""
    user = request.user
    if user.role == Role.COUNTY:
        return user.area
    try:
        return Area.objects.get(pk=int(request.GET.get("area", "")))
    except (ValueError, Area.DoesNotExist):
        return None


# ---- (十一) chain map --------------------------------------------------------------------------------------------

@require_GET
@permission_required("chains.view_chainlink", raise_exception=True)
def chain_map(request):
    area = _area(request)
    chains = selectors.chain_map(request.user, area_id=area.pk if area else None)
    return render(request, "chains/map.html", {
        "chains": chains, "gaps": selectors.gap_rows(chains), "gap_headers": selectors.GAP_HEADERS, "area": area,
        "areas": scope_areas(Area.objects.order_by("sort_order", "pk"), request.user, via=""),
        "can_choose_area": request.user.role != Role.COUNTY,
    })


@require_GET
@permission_required("chains.view_chainlink", raise_exception=True)
def gaps_export(request):
    """(十一) The gap list as an Excel workbook, for investment promotion (招商)."""
    area = _area(request)
    rows = selectors.gap_rows(selectors.chain_map(request.user, area_id=area.pk if area else None))
    book = Workbook()
    sheet = book.active
    sheet.title = "产业链缺口清单"
    sheet.append(selectors.GAP_HEADERS)
    for row in rows:
        sheet.append([_safe(cell) for cell in row])
    out = io.BytesIO()
    book.save(out)
    response = HttpResponse(out.getvalue(), content_type=XLSX)
    name = f"产业链缺口清单-{area.name if area else '全市'}-{today():%Y%m%d}.xlsx"
    response["Content-Disposition"] = content_disposition_header(as_attachment=True, filename=name)
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _safe(cell):
    # A cell starting like a formula is written as text, so the sheet never runs what a record typed.
    return f"'{cell}" if isinstance(cell, str) and cell[:1] in ("=", "+", "-", "@") else cell


# ---- (十二) procurement matching ---------------------------------------------------------------------------------

@require_GET
@permission_required("chains.view_procurement", raise_exception=True)
def procurement_list(request):
    return render(request, "chains/procurement_list.html", {"plans": selectors.plans_for(request.user)})


def _plan(user, pk):
    try:
        return selectors.plan_for(user, pk)
    except Procurement.DoesNotExist:
        raise Http404("未找到该采购计划") from None


@require_http_methods(["GET", "POST"])
@permission_required("chains.view_procurement", raise_exception=True)
def procurement_detail(request, pk):
    plan = _plan(request.user, pk)
    can_recommend = request.user.has_perm("chains.add_procurementrecommendation")
    ranked = selectors.recommend(plan, user=request.user)
    form = RecommendForm(request.POST or None, candidates=ranked)
    if request.method == "POST":
        if not can_recommend:
            raise PermissionDenied
        if form.is_valid():
            enterprise = next(e for e in ranked if e.pk == form.cleaned_data["enterprise"])
            try:
                services.recommend(actor=request.user, plan=plan, enterprise=enterprise,
                                   note=form.cleaned_data["note"])
            except ValidationError as error:
                messages.error(request, "；".join(error.messages))
            else:
                messages.success(request, f"已向“{plan.enterprise.name}”推荐“{enterprise.name}”。")
                return redirect("chains:procurement_detail", pk=plan.pk)
    return render(request, "chains/procurement_detail.html", {
        "plan": plan, "candidates": ranked, "form": form, "can_recommend": can_recommend,
        "recommendations": selectors.recommendations_of(plan), "outcome_form": OutcomeForm(),
    })


@require_POST
@permission_required("chains.change_procurementrecommendation", raise_exception=True)
def recommendation_outcome(request, pk):
    try:
        recommendation = selectors.recommendation_for(request.user, pk)
    except ProcurementRecommendation.DoesNotExist:
        raise Http404("未找到该推荐记录") from None
    form = OutcomeForm(request.POST)
    if form.is_valid():
        try:
            services.record_outcome(actor=request.user, recommendation=recommendation,
                                    outcome=form.cleaned_data["outcome"], note=form.cleaned_data["note"])
        except ValidationError as error:
            messages.error(request, "；".join(error.messages))
        else:
            messages.success(request, f"已登记“{recommendation.enterprise.name}”的对接结果。")
    else:
        messages.error(request, "对接结果无效，请重新选择")
    return redirect("chains:procurement_detail", pk=recommendation.plan_id)


# ---- products an enterprise files ----------------------------------------------------------------------------------

def _own_enterprise(request):
    if request.user.role != Role.ENTERPRISE or not request.user.enterprise_id:
        raise PermissionDenied("只有企业用户可以填报产品")
    return request.user.enterprise


def _own_product(request, pk):
    enterprise = _own_enterprise(request)
    try:
        return Product.objects.get(pk=pk, enterprise=enterprise)
    except Product.DoesNotExist:
        raise Http404("未找到该产品") from None


@require_GET
def product_list(request):
    enterprise = _own_enterprise(request)
    return render(request, "chains/product_list.html", {"products": selectors.products_of(enterprise)})


@require_http_methods(["GET", "POST"])
def product_edit(request, pk=None):
    product = _own_product(request, pk) if pk else Product(enterprise=_own_enterprise(request))
    if pk and not product.editable:
        messages.error(request, "已提交的产品不能修改；如需修改，请联系县（市、区）工信部门退回")
        return redirect("chains:product_list")
    form = ProductForm(request.POST or None, instance=product)
    if request.method == "POST" and form.is_valid():
        try:
            save_filing_draft(actor=request.user, record=form.instance)
        except ValidationError as error:
            for message in error.messages:
                form.add_error(None, message)
        else:
            messages.success(request, f"产品“{form.instance.name}”已保存为草稿，确认无误后请提交。")
            return redirect("chains:product_list")
    return render(request, "chains/product_form.html", {"form": form, "product": product})


@require_POST
def product_submit(request, pk):
    product = _own_product(request, pk)
    try:
        submit_filing(actor=request.user, record=product)
    except ValidationError as error:
        messages.error(request, "；".join(error.messages))
    else:
        messages.success(request, f"产品“{product.name}”已提交，待县（市、区）工信部门确认。")
    return redirect("chains:product_list")

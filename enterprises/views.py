from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.core.paginator import Paginator
from django.db import connection
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET

from policy.selectors import level_names

from . import selectors
from .models import Enterprise
from .roles import Role

# Where each role's work starts; staff roles not listed here land in the admin.
ROLE_HOME = {
    Role.ENTERPRISE: "declarations:home",
    Role.LIAISON: "liaison:my_enterprises",
}


def home(request):
    """Each role lands where its work is."""
    if request.user.role == Role.COUNTY and request.user.area_id:
        # County officials start their day on their area's quota dashboard.
        return redirect("dashboards:area", pk=request.user.area_id)
    if request.user.role in ROLE_HOME:
        return redirect(ROLE_HOME[request.user.role])
    if request.user.is_staff:
        return redirect("admin:index")
    return redirect("enterprises:list")


@login_not_required
@require_GET
def healthz(request):
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return HttpResponse("ok", content_type="text/plain")


class PortalLoginView(auth_views.LoginView):
    template_name = "registration/login.html"
    redirect_authenticated_user = True


def enterprise_list(request):
    queryset = selectors.with_current_tier(selectors.search_enterprises(request.user, request.GET.get("q")))
    page = Paginator(queryset.order_by("name", "pk"), 50).get_page(request.GET.get("page"))
    return render(request, "enterprises/enterprise_list.html", {"page": page, "q": request.GET.get("q", "")})


def enterprise_detail(request, pk):
    try:
        enterprise = selectors.enterprise_for(request.user, pk)
    except Enterprise.DoesNotExist:
        raise Http404("未找到该企业") from None
    designations = list(enterprise.designations.all())
    figures = list(enterprise.annual_figures.order_by("-year"))
    names = level_names()
    on = selectors.today()
    return render(request, "enterprises/enterprise_detail.html", {
        "enterprise": enterprise,
        "designations": [(d, names.name(d.level, d.granted_on)) for d in designations],
        "figures": figures,
        "current_tier": selectors.current_tier_name(designations, on, names),
        "white_listed": selectors.is_white_listed(designations),
        "can_see_file": request.user.has_perm("liaison.view_firmfile"),
    })


@login_not_required
def error_403(request, exception=None):
    return render(request, "errors/403.html", status=403)


@login_not_required
def error_404(request, exception=None):
    return render(request, "errors/404.html", status=404)


@login_not_required
def error_500(request):
    return render(request, "errors/500.html", status=500)

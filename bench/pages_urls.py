"""The product's URLs plus /bench/bare/: the yardstick of bench/pages_load.py, a plain Django view answering from
the same database (one enterprise by primary key), signed-out, with no template."""

from django.contrib.auth.decorators import login_not_required
from django.http import HttpResponse
from django.urls import path

from enterprises.models import Enterprise
from guilin_zjtx.urls import handler403, handler404, handler500  # noqa: F401
from guilin_zjtx.urls import urlpatterns as product_urlpatterns


@login_not_required
def bare(request):
    pk = int(request.GET.get("pk", 1))
    name = Enterprise.objects.filter(pk=pk).values_list("name", flat=True).first() or ""
    return HttpResponse(name, content_type="text/plain; charset=utf-8")


urlpatterns = [path("bench/bare/", bare), *product_urlpatterns]

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path, re_path
from django.views.generic import RedirectView

from api import urls as api_urls
from awards import urls as award_urls
from declarations import urls as declaration_urls
from enterprises import views as enterprise_views
from liaison import urls as liaison_urls
from portal import urls as portal_urls

admin.site.site_header = "桂林市专精特新中小企业服务平台 · 业务管理"
admin.site.site_title = "专精特新业务管理"
admin.site.index_title = "业务管理"

urlpatterns = [
    path("", enterprise_views.home, name="home"),
    path("healthz", enterprise_views.healthz, name="healthz"),
    path("accounts/login/", enterprise_views.PortalLoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("enterprises/", include("enterprises.urls")),
    path("declarations/", include((portal_urls.enterprise_home_patterns + declaration_urls.urlpatterns, "declarations"))),
    path("awards/", include((portal_urls.calculator_patterns + award_urls.urlpatterns, "awards"))),
    path("liaison/", include((portal_urls.firm_file_patterns + liaison_urls.urlpatterns, "liaison"))),
    path("finance/", include("finance.urls")),
    path("talent/", include("talent.urls")),
    path("markets/", include("markets.urls")),
    path("innovation/", include("innovation.urls")),
    path("chains/", include("chains.urls")),
    path("dashboards/", include("dashboards.urls")),
    path("", include("documents.urls")),
    path("", include(api_urls)),
    # Bookmarks from before the policy floor had its own app (政策参数 was under awards, 认定条件 under declarations).
    re_path(r"^admin/awards/policyrecord/(?P<rest>.*)$",
            RedirectView.as_view(url="/admin/policy/policyrecord/%(rest)s", permanent=True, query_string=True)),
    re_path(r"^admin/declarations/criteriaedition/(?P<rest>.*)$",
            RedirectView.as_view(url="/admin/policy/criteriaedition/%(rest)s", permanent=True, query_string=True)),
    path("admin/", admin.site.urls),
]

handler403 = "enterprises.views.error_403"
handler404 = "enterprises.views.error_404"
handler500 = "enterprises.views.error_500"

"""/api/v1/: token-authenticated, so exempt from the portal's session login (LoginRequiredMiddleware). Every call
of an interface is logged, and in production a plain-HTTP call is refused rather than redirected (a redirect would
already have carried the token in clear)."""

from functools import wraps

from django.conf import settings
from django.http import JsonResponse
from django.urls import URLPattern, URLResolver, path

from . import (
    endpoints,  # noqa: F401  (the routes register on the api)
    services,
)
from .errors import body
from .interface import api

DOCS = ("openapi-json", "openapi-view", "api-root")


def _logged(view):
    @wraps(view)
    def call(request, *args, **kwargs):
        if settings.API_HTTPS_ONLY and not request.is_secure():
            response = JsonResponse(body("开放接口仅接受 HTTPS 连接。"), status=403,
                                    json_dumps_params={"ensure_ascii": False})
        else:
            response = view(request, *args, **kwargs)
        services.log_call(
            token=getattr(request, "api_token", None), endpoint=request.path, method=request.method,
            status=response.status_code,
            row_count=getattr(request, "api_row_count", 0) if response.status_code < 400 else 0,
        )
        return response

    return call


def _token_only(patterns):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            _token_only(pattern.url_patterns)
        elif isinstance(pattern, URLPattern):
            if pattern.name not in DOCS:
                pattern.callback = _logged(pattern.callback)
            pattern.callback.login_required = False
    return patterns


_patterns, _app, _namespace = api.urls
urlpatterns = [path("api/v1/", (_token_only(_patterns), _app, _namespace))]

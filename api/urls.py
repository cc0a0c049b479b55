"""/api/v1/: token-authenticated, so exempt from the portal's session login (LoginRequiredMiddleware)."""

from django.urls import URLPattern, URLResolver, path

from . import endpoints  # noqa: F401  (the routes register on the api)
from .interface import api


def _token_only(patterns):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            _token_only(pattern.url_patterns)
        elif isinstance(pattern, URLPattern):
            pattern.callback.login_required = False
    return patterns


_patterns, _app, _namespace = api.urls
urlpatterns = [path("api/v1/", (_token_only(_patterns), _app, _namespace))]

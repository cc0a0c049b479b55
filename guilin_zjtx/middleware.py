"""Responses that carry confidential data are never stored by a browser or a proxy."""

from django.utils.cache import patch_cache_control


class ConfidentialNoStoreMiddleware:
    """`Cache-Control: no-store, private` on every response to a signed-in user and on every file download.

    The portal behind the login is confidential as a whole (figures, awards, bank accounts, exports), so one rule
    here rather than a decorator on each view: a new page or export cannot forget it. Public pages served to an
    anonymous visitor (notices, login) keep their caching.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        download = response.get("Content-Disposition", "").startswith("attachment")
        if download or (user is not None and user.is_authenticated):
            patch_cache_control(response, no_store=True, private=True)
        return response

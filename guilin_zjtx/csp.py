"""The admin theme's Alpine.js evaluates its attribute expressions, which needs 'unsafe-eval'. Only the staff-only
admin gets that relaxation; every page enterprises and the public see keeps the strict 'self'-only policy."""

ADMIN_PREFIX = "/admin/"


class AdminScriptEvalMiddleware:
    """Sits after django-csp's middleware, so it marks the response before the policy header is built."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.path_info.startswith(ADMIN_PREFIX):
            response._csp_update = {"script-src": ["'unsafe-eval'"]}
        return response

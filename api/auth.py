"""Bearer-token authentication for each kind of institution: a missing or bad token answers 401, a token of
another kind 403. The portal's session plays no part, so no CSRF token is asked of token-authenticated POSTs."""

from ninja.security import HttpBearer

from . import services
from .errors import ApiError
from .models import Institution


class InstitutionToken(HttpBearer):
    def __init__(self, kind):
        super().__init__()
        self.kind = kind

    def __call__(self, request):
        header = request.headers.get("Authorization", "")
        scheme, _, raw = header.partition(" ")
        if scheme.lower() != "bearer":
            raw = ""
        token = services.authenticate(raw.strip())
        request.api_token = token
        services.throttle(token)
        if token.kind != self.kind:
            raise ApiError(403, f"该令牌属于{token.get_kind_display()}，无权调用{Institution.Kind(self.kind).label}接口。")
        return token

    def authenticate(self, request, token):  # pragma: no cover - __call__ does the work
        raise NotImplementedError


BANK = InstitutionToken(Institution.Kind.BANK)
SUPPLIER = InstitutionToken(Institution.Kind.SUPPLIER)
DEPARTMENT = InstitutionToken(Institution.Kind.DEPARTMENT)

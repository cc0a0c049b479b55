"""The public pages' limit on objections: at most OBJECTIONS_PER_HOUR accepted objections an hour from one address,
counted across both notices (recognitions and awards), so that a flood cannot bury the real ones. The address is
read as the login lockout reads it (django-axes: the proxy's forwarded address where settings trust one)."""

from axes.helpers import get_client_ip_address
from django.core.cache import cache

OBJECTIONS_PER_HOUR = 5
HOUR = 60 * 60
THROTTLED = (
    f"提交过于频繁：同一网络每小时最多可提交 {OBJECTIONS_PER_HOUR} 件异议，请一小时后再试；"
    "情况紧急的，请按公示所列联系方式直接反映。"
)


def _key(request):
    return f"public-objections:{get_client_ip_address(request) or 'unknown'}"


def limit_reached(request):
    return cache.get(_key(request), 0) >= OBJECTIONS_PER_HOUR


def count_objection(request):
    """Count one accepted objection (a refused form counts nothing)."""
    key = _key(request)
    if not cache.add(key, 1, timeout=HOUR):
        try:
            cache.incr(key)
        except ValueError:  # expired in between
            cache.add(key, 1, timeout=HOUR)

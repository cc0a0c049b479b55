"""Login throttling on two counts. django-axes records the failed attempts; this handler decides when they lock.

Axes compares ONE failure limit with the largest count among its lockout parameter sets, so adding a per-address
set beside the per-account one would lock a whole address at the per-account limit. Instead the per-account count
(username + address, ``AXES_LOCKOUT_PARAMETERS``) locks that pair at ``AXES_FAILURE_LIMIT``, and this handler adds
the failures from one address across every username, which lock the address at the higher
``LOGIN_FAILURES_PER_ADDRESS``: one address trying a password or two on many accounts (password spraying).

A successful sign-in clears only its own pair's failures (axes resets by the lockout parameters), so a sprayer
signing in to an account of their own does not wipe the address's count."""

from axes.attempts import get_cool_off_threshold
from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_cool_off, get_failure_limit
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Sum
from django.shortcuts import render


def address_failures(request):
    """Failed sign-ins from the request's address within the cool-off, whatever the username."""
    attempts = AccessAttempt.objects.filter(
        ip_address=request.axes_ip_address, attempt_time__gte=get_cool_off_threshold(request)
    )
    return attempts.aggregate(total=Sum("failures_since_start"))["total"] or 0


def address_locked(request):
    return address_failures(request) >= settings.LOGIN_FAILURES_PER_ADDRESS


class AccountAndAddressHandler(AxesDatabaseHandler):
    def get_failures(self, request, credentials=None):
        failures = super().get_failures(request, credentials)
        if address_locked(request):
            return max(failures, get_failure_limit(request, credentials))
        return failures


def lockout_response(request, original_response=None, credentials=None):
    """The Chinese page a locked sign-in gets: which count locked it, and for how long."""
    minutes = int(get_cool_off(request).total_seconds() // 60)
    return render(
        request,
        "registration/locked_out.html",
        {"minutes": minutes, "by_address": address_locked(request),
         "failure_limit": settings.AXES_FAILURE_LIMIT, "address_limit": settings.LOGIN_FAILURES_PER_ADDRESS},
        status=settings.AXES_HTTP_RESPONSE_CODE,
    )

"""Writes of the open interfaces' own records: institutions, tokens, the call log. Keyword-only, with an actor."""

from datetime import timedelta

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from audit import audited, require_actor
from finance import services as finance_services

from .errors import ApiError
from .models import DEPARTMENT_SOURCES, ApiCall, ApiToken, Institution
from .tokens import PREFIX_LENGTH, digest, new_token


def _figure_source_named(name):
    """税务 or 统计 as a department's name says it (国家税务总局桂林市税务局, 桂林市统计局), else blank."""
    for value, label in DEPARTMENT_SOURCES:
        if label in name:
            return value
    return ""


@transaction.atomic
def register_institution(*, actor, name, kind, supplies="", figure_source=""):
    """The institution named `name`, created when missing; a different kind than the one registered is refused."""
    require_actor(actor)
    name = (name or "").strip()
    if not name:
        raise ValidationError("请填写机构名称。")
    if kind != Institution.Kind.SUPPLIER:
        supplies = ""
    elif not supplies:
        supplies = Institution.Supplies.POWER
    figure_source = (figure_source or _figure_source_named(name)) if kind == Institution.Kind.DEPARTMENT else ""
    institution = Institution.objects.select_for_update().filter(name=name).first()
    if institution is not None:
        if institution.kind != kind:
            raise ValidationError(
                f"机构“{name}”已登记为{institution.get_kind_display()}，不能再作为"
                f"{Institution.Kind(kind).label}签发令牌。"
            )
        return institution
    institution = Institution(name=name, kind=kind, supplies=supplies, figure_source=figure_source)
    institution.full_clean()
    audited(institution, actor).save()
    finance_services.link_earlier_pushes(institution=institution)
    return institution


@transaction.atomic
def issue_token(*, actor, institution_name, kind, supplies="", figure_source="", valid_days=None):
    """(token record, the token itself): the caller shows the token once; only its hash is stored."""
    require_actor(actor)
    institution = register_institution(actor=actor, name=institution_name, kind=kind, supplies=supplies,
                                       figure_source=figure_source)
    if not institution.active:
        raise ValidationError(f"机构“{institution.name}”已停用，不能签发令牌。")
    raw = new_token()
    token = ApiToken(
        institution=institution, kind=institution.kind, token_hash=digest(raw), prefix=raw[:PREFIX_LENGTH],
        expires_at=timezone.now() + timedelta(days=valid_days) if valid_days else None,
    )
    audited(token, actor).save()
    return token, raw


@transaction.atomic
def revoke_token(*, actor, token):
    """Stop a token at once; revoking twice keeps the first time."""
    require_actor(actor)
    token = ApiToken.objects.select_for_update().get(pk=token.pk)
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        audited(token, actor).save()
    return token


def set_token_expiry(*, actor, token, expires_at):
    require_actor(actor)
    token.expires_at = expires_at
    audited(token, actor).save(update_fields=["expires_at"])
    return token


def authenticate(raw) -> ApiToken:
    """The token record behind `raw`, or ApiError 401 saying why (in Chinese) — unknown, revoked, expired."""
    if not raw:
        raise ApiError(401, "缺少访问令牌：请在请求头中携带 Authorization: Bearer <令牌>。")
    token = ApiToken.objects.select_related("institution").filter(token_hash=digest(raw)).first()
    now = timezone.now()
    if token is None:
        raise ApiError(401, "访问令牌无效。")
    if token.revoked_at is not None:
        raise ApiError(401, "访问令牌已被吊销。")
    if token.expires_at is not None and token.expires_at <= now:
        raise ApiError(401, "访问令牌已过期。")
    if not token.institution.active:
        raise ApiError(401, "该机构的接口访问已停用。")
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token


def throttle(token):
    """At most settings.API_CALLS_PER_MINUTE calls per token in each clock minute (a cache counter)."""
    limit = settings.API_CALLS_PER_MINUTE
    key = f"api-calls:{token.pk}:{int(timezone.now().timestamp() // 60)}"
    cache.add(key, 0, timeout=90)
    try:
        count = cache.incr(key)
    except ValueError:  # the counter expired between add and incr
        cache.add(key, 1, timeout=90)
        count = 1
    if count > limit:
        raise ApiError(429, f"调用过于频繁：每个令牌每分钟最多调用 {limit} 次，请稍后再试。")


def log_call(*, token, endpoint, method, status, row_count=0):
    return ApiCall.objects.create(
        institution_id=token.institution_id if token else None, token=token, endpoint=endpoint[:200],
        method=method, status=status, row_count=row_count,
    )

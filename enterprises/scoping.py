"""Row-level visibility: which enterprises a user may see. Every selector and admin page filters through here.

The registry knows the roles it owns (the city-wide roles, the county, the enterprise). A role whose reach is
defined by a capability above it (the liaison officer sees the enterprises assigned to it) is registered by
that capability with `register_role_scope`, from its AppConfig.ready(): the registry never names it."""

from django.db.models import Q

from .roles import CITY_WIDE_ROLES, Role

# {role: build_q(user, prefix) -> Q}: the reach of roles defined by the capabilities (see register_role_scope).
_ROLE_SCOPES = {}


def register_role_scope(role, build_q):
    """Let a capability define what users of `role` see: `build_q(user, prefix)` returns a Q on the enterprise
    reached by `prefix` ("" for Enterprise itself, else a lookup path ending in "__"). One rule per role; a role
    with no rule sees nothing. Registering the same rule again (a second ready()) is harmless."""
    role = Role(role)
    if role in CITY_WIDE_ROLES or role in (Role.COUNTY, Role.ENTERPRISE):
        raise ValueError(f"the registry itself scopes the role {role!r}")
    if _ROLE_SCOPES.get(role, build_q) is not build_q:
        raise ValueError(f"a scope rule for the role {role!r} is already registered")
    _ROLE_SCOPES[role] = build_q


def enterprise_q(user, via=""):
    """A Q on the enterprise reached by the lookup path `via` ("" for Enterprise itself), or None for nothing."""
    if not user or not user.is_authenticated or not user.is_active:
        return None
    prefix = f"{via}__" if via else ""
    if user.is_superuser or user.role in CITY_WIDE_ROLES:
        return Q()
    if user.role == Role.COUNTY and user.area_id:
        return Q(**{f"{prefix}area_id": user.area_id})
    if user.role == Role.ENTERPRISE and user.enterprise_id:
        return Q(**{(f"{via}_id" if via else "pk"): user.enterprise_id})
    build_q = _ROLE_SCOPES.get(user.role)
    return None if build_q is None else build_q(user, prefix)


def scope(queryset, user, via=""):
    """`queryset` narrowed to what `user` may see; the enterprise is reached through `via`."""
    condition = enterprise_q(user, via)
    if condition is None:
        return queryset.none()
    return queryset.filter(condition)


def area_q(user, via="area"):
    """A Q for area-level objects (targets, dashboards): a county sees its own area, city-wide roles all."""
    if not user or not user.is_authenticated:
        return None
    if user.is_superuser or user.role in CITY_WIDE_ROLES:
        return Q()
    if user.role == Role.COUNTY and user.area_id:
        return Q(**{f"{via}_id" if via else "pk": user.area_id})
    return None


def scope_areas(queryset, user, via="area"):
    condition = area_q(user, via)
    return queryset.none() if condition is None else queryset.filter(condition)

"""Row-level visibility: which enterprises a user may see. Every selector and admin page filters through here."""

from django.db.models import Q

from .roles import CITY_WIDE_ROLES, Role


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
    if user.role == Role.LIAISON:
        return Q(**{
            f"{prefix}liaison_assignments__officer_id": user.pk,
            f"{prefix}liaison_assignments__ended_on__isnull": True,
        })
    return None


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

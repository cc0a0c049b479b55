"""What every liaison write checks first: the actor's permission and reach, the stored row locked, the row
validated and saved with its author. Shared by liaison.services and liaison.training_services."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from audit import audited
from enterprises.models import Enterprise
from enterprises.scoping import scope


def today():
    return timezone.localdate()


def authorise(actor, perm, *enterprise_ids):
    """Refuse a user without `perm`, or writing about an enterprise it cannot see (a county: its area; an officer:
    its enterprises). A system actor passes: it has every permission and sees the whole city."""
    if not actor.has_perm(perm):
        raise PermissionDenied("无此操作权限")
    wanted = set(enterprise_ids)
    if wanted and scope(Enterprise.objects.filter(pk__in=wanted), actor).count() != len(wanted):
        raise PermissionDenied("无权操作该企业")


def locked(model, instance):
    """The stored row of `instance`, locked for the rest of the transaction (not the caller's edited copy)."""
    return model.objects.select_for_update().get(pk=instance.pk)


def save_validated(instance, actor, **values):
    """Set `values`, validate and save `instance` with `actor` as the author of its history row."""
    for name, value in values.items():
        setattr(instance, name, value)
    instance.full_clean()
    audited(instance, actor).save()
    return instance


def not_in_future(day, label):
    if day > today():
        raise ValidationError(f"{label}不能晚于今天")

"""Every write of the talent records outside the enterprise's own filing (which is enterprises.filing_services):
the admin's saves and deletes, scoped, locked, validated and named in the history."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from audit import audited, require_actor
from enterprises.filings import FilingState
from enterprises.models import Enterprise
from enterprises.roles import Role
from enterprises.scoping import scope

from .models import Talent, TalentNeed

OUT_OF_SCOPE = "该企业不在您的管辖范围内"
ENTERPRISE_FILED = "这条需求由企业填报，请通过“确认 / 退回”处理，不能在后台直接修改或删除"
PERSONAL_DATA = "高层次人才信息仅限系统管理员维护"


def _locked_in_scope(actor, record):
    """Lock the stored row; PermissionDenied when the actor may not see it (the one lock order: by primary key)."""
    queryset = scope(type(record).objects.filter(pk=record.pk), actor, via="enterprise")
    stored = queryset.select_for_update(of=("self",)).order_by("pk").first()
    if stored is None:
        raise PermissionDenied(OUT_OF_SCOPE)
    return stored


def _check_enterprise(actor, enterprise_id):
    if enterprise_id is None or not scope(Enterprise.objects.filter(pk=enterprise_id), actor).exists():
        raise PermissionDenied(OUT_OF_SCOPE)


def _check_talent_keeper(actor):
    # (十七) personal data: the administrators (and system actors: imports from the command line, the demo) only
    if not (actor.is_superuser or getattr(actor, "role", None) == Role.ADMIN):
        raise PermissionDenied(PERSONAL_DATA)


@transaction.atomic
def save_need(*, actor, need):
    """(十六) The county or the bureau records a need itself (the admin form): it counts at once, like an imported
    row. A need the enterprise filed is not edited here; it is confirmed or returned (enterprises.filing_services)."""
    require_actor(actor)
    if need.pk is not None:
        stored = _locked_in_scope(actor, need)
        if stored.filing_state != FilingState.CONFIRMED:
            raise ValidationError(ENTERPRISE_FILED)
    need.filing_state = FilingState.CONFIRMED
    _check_enterprise(actor, need.enterprise_id)
    need.full_clean()
    audited(need, actor).save()
    return need


@transaction.atomic
def save_talent(*, actor, talent):
    """(十七) An administrator records or corrects a recognised talent."""
    require_actor(actor)
    _check_talent_keeper(actor)
    if talent.pk is not None:
        _locked_in_scope(actor, talent)
    _check_enterprise(actor, talent.enterprise_id)
    talent.full_clean()
    audited(talent, actor).save()
    return talent


@transaction.atomic
def delete_records(*, actor, records):
    """Delete talent needs or talents one by one (the admin's delete, single or bulk), each scope-checked and
    leaving a history row naming the actor."""
    require_actor(actor)
    for record in sorted(records, key=lambda r: (type(r).__name__, r.pk)):
        if isinstance(record, Talent):
            _check_talent_keeper(actor)
        elif not isinstance(record, TalentNeed):
            raise PermissionDenied(f"{type(record)._meta.verbose_name}不能在此删除")
        stored = _locked_in_scope(actor, record)
        if isinstance(stored, TalentNeed) and stored.filing_state != FilingState.CONFIRMED:
            raise ValidationError(ENTERPRISE_FILED)
        audited(stored, actor).delete()

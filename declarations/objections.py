"""Objections (异议) to a recognition on public notice (认定公示): anyone may lodge one on the public page while
the entry is on notice; an open objection holds the entry (no recognition) until the bureau records its finding.
Upheld → the application is not recognised (the transitions table's 公示异议成立，不予认定); dismissed → it proceeds.

The objector's name, phone and facts are personal data: only the bureau (reviewers, admins) reads them."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from audit import audited, person, require_actor
from awards.objections import ObjectionStatus, clean_finding, clean_objection
from enterprises.roles import Role

from . import notifications, selectors, services
from .models import RecognitionObjection
from .states import Action, Kind, Status

DECIDING_ROLES = (Role.REVIEWER, Role.ADMIN)


def _on_notice_today(declaration, today):
    return (
        declaration.kind == Kind.APPLICATION and declaration.status == Status.PUBLIC_NOTICE
        and declaration.notice_starts_on is not None
        and declaration.notice_starts_on <= today <= declaration.notice_ends_on
    )


@transaction.atomic
def lodge_objection(*, declaration, objector_name, objector_phone, facts, actor):
    """Record an objection to an entry while it is on notice (first to last day, inclusive) and tell the bureau;
    the entry is held from now on."""
    require_actor(actor)
    locked = services.lock_declaration(declaration.pk)
    today = selectors.today()
    if not _on_notice_today(locked, today):
        raise ValidationError(f"“{locked.enterprise.name}”当前不在公示期内，不能提出异议")
    name, phone, facts = clean_objection(objector_name=objector_name, objector_phone=objector_phone, facts=facts)
    objection = RecognitionObjection(
        declaration=locked, objector_name=name, objector_phone=phone, facts=facts, lodged_at=timezone.now(),
    )
    audited(objection, actor).save()
    # the bureau hears that there is one; who objected and why stays in the objection admin
    notifications.send(
        recipients=notifications.bureau_reviewers(), declaration=locked, title="认定公示收到异议",
        body=f"{locked.enterprise.name}的市级专精特新认定公示收到一件异议，请在“认定公示异议”中核查办理；"
             "办结前该企业不予认定。",
    )
    return objection


@transaction.atomic
def decide_objection(*, objection, actor, status, finding):
    """The bureau's finding on an open objection, with reasons: upheld → the entry is not recognised; dismissed →
    it may be concluded again (once no other objection to it is open)."""
    require_actor(actor)
    role = None if getattr(actor, "is_system", False) else (Role.ADMIN if actor.is_superuser else actor.role)
    if role not in DECIDING_ROLES:
        raise PermissionDenied("只有市工业和信息化局可以办理公示异议")
    declaration = services.lock_declaration(objection.declaration_id)  # the declaration first, then its objection
    locked = RecognitionObjection.objects.select_for_update().get(pk=objection.pk)
    if not locked.is_open:
        raise ValidationError(f"该异议已办结（{locked.get_status_display()}），不能重复办理")
    finding = clean_finding(status=status, finding=finding)
    locked.status = ObjectionStatus(status)
    locked.finding = finding
    locked.decided_at = timezone.now()
    locked.decided_by = person(actor)
    audited(locked, actor).save()
    if locked.status == ObjectionStatus.UPHELD and declaration.status == Status.PUBLIC_NOTICE:
        services.perform(actor=actor, declaration=declaration, action=Action.NOTICE_REJECT,
                         comment=f"公示期间异议经核查成立，不予认定。{finding}")
    return locked

"""Every write of the chain records. The bureau keeps the chain list, the purchase plans and the recommendations;
a county may write only for its own enterprises; an enterprise files its products through
enterprises.filing_services. Each write is scoped, validated and recorded in the record's history."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from audit import audited, person, require_actor
from enterprises.models import Enterprise
from enterprises.roles import CITY_WIDE_ROLES
from enterprises.scoping import scope

from . import selectors
from .models import ChainMember, MemberRole, Outcome, ProcurementRecommendation

ONLY_BUREAU = "只有市工业和信息化局可以进行此操作"
OUT_OF_SCOPE = "该企业不在您的管辖范围内"
NOT_A_LEADER = "采购方须为产业链的链主企业（请先在产业链企业清单中将其列为“链主企业”）"


def _is_bureau(actor):
    return getattr(actor, "is_superuser", False) or getattr(actor, "role", None) in CITY_WIDE_ROLES


def _check_bureau(actor):
    if not _is_bureau(actor):
        raise PermissionDenied(ONLY_BUREAU)


def _check_enterprise_in_scope(actor, enterprise_id):
    if not scope(Enterprise.objects.filter(pk=enterprise_id), actor).exists():
        raise PermissionDenied(OUT_OF_SCOPE)


@transaction.atomic
def save_link(*, actor, link):
    """(十一) Add or change a link of the chain list: the bureau's."""
    require_actor(actor)
    _check_bureau(actor)
    link.chain, link.name = " ".join(link.chain.split()), " ".join(link.name.split())
    link.full_clean()
    audited(link, actor).save()
    return link


@transaction.atomic
def save_member(*, actor, member):
    """(十一) Put an enterprise on a link (or change its role there)."""
    require_actor(actor)
    _check_bureau(actor)
    member.full_clean()
    audited(member, actor).save()
    return member


@transaction.atomic
def remove_member(*, actor, member):
    require_actor(actor)
    _check_bureau(actor)
    audited(member, actor).delete()


@transaction.atomic
def save_product(*, actor, product):
    """(十二) The bureau or a county (for its own enterprises) records a product of an enterprise in its scope (confirmed as the bureau's own
    record). Enterprises file theirs through enterprises.filing_services instead."""
    require_actor(actor)
    if product.enterprise_id is None:
        raise ValidationError("请选择企业")
    _check_enterprise_in_scope(actor, product.enterprise_id)
    product.full_clean()
    audited(product, actor).save()
    return product


def check_purchaser(enterprise_id):
    if not ChainMember.objects.filter(enterprise_id=enterprise_id, role=MemberRole.LEADER).exists():
        raise ValidationError(NOT_A_LEADER)


@transaction.atomic
def save_procurement(*, actor, plan):
    """(十二) Record or change a chain leader's purchase plan."""
    require_actor(actor)
    _check_bureau(actor)
    check_purchaser(plan.enterprise_id)
    plan.full_clean()
    audited(plan, actor).save()
    return plan


@transaction.atomic
def recommend(*, actor, plan, enterprise, note=""):
    """(十二) The bureau sends `enterprise` to `plan`'s purchaser: it must be one of the plan's candidates (an SRDI
    enterprise with a confirmed product in the category, not the purchaser). Signed and dated."""
    require_actor(actor)
    _check_bureau(actor)
    if not selectors.candidates(plan).filter(pk=enterprise.pk).exists():
        raise ValidationError(f"“{enterprise}”不是该采购计划的候选企业")
    if ProcurementRecommendation.objects.filter(plan=plan, enterprise=enterprise).exists():
        raise ValidationError(f"已向该采购计划推荐过“{enterprise}”")
    recommendation = ProcurementRecommendation(
        plan=plan, enterprise=enterprise, recommended_by=person(actor), recommended_at=timezone.now(),
        note=(note or "").strip()[:500],
    )
    recommendation.full_clean()
    audited(recommendation, actor).save()
    return recommendation


@transaction.atomic
def record_outcome(*, actor, recommendation, outcome, note=""):
    """(十二) The outcome of a recommendation: 对接中, 已签约 or 未成 (未成 with a note saying why). Every change is
    signed and dated here and kept in the recommendation's history."""
    require_actor(actor)
    _check_bureau(actor)
    outcome = Outcome(outcome)
    note = (note or "").strip()[:500]
    if outcome == Outcome.FAILED and not note:
        raise ValidationError("登记“未成”时请说明原因")
    stored = ProcurementRecommendation.objects.select_for_update().get(pk=recommendation.pk)
    if stored.outcome == outcome and stored.note == note:
        return stored
    stored.outcome, stored.note = outcome, note
    stored.outcome_by, stored.outcome_at = person(actor), timezone.now()
    audited(stored, actor).save()
    return stored

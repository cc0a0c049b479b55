"""Every write of the innovation records. Filed records (demands, renovation projects) go through the registry's
filing services; tokens are computed here so matching never segments a text twice; each match step is signed and
dated in MatchStep (and in the match's history)."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from audit import audited, person, require_actor
from enterprises import filing_services
from enterprises.filings import FilingState
from enterprises.models import Enterprise
from enterprises.roles import Role
from enterprises.scoping import scope

from .models import Match, MatchStep, TechDemand
from .rules import token_text
from .states import MatchState, allowed_moves

ONLY_BUREAU = "只有市级主管部门可以推荐和推进揭榜对接"
NOT_COUNTED = "该技术需求尚未经县（市、区）确认，暂不能对接"
NOT_YOURS = "只能对本企业的技术需求表达意向"


def _check(actor, permission, message):
    if not actor.has_perm(permission):
        raise PermissionDenied(message)


# -- filed records: the enterprise's drafts, the staff's corrections --------------------------------------------

def save_demand_draft(*, actor, demand):
    """(十三) The enterprise saves its technology demand as a draft (new, or still editable)."""
    demand.tokens = token_text(demand.name, demand.description)
    return filing_services.save_filing_draft(actor=actor, record=demand)


def save_project_draft(*, actor, project):
    """(十四) The enterprise saves its renovation project as a draft."""
    return filing_services.save_filing_draft(actor=actor, record=project)


def submit_record(*, actor, record):
    return filing_services.submit_filing(actor=actor, record=record)


@transaction.atomic
def save_record_as_staff(*, actor, record):
    """A county or the bureau corrects (or adds) a demand or a project in the admin, within its scope; a record
    staff enter themselves is confirmed, as an imported one is."""
    require_actor(actor)
    opts = record._meta
    _check(actor, f"{opts.app_label}.change_{opts.model_name}", "无权修改该记录")
    model = type(record)
    if record.pk and not scope(model.objects.filter(pk=record.pk), actor, via="enterprise").exists():
        raise PermissionDenied("该记录不在您的管辖范围内")
    if not scope(Enterprise.objects.filter(pk=record.enterprise_id), actor).exists():
        raise PermissionDenied("该企业不在您的管辖范围内")
    if record.pk is None:
        record.filing_state = FilingState.CONFIRMED
    if isinstance(record, TechDemand):
        record.tokens = token_text(record.name, record.description)
    record.full_clean()
    audited(record, actor).save()
    return record


# -- the achievement catalogue -----------------------------------------------------------------------------------

@transaction.atomic
def save_achievement(*, actor, achievement):
    """(十三) The bureau adds or corrects an achievement of the transfer catalogue."""
    require_actor(actor)
    _check(actor, "innovation.change_techachievement", "只有市级主管部门可以维护技术成果目录")
    achievement.tokens = token_text(achievement.name, achievement.summary)
    achievement.full_clean()
    audited(achievement, actor).save()
    return achievement


# -- matches -----------------------------------------------------------------------------------------------------

def _step(match, actor, from_state, to_state, note="", at=None):
    return MatchStep.objects.create(
        match=match, from_state=from_state, to_state=to_state, actor=person(actor), actor_name=str(actor)[:100],
        at=at or timezone.now(), note=note[:500],
    )


def _locked_demand(demand_id):
    return TechDemand.objects.select_for_update(of=("self",)).select_related("enterprise").get(pk=demand_id)


def _new_match(actor, demand, achievement, similarity, **extra):
    """A 推荐 of `achievement` for a confirmed `demand`, with its first step. The caller holds the demand's lock, so
    two requests cannot both create the pair (and the unique constraint would refuse the second)."""
    if demand.filing_state != FilingState.CONFIRMED:
        raise ValidationError(NOT_COUNTED)
    match = Match(demand=demand, achievement=achievement, similarity=similarity, **extra)
    match.full_clean()
    audited(match, actor).save()
    _step(match, actor, "", MatchState.RECOMMENDED)
    return match


@transaction.atomic
def recommend(*, actor, demand, achievement, similarity=0):
    """The bureau recommends a candidate achievement for a demand (推荐). Recommending it again keeps the match."""
    require_actor(actor)
    _check(actor, "innovation.add_match", ONLY_BUREAU)
    demand = _locked_demand(demand.pk)
    if not scope(TechDemand.objects.filter(pk=demand.pk), actor, via="enterprise").exists():
        raise PermissionDenied(ONLY_BUREAU)
    existing = Match.objects.filter(demand=demand, achievement=achievement).first()
    if existing:
        return existing
    return _new_match(actor, demand, achievement, similarity)


@transaction.atomic
def mark_interest(*, actor, demand, achievement, similarity=0):
    """The enterprise says it is interested in a candidate achievement for its own demand: the match is created as
    推荐 (if the bureau has not recommended it yet) and flagged, so the bureau sees whom to call first."""
    require_actor(actor)
    if getattr(actor, "role", None) != Role.ENTERPRISE or actor.enterprise_id != demand.enterprise_id:
        raise PermissionDenied(NOT_YOURS)
    demand = _locked_demand(demand.pk)
    match = Match.objects.select_for_update(of=("self",)).filter(demand=demand, achievement=achievement).first()
    now = timezone.now()
    if match is None:
        return _new_match(actor, demand, achievement, similarity, enterprise_interested=True, interested_at=now)
    if not match.enterprise_interested:
        match.enterprise_interested, match.interested_at = True, now
        audited(match, actor).save(update_fields=["enterprise_interested", "interested_at", "updated_at"])
    return match


@transaction.atomic
def move_match(*, actor, match, to_state, reason=""):
    """Move a match one step along TRANSITIONS (对接中 → 已签约 → 已转化, or 未成 with a reason), signed and dated."""
    require_actor(actor)
    _check(actor, "innovation.change_match", ONLY_BUREAU)
    stored = Match.objects.select_for_update(of=("self",)).get(pk=match.pk)
    if not scope(Match.objects.filter(pk=stored.pk), actor, via="demand__enterprise").exists():
        raise PermissionDenied(ONLY_BUREAU)
    to_state = MatchState(to_state)
    current = MatchState(stored.state)
    if to_state not in allowed_moves(current):
        raise ValidationError(f"当前状态为“{current.label}”，不能改为“{to_state.label}”")
    reason = (reason or "").strip()
    if to_state == MatchState.FAILED and not reason:
        raise ValidationError("改为“未成”时请填写原因")
    stored.state = to_state
    stored.failure_reason = reason[:500] if to_state == MatchState.FAILED else stored.failure_reason
    audited(stored, actor).save()
    _step(stored, actor, current, to_state, note=reason)
    return stored


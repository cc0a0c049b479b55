"""What a document is about, for those who may download it, and what its code verifies, for anyone."""

from dataclasses import dataclass
from datetime import date

from awards.selectors import award_by_id, award_for, awards_with_notice_starting
from awards.states import APPROVED_OR_LATER
from enterprises.selectors import designation_by_id, designations_for, today
from policy.levels import Level

from .models import DocumentKind, IssuedDocument

CERTIFIED_LEVELS = (Level.MUNICIPAL,)  # the city certifies its own level; higher levels hold others' certificates


def certified_designation(user, pk):
    """A municipal designation the user may see (its enterprise, county, the bureau); DoesNotExist (→ 404) else."""
    return designations_for(user).filter(level__in=CERTIFIED_LEVELS).get(pk=pk)


def notified_award(user, pk):
    """An award the bureau has approved (or later) that the user may see; DoesNotExist (→ 404) otherwise."""
    award = award_for(user, pk)
    if award.state not in APPROVED_OR_LATER:
        raise type(award).DoesNotExist
    return award


def notice_list(day: date):
    """The awards whose public notice started on `day` (the list as published; later steps keep them on it)."""
    return list(awards_with_notice_starting(day))


@dataclass(frozen=True)
class Verification:
    document: IssuedDocument
    valid: bool
    status: str  # e.g. "有效（有效期至 2029年6月1日）", "已过有效期", "金额已变更，本通知书失效"


def _designation_status(document, designation):
    if designation is None:
        return False, "该认定记录已撤销，本证书失效"
    if designation.valid_until < today():
        return False, f"已过有效期（有效期至 {designation.valid_until:%Y年%-m月%-d日}）"
    return True, f"有效（有效期至 {designation.valid_until:%Y年%-m月%-d日}）"


def _award_status(document, award):
    if award is None or award.state not in APPROVED_OR_LATER:
        return False, "该奖励已撤销或不再处于审核通过后的状态，本通知书失效"
    if award.amount != document.amount:
        return False, "奖励金额已按复核结果变更，本通知书失效，以新出具的通知书为准"
    return True, f"有效（当前状态：{award.get_state_display()}）"


def verification(code):
    """The document a code names and whether what it states still holds; None for an unknown code."""
    document = IssuedDocument.objects.filter(code=code.strip().upper()).first()
    if document is None:
        return None
    _, _, key = document.subject.partition(":")
    if document.kind == DocumentKind.CERTIFICATE:
        valid, status = _designation_status(document, designation_by_id(int(key)))
    elif document.kind == DocumentKind.AWARD_NOTICE:
        valid, status = _award_status(document, award_by_id(int(key)))
    else:
        valid, status = True, "真实有效（本名单为该日发布的公示名单）"
    return Verification(document, valid, status)

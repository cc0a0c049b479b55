"""Writes of the finance records. Keyword-only, with the acting user; each atomic, validated and audited."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from audit import audited, person, require_actor
from enterprises.models import Enterprise
from enterprises.scoping import scope
from enterprises.selectors import today, white_list
from policy.levels import Level

from . import selectors
from .exports import csv_digest
from .models import FinanceSupport, ListingReserveEntry, ListingStageChange, ListPush, ListPushRow, LoanSupport
from .stages import ListingStage, can_move


def _lock_entry(pk):
    """The one place entries are locked, so concurrent stage changes serialise."""
    return ListingReserveEntry.objects.select_for_update(of=("self",)).select_related("enterprise").get(pk=pk)


def _check_date(day, *, label):
    if day > today():
        raise ValidationError(f"{label}不能晚于今天（{today():%Y-%m-%d}）")


def check_srdi(enterprise, day):
    """(十) the reserve pool takes "专精特新" enterprises: a valid municipal-or-higher title on the day of entry."""
    if not white_list(on=day).filter(pk=enterprise.pk).exists():
        raise ValidationError(
            f"“{enterprise.name}”在 {day:%Y-%m-%d} 未持有有效的市级及以上专精特新认定（不在白名单上），"
            "不能纳入上市后备企业资源库。",
            code="not_srdi",
        )


def check_can_enter(enterprise, entered_on):
    """Raise ValidationError unless `enterprise` may be newly entered into the pool on `entered_on`."""
    _check_date(entered_on, label="入库日期")
    check_srdi(enterprise, entered_on)


def _record_change(entry, *, from_stage, to_stage, on, actor, note):
    return ListingStageChange.objects.create(
        entry=entry, from_stage=from_stage, to_stage=to_stage, changed_on=on, changed_by=person(actor), note=note,
    )


@transaction.atomic
def enter_pool(*, actor, enterprise, board, entered_on=None, note=""):
    """Put a white-list enterprise into the listing reserve pool, or take back one that had withdrawn."""
    require_actor(actor)
    entered_on = entered_on or today()
    existing = ListingReserveEntry.objects.filter(enterprise=enterprise).values_list("pk", flat=True).first()
    if existing is not None:
        entry = _lock_entry(existing)
        if entry.stage != ListingStage.WITHDRAWN:
            raise ValidationError(f"“{enterprise.name}”已在上市后备企业资源库中（当前阶段：{entry.get_stage_display()}）。")
        entry.board = board
        return _move(entry, actor=actor, to_stage=ListingStage.IN_POOL, on=entered_on,
                     note=note or "重新纳入上市后备企业资源库")
    check_can_enter(enterprise, entered_on)
    entry = ListingReserveEntry(
        enterprise=enterprise, board=board, stage=ListingStage.IN_POOL, entered_on=entered_on,
        stage_since=entered_on, note=note, created_by=person(actor),
    )
    entry.full_clean(validate_unique=False)
    try:
        with transaction.atomic():
            audited(entry, actor).save()
    except IntegrityError:  # a second officer entered the same firm at the same moment
        raise ValidationError(f"“{enterprise.name}”已在上市后备企业资源库中。") from None
    _record_change(entry, from_stage="", to_stage=ListingStage.IN_POOL, on=entered_on, actor=actor,
                   note=note or "纳入上市后备企业资源库")
    return entry


@transaction.atomic
def advance_stage(*, actor, entry, to_stage, on=None, note=""):
    """Move an entry along the transitions table (stages.TRANSITIONS), dated and signed."""
    require_actor(actor)
    return _move(_lock_entry(entry.pk), actor=actor, to_stage=to_stage, on=on, note=note)


def check_move(entry, to_stage, on):
    """Raise ValidationError unless `entry` may move to `to_stage` on `on` (forms call this before saving)."""
    to_stage, from_stage = ListingStage(to_stage), ListingStage(entry.stage)
    if not can_move(from_stage, to_stage):
        raise ValidationError(f"不能从“{from_stage.label}”变更为“{to_stage.label}”。", code="invalid_transition")
    _check_date(on, label="变更日期")
    if on < entry.stage_since:
        raise ValidationError(f"变更日期不能早于本阶段起始日期（{entry.stage_since:%Y-%m-%d}）。")
    if to_stage == ListingStage.IN_POOL:  # re-entry after withdrawal: the SRDI condition is checked again
        check_srdi(entry.enterprise, on)


def _move(entry, *, actor, to_stage, on, note):
    """The one transition routine; `entry` is locked by the caller."""
    to_stage, on = ListingStage(to_stage), on or today()
    from_stage = ListingStage(entry.stage)
    check_move(entry, to_stage, on)
    if to_stage == ListingStage.IN_POOL:
        entry.entered_on = on
    entry.stage, entry.stage_since = to_stage, on
    entry.listed_on = on if to_stage == ListingStage.LISTED else None
    entry.full_clean(validate_unique=False)
    audited(entry, actor).save()
    _record_change(entry, from_stage=from_stage, to_stage=to_stage, on=on, actor=actor, note=note)
    return entry


@transaction.atomic
def update_entry(*, actor, entry, board, note=""):
    """Change what is not the workflow: the target board and the note."""
    require_actor(actor)
    entry = _lock_entry(entry.pk)
    entry.board, entry.note = board, note
    entry.full_clean(validate_unique=False)
    audited(entry, actor).save()
    return entry


# ---- loans (九) ---------------------------------------------------------------------------------------------

@transaction.atomic
def save_loan(*, actor, loan):
    """Validate and save a new or edited loan record; the recorder is stamped on creation."""
    require_actor(actor)
    _check_date(loan.granted_on, label="放款日期")
    if loan.programme != LoanSupport.Programme.OTHER:
        loan.programme_name = ""
    loan.bank = loan.bank.strip()
    if loan.pk is None:
        loan.recorded_by = person(actor)
    loan.full_clean()
    audited(loan, actor).save()
    return loan


@transaction.atomic
def delete_loan(*, actor, loan):
    """Remove a loan record entered by mistake; its history keeps the row and who removed it. Only a loan of an
    enterprise the actor may see."""
    require_actor(actor)
    if not scope(LoanSupport.objects.filter(pk=loan.pk), actor, via="enterprise").exists():
        raise ValidationError("无权删除该贷款记录")
    audited(loan, actor).delete()


def record_loan(*, actor, enterprise, programme, bank, amount, term_months, annual_rate, granted_on,
                interest_subsidy=0, programme_name="", note="", reported_by=None):
    """`reported_by`: the institution that reported the loan through the open interface, if it did."""
    return save_loan(actor=actor, loan=LoanSupport(
        enterprise=enterprise, programme=programme, programme_name=programme_name, bank=bank, amount=amount,
        term_months=term_months, annual_rate=annual_rate, interest_subsidy=interest_subsidy, granted_on=granted_on,
        note=note, reported_by=reported_by,
    ))


@transaction.atomic
def acknowledge_push(*, push, on=None):
    """Record that the recipient received `push`; the first acknowledgement stays (idempotent)."""
    push = ListPush.objects.select_for_update(of=("self",)).get(pk=push.pk)
    if push.acknowledged_at is None:
        push.acknowledged_at = on or timezone.now().replace(microsecond=0)
        push.save(update_fields=["acknowledged_at"])
    return push


# ---- list pushes (九, 五) ------------------------------------------------------------------------------------

def describe_filter(area=None, tier=""):
    parts = [area.name if area else "全市", Level(tier).label if tier else "全部层级"]
    return "，".join(parts)


def _registered_institution(recipient_kind, recipient_name):
    """The active registered institution of that exact name and matching kind, if there is one: a push the office
    records for it is then listed to that institution by the open interfaces (GET /api/v1/pushes/). Matched by
    name, because the office already types the recipient's name and a bank registered later is found without a
    second field to keep in step."""
    model = ListPush._meta.get_field("institution").related_model
    kind = "bank" if recipient_kind == ListPush.RecipientKind.BANK else "supplier"
    return model.objects.filter(name=recipient_name, kind=kind, active=True).first()


def link_earlier_pushes(*, institution):
    """A newly registered institution receives the pushes recorded earlier to a recipient of its exact name and
    kind (the office typed the name then too), so a bank registered later sees what it was sent and may report
    loans to those firms. Answers how many were linked."""
    kinds = [ListPush.RecipientKind.BANK] if institution.kind == "bank" else (
        [institution.supplies] if institution.kind == "supplier" else [])
    return ListPush.objects.filter(
        institution__isnull=True, recipient_name=institution.name, recipient_kind__in=kinds,
    ).update(institution=institution)


@transaction.atomic
def record_push(*, actor, recipient_kind, recipient_name, area=None, tier="", note="", on=None,
                expected_fingerprint=None, institution=None):
    """Snapshot the (filtered) white list as it is sent to one recipient, and record who sent it when.
    With `expected_fingerprint` (from the preview) nothing is recorded if the list has changed since.
    `institution` (an api.Institution fetching the list itself) is otherwise found by the recipient's name."""
    require_actor(actor)
    on = on or today()
    recipient_name = (recipient_name or "").strip()
    if not recipient_name:
        raise ValidationError("请填写接收方名称。")
    if tier and tier not in [level.value for level in Level]:
        raise ValidationError("层级筛选无效。")
    candidates = list(selectors.push_candidates(user=actor, on=on, area=area, tier=tier))
    if not candidates:
        raise ValidationError("筛选条件下没有白名单企业，未推送。")
    if expected_fingerprint is not None and selectors.fingerprint(e.pk for e in candidates) != expected_fingerprint:
        raise ValidationError("预览之后白名单发生了变化，请重新预览并确认。", code="stale_preview")
    rows = [
        ListPushRow(
            position=position, enterprise=enterprise, name=enterprise.name, credit_code=enterprise.credit_code,
            area_name=enterprise.area.name, tier_label=Level(enterprise.current_tier).label,
            tier_valid_until=enterprise.tier_valid_until, industry=enterprise.industry,
            contact_person=enterprise.contact_person, contact_phone=enterprise.contact_phone,
            address=enterprise.address,
        )
        for position, enterprise in enumerate(candidates, start=1)
    ]
    push = ListPush(
        recipient_kind=recipient_kind, recipient_name=recipient_name, as_of=on, area=area, tier=tier,
        filter_label=describe_filter(area, tier), row_count=len(rows), csv_sha256=csv_digest(rows), note=note,
        pushed_at=timezone.now().replace(microsecond=0), pushed_by=person(actor),
        institution=institution or _registered_institution(recipient_kind, recipient_name),
    )
    push.full_clean()
    push.save()
    for row in rows:
        row.push = push
    ListPushRow.objects.bulk_create(rows)
    return push


# ---- financial support (九) ---------------------------------------------------------------------------------

@transaction.atomic
def save_finance_support(*, actor, support):
    """Validate and save a new or edited support record of an enterprise the actor may see."""
    require_actor(actor)
    perm = "finance.change_financesupport" if support.pk else "finance.add_financesupport"
    if not actor.has_perm(perm):
        raise ValidationError("无此操作权限")
    if support.pk and not scope(FinanceSupport.objects.filter(pk=support.pk), actor, via="enterprise").exists():
        raise ValidationError("无权修改该金融支持记录")
    if support.enterprise_id and not scope(Enterprise.objects.filter(pk=support.enterprise_id), actor).exists():
        raise ValidationError({"enterprise": "无权为该企业登记金融支持"})
    _check_date(support.granted_on, label="日期")
    support.institution, support.note = support.institution.strip(), support.note.strip()
    support.full_clean()
    audited(support, actor).save()
    return support


def record_finance_support(*, actor, enterprise, kind, institution, amount_wan, granted_on, note=""):
    return save_finance_support(actor=actor, support=FinanceSupport(
        enterprise=enterprise, kind=kind, institution=institution, amount_wan=amount_wan, granted_on=granted_on,
        note=note,
    ))


@transaction.atomic
def delete_finance_support(*, actor, support):
    """Remove a record entered by mistake; its history keeps the row and who removed it."""
    require_actor(actor)
    if not actor.has_perm("finance.delete_financesupport") or not scope(
        FinanceSupport.objects.filter(pk=support.pk), actor, via="enterprise",
    ).exists():
        raise ValidationError("无权删除该金融支持记录")
    audited(support, actor).delete()

"""The one way an award changes state: check the transition table, save with history, write the ledger row.

Every service that moves an award (awards.services, the payment batches, the objections) goes through `move`, on a
row it has locked with `lock_one` or awards.locks."""

from django.core.exceptions import ValidationError

from audit import audited, person

from . import holds
from .ledger import record_event
from .locks import lock_awards
from .models import Award
from .states import can, target_of


class InvalidTransition(ValidationError):
    pass


def ids_of(awards):
    return [a if isinstance(a, int) else a.pk for a in awards]


def check(award, action):
    if not can(action, award.state):
        raise InvalidTransition(
            f"“{award}”当前状态为“{award.get_state_display()}”，不能执行该操作", code="invalid_transition"
        )


def move(award, action, actor, now, extra_fields=(), comment="", batch=None):
    """Check the transition table, set the new state, save with history and write the ledger row. The row must be
    locked."""
    check(award, action)
    from_state = award.state
    award.state = target_of(action)
    award.state_changed_at = now
    audited(award, actor).save(update_fields=["state", "state_changed_at", *extra_fields])
    record_event(award, action, actor=actor, from_state=from_state, to_state=award.state, comment=comment,
                 batch=batch, at=now)
    return award


def reject(award, actor, now, *, reason, comment=""):
    """不予奖励: record the reason the enterprise will read and who decided, then move through the table. The row
    must be locked. One way for a reviewer's rejection, an upheld objection and an accepted re-evaluation alike."""
    award.rejection_reason, award.reviewed_at, award.reviewed_by = reason, now, person(actor)
    return move(award, "reject", actor, now, ("rejection_reason", "reviewed_at", "reviewed_by"),
                comment=comment or reason)


def refuse_held(award, checks, on):
    """Raise with every reason the award is held back (awards.holds)."""
    reasons = holds.holds_for([award], on=on, checks=checks).get(award.pk)
    if reasons:
        raise ValidationError(f"“{award}”暂不能办理：" + "；".join(reasons), code="held")


def lock_one(award_or_id):
    """Lock one award (inside transaction.atomic()) and return it fresh; Award.DoesNotExist if it is gone."""
    awards = lock_awards(ids_of([award_or_id]))
    if not awards:
        raise Award.DoesNotExist
    return awards[0]

"""Set-ups for the policy floor's tests: an award decided under an edition (which freezes it), and editions."""

from datetime import date

from django.utils import timezone

from awards.models import Award
from awards.states import PAID_STATES, AwardKind, AwardState, Outcome
from enterprises.tests.factories import EnterpriseFactory
from policy.models import PolicyRecord


def decided_award(edition, *, state=AwardState.APPROVED):
    """An award approved (or later) under `edition`: from now on the edition's numbers and period are frozen."""
    return Award.objects.create(
        enterprise=EnterpriseFactory(), kind=AwardKind.RECOGNITION, year=edition.effective_from.year, policy=edition,
        outcome=Outcome.ELIGIBLE, amount=edition.recognition_award_amount, clause="三", fingerprint="x",
        computed_at=timezone.now(), state=state, recognition_date=edition.effective_from,
        **({"paid_on": edition.effective_from, "voucher_number": "PZ-1"} if state in PAID_STATES else {}),
    )


def initial_edition():
    return PolicyRecord.objects.get()


def set_period(effective_from, effective_until):
    """Move the (only, undecided) initial edition's period, e.g. to put today inside or after it."""
    PolicyRecord.objects.update(effective_from=effective_from, effective_until=effective_until)
    return PolicyRecord.objects.get()


PERIOD_2023 = (date(2023, 1, 1), date(2024, 12, 31))

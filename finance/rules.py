"""Pure arithmetic of the finance measures: no ORM, plain values in, plain values out."""

from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal


def share(part: int, whole: int) -> Decimal | None:
    """part / whole as a fraction rounded half-up to 4 places (0.1234 = 12.34%), None when whole is 0."""
    if not whole:
        return None
    return (Decimal(part) / Decimal(whole)).quantize(Decimal("0.0001"), rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class Target:
    """A count against a policy number: `met` once `actual` reaches `required`."""

    actual: int
    required: int

    @property
    def met(self) -> bool:
        return self.actual >= self.required

    @property
    def missing(self) -> int:
        return max(self.required - self.actual, 0)


def listing_goal_window(policy_start: date, goal_year: int) -> tuple[date, date]:
    """(十) "力争到2025年，新增上市（挂牌）5家以上": listings dated from the policy's start through the goal year."""
    return policy_start, date(goal_year, 12, 31)


# Characters that make a spreadsheet cell a formula or a DDE call (OWASP "CSV injection").

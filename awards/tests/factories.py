"""Set-ups for award tests, through the registry's real services."""

from datetime import date
from decimal import Decimal

from enterprises.tests.factories import EnterpriseFactory, designate, figures
from policy.levels import Level


def growing_firm(*, area=None, prior=("50000000", "1000000"), current=("70000000", "1150000"), year=2024,
                 recognized_on=date(2023, 6, 1), level=Level.MUNICIPAL):
    """A municipal SRDI firm recognized in 2023 whose figures earn a growth award of 60,000.00 for 2024."""
    enterprise = EnterpriseFactory(**({"area": area} if area else {}))
    if recognized_on is not None:
        designate(enterprise, level, recognized_on)
    if prior is not None:
        figures(enterprise, year - 1, *prior)
    if current is not None:
        figures(enterprise, year, *current)
    return enterprise


def D(value):
    return Decimal(value)

"""Finance test data, made through the real services."""

from datetime import date
from decimal import Decimal

from enterprises.tests.factories import SETUP, EnterpriseFactory, designate
from finance import services
from finance.models import LoanSupport
from finance.stages import Board
from policy.levels import Level


def srdi_enterprise(granted_on=date(2024, 1, 10), level=Level.MUNICIPAL, **fields):
    """An enterprise on the white list from `granted_on` for three years."""
    enterprise = EnterpriseFactory(**fields)
    designate(enterprise, level, granted_on)
    return enterprise


def pool_entry(enterprise=None, *, actor=None, board=Board.BSE, entered_on=date(2024, 3, 1), **fields):
    enterprise = enterprise or srdi_enterprise(**fields)
    return services.enter_pool(actor=actor or SETUP, enterprise=enterprise, board=board, entered_on=entered_on)


def loan(enterprise, *, actor=None, amount="5000000", granted_on=date(2025, 4, 1),
         programme=LoanSupport.Programme.GUIHUIDAI, subsidy="60000", **extra):
    return services.record_loan(
        actor=actor or SETUP, enterprise=enterprise, programme=programme, bank=extra.pop("bank", "桂林银行股份有限公司"),
        amount=Decimal(amount), term_months=extra.pop("term_months", 12),
        annual_rate=Decimal(extra.pop("annual_rate", "3.450")), interest_subsidy=Decimal(subsidy),
        granted_on=granted_on, **extra,
    )


def support(enterprise, kind, *, institution="桂林银行", amount="100", granted_on=date(2025, 4, 1), actor=None,
            note=""):
    """(九) one financial support record, through the service."""
    return services.record_finance_support(
        actor=actor or SETUP, enterprise=enterprise, kind=kind, institution=institution, amount_wan=Decimal(amount),
        granted_on=granted_on, note=note,
    )

"""Markets records for tests, written through markets.services as the test system actor (enterprises' SETUP)."""

from datetime import date, timedelta
from decimal import Decimal

from enterprises.filings import FilingState
from enterprises.tests.factories import SETUP, EnterpriseFactory, designate
from markets import services
from markets.models import (
    FairParticipation,
    Honour,
    HonourCategory,
    HonourLevel,
    LogisticsMode,
    LogisticsSupport,
    OnlineSales,
)
from policy.levels import Level


def srdi_enterprise(area=None, granted_on=date(2024, 1, 10), **extra):
    enterprise = EnterpriseFactory(**({"area": area} if area else {}), **extra)
    designate(enterprise, Level.MUNICIPAL, granted_on)
    return enterprise


def logistics(enterprise, year=2025, mode=LogisticsMode.OUTSOURCING, cost_saved_wan="12.50"):
    return services.save_record(actor=SETUP, record=LogisticsSupport(
        enterprise=enterprise, year=year, mode=mode, cost_saved_wan=Decimal(cost_saved_wan),
    ))


def honour(enterprise, name="广西壮族自治区主席质量奖", granted_on=date(2025, 5, 20), state=FilingState.CONFIRMED,
           category=HonourCategory.QUALITY_AWARD, level=HonourLevel.REGIONAL, document_number=""):
    return services.save_record(actor=SETUP, record=Honour(
        enterprise=enterprise, category=category, name=name, level=level, granted_on=granted_on,
        document_number=document_number, filing_state=state,
    ))


def fair(enterprise, fair_name="中国—东盟博览会", starts_on=date(2025, 9, 17), days=4, deals="300.00",
         state=FilingState.CONFIRMED, venue="南宁"):
    return services.save_record(actor=SETUP, record=FairParticipation(
        enterprise=enterprise, fair_name=fair_name, venue=venue, starts_on=starts_on,
        ends_on=starts_on + timedelta(days=days - 1), intended_deals_wan=None if deals is None else Decimal(deals),
        filing_state=state,
    ))


def sales(enterprise, year=2025, platform="天猫", sales_wan="800.00", cross_border=False, state=FilingState.CONFIRMED):
    return services.save_record(actor=SETUP, record=OnlineSales(
        enterprise=enterprise, year=year, platform=platform, sales_wan=Decimal(sales_wan), cross_border=cross_border,
        filing_state=state,
    ))

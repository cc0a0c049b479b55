"""Talent test data, made through the real services (the bureau's writes as SETUP, a system actor)."""

from datetime import date

from enterprises.tests.factories import SETUP, EnterpriseFactory, designate
from policy.levels import Level
from talent import services
from talent.models import Talent, TalentLevel, TalentNeed


def srdi_enterprise(granted_on=date(2024, 1, 10), level=Level.MUNICIPAL, **fields):
    """An enterprise on the white list from `granted_on` for three years."""
    enterprise = EnterpriseFactory(**fields)
    designate(enterprise, level, granted_on)
    return enterprise


def need(enterprise, year, position="机械设计工程师", specialty="机械设计制造及其自动化", headcount=3, education="本科"):
    """A need the bureau recorded: it counts at once."""
    return services.save_need(actor=SETUP, need=TalentNeed(
        enterprise=enterprise, year=year, position=position, specialty=specialty, headcount=headcount,
        education=education,
    ))


def talent(enterprise, name="李建华", level=TalentLevel.C, recognised_on=date(2025, 6, 1), document_number="桂人才认〔2025〕8号"):
    return services.save_talent(actor=SETUP, talent=Talent(
        enterprise=enterprise, name=name, level=level, recognised_on=recognised_on, document_number=document_number,
    ))

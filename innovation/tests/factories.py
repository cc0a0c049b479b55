"""Set-up for the innovation tests, through the real services (as `SETUP`, a system actor)."""

from datetime import date
from decimal import Decimal

from enterprises.filings import FilingState
from enterprises.tests.factories import SETUP
from innovation import services
from innovation.models import RenovationProject, TechAchievement, TechDemand
from innovation.states import Maturity, RenovationKind, TransferMode
from vocabulary.models import Category, Term


def field(name):
    return Term.objects.get(category=Category.TECH_FIELD, name=name)


def demand(enterprise, name="高精度光纤连接器自动化组装", field_name="光电子与光通信",
           description="光纤连接器插芯与尾柄的自动化组装，要求同轴度达到微米级", deadline=None,
           state=FilingState.CONFIRMED, budget_wan=None):
    record = services.save_record_as_staff(actor=SETUP, record=TechDemand(
        enterprise=enterprise, name=name, field=field(field_name), description=description, deadline=deadline,
        budget_wan=budget_wan,
    ))
    if state != FilingState.CONFIRMED:  # as if the enterprise had filed it (drafts are the enterprise's own)
        TechDemand.objects.filter(pk=record.pk).update(filing_state=state)
        record.refresh_from_db()
    return record


def achievement(name="光纤连接器自动化装配视觉定位系统", institution="桂林电子科技大学", field_name="光电子与光通信",
                summary="基于机器视觉的光纤插芯自动化装配与同轴度检测", maturity=Maturity.PILOT,
                transfer_mode=TransferMode.LICENCE):
    return services.save_achievement(actor=SETUP, achievement=TechAchievement(
        name=name, institution=institution, field=field(field_name), summary=summary, maturity=maturity,
        transfer_mode=transfer_mode,
    ))


def project(enterprise, name="智能硫化生产线改造", investment_wan="800", started_on=date(2025, 3, 1),
            kind=RenovationKind.EQUIPMENT, state=FilingState.CONFIRMED):
    record = services.save_record_as_staff(actor=SETUP, record=RenovationProject(
        enterprise=enterprise, name=name, kind=kind, investment_wan=Decimal(investment_wan), started_on=started_on,
    ))
    if state != FilingState.CONFIRMED:  # as if the enterprise had filed it (drafts are the enterprise's own)
        RenovationProject.objects.filter(pk=record.pk).update(filing_state=state)
        record.refresh_from_db()
    return record

"""For each role, each object URL of another enterprise or another area answers 404 — not 403, not the data.

Data-driven: every app appends its object URLs to CASES. A case names the URL, a factory making an object that
belongs to `ctx["other_enterprise"]` (in 阳朔县, outside every scoped test user's reach: the enterprise user's firm
and the county official sit in 秀峰区, the liaison officer has no enterprise assigned), how to get the URL's
arguments from it, and who must still see it (the positive control that proves the URL itself works)."""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.urls import reverse

from audit import BEAT
from enterprises.roles import Role
from enterprises.tests.factories import make_user

pytestmark = pytest.mark.django_db

SCOPED_ROLES = (Role.ENTERPRISE, Role.COUNTY, Role.LIAISON)
ALL_ROLES = tuple(Role)
# declarations hold confidential figures: the finance roles do not read them at all
DECLARATION_HIDDEN = SCOPED_ROLES + (Role.FINANCE, Role.FINANCIAL_SERVICES)


def other_firm_user(ctx):
    return ctx.setdefault("other_user", make_user(Role.ENTERPRISE, enterprise=ctx["other_enterprise"]))


def other_area_official(ctx):
    return make_user(Role.COUNTY, area=ctx["other_enterprise"].area)


@dataclass
class Case:
    url_name: str
    factory: Callable[[dict], Any]
    args: Callable[[Any], list] = lambda obj: [obj.pk]
    hidden_from: tuple = SCOPED_ROLES          # roles (from conftest.role_users) that must get 404
    visible_to: Callable[[dict], Any] = other_firm_user  # a user who must get 200 (positive control)
    id: str = field(default="")


# --- the registry -------------------------------------------------------------------------------------------------

def _enterprise(ctx):
    return ctx["other_enterprise"]


# --- declarations -------------------------------------------------------------------------------------------------

def _submitted(ctx):
    from declarations.tests.factories import submitted_application

    return ctx.setdefault("submitted", submitted_application(other_firm_user(ctx)))


def _draft(ctx):
    from declarations.tests.factories import draft_application

    return draft_application(other_firm_user(ctx), year=2025)


def _attachment(ctx):
    return _submitted(ctx).attachments.get()


def _message(ctx):
    _submitted(ctx)
    return other_firm_user(ctx).portal_messages.get()


# --- awards, liaison, finance -------------------------------------------------------------------------------------

def _notified_award(ctx):
    from datetime import date

    from awards import services as award_services
    from enterprises.tests.factories import designate
    from policy.levels import Level

    if "award" not in ctx:
        designate(ctx["other_enterprise"], Level.MUNICIPAL, date(2023, 6, 1))
        award = award_services.refresh_recognition_award(enterprise=ctx["other_enterprise"], actor=BEAT)
        award_services.notify_awards(awards=[award], actor=BEAT)
        ctx["award"] = award
    return ctx["award"]


def _difficulty(ctx):
    from liaison.tests.factories import difficulty

    return ctx.setdefault("difficulty", difficulty(ctx["other_enterprise"], actor=other_firm_user(ctx)))


def _designation(ctx):
    from datetime import date

    from enterprises.tests.factories import designate
    from policy.levels import Level

    return designate(ctx["other_enterprise"], Level.INNOVATIVE, date(2024, 1, 1))


def _figures(ctx):
    from enterprises.tests.factories import figures

    return figures(ctx["other_enterprise"], 2024, "30000000", "900000")


def _loan(ctx):
    from finance.tests.factories import loan

    return loan(ctx["other_enterprise"])


def _finance_support(ctx):
    from finance.models import FinanceSupport
    from finance.tests.factories import support

    return support(ctx["other_enterprise"], FinanceSupport.Kind.INSURANCE)


def _service_record(ctx):
    from liaison.tests.service_factories import served

    return served(ctx["other_enterprise"])


# the one-firm-one-file is for the enterprise, its officer, its county and the bureau (市工信局) only
FIRM_FILE_HIDDEN = SCOPED_ROLES + (Role.FINANCE, Role.FINANCIAL_SERVICES)


def _tech_demand(ctx):
    from enterprises.filings import FilingState
    from innovation.tests.factories import demand

    return ctx.setdefault("tech_demand", demand(ctx["other_enterprise"], state=FilingState.DRAFT))


def _renovation_project(ctx):
    from enterprises.filings import FilingState
    from innovation.tests.factories import project

    return ctx.setdefault("renovation_project", project(ctx["other_enterprise"], state=FilingState.DRAFT))


def _match(ctx):
    from audit import DEMO
    from innovation import services
    from innovation.models import TechDemand
    from innovation.tests.factories import achievement, demand

    need = demand(ctx["other_enterprise"], name="已确认的需求")
    assert TechDemand.objects.get(pk=need.pk).counts
    return services.recommend(actor=DEMO, demand=need, achievement=achievement())


# --- the other measures (六 to 十八) ----------------------------------------------------------------------------------

def _talent_need(ctx):
    from talent.tests.factories import need

    return ctx.setdefault("talent_need", need(ctx["other_enterprise"], 2025))


def _talent_need_draft(ctx):
    from enterprises.filing_services import save_filing_draft
    from talent.models import TalentNeed

    return save_filing_draft(actor=other_firm_user(ctx), record=TalentNeed(
        year=2026, position="工艺工程师", specialty="材料成型及控制工程", headcount=2))


def _honour(ctx, state=None):
    from enterprises.filings import FilingState
    from markets.tests.factories import honour

    return honour(ctx["other_enterprise"], state=state or FilingState.CONFIRMED,
                  name="驰名商标" if state else "广西壮族自治区主席质量奖")


def _honour_draft(ctx):
    from enterprises.filings import FilingState

    return _honour(ctx, FilingState.DRAFT)


def _fair(ctx):
    from markets.tests.factories import fair

    return fair(ctx["other_enterprise"])


def _online_sales(ctx):
    from markets.tests.factories import sales

    return sales(ctx["other_enterprise"])


def _product(ctx):
    from chains import services as chain_services
    from chains.models import Product
    from enterprises.tests.factories import SETUP
    from vocabulary.models import Category, Term

    category = Term.objects.filter(category=Category.PRODUCT_CATEGORY).first()
    return chain_services.save_product(actor=SETUP, product=Product(
        enterprise=ctx["other_enterprise"], name="高速光模块", category=category))


def _admin_pages(model, factory, history=True):
    """The admin change form and history pages of `model`: a county official of another area gets 404."""
    pages = [Case(f"admin:{model}_change", factory, hidden_from=(Role.COUNTY,), visible_to=other_area_official)]
    if history:
        pages.append(Case(f"admin:{model}_history", factory, hidden_from=(Role.COUNTY,),
                          visible_to=other_area_official))
        pages.append(Case(f"admin:{model}_simple_history", factory, hidden_from=(Role.COUNTY,),
                          args=lambda obj: [obj.pk, obj.history.first().history_id], visible_to=other_area_official,
                          id=f"admin:{model}_simple_history"))
    return pages


CASES = [
    Case("enterprises:detail", _enterprise),
    Case("awards:confirm", _notified_award),
    Case("liaison:file", _enterprise, hidden_from=FIRM_FILE_HIDDEN),
    Case("liaison:file_xlsx", _enterprise, hidden_from=FIRM_FILE_HIDDEN),
    # the policy calculator: the firm, its officer and its county only (portal.calculator.CALCULATOR_ROLES)
    Case("awards:calculator_for", _enterprise, hidden_from=ALL_ROLES),
    Case("liaison:difficulty", _difficulty),
    *_admin_pages("enterprises_enterprise", _enterprise),
    *_admin_pages("enterprises_designation", _designation),
    *_admin_pages("enterprises_annualfigures", _figures),
    *_admin_pages("awards_award", _notified_award),
    *_admin_pages("liaison_difficulty", _difficulty),
    *_admin_pages("finance_loansupport", _loan),
    *_admin_pages("finance_financesupport", _finance_support),
    *_admin_pages("liaison_servicerecord", _service_record),
    Case("innovation:demand", _tech_demand),
    Case("innovation:demand_edit", _tech_demand, hidden_from=(Role.ENTERPRISE, Role.COUNTY)),
    Case("innovation:project_edit", _renovation_project, hidden_from=(Role.ENTERPRISE, Role.COUNTY)),
    Case("innovation:match", _match, hidden_from=(Role.COUNTY,), visible_to=other_area_official),
    *_admin_pages("innovation_techdemand", _tech_demand),
    Case("talent:need_edit", _talent_need_draft, hidden_from=(Role.ENTERPRISE, Role.COUNTY)),
    *_admin_pages("talent_talentneed", _talent_need),
    Case("markets:honours_edit", _honour_draft, hidden_from=(Role.ENTERPRISE,)),
    *_admin_pages("markets_honour", _honour),
    *_admin_pages("markets_fairparticipation", _fair),
    *_admin_pages("markets_onlinesales", _online_sales),
    *_admin_pages("chains_product", _product),
    *_admin_pages("innovation_renovationproject", _renovation_project),
    Case("declarations:detail", _submitted, hidden_from=DECLARATION_HIDDEN),
    Case("declarations:edit", _draft, hidden_from=ALL_ROLES),
    Case("declarations:download", _attachment, hidden_from=DECLARATION_HIDDEN),
    Case("declarations:review", _submitted, hidden_from=SCOPED_ROLES, visible_to=other_area_official),
    # a message is personal: nobody but its recipient opens it, whatever their reach
    Case("declarations:message", _message, hidden_from=ALL_ROLES),
    Case("admin:declarations_declaration_change", _submitted, hidden_from=(Role.COUNTY,),
         visible_to=other_area_official),
    Case("admin:declarations_declaration_history", _submitted, hidden_from=(Role.COUNTY,),
         visible_to=other_area_official),
    Case("admin:declarations_declaration_simple_history", _submitted, hidden_from=(Role.COUNTY,),
         args=lambda obj: [obj.pk, obj.history.first().history_id], visible_to=other_area_official),
]


@pytest.fixture
def ctx(role_users):
    return dict(role_users)


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.id or case.url_name)
def test_objects_of_another_enterprise_or_area_answer_404(client, ctx, case):
    url = reverse(case.url_name, args=case.args(case.factory(ctx)))
    client.force_login(case.visible_to(ctx))
    assert client.get(url).status_code == 200, f"positive control: {url} should open for its owner"
    for role in case.hidden_from:
        client.force_login(ctx[role])
        response = client.get(url)
        assert response.status_code == 404, f"{role.label} got {response.status_code} for {url}"


def test_a_guessed_id_that_does_not_exist_is_also_404(client, ctx):
    client.force_login(ctx[Role.ENTERPRISE])
    for name in ("declarations:detail", "declarations:edit", "declarations:download", "declarations:message"):
        assert client.get(reverse(name, args=[987654])).status_code == 404

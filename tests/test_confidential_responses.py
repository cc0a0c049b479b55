"""Every response carrying confidential data tells browsers and proxies not to keep it: `Cache-Control: no-store,
private` — exports and downloads, the one-firm file, the award pages of the enterprise and of the admin."""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

import pytest
from django.urls import reverse

from audit import BEAT
from awards import services as award_services
from awards.batches import create_payment_batch
from awards.tests.test_batches import awards_on_notice
from declarations.tests.factories import submitted_application
from enterprises.roles import Role
from enterprises.tests.factories import designate
from finance import services as finance_services
from finance.models import ListPush
from finance.tests.factories import srdi_enterprise
from policy.levels import Level

pytestmark = pytest.mark.django_db


def _notified_award(ctx):
    if "award" not in ctx:
        designate(ctx["own_enterprise"], Level.MUNICIPAL, date(2023, 6, 1))
        award = award_services.refresh_recognition_award(enterprise=ctx["own_enterprise"], actor=BEAT)
        award_services.notify_awards(awards=[award], actor=BEAT)
        ctx["award"] = award
    return ctx["award"]


def _attachment(ctx):
    return submitted_application(ctx[Role.ENTERPRISE]).attachments.get()


def _push(ctx):
    srdi_enterprise(name="桂林推送测试有限公司")
    return finance_services.record_push(actor=ctx[Role.FINANCIAL_SERVICES], recipient_kind=ListPush.RecipientKind.BANK,
                                        recipient_name="桂林银行股份有限公司")


def _batch(ctx):
    awards_on_notice(1, ctx[Role.REVIEWER])
    return create_payment_batch(year=2024, actor=ctx[Role.FINANCE]).batch


@dataclass
class Case:
    id: str
    role: Role
    url: Callable[[dict], str]


CASES = [
    Case("one-firm file", Role.REVIEWER, lambda ctx: reverse("liaison:file", args=[ctx["own_enterprise"].pk])),
    Case("one-firm file export", Role.REVIEWER,
         lambda ctx: reverse("liaison:file_xlsx", args=[ctx["own_enterprise"].pk])),
    Case("declaration attachment", Role.ENTERPRISE,
         lambda ctx: reverse("declarations:download", args=[_attachment(ctx).pk])),
    Case("dashboards export", Role.REVIEWER, lambda ctx: reverse("dashboards:export") + "?year=2024"),
    Case("finance list push csv", Role.FINANCIAL_SERVICES,
         lambda ctx: reverse("finance:push_download", args=[_push(ctx).pk, "csv"])),
    Case("finance list push xlsx", Role.FINANCIAL_SERVICES,
         lambda ctx: reverse("finance:push_download", args=[_push(ctx).pk, "xlsx"])),
    Case("enterprise awards page", Role.ENTERPRISE, lambda ctx: _notified_award(ctx) and reverse("awards:mine")),
    Case("enterprise award confirm page", Role.ENTERPRISE,
         lambda ctx: reverse("awards:confirm", args=[_notified_award(ctx).pk])),
    Case("admin award change page", Role.REVIEWER,
         lambda ctx: reverse("admin:awards_award_change", args=[_notified_award(ctx).pk])),
    Case("admin awards export csv", Role.REVIEWER, lambda ctx: reverse("admin:awards_award_export_csv") + "?year=2024"),
    Case("admin awards export xlsx", Role.REVIEWER,
         lambda ctx: reverse("admin:awards_award_export_xlsx") + "?year=2024"),
    Case("payment batch xlsx", Role.FINANCE,
         lambda ctx: reverse("admin:awards_paymentbatch_download_xlsx", args=[_batch(ctx).pk])),
    Case("payment batch csv", Role.FINANCE,
         lambda ctx: reverse("admin:awards_paymentbatch_download_csv", args=[_batch(ctx).pk])),
]


@pytest.fixture
def ctx(role_users):
    return dict(role_users)


def _directives(response):
    return {part.strip() for part in response.get("Cache-Control", "").split(",")}


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.id)
def test_confidential_responses_are_never_stored(client, ctx, case):
    url = case.url(ctx)
    client.force_login(ctx[case.role])
    response = client.get(url)
    assert response.status_code == 200, url
    assert {"no-store", "private"} <= _directives(response), f"{url}: {response.get('Cache-Control')}"


def test_a_download_is_never_stored_even_when_a_view_set_its_own_caching(rf):
    from django.http import HttpResponse

    from guilin_zjtx.middleware import ConfidentialNoStoreMiddleware

    def view(request):
        response = HttpResponse(b"x", content_type="text/csv")
        response["Content-Disposition"] = 'attachment; filename="x.csv"'
        response["Cache-Control"] = "public, max-age=3600"
        return response

    response = ConfidentialNoStoreMiddleware(view)(rf.get("/"))
    assert "public" not in _directives(response) and {"no-store", "private"} <= _directives(response)

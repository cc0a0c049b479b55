"""The award admin as the bureau and finance work from it: holds shown on the list and the page, the ledger as a
timeline, and flags resolved from the admin."""

from datetime import date

import pytest
from django.urls import reverse

from audit import BEAT
from awards import services
from awards.models import Award
from awards.recompute import recompute_eligibility
from awards.states import AwardKind, AwardState
from enterprises.models import CreditEntry, CreditStatus
from enterprises.roles import Role
from enterprises.tests.factories import figures, make_user

from .factories import growing_firm

pytestmark = pytest.mark.django_db

BANK = {"bank_name": "中国工商银行桂林分行营业部", "account_number": "2103001209001234567"}


@pytest.fixture
def approved():
    reviewer = make_user(Role.REVIEWER)
    firm = growing_firm()
    recompute_eligibility(year=2024, actor=BEAT)
    award = Award.objects.get(enterprise=firm, kind=AwardKind.GROWTH)
    services.notify_awards(awards=[award], actor=reviewer)
    services.confirm_award(award=award, actor=make_user(Role.ENTERPRISE, enterprise=firm), account_name=firm.name,
                           **BANK)
    services.approve_award(award=award, actor=reviewer)
    award.refresh_from_db()
    return award, reviewer


def test_the_list_and_the_page_show_a_credit_entry_and_the_timeline_names_staff(client, approved):
    award, reviewer = approved
    finance = make_user(Role.FINANCE)
    CreditEntry.objects.create(enterprise=award.enterprise, status=CreditStatus.ABNORMAL_OPERATION,
                               listed_on=date(2020, 1, 1), authority="桂林市市场监督管理局")
    client.force_login(finance)
    listing = client.get(reverse("admin:awards_award_changelist")).content.decode()
    assert "信用" in listing
    page = client.get(reverse("admin:awards_award_change", args=[award.pk])).content.decode()
    assert "经营异常" in page and "桂林市市场监督管理局" in page  # why the money is held
    assert "审核通过" in page and reviewer.get_username() in page  # the ledger, with the staff member's name


def test_a_page_without_holds_says_so(client, approved):
    award, reviewer = approved
    client.force_login(reviewer)
    page = client.get(reverse("admin:awards_award_change", args=[award.pk])).content.decode()
    assert "信用审查通过" in page


def test_keep_decision_from_the_admin_needs_a_reason_and_clears_the_flag(client, approved):
    award, reviewer = approved
    figures(award.enterprise, 2024, "90000000", "1150000")
    recompute_eligibility(year=2024, actor=BEAT)
    client.force_login(reviewer)
    url = reverse("admin:awards_award_keep_decision", args=[award.pk])
    assert client.post(url, {"reason": ""}).status_code == 200
    award.refresh_from_db()
    assert award.needs_attention
    assert client.post(url, {"reason": "核实后原数据无误"}).status_code == 302
    award.refresh_from_db()
    assert not award.needs_attention and award.events.get(action="resolve_keep").comment == "核实后原数据无误"


def test_accepting_new_results_from_the_list(client, approved):
    award, reviewer = approved
    figures(award.enterprise, 2024, "90000000", "1150000")
    recompute_eligibility(year=2024, actor=BEAT)
    client.force_login(reviewer)
    client.post(reverse("admin:awards_award_changelist"),
                {"action": "accept_new_results", "_selected_action": [award.pk]})
    award.refresh_from_db()
    assert not award.needs_attention and str(award.amount) == "120000.00" and award.state == AwardState.APPROVED


def test_the_award_list_says_which_edition_lapsed_on_which_day(client, approved):
    from policy.models import PolicyRecord

    award, reviewer = approved
    client.force_login(reviewer)
    edition = PolicyRecord.objects.get()
    listing = client.get(reverse("admin:awards_award_changelist")).content.decode()
    # the only edition ran to 2024-12-31: the list says so before any result is read
    assert "2024-12-31" in listing and edition.document_number in listing and "失效" in listing


def test_the_award_page_counts_objections_and_only_the_bureau_gets_the_link(client, approved):
    from audit import PUBLIC
    from awards.objection_services import lodge_award_objection

    award, reviewer = approved
    services.publish_notice(awards=[award], actor=reviewer, starts_on=date.today())
    award.refresh_from_db()
    lodge_award_objection(award=award, objector_name="李明华", objector_phone="13907731234",
                          facts="该企业年度产值数据与实际不符，请核查。", actor=PUBLIC)
    url = reverse("admin:awards_award_change", args=[award.pk])
    client.force_login(reviewer)
    page = client.get(url).content.decode()
    assert "共 1 件，待处理 1 件" in page and "查看并处理" in page
    objections = client.get(reverse("admin:awards_awardobjection_changelist") + f"?award__exact={award.pk}")
    assert objections.status_code == 200 and award.enterprise.name in objections.content.decode()
    client.force_login(make_user(Role.FINANCE))
    page = client.get(url).content.decode()
    assert "共 1 件，待处理 1 件" in page and "查看并处理" not in page and "李明华" not in page

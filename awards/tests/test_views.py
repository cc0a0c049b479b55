"""Enterprise pages (own awards, confirmation) and the staff admin (scoping, actions, export, recompute)."""

import csv
import io
from datetime import date

import pytest
from django.urls import reverse
from django.utils import timezone

from audit import BEAT, PUBLIC
from awards import services
from awards.models import Award, AwardEvent, RecomputeRun
from awards.objection_services import decide_award_objection, lodge_award_objection
from awards.objections import ObjectionStatus
from awards.recompute import recompute_eligibility
from awards.states import AwardKind, AwardState
from enterprises.models import CreditEntry, CreditStatus
from enterprises.roles import Role
from enterprises.tests.factories import figures, make_user

from .factories import growing_firm

pytestmark = pytest.mark.django_db

BANK = {"bank_name": "桂林银行股份有限公司七星支行", "account_number": "6600 1234 5678 9012"}


@pytest.fixture
def setting(role_users, areas):
    """The role_users' own firm (秀峰区) and another firm (阳朔县) each with a notified 2024 growth award."""
    own, other = role_users["own_enterprise"], role_users["other_enterprise"]
    from enterprises.tests.factories import designate, figures

    for firm in (own, other):
        designate(firm, "municipal", date(2023, 6, 1))
        figures(firm, 2023, "50000000", "1000000")
        figures(firm, 2024, "70000000", "1150000")
    recompute_eligibility(year=2024, actor=BEAT)
    services.notify_awards(awards=list(Award.objects.all()), actor=role_users[Role.REVIEWER])
    return {
        "own": Award.objects.get(enterprise=own, kind=AwardKind.GROWTH),
        "other": Award.objects.get(enterprise=other, kind=AwardKind.GROWTH),
        **role_users,
    }


def test_enterprise_sees_its_own_awards_with_their_steps(client, setting):
    client.force_login(setting[Role.ENTERPRISE])
    page = client.get(reverse("awards:mine")).content.decode()
    assert "2024 年成长奖励" in page and "60,000.00 元" in page and "精准推送" in page
    assert reverse("awards:confirm", args=[setting["own"].pk]) in page
    assert setting["other_enterprise"].name not in page


def test_enterprise_sees_why_a_result_is_not_an_award(client, role_users):
    from enterprises.tests.factories import designate, figures

    own = role_users["own_enterprise"]
    designate(own, "municipal", date(2023, 6, 1))
    figures(own, 2024, "150000000", "1000000")
    recompute_eligibility(year=2024, actor=BEAT)
    client.force_login(role_users[Role.ENTERPRISE])
    page = client.get(reverse("awards:mine")).content.decode()
    assert "适用其他政策" in page and "按其他工业政策执行" in page and "确认领取并填写收款账户</a>" not in page


def test_confirmation_form_moves_the_award_on(client, setting):
    client.force_login(setting[Role.ENTERPRISE])
    url = reverse("awards:confirm", args=[setting["own"].pk])
    assert "确认领取" in client.get(url).content.decode()
    bad = client.post(url, {"account_name": "别家公司", **BANK, "agree": "on"})
    assert bad.status_code == 200 and "须与企业名称" in bad.content.decode()
    response = client.post(url, {"account_name": setting["own_enterprise"].name, **BANK, "agree": "on"})
    assert response.status_code == 302
    award = Award.objects.get(pk=setting["own"].pk)
    assert award.state == AwardState.CONFIRMED and award.account_number == "6600123456789012"


def test_another_enterprises_award_answers_404(client, setting):
    client.force_login(setting[Role.ENTERPRISE])
    assert client.get(reverse("awards:confirm", args=[setting["other"].pk])).status_code == 404
    response = client.post(reverse("awards:confirm", args=[setting["other"].pk]),
                           {"account_name": setting["other_enterprise"].name, **BANK, "agree": "on"})
    assert response.status_code == 404
    assert Award.objects.get(pk=setting["other"].pk).state == AwardState.NOTIFIED


def test_pages_need_login(client, setting):
    for url in (reverse("awards:mine"), reverse("awards:confirm", args=[setting["own"].pk])):
        assert client.get(url).status_code == 302


@pytest.mark.parametrize("extra", [2, 20])
def test_my_awards_query_count_does_not_grow(client, role_users, django_assert_num_queries, extra):
    own = role_users["own_enterprise"]
    from enterprises.tests.factories import designate, figures

    designate(own, "municipal", date(2023, 1, 1))
    for year in range(2000, 2000 + extra + 1):
        figures(own, year, "50000000", "1000000")
    recompute_eligibility(year=2023, actor=BEAT)
    for _ in range(extra):
        growing_firm()
    client.force_login(role_users[Role.ENTERPRISE])
    # session, user, the awards (enterprise, area and policy joined), their ledger rows, open objections and credit
    # entries in force (the holds), the editions (lapse notice)
    with django_assert_num_queries(7):
        assert client.get(reverse("awards:mine")).status_code == 200


# --- admin ------------------------------------------------------------------------------------------------------

def test_county_official_sees_its_area_read_only(client, setting):
    client.force_login(setting[Role.COUNTY])
    listing = client.get(reverse("admin:awards_award_changelist")).content.decode()
    assert setting["own_enterprise"].name in listing and setting["other_enterprise"].name not in listing
    assert "批量审核通过" not in listing
    assert client.get(reverse("admin:awards_award_change", args=[setting["other"].pk])).status_code in (302, 404)
    response = client.post(reverse("admin:awards_award_changelist"),
                           {"action": "approve", "_selected_action": [setting["own"].pk]})
    assert Award.objects.get(pk=setting["own"].pk).state == AwardState.NOTIFIED
    assert response.status_code in (200, 302)


def test_reviewer_bulk_approves_from_the_admin(client, setting):
    firm_user = setting[Role.ENTERPRISE]
    services.confirm_award(award=setting["own"], actor=firm_user, account_name=setting["own_enterprise"].name, **BANK)
    client.force_login(setting[Role.REVIEWER])
    response = client.post(reverse("admin:awards_award_changelist"), {
        "action": "approve", "_selected_action": [setting["own"].pk, setting["other"].pk],
    })
    assert response.status_code == 302
    assert Award.objects.get(pk=setting["own"].pk).state == AwardState.APPROVED
    assert Award.objects.get(pk=setting["other"].pk).state == AwardState.NOTIFIED  # not confirmed: skipped


def test_reviewer_rejects_with_a_reason_and_finance_records_the_payment(client, setting):
    award = setting["own"]
    client.force_login(setting[Role.REVIEWER])
    url = reverse("admin:awards_award_reject", args=[award.pk])
    assert client.post(url, {"reason": ""}).status_code == 200
    assert client.post(url, {"reason": "经核实企业存在失信记录"}).status_code == 302
    assert Award.objects.get(pk=award.pk).state == AwardState.REJECTED
    client.force_login(setting[Role.FINANCE])
    form = client.get(reverse("admin:awards_award_pay", args=[setting["other"].pk]))
    assert form.status_code == 200
    page = form.content.decode()
    # today as a date input can show it (ISO; not the locale's 2026/12/02, which the input drops as empty),
    # under a heading, in boxed inputs
    assert f'type="date" name="paid_on" value="{timezone.localdate():%Y-%m-%d}"' in page
    assert "<h1>登记兑付：" in page and "css/admin_forms.css" in page and 'class="admin-action-form' in page
    refused = client.post(reverse("admin:awards_award_pay", args=[setting["other"].pk]),
                          {"paid_on": "2025-01-01", "voucher_number": "v"})
    assert "不能执行该操作" in refused.content.decode()  # not in public notice
    client.force_login(setting[Role.REVIEWER])
    assert client.get(reverse("admin:awards_award_pay", args=[setting["other"].pk])).status_code == 403


def test_admin_export_is_the_public_file_scoped_to_the_user(client, setting):
    client.force_login(setting[Role.COUNTY])
    response = client.get(reverse("admin:awards_award_export_csv") + "?year=2024")
    assert response.status_code == 200 and response["Content-Disposition"].startswith("attachment")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][6] == "金额（元）" and len(rows) == 2
    assert rows[1][1] == setting["own_enterprise"].name and rows[1][6] == "60000.00"
    client.force_login(setting[Role.REVIEWER])
    response = client.get(reverse("admin:awards_award_export_xlsx"),
                          HTTP_REFERER="http://testserver/admin/awards/award/?year__exact=2024")
    assert response.status_code == 200 and response.content.startswith(b"PK")


def test_staff_trigger_a_recompute_from_the_admin(client, role_users, django_capture_on_commit_callbacks):
    growing_firm()
    client.force_login(role_users[Role.REVIEWER])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("admin:awards_recomputerun_add"), {"year": "2024"})
    assert response.status_code == 302
    run = RecomputeRun.objects.get()
    assert run.status == RecomputeRun.Status.SUCCEEDED and run.triggered_by == role_users[Role.REVIEWER]
    listing = client.get(reverse("admin:awards_recomputerun_changelist")).content.decode()
    assert "1/1（100%）" in listing
    client.force_login(role_users[Role.COUNTY])
    assert client.get(reverse("admin:awards_recomputerun_add")).status_code == 403


@pytest.mark.parametrize("extra", [3, 30])
def test_admin_award_list_query_count_does_not_grow(client, role_users, django_assert_num_queries, extra):
    for _ in range(extra):
        growing_firm()
    recompute_eligibility(year=2024, actor=BEAT)
    reviewer = make_user(Role.REVIEWER)
    client.force_login(reviewer)
    client.get(reverse("admin:awards_award_changelist"))  # warm the per-request caches of unfold/filters
    # session, user, user and group permissions, the area filter's choices, the count (unfiltered, also the total),
    # the page's rows (enterprise and area joined, holds annotated), the year filter's choices, the editions (lapse
    # notice)
    with django_assert_num_queries(9):
        assert client.get(reverse("admin:awards_award_changelist")).status_code == 200



# --- the enterprise's ledger and holds ------------------------------------------------------------------------------

def _named_reviewer():
    reviewer = make_user(Role.REVIEWER)
    reviewer.first_name = "王审核"
    reviewer.save(update_fields=["first_name"])
    return reviewer


def _own_on_notice(setting, reviewer):
    """The enterprise's own award confirmed by itself, approved and put on notice today by `reviewer`."""
    award = setting["own"]
    services.confirm_award(award=award, actor=setting[Role.ENTERPRISE], account_name=setting["own_enterprise"].name,
                           **BANK)
    services.approve_award(award=award, actor=reviewer)
    services.publish_notice(awards=[award], actor=reviewer)
    return Award.objects.get(pk=award.pk)


def test_enterprise_reads_each_awards_ledger_by_unit_never_by_name(client, setting):
    reviewer = _named_reviewer()
    award = _own_on_notice(setting, reviewer)
    services.reject_award(award=award, actor=reviewer, reason="经核实企业放弃申领")
    client.force_login(setting[Role.ENTERPRISE])
    page = client.get(reverse("awards:mine")).content.decode()
    timeline = page[page.index("办理记录"):]
    for text in ("精准推送", "企业确认领取", "审核通过", "发布公示", "不予奖励", "系统比对符合 → 已推送，待企业确认",
                 "企业已确认，待审核 → 审核通过", "公示中 → 不予奖励", "经核实企业放弃申领", "市工业和信息化局", "企业"):
        assert text in timeline, text
    assert AwardEvent.objects.filter(award=award, actor_name="王审核").count() == 3  # staff see the name…
    notifier = setting[Role.REVIEWER]
    assert "王审核" not in page and reviewer.username not in page  # …the enterprise does not
    assert notifier.username not in page


def test_enterprise_is_told_plainly_when_an_objection_holds_its_award(client, setting):
    award = _own_on_notice(setting, setting[Role.REVIEWER])
    lodge_award_objection(award=award, actor=PUBLIC, objector_name="李明华", objector_phone="13907731234",
                          facts="该企业产值含关联交易虚增部分，请核查。")
    client.force_login(setting[Role.ENTERPRISE])
    page = client.get(reverse("awards:mine")).content.decode()
    assert "本项奖励正在核查中" in page and "公示期间收到异议，市工业和信息化局正在依规核查" in page
    assert "收到公示异议" in page  # the ledger line
    for personal in ("李明华", "13907731234", "关联交易"):
        assert personal not in page


def test_enterprise_is_told_its_credit_entry_holds_its_award(client, setting):
    CreditEntry.objects.create(enterprise=setting["own_enterprise"], status=CreditStatus.choices[2][0],
                               listed_on=date(2025, 1, 2), authority="桂林市市场监督管理局")
    client.force_login(setting[Role.ENTERPRISE])
    page = client.get(reverse("awards:mine")).content.decode()
    assert "本项奖励正在核查中" in page
    assert f"企业被列为“{CreditStatus.choices[2][1]}”（桂林市市场监督管理局，2025-01-02 列入），信用审查未通过" in page
    assert page.count("本项奖励正在核查中") == 1  # the other firm's award is not on this page


def test_enterprise_is_told_a_changed_input_is_being_reviewed(client, setting):
    _own_on_notice(setting, setting[Role.REVIEWER])
    client.force_login(setting[Role.ENTERPRISE])
    assert "本项奖励正在核查中" not in client.get(reverse("awards:mine")).content.decode()
    figures(setting["own_enterprise"], 2024, "75000000", "1150000")
    recompute_eligibility(year=2024, actor=BEAT)  # a decided award is flagged, never altered
    assert Award.objects.get(pk=setting["own"].pk).needs_attention
    page = client.get(reverse("awards:mine")).content.decode()
    assert "本项奖励正在核查中" in page and "市工业和信息化局正在复核本项奖励" in page


def test_a_decided_objection_no_longer_holds_on_the_enterprise_page(client, setting):
    award = _own_on_notice(setting, setting[Role.REVIEWER])
    objection = lodge_award_objection(award=award, actor=PUBLIC, objector_name="李明华",
                                      objector_phone="13907731234", facts="该企业产值含关联交易虚增部分，请核查。")
    decide_award_objection(objection=objection, actor=setting[Role.REVIEWER], status=ObjectionStatus.DISMISSED,
                           finding="经核查，统计数据无误，异议不成立")
    client.force_login(setting[Role.ENTERPRISE])
    page = client.get(reverse("awards:mine")).content.decode()
    assert "本项奖励正在核查中" not in page and "异议不成立" in page and "统计数据无误" in page


@pytest.mark.parametrize("count", [1, 10])
def test_my_awards_with_ledgers_and_holds_query_count(client, setting, django_assert_num_queries, count):
    own = setting["own"]
    for year in range(2024 - count + 1, 2024):  # more results of the same firm (only the recompute writes them)
        copy = Award.objects.get(pk=own.pk)
        copy.pk, copy.year = None, year
        copy.save()
    for award in Award.objects.filter(enterprise=setting["own_enterprise"]):
        services.confirm_award(award=award, actor=setting[Role.ENTERPRISE],
                               account_name=setting["own_enterprise"].name, **BANK)
    assert Award.objects.filter(enterprise=setting["own_enterprise"]).count() == count
    client.force_login(setting[Role.ENTERPRISE])
    # session, user, the awards, their ledger rows, open objections, credit entries, the editions (lapse notice)
    with django_assert_num_queries(7):
        page = client.get(reverse("awards:mine")).content.decode()
    assert page.count("企业确认领取") == count


def test_an_award_page_is_read_only_for_everyone_with_no_save_buttons(client, setting):
    for role in (Role.REVIEWER, Role.FINANCE, Role.COUNTY):
        client.force_login(setting[role])
        response = client.get(reverse("admin:awards_award_change", args=[setting["own"].pk]))
        page = response.content.decode()
        assert response.status_code == 200, role
        assert 'name="_save"' not in page and 'name="_continue"' not in page, role
        assert setting["own_enterprise"].name in page
    client.force_login(setting[Role.REVIEWER])
    assert "不予奖励" in client.get(reverse("admin:awards_award_change", args=[setting["own"].pk])).content.decode()

"""Objections to the awards' public notice: the public page (no login, no personal data, throttled, CSRF), the
service (only while on notice, holds the payment, ledger without personal data) and the bureau's finding in the admin
(upheld → rejected with the finding as reason; dismissed → payment goes on), visible to the bureau only."""

from datetime import date, timedelta

import pytest
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from audit import BEAT, PUBLIC
from awards import objection_services, services
from awards.models import Award, AwardEvent, AwardObjection
from awards.objection_services import decide_award_objection, lodge_award_objection
from awards.objections import ObjectionStatus
from awards.recompute import recompute_eligibility
from awards.states import AwardKind, AwardState
from enterprises.roles import Role
from enterprises.tests.factories import SETUP, make_user
from policy.models import PolicyRecord
from policy.services import save_policy_record

from .factories import growing_firm

pytestmark = pytest.mark.django_db

BANK = {"bank_name": "桂林银行股份有限公司七星支行", "account_number": "6600 1234 5678 9012"}
OBJECTOR = {"objector_name": "李明华", "objector_phone": "13907731234",
            "facts": "该企业 2024 年产值中含有关联企业转入的销售额，增长系虚增，请予核查。"}
PAGE = "awards:public_notices"


@pytest.fixture(autouse=True)
def _fresh_throttle():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def reviewer(db):
    return make_user(Role.REVIEWER)


@pytest.fixture
def finance(db):
    return make_user(Role.FINANCE)


def awards_on_notice(count, reviewer, *, starts_on=None, year=2024, **firm):
    """`count` growth awards of 60,000.00 (2024) put on notice from `starts_on` (today) through the real flow."""
    firms = [growing_firm(year=year, **firm) for _ in range(count)]
    recompute_eligibility(year=year, actor=BEAT)
    awards = list(Award.objects.filter(enterprise__in=firms, kind=AwardKind.GROWTH, year=year).order_by("pk"))
    services.notify_awards(awards=awards, actor=reviewer)
    for award in awards:  # a reviewer may enter a confirmation the enterprise gave on paper (代录)
        services.confirm_award(award=award, actor=reviewer, account_name=award.enterprise.name, **BANK)
    services.approve_awards(awards=awards, actor=reviewer)
    services.publish_notice(awards=awards, actor=reviewer, starts_on=starts_on or timezone.localdate())
    return [Award.objects.get(pk=award.pk) for award in awards]


def lodge(award, **changes):
    return lodge_award_objection(award=award, actor=PUBLIC, **{**OBJECTOR, **changes})


def pay_after_notice(award, finance):
    day = award.notice_ends_on + timedelta(days=1)
    return services.record_payment(award=award, actor=finance, paid_on=day, voucher_number="CZ-001", today=day)


# --- the service ------------------------------------------------------------------------------------------------

def test_an_objection_during_the_notice_is_recorded_and_the_ledger_names_nobody(reviewer):
    [award] = awards_on_notice(1, reviewer)
    objection = lodge(award, objector_phone="139 0773 1234")
    assert objection.status == ObjectionStatus.OPEN and objection.objector_phone == "13907731234"
    assert objection.history.get().history_change_reason == PUBLIC.name
    event = AwardEvent.objects.get(award=award, action="objection")
    assert event.action_label == "收到公示异议" and event.from_state == event.to_state == AwardState.PUBLIC_NOTICE
    for personal in ("李明华", "13907731234", "关联企业"):
        assert personal not in event.comment + event.actor_name + event.actor_unit


@pytest.mark.parametrize("when", ["before", "after"])
def test_no_objection_outside_the_notice_period(reviewer, when):
    today = timezone.localdate()
    starts_on = today + timedelta(days=1) if when == "before" else today - timedelta(days=10)
    [award] = awards_on_notice(1, reviewer, starts_on=starts_on)
    with pytest.raises(ValidationError, match="不在公示期内"):
        lodge(award)
    assert not AwardObjection.objects.exists() and not AwardEvent.objects.filter(action="objection").exists()


def test_no_objection_to_an_award_not_on_notice(reviewer):
    growing_firm()
    recompute_eligibility(year=2024, actor=BEAT)
    with pytest.raises(ValidationError, match="不在公示期内"):
        lodge(Award.objects.get(kind=AwardKind.GROWTH))


@pytest.mark.parametrize("field, value, message", [
    ("objector_name", "", "实名提出"),
    ("objector_phone", "12345", "联系到您"),
    ("facts", "不同意", "至少 10 个字"),
])
def test_an_objection_is_checked(reviewer, field, value, message):
    [award] = awards_on_notice(1, reviewer)
    with pytest.raises(ValidationError) as error:
        lodge(award, **{field: value})
    assert message in " ".join(error.value.message_dict[field])
    assert not AwardObjection.objects.exists()


def test_the_services_refuse_a_missing_actor(reviewer):
    [award] = awards_on_notice(1, reviewer)
    with pytest.raises(TypeError, match="actor is required"):
        lodge_award_objection(award=award, actor=None, **OBJECTOR)
    objection = lodge(award)
    with pytest.raises(TypeError, match="actor is required"):
        decide_award_objection(objection=objection, actor=None, status=ObjectionStatus.DISMISSED, finding="经核查不实")


def test_an_open_objection_holds_the_payment_and_a_dismissal_releases_it(reviewer, finance):
    [award] = awards_on_notice(1, reviewer)
    objection = lodge(award)
    with pytest.raises(ValidationError, match="公示期间收到异议，尚未办结"):
        pay_after_notice(award, finance)
    decide_award_objection(objection=objection, actor=reviewer, status=ObjectionStatus.DISMISSED,
                           finding="经核查，企业产值数据经统计部门核实无误，异议不成立")
    objection.refresh_from_db()
    assert objection.status == ObjectionStatus.DISMISSED and objection.decided_by == reviewer
    event = AwardEvent.objects.get(award=award, action="objection_dismissed")
    assert event.action_label == "异议不成立" and "核实无误" in event.comment
    assert pay_after_notice(award, finance).state == AwardState.PAID


def test_every_open_objection_holds_the_payment(reviewer, finance):
    [award] = awards_on_notice(1, reviewer)
    first, _second = lodge(award), lodge(award, objector_name="桂林某某科技有限公司")
    decide_award_objection(objection=first, actor=reviewer, status=ObjectionStatus.DISMISSED, finding="经核查不实")
    assert "另有 1 件异议待处理" in AwardEvent.objects.get(action="objection_dismissed").comment
    with pytest.raises(ValidationError, match="尚未办结"):
        pay_after_notice(award, finance)


def test_an_upheld_objection_rejects_the_award_with_the_finding_as_its_reason(reviewer, finance):
    [award] = awards_on_notice(1, reviewer)
    objection = lodge(award)
    finding = "经核查，企业 2024 年产值含关联交易虚增部分，扣除后增长未达 35%，异议成立"
    decide_award_objection(objection=objection, actor=reviewer, status=ObjectionStatus.UPHELD, finding=finding)
    award.refresh_from_db()
    assert award.state == AwardState.REJECTED and award.rejection_reason == finding
    assert award.reviewed_by == reviewer and award.reviewed_at is not None
    actions = list(AwardEvent.objects.filter(award=award).values_list("action", flat=True))
    assert actions[-3:] == ["objection", "objection_upheld", "reject"]
    assert AwardEvent.objects.get(award=award, action="reject").comment == "公示异议经核查成立，不予奖励"
    with pytest.raises(ValidationError, match="不能执行该操作"):
        pay_after_notice(award, finance)


def test_an_objection_to_an_award_rejected_meanwhile_is_still_decided(reviewer):
    [award] = awards_on_notice(1, reviewer)
    objection = lodge(award)
    services.reject_award(award=award, actor=reviewer, reason="企业主动放弃")
    decide_award_objection(objection=objection, actor=reviewer, status=ObjectionStatus.UPHELD, finding="异议属实")
    award.refresh_from_db()
    assert award.rejection_reason == "企业主动放弃"
    assert AwardEvent.objects.filter(award=award, action="objection_upheld").exists()


def test_a_finding_is_the_bureaus_once_and_with_reasons(reviewer, finance):
    [award] = awards_on_notice(1, reviewer)
    objection = lodge(award)
    with pytest.raises(PermissionDenied):
        decide_award_objection(objection=objection, actor=finance, status=ObjectionStatus.DISMISSED, finding="不实")
    with pytest.raises(ValidationError, match="核查结论及理由"):
        decide_award_objection(objection=objection, actor=reviewer, status=ObjectionStatus.DISMISSED, finding=" ")
    with pytest.raises(ValidationError, match="请选择"):
        decide_award_objection(objection=objection, actor=reviewer, status=ObjectionStatus.OPEN, finding="经核查不实")
    decide_award_objection(objection=objection, actor=reviewer, status=ObjectionStatus.DISMISSED, finding="经核查不实")
    with pytest.raises(ValidationError, match="不能再次处理"):
        decide_award_objection(objection=objection, actor=reviewer, status=ObjectionStatus.UPHELD, finding="经核查属实")
    assert Award.objects.get(pk=award.pk).state == AwardState.PUBLIC_NOTICE


# --- the public page -----------------------------------------------------------------------------------------------

def test_the_public_page_lists_the_awards_on_notice_today_without_bank_or_personal_data(client, reviewer, areas):
    today = timezone.localdate()
    edition = PolicyRecord.objects.get()
    edition.objection_contact = "桂林市工业和信息化局中小企业科"
    edition.objection_phone, edition.objection_address = "0773-2821234", "桂林市临桂区（测试地址）"
    save_policy_record(actor=SETUP, record=edition)
    [shown] = awards_on_notice(1, reviewer, area=areas["阳朔县"])
    [ended] = awards_on_notice(1, reviewer, starts_on=today - timedelta(days=30))
    [coming] = awards_on_notice(1, reviewer, starts_on=today + timedelta(days=3))
    lodge(shown)
    page = client.get(reverse(PAGE)).content.decode()
    firm = shown.enterprise
    for text in (firm.name, firm.credit_code, "阳朔县", "2024", "成长奖励", "60,000.00 元",
                 f"{shown.notice_starts_on:%Y年%-m月%-d日} 至 {shown.notice_ends_on:%Y年%-m月%-d日}",
                 "桂林市工业和信息化局中小企业科，电话 0773-2821234，地址 桂林市临桂区（测试地址）",
                 shown.policy.document_number):
        assert text in page, text
    assert ended.enterprise.name not in page and coming.enterprise.name not in page
    for secret in ("6600123456789012", BANK["bank_name"], reviewer.username, "李明华", "13907731234", "关联企业"):
        assert secret not in page, secret
    assert 'name="csrfmiddlewaretoken"' in page


def test_the_public_page_says_when_nothing_is_on_notice(client):
    page = client.get(reverse(PAGE)).content.decode()
    assert "当前暂无公示中的奖励" in page and "提交异议" not in page


def test_anyone_lodges_an_objection_from_the_page_and_gets_nothing_back(client, reviewer):
    [award] = awards_on_notice(1, reviewer)
    response = client.post(reverse(PAGE), {**OBJECTOR, "award": award.pk}, follow=True)
    assert response.redirect_chain == [(reverse(PAGE), 302)]
    page = response.content.decode()
    assert "异议已收到" in page
    assert "李明华" not in page and "13907731234" not in page and "关联企业" not in page
    objection = AwardObjection.objects.get()
    assert objection.award == award and objection.objector_name == "李明华" and objection.is_open


def test_a_bad_objection_is_shown_back_with_clear_messages(client, reviewer):
    [award] = awards_on_notice(1, reviewer)
    response = client.post(reverse(PAGE), {**OBJECTOR, "objector_phone": "110", "award": award.pk})
    assert response.status_code == 200 and "联系到您的手机号码" in response.content.decode()
    response = client.post(reverse(PAGE), {**OBJECTOR, "award": ""})
    assert response.status_code == 200 and "这个字段是必填项" in response.content.decode()
    assert not AwardObjection.objects.exists()


def test_only_an_entry_on_notice_can_be_objected_to_from_the_page(client, reviewer):
    [ended] = awards_on_notice(1, reviewer, starts_on=timezone.localdate() - timedelta(days=30))
    awards_on_notice(1, reviewer)
    response = client.post(reverse(PAGE), {**OBJECTOR, "award": ended.pk})
    assert response.status_code == 200 and "请从公示名单中选择异议的奖励" in response.content.decode()
    assert not AwardObjection.objects.exists()


def test_the_objection_form_needs_the_csrf_token(reviewer):
    [award] = awards_on_notice(1, reviewer)
    response = Client(enforce_csrf_checks=True).post(reverse(PAGE), {**OBJECTOR, "award": award.pk})
    assert response.status_code == 403 and not AwardObjection.objects.exists()


def test_five_objections_per_hour_from_one_address(client, reviewer):
    [award] = awards_on_notice(1, reviewer)
    for _ in range(5):
        assert client.post(reverse(PAGE), {**OBJECTOR, "award": award.pk}, REMOTE_ADDR="10.1.2.3").status_code == 302
    refused = client.post(reverse(PAGE), {**OBJECTOR, "award": award.pk}, REMOTE_ADDR="10.1.2.3")
    assert refused.status_code == 200 and "每小时最多可提交 5 件异议" in refused.content.decode()
    assert AwardObjection.objects.count() == 5
    assert client.post(reverse(PAGE), {**OBJECTOR, "award": award.pk}, REMOTE_ADDR="10.9.9.9").status_code == 302
    assert AwardObjection.objects.count() == 6


@pytest.mark.parametrize("count", [1, 10])
def test_the_public_page_query_count_does_not_grow(client, reviewer, django_assert_num_queries, count):
    entries = awards_on_notice(count, reviewer)
    # the awards on notice with enterprise, area and policy edition joined; nobody is signed in, no session
    with django_assert_num_queries(1):
        page = client.get(reverse(PAGE)).content.decode()
    assert all(award.enterprise.name in page for award in entries)


def test_the_public_page_groups_entries_by_edition_with_each_contact(client, reviewer):
    first = PolicyRecord.objects.get()
    second = save_policy_record(actor=SETUP, record=PolicyRecord(
        name=first.name, document_number="市工信发〔2025〕8号", effective_from=date(2025, 1, 1),
        effective_until=date(2026, 12, 31), objection_contact="桂林市工业和信息化局产业科，电话 0773-2829999",
    ))
    [older] = awards_on_notice(1, reviewer)
    [newer] = awards_on_notice(1, reviewer, year=2025, prior=("50000000", "1000000"),
                               current=("70000000", "1150000"))
    assert (older.policy, newer.policy) == (first, second)
    page = client.get(reverse(PAGE)).content.decode()
    assert page.count("异议受理：") == 2
    assert page.index(first.objection_contact) < page.index(newer.enterprise.name)
    assert page.index(older.enterprise.name) < page.index(second.document_number) < page.index(
        newer.enterprise.name) < page.index(second.objection_contact)


# --- the bureau's desk (admin) ----------------------------------------------------------------------------------------

def test_the_bureau_reads_the_objection_and_records_its_finding(client, reviewer, finance):
    [award] = awards_on_notice(1, reviewer)
    objection = lodge(award)
    client.force_login(reviewer)
    listing = client.get(reverse("admin:awards_awardobjection_changelist")).content.decode()
    assert "待处理" in listing and award.enterprise.name in listing
    detail = client.get(reverse("admin:awards_awardobjection_change", args=[objection.pk])).content.decode()
    assert "李明华" in detail and "13907731234" in detail and "关联企业" in detail
    url = reverse("admin:awards_awardobjection_decide", args=[objection.pk])
    assert url in detail and 'name="_save"' not in detail  # read-only; the finding goes through its own form
    assert "核查结论及理由" in client.get(url).content.decode()
    assert client.post(url, {"status": "dismissed", "finding": ""}).status_code == 200
    response = client.post(url, {"status": "upheld", "finding": "经核查，产值虚增属实，异议成立"})
    assert response.status_code == 302
    award.refresh_from_db()
    assert award.state == AwardState.REJECTED and award.rejection_reason == "经核查，产值虚增属实，异议成立"
    again = client.post(url, {"status": "dismissed", "finding": "再次处理"})
    assert again.status_code == 302 and AwardObjection.objects.get().status == ObjectionStatus.UPHELD


@pytest.mark.parametrize("role", [Role.FINANCE, Role.COUNTY, Role.FINANCIAL_SERVICES, Role.ENTERPRISE])
def test_objector_details_stay_with_the_bureau(client, reviewer, role, areas):
    [award] = awards_on_notice(1, reviewer, area=areas["秀峰区"])
    objection = lodge(award)
    client.force_login(make_user(role, area=areas["秀峰区"] if role == Role.COUNTY else None,
                                 enterprise=award.enterprise if role == Role.ENTERPRISE else None))
    for name in ("changelist", "change", "decide"):
        args = [] if name == "changelist" else [objection.pk]
        response = client.get(reverse(f"admin:awards_awardobjection_{name}", args=args))
        assert response.status_code in (302, 403, 404), name
    change = client.get(reverse("admin:awards_award_change", args=[award.pk]))
    if change.status_code == 200:  # finance and county read the award, not who objected to it
        page = change.content.decode()
        assert "李明华" not in page and "13907731234" not in page and "关联企业" not in page
    assert client.post(reverse("admin:awards_awardobjection_decide", args=[objection.pk]),
                       {"status": "upheld", "finding": "越权处理"}).status_code in (302, 403, 404)
    assert AwardObjection.objects.get().is_open


def test_a_guessed_objection_id_answers_404(client, reviewer):
    client.force_login(reviewer)
    assert client.get(reverse("admin:awards_awardobjection_decide", args=[999])).status_code == 404
    assert client.get(reverse("admin:awards_awardobjection_change", args=[999])).status_code == 404


def test_the_notice_runs_from_its_first_to_its_last_day():
    award = Award(state=AwardState.PUBLIC_NOTICE, notice_starts_on=date(2025, 4, 1), notice_ends_on=date(2025, 4, 7))
    assert [objection_services.on_notice(award, date(2025, 4, day)) for day in (1, 7, 8)] == [True, True, False]
    award.state = AwardState.PAID
    assert not objection_services.on_notice(award, date(2025, 4, 3))

"""The admin's landing page: each role's queue, counted in its own reach, each count opening the filtered list."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from awards.models import Award
from awards.states import AwardKind, AwardState, Outcome
from declarations.models import Declaration
from declarations.states import Kind, Status
from enterprises.filings import FilingState
from enterprises.selectors import filed_record_models
from enterprises.tests.factories import SETUP, EnterpriseFactory, designate
from guilin_zjtx.workplace import queue_for
from policy.levels import Level
from policy.models import PolicyRecord
from policy.services import save_policy_record
from talent.models import TalentNeed

pytestmark = pytest.mark.django_db


def _award(enterprise, state, **extra):
    return Award(enterprise=enterprise, kind=AwardKind.GROWTH, year=2025, outcome=Outcome.ELIGIBLE,
                 amount=Decimal("60000.00"), clause="四", fingerprint="f", computed_at=timezone.now(), state=state,
                 **extra)


def _fill(area, n):
    """In `area`, n of each: a submitted and a recommended declaration, a submitted talent need, a confirmed, a
    flagged and a payable award, a white-list firm without a liaison officer — and one award on notice that may not
    be paid yet (its notice runs to today)."""
    today = timezone.localdate()
    firms = EnterpriseFactory.create_batch(6 * n + 1, area=area)
    ended = {"notice_starts_on": today - timedelta(days=10), "notice_ends_on": today - timedelta(days=1),
             "account_name": "某公司", "bank_name": "桂林银行", "account_number": "6200001111"}
    Declaration.objects.bulk_create(
        [Declaration(enterprise=f, kind=Kind.APPLICATION, year=2026, status=Status.SUBMITTED) for f in firms[:n]]
        + [Declaration(enterprise=f, kind=Kind.APPLICATION, year=2026, status=Status.COUNTY_RECOMMENDED)
           for f in firms[n:2 * n]]
    )
    TalentNeed.objects.bulk_create([
        TalentNeed(enterprise=f, year=2026, position="工艺工程师", specialty="机械", headcount=2,
                   filing_state=FilingState.SUBMITTED) for f in firms[:n]
    ])
    Award.objects.bulk_create(
        [_award(f, AwardState.CONFIRMED) for f in firms[2 * n:3 * n]]
        + [_award(f, AwardState.APPROVED, needs_attention=True) for f in firms[3 * n:4 * n]]
        + [_award(f, AwardState.PUBLIC_NOTICE, **ended) for f in firms[4 * n:5 * n]]
        + [_award(firms[6 * n], AwardState.PUBLIC_NOTICE, **{**ended, "notice_ends_on": today})]
    )
    for firm in firms[5 * n:6 * n]:
        designate(firm, Level.MUNICIPAL, date(2025, 3, 1))


def _counts(user):
    return {item.label: item.count for item in queue_for(user)}


@pytest.fixture
def filled(role_users, areas):
    _fill(areas["秀峰区"], 1)  # the county official's area
    _fill(areas["阳朔县"], 2)
    return role_users


def test_the_county_sees_its_own_areas_first_reviews_filings_and_firms_without_an_officer(filled):
    counts = _counts(filled["county"])
    # one filing queue per FiledRecord model, whichever app owns it; only talent needs were submitted here
    filings = {label: count for label, count in counts.items() if label.startswith("待确认：")}
    assert filings.pop("待确认：人才需求") == 1 and filings and set(filings.values()) == {0}
    assert {label: count for label, count in counts.items() if not label.startswith("待确认：")} == {
        "待我初审": 1, "审核已超期": 0, "未配联络员": 1}


def test_the_reviewer_sees_the_citys_second_reviews_and_awards(filled):
    assert _counts(filled["reviewer"]) == {"待我复审": 3, "审核已超期": 0, "待审核奖励": 3, "奖励审核已超期": 0,
                                            "需复核": 3, "公示缺异议受理电话或地址": 1}


def test_the_reviewer_is_asked_for_the_objection_phone_and_address_until_both_are_filled(filled):
    """The public notices print the edition's objection desk; an edition in force without a phone or an address is
    on the reviewer's landing page until the bureau fills both."""
    edition = PolicyRecord.objects.get()
    edition.objection_phone = "0773-2821234"
    save_policy_record(actor=SETUP, record=edition)
    assert _counts(filled["reviewer"])["公示缺异议受理电话或地址"] == 1
    edition.objection_address = "桂林市临桂区（测试地址）"
    save_policy_record(actor=SETUP, record=edition)
    assert _counts(filled["reviewer"])["公示缺异议受理电话或地址"] == 0


def test_finance_sees_the_awards_it_may_pay_today(filled):
    assert _counts(filled["finance"]) == {"待兑付": 3}


@pytest.mark.parametrize("role", ["liaison", "finserv", "enterprise"])
def test_roles_without_these_queues_see_none(filled, role):
    assert queue_for(filled[role]) == []


def test_an_admin_sees_every_queue_city_wide(filled):
    root = get_user_model().objects.create_superuser("root-queue", "root@example.com", "Test-password-2026")
    counts = _counts(root)
    assert counts["待我初审"] == 3 and counts["待我复审"] == 3 and counts["待确认：人才需求"] == 3
    assert counts["未配联络员"] == 3 and counts["待审核奖励"] == 3 and counts["需复核"] == 3 and counts["待兑付"] == 3


def test_each_count_opens_the_list_it_counts(client, filled):
    """Every link of the landing page opens a changelist whose rows are the ones counted."""
    for role in ("county", "reviewer", "finance"):
        client.force_login(filled[role])
        html = client.get(reverse("admin:index")).content.decode()
        assert "我的待办" in html
        for item in queue_for(filled[role]):
            assert f'href="{item.url.replace("&", "&amp;")}"' in html
            response = client.get(item.url)
            assert response.status_code == 200, item.label
            if "cl" in response.context:  # an admin list; 审核已超期 opens the portal's review queue
                assert response.context["cl"].result_count == item.count, item.label


def test_an_empty_queue_says_so(client, filled):
    client.force_login(filled["liaison"])
    html = client.get(reverse("admin:index")).content.decode()
    assert "当前没有待您处理的事项" in html


@pytest.mark.parametrize("n", [1, 10])
def test_the_queue_takes_a_constant_number_of_queries(django_assert_num_queries, areas, n):
    _fill(areas["秀峰区"], n)
    root = get_user_model().objects.create_superuser("root-queries", "root@example.com", "Test-password-2026")
    # 2 declaration counts + 1 per filed-record model + the firms without an officer + 2 award counts + the
    # payable awards (the ended notices, their pending batch items, open objections, credit entries) + the review
    # queue with its time limits (the queue, the policy edition in force), the late award approvals (likewise), the
    # editions without an objection phone or address
    with django_assert_num_queries(2 + len(filed_record_models()) + 1 + 2 + 4 + 2 + 2 + 1):
        queue_for(root)


def test_the_landing_page_takes_as_many_queries_for_ten_times_the_rows(client, areas, role_users):
    client.force_login(role_users["county"])
    _fill(areas["秀峰区"], 1)
    with CaptureQueriesContext(connection) as small:
        client.get(reverse("admin:index"))
    _fill(areas["秀峰区"], 10)
    with CaptureQueriesContext(connection) as large:
        client.get(reverse("admin:index"))
    assert len(large) == len(small)


def test_a_declaration_past_its_time_limit_is_counted_late_and_marked_in_the_queue(client, role_users, areas):
    """初审 within the policy's working days (10 by default): a declaration submitted 30 days ago is late."""
    from declarations.models import ReviewStep

    firm = EnterpriseFactory(area=areas["秀峰区"])
    long_ago = timezone.now() - timedelta(days=30)
    late = Declaration.objects.create(enterprise=firm, kind=Kind.APPLICATION, year=2026, status=Status.SUBMITTED,
                                      submitted_at=long_ago)
    ReviewStep.objects.create(declaration=late, action="submit", from_status=Status.DRAFT,
                              to_status=Status.SUBMITTED, actor_unit=firm.name, at=long_ago)
    Declaration.objects.create(enterprise=EnterpriseFactory(area=areas["秀峰区"]), kind=Kind.APPLICATION, year=2026,
                               status=Status.SUBMITTED, submitted_at=timezone.now())
    county = role_users["county"]
    assert _counts(county)["审核已超期"] == 1
    client.force_login(county)
    html = client.get(reverse("declarations:review_queue")).content.decode()
    assert "其中已超期 1 件" in html and "已超期 " in html and "个工作日" in html and "剩余 " in html
    assert "is-late" in client.get(reverse("admin:index")).content.decode()


def test_an_award_confirmed_long_ago_is_counted_late(client, role_users, areas):
    firm = EnterpriseFactory(area=areas["秀峰区"])
    Award.objects.bulk_create([_award(firm, AwardState.CONFIRMED, confirmed_at=timezone.now() - timedelta(days=40)),
                               _award(EnterpriseFactory(area=areas["秀峰区"]), AwardState.CONFIRMED,
                                      confirmed_at=timezone.now())])
    reviewer = role_users["reviewer"]
    counts = _counts(reviewer)
    assert counts["待审核奖励"] == 2 and counts["奖励审核已超期"] == 1
    client.force_login(reviewer)
    item = next(i for i in queue_for(reviewer) if i.label == "奖励审核已超期")
    assert client.get(item.url).context["cl"].result_count == 1

from datetime import date
from decimal import Decimal

import pytest

from audit import BEAT
from awards import selectors, services
from awards.models import Award
from awards.recompute import recompute_eligibility
from awards.states import AwardKind
from enterprises.roles import Role

from .factories import growing_firm

pytestmark = pytest.mark.django_db


def test_awards_for_is_scoped_by_user(role_users, areas):
    own = growing_firm(area=areas["秀峰区"])
    role_users[Role.ENTERPRISE].enterprise = own
    other = growing_firm(area=areas["阳朔县"])
    recompute_eligibility(year=2024, actor=BEAT)
    seen = lambda role: {a.enterprise_id for a in selectors.awards_for(role_users[role])}  # noqa: E731
    assert seen(Role.REVIEWER) == seen(Role.FINANCE) == {own.pk, other.pk}
    assert seen(Role.COUNTY) == {own.pk}
    assert seen(Role.ENTERPRISE) == {own.pk}
    assert seen(Role.LIAISON) == set()
    with pytest.raises(Award.DoesNotExist):
        selectors.award_for(role_users[Role.COUNTY], Award.objects.get(enterprise=other).pk)


def test_summary_by_area_counts_and_sums(role_users, areas):
    reviewer, finance = role_users[Role.REVIEWER], role_users[Role.FINANCE]
    firm = growing_firm(area=areas["秀峰区"], recognized_on=date(2024, 2, 1))
    growing_firm(area=areas["秀峰区"], current=("60000000", "1150000"))  # ineligible
    growing_firm(area=areas["叠彩区"], prior=None)  # needs review
    recompute_eligibility(year=2024, actor=BEAT)
    growth = Award.objects.get(enterprise=firm, kind=AwardKind.GROWTH)
    from enterprises.tests.factories import make_user

    firm_user = make_user(Role.ENTERPRISE, enterprise=firm)
    services.notify_awards(awards=[growth], actor=reviewer)
    services.confirm_award(award=growth, actor=firm_user, account_name=firm.name,
                           bank_name="中国银行桂林分行", account_number="123456789012")
    services.approve_award(award=growth, actor=reviewer)
    services.publish_notice(awards=[growth], actor=reviewer, starts_on=date(2025, 3, 1))
    services.record_payment(award=growth, actor=finance, paid_on=date(2025, 3, 20), voucher_number="v-1",
                            today=date(2025, 3, 20))
    summary = {row.area.name: row for row in selectors.award_summary_by_area(2024)}
    assert len(summary) == 20
    xiufeng = summary["秀峰区"]
    assert (xiufeng.candidates, xiufeng.candidate_amount) == (2, Decimal("160000.00"))
    assert (xiufeng.approved, xiufeng.approved_amount) == (1, Decimal("60000.00"))
    assert (xiufeng.paid, xiufeng.paid_amount) == (1, Decimal("60000.00"))
    assert summary["叠彩区"].needs_review == 1 and summary["叠彩区"].candidates == 0
    assert summary["阳朔县"].candidate_amount == Decimal("0.00")
    county = selectors.award_summary_by_area(2024, user=role_users[Role.COUNTY])
    assert [row.area.name for row in county] == ["秀峰区"]


@pytest.mark.parametrize("firms", [3, 30])
def test_summary_query_count_is_constant(firms, django_assert_num_queries):
    for _ in range(firms):
        growing_firm()
    recompute_eligibility(year=2024, actor=BEAT)
    with django_assert_num_queries(4):  # the grouped counts and sums, the recoveries, the budgets, the areas
        rows = selectors.award_summary_by_area(2024)
    assert sum(row.candidates for row in rows) == firms


@pytest.mark.parametrize("firms", [3, 30])
def test_awards_for_query_count_is_constant(firms, role_users, django_assert_num_queries):
    for _ in range(firms):
        growing_firm()
    recompute_eligibility(year=2024, actor=BEAT)
    with django_assert_num_queries(1):
        names = [(a.enterprise.name, a.enterprise.area.name, a.policy.name) for a in
                 selectors.awards_for(role_users[Role.REVIEWER])]
    assert len(names) == firms


def _move_to(award, state, role_users, *, pay=False):
    from enterprises.tests.factories import make_user

    reviewer, finance = role_users[Role.REVIEWER], role_users[Role.FINANCE]
    firm = award.enterprise
    services.notify_awards(awards=[award], actor=reviewer)
    services.confirm_award(award=award, actor=make_user(Role.ENTERPRISE, enterprise=firm), account_name=firm.name,
                           bank_name="中国银行桂林分行", account_number="123456789012")
    services.approve_award(award=award, actor=reviewer)
    services.publish_notice(awards=[award], actor=reviewer, starts_on=date(2025, 3, 1))
    if pay:
        services.record_payment(award=award, actor=finance, paid_on=date(2025, 3, 20), voucher_number="v-1",
                                today=date(2025, 3, 20))
    award.refresh_from_db()
    return award


def test_summary_per_kind_against_the_budget(role_users, areas):
    from django.utils import timezone

    from awards import budgets
    from awards.models import AwardRecovery

    # 秀峰区: two growth awards of 60,000 (one on notice, one paid and 10,000 of it recovered); 阳朔县: one matched
    on_notice, paid, matched = (growing_firm(area=areas[name]) for name in ("秀峰区", "秀峰区", "阳朔县"))
    recompute_eligibility(year=2024, actor=BEAT)
    growth = {a.enterprise_id: a for a in Award.objects.filter(kind=AwardKind.GROWTH)}
    _move_to(growth[on_notice.pk], "notice", role_users)
    paid_award = _move_to(growth[paid.pk], "paid", role_users, pay=True)
    AwardRecovery.objects.create(award=paid_award, amount=Decimal("10000"), reason="测试", opened_at=timezone.now(),
                                 status=AwardRecovery.Status.RECOVERED, recovered_on=date(2025, 6, 1),
                                 voucher_number="缴回-1")
    budgets.save_budget(actor=BEAT, year=2024, kind=AwardKind.GROWTH, amount=Decimal("150000"))
    rows = {row.area.name if row.area else None: row for row in selectors.award_summary_by_area(2024)}
    xf = rows["秀峰区"].kinds[AwardKind.GROWTH]
    assert (xf.candidates, xf.candidate_amount, xf.approved, xf.in_notice, xf.in_notice_amount) == (
        2, Decimal("120000.00"), 2, 1, Decimal("60000.00"))
    assert (xf.paid, xf.paid_amount, xf.recovered, xf.recovered_amount) == (1, Decimal("60000.00"), 1,
                                                                             Decimal("10000.00"))
    assert xf.budget == Decimal("150000.00") and not xf.over_budget  # 120,000 of 150,000 in this area
    assert rows["秀峰区"].recovered_amount == Decimal("10000.00") and rows["秀峰区"].in_notice == 1
    city = sum(rows.values(), selectors.AreaAwards())
    growth_city = city.kinds[AwardKind.GROWTH]
    assert growth_city.candidate_amount == Decimal("180000.00") and growth_city.budget == Decimal("150000.00")
    assert growth_city.over_budget and city.over_budget and growth_city.budget_percent == 120
    recognition = city.kinds[AwardKind.RECOGNITION]
    assert recognition.budget is None and not recognition.over_budget and recognition.budget_percent is None

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from enterprises.roles import Role
from enterprises.selectors import today
from enterprises.tests.factories import EnterpriseFactory, designate, make_user
from finance import services
from finance.models import ListingReserveEntry, ListingStageChange, LoanSupport
from finance.stages import Board, ListingStage
from finance.tests.factories import loan, pool_entry, srdi_enterprise
from policy.levels import Level

pytestmark = pytest.mark.django_db


@pytest.fixture
def officer(db):
    return make_user(Role.FINANCIAL_SERVICES)


def test_a_white_list_enterprise_enters_the_pool_with_a_signed_dated_first_step(officer):
    enterprise = srdi_enterprise(granted_on=date(2024, 1, 10))
    entry = services.enter_pool(actor=officer, enterprise=enterprise, board=Board.STAR, entered_on=date(2024, 3, 1))
    assert (entry.stage, entry.entered_on, entry.stage_since, entry.listed_on) == (
        ListingStage.IN_POOL, date(2024, 3, 1), date(2024, 3, 1), None)
    assert enterprise.listing_entry == entry
    change = entry.stage_changes.get()
    assert (change.from_stage, change.to_stage, change.changed_on, change.changed_by) == (
        "", ListingStage.IN_POOL, date(2024, 3, 1), officer)
    assert entry.history.get().history_user == officer


@pytest.mark.parametrize("setup", ["no_title", "innovative_only", "lapsed", "not_yet_granted"])
def test_an_enterprise_off_the_white_list_is_refused_with_a_reason(officer, setup):
    enterprise = EnterpriseFactory(name="桂林未入白名单科技有限公司")
    if setup == "innovative_only":
        designate(enterprise, Level.INNOVATIVE, date(2023, 6, 1))
    elif setup == "lapsed":
        designate(enterprise, Level.MUNICIPAL, date(2020, 6, 1))  # valid through 2023-05-31
    elif setup == "not_yet_granted":
        designate(enterprise, Level.MUNICIPAL, date(2024, 6, 1))
    with pytest.raises(ValidationError) as refused:
        services.enter_pool(actor=officer, enterprise=enterprise, board=Board.BSE, entered_on=date(2024, 3, 1))
    assert "桂林未入白名单科技有限公司" in refused.value.messages[0]
    assert "专精特新" in refused.value.messages[0] and "不能纳入上市后备企业资源库" in refused.value.messages[0]
    assert not ListingReserveEntry.objects.exists() and not ListingStageChange.objects.exists()


def test_an_enterprise_enters_only_once(officer):
    entry = pool_entry(actor=officer)
    with pytest.raises(ValidationError, match="已在上市后备企业资源库中"):
        services.enter_pool(actor=officer, enterprise=entry.enterprise, board=Board.NEEQ, entered_on=date(2024, 4, 1))
    assert ListingReserveEntry.objects.count() == 1


def test_the_database_refuses_a_second_entry_for_one_enterprise(officer):
    entry = pool_entry(actor=officer)
    with pytest.raises(IntegrityError), transaction.atomic():
        ListingReserveEntry.objects.create(enterprise=entry.enterprise, board=Board.BSE, entered_on=date(2024, 1, 1),
                                           stage_since=date(2024, 1, 1))


def test_the_full_path_to_listing_keeps_a_dated_history(officer):
    entry = pool_entry(actor=officer, entered_on=date(2024, 3, 1))
    steps = [
        (ListingStage.TUTORING, date(2024, 6, 3), "广西证监局辅导备案"),
        (ListingStage.ACCEPTED, date(2024, 12, 20), "北交所受理"),
        (ListingStage.APPROVED, date(2025, 4, 9), "上市委审议通过、证监会注册"),
        (ListingStage.LISTED, date(2025, 6, 18), "股票代码 920xxx"),
    ]
    for stage, day, note in steps:
        entry = services.advance_stage(actor=officer, entry=entry, to_stage=stage, on=day, note=note)
    entry.refresh_from_db()
    assert (entry.stage, entry.stage_since, entry.listed_on) == (ListingStage.LISTED, date(2025, 6, 18), date(2025, 6, 18))
    history = list(entry.stage_changes.values_list("from_stage", "to_stage", "changed_on", "note"))
    assert history == [("", ListingStage.IN_POOL, date(2024, 3, 1), "纳入上市后备企业资源库")] + [
        (before, stage, day, note) for before, (stage, day, note) in zip(
            [ListingStage.IN_POOL, ListingStage.TUTORING, ListingStage.ACCEPTED, ListingStage.APPROVED], steps, strict=True)
    ]
    assert {c.changed_by for c in entry.stage_changes.all()} == {officer}
    assert entry.history.count() == 5


@pytest.mark.parametrize("start, target", [
    (ListingStage.IN_POOL, ListingStage.ACCEPTED),   # skips tutoring
    (ListingStage.IN_POOL, ListingStage.LISTED),
    (ListingStage.TUTORING, ListingStage.IN_POOL),
    (ListingStage.LISTED, ListingStage.WITHDRAWN),   # listing is final
    (ListingStage.WITHDRAWN, ListingStage.TUTORING),  # must re-enter first
])
def test_a_move_outside_the_transitions_table_is_refused_and_changes_nothing(officer, start, target):
    entry = pool_entry(actor=officer, entered_on=date(2024, 1, 15))
    path = {
        ListingStage.TUTORING: [ListingStage.TUTORING],
        ListingStage.LISTED: [ListingStage.TUTORING, ListingStage.ACCEPTED, ListingStage.APPROVED, ListingStage.LISTED],
        ListingStage.WITHDRAWN: [ListingStage.WITHDRAWN],
    }.get(start, [])
    for stage in path:
        entry = services.advance_stage(actor=officer, entry=entry, to_stage=stage, on=date(2024, 2, 1))
    before = entry.stage_changes.count()
    with pytest.raises(ValidationError, match="不能从"):
        services.advance_stage(actor=officer, entry=entry, to_stage=target, on=date(2024, 3, 1))
    entry.refresh_from_db()
    assert entry.stage == start and entry.stage_changes.count() == before


def test_a_change_dated_before_the_current_stage_or_in_the_future_is_refused(officer):
    entry = pool_entry(actor=officer, entered_on=date(2024, 3, 1))
    with pytest.raises(ValidationError, match="不能早于本阶段起始日期"):
        services.advance_stage(actor=officer, entry=entry, to_stage=ListingStage.TUTORING, on=date(2024, 2, 28))
    with pytest.raises(ValidationError, match="不能晚于今天"):
        services.advance_stage(actor=officer, entry=entry, to_stage=ListingStage.TUTORING,
                               on=today() + timedelta(days=1))
    with pytest.raises(ValidationError, match="不能晚于今天"):
        pool_entry(actor=officer, entered_on=today() + timedelta(days=1))


def test_a_withdrawn_enterprise_may_re_enter_only_while_still_on_the_white_list(officer):
    holder = srdi_enterprise(granted_on=date(2024, 1, 10))
    entry = pool_entry(holder, actor=officer, entered_on=date(2024, 3, 1))
    services.advance_stage(actor=officer, entry=entry, to_stage=ListingStage.WITHDRAWN, on=date(2024, 9, 1))
    entry = services.enter_pool(actor=officer, enterprise=holder, board=Board.NEEQ, entered_on=date(2025, 2, 1))
    assert (entry.stage, entry.board, entry.entered_on) == (ListingStage.IN_POOL, Board.NEEQ, date(2025, 2, 1))
    assert list(entry.stage_changes.values_list("to_stage", flat=True)) == [
        ListingStage.IN_POOL, ListingStage.WITHDRAWN, ListingStage.IN_POOL]

    lapsed = srdi_enterprise(granted_on=date(2021, 1, 10))  # valid through 2024-01-09
    entry = pool_entry(lapsed, actor=officer, entered_on=date(2023, 3, 1))
    services.advance_stage(actor=officer, entry=entry, to_stage=ListingStage.WITHDRAWN, on=date(2023, 9, 1))
    with pytest.raises(ValidationError, match="不在白名单上"):
        services.enter_pool(actor=officer, enterprise=lapsed, board=Board.BSE, entered_on=date(2024, 6, 1))


def test_update_entry_changes_board_but_not_stage(officer):
    entry = pool_entry(actor=officer, board=Board.BSE)
    entry = services.update_entry(actor=officer, entry=entry, board=Board.CHINEXT, note="改报创业板")
    assert (entry.board, entry.stage, entry.note) == (Board.CHINEXT, ListingStage.IN_POOL, "改报创业板")
    assert entry.history.first().history_user == officer


# ---- loans -------------------------------------------------------------------------------------------------

def test_a_loan_is_recorded_in_decimal_yuan_with_its_recorder(officer):
    record = loan(srdi_enterprise(), actor=officer, amount="3000000.50", subsidy="45000.25")
    record.refresh_from_db()
    assert record.amount == Decimal("3000000.50") and record.interest_subsidy == Decimal("45000.25")
    assert record.recorded_by == officer and record.history.get().history_user == officer
    assert record.programme_label == "桂惠贷"


def test_another_programme_needs_its_name_and_a_named_one_drops_it(officer):
    enterprise = srdi_enterprise()
    with pytest.raises(ValidationError):
        loan(enterprise, actor=officer, programme=LoanSupport.Programme.OTHER)
    other = loan(enterprise, actor=officer, programme=LoanSupport.Programme.OTHER, programme_name="科创贷")
    assert other.programme_label == "科创贷"
    named = loan(enterprise, actor=officer, programme=LoanSupport.Programme.HUIQIDAI, programme_name="多余")
    assert named.programme_name == "" and named.programme_label == "惠企贷"


@pytest.mark.parametrize("changes, message", [
    ({"amount": "0"}, "amount"),
    ({"subsidy": "6000000", "amount": "5000000"}, "loan_subsidy_within_amount"),
    ({"annual_rate": "101"}, "annual_rate"),
    ({"granted_on": None}, "不能晚于今天"),
])
def test_bad_loans_are_refused(officer, changes, message):
    if "granted_on" in changes:
        changes["granted_on"] = today() + timedelta(days=3)
    with pytest.raises(ValidationError) as refused:
        loan(srdi_enterprise(), actor=officer, **changes)
    assert message in str(refused.value)
    assert not LoanSupport.objects.exists()


def test_the_database_guards_loan_amounts_even_past_the_services():
    enterprise = srdi_enterprise()
    with pytest.raises(IntegrityError), transaction.atomic():
        LoanSupport.objects.bulk_create([LoanSupport(
            enterprise=enterprise, programme="guihuidai", bank="桂林银行", amount=Decimal("-1"), term_months=12,
            annual_rate=Decimal("3"), interest_subsidy=Decimal("0"), granted_on=date(2025, 1, 1),
        )])

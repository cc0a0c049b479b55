"""The yearly recompute: what it stores, that it is idempotent, set-based, and respects decisions."""

from datetime import date
from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction
from django.db.models import F

from audit import BEAT
from awards import recompute as recompute_module
from awards.models import Award
from awards.recompute import recompute_eligibility, refresh_recognition_award
from awards.states import AwardKind, AwardState, Outcome
from enterprises.models import AnnualFigures
from enterprises.roles import Role
from enterprises.tests.factories import EnterpriseFactory, designate, figures, make_user
from policy.levels import Level
from policy.models import PolicyRecord

from .factories import growing_firm

pytestmark = pytest.mark.django_db


def test_recompute_stores_both_awards_with_the_policy_used():
    firm = growing_firm(recognized_on=date(2024, 3, 15))
    summary = recompute_eligibility(year=2024, actor=BEAT)
    assert summary.created == 2 and summary.total == 1
    recognition = Award.objects.get(enterprise=firm, kind=AwardKind.RECOGNITION)
    growth = Award.objects.get(enterprise=firm, kind=AwardKind.GROWTH)
    policy = PolicyRecord.objects.get()
    assert (recognition.outcome, recognition.amount, recognition.year) == (Outcome.ELIGIBLE, Decimal("100000.00"), 2024)
    assert recognition.recognition_date == date(2024, 3, 15) and recognition.policy == policy
    assert (growth.outcome, growth.amount, growth.year, growth.policy) == (Outcome.ELIGIBLE, Decimal("60000.00"), 2024, policy)
    assert growth.state == recognition.state == AwardState.CANDIDATE
    assert growth.clause == "（四）" and "奖励金额 60,000.00 元" in growth.reasons
    assert growth.figures["2024年工业总产值"] == "70000000.00"


def test_recognition_is_computed_in_the_year_of_the_recognition_only():
    growing_firm(recognized_on=date(2023, 6, 1))
    recompute_eligibility(year=2024, actor=BEAT)
    assert not Award.objects.filter(kind=AwardKind.RECOGNITION).exists()
    recompute_eligibility(year=2023, actor=BEAT)
    assert Award.objects.get(kind=AwardKind.RECOGNITION).year == 2023


def test_results_that_are_not_eligible_are_stored_outside_the_flow():
    growing_firm(current=("60000000", "1150000"))          # +20%: ineligible
    growing_firm(current=("150000000", "1150000"))         # other policy
    growing_firm(prior=None)                                # needs review
    recompute_eligibility(year=2024, actor=BEAT)
    outcomes = sorted(Award.objects.filter(kind=AwardKind.GROWTH).values_list("outcome", "state", "amount"))
    assert outcomes == [
        (Outcome.INELIGIBLE, AwardState.UNMATCHED, Decimal("0.00")),
        (Outcome.NEEDS_REVIEW, AwardState.UNMATCHED, Decimal("0.00")),
        (Outcome.OTHER_POLICY, AwardState.UNMATCHED, Decimal("0.00")),
    ]


def test_enterprises_without_a_qualifying_title_get_no_growth_row():
    growing_firm(recognized_on=None)
    growing_firm(level=Level.INNOVATIVE)
    recompute_eligibility(year=2024, actor=BEAT)
    assert not Award.objects.exists()


def test_a_year_outside_every_policy_stores_no_growth_result_and_recognitions_are_refused():
    firm = growing_firm(recognized_on=date(2025, 2, 1), year=2025)
    summary = recompute_eligibility(year=2025, actor=BEAT)
    assert not Award.objects.filter(kind=AwardKind.GROWTH).exists()
    award = Award.objects.get(enterprise=firm)
    assert award.kind == AwardKind.RECOGNITION and award.outcome == Outcome.INELIGIBLE and award.policy is None
    assert "不在政策有效期内" in award.reasons
    assert "2023-01-01 至 2024-12-31" in award.reasons  # the reason names the period it was judged against
    assert "未计算成长奖励" in str(summary)


def test_a_second_municipal_recognition_earns_nothing_and_a_regional_title_before_bars_it():
    again = EnterpriseFactory()
    designate(again, Level.MUNICIPAL, date(2019, 6, 1))
    designate(again, Level.MUNICIPAL, date(2023, 6, 1))
    climber = EnterpriseFactory()
    designate(climber, Level.REGIONAL, date(2022, 1, 1))
    designate(climber, Level.MUNICIPAL, date(2023, 6, 1))
    recompute_eligibility(year=2023, actor=BEAT)
    first = Award.objects.get(enterprise=again, kind=AwardKind.RECOGNITION, repeat_recognition=False)
    assert first.outcome == Outcome.INELIGIBLE and first.year == 2019 and "再次认定" in first.reasons
    # the 2023 recognition is explained in 2023, naming the first one, and earns nothing
    repeat = Award.objects.get(enterprise=again, kind=AwardKind.RECOGNITION, repeat_recognition=True)
    assert (repeat.year, repeat.outcome, repeat.amount, repeat.state) == (
        2023, Outcome.INELIGIBLE, 0, AwardState.UNMATCHED)
    assert "2019-06-01 首次被认定" in repeat.reasons and "再次认定" in repeat.reasons
    barred = Award.objects.get(enterprise=climber, kind=AwardKind.RECOGNITION)
    assert barred.outcome == Outcome.INELIGIBLE and "不重复享受" in barred.reasons


def test_second_run_with_unchanged_inputs_changes_nothing():
    for _ in range(3):
        growing_firm()
    growing_firm(prior=None)
    recompute_eligibility(year=2024, actor=BEAT)
    recompute_eligibility(year=2023, actor=BEAT)
    before = list(Award.objects.order_by("pk").values())
    history_before = Award.history.count()
    summary = recompute_eligibility(year=2024, actor=BEAT)
    recompute_eligibility(year=2023, actor=BEAT)
    assert summary.created == summary.updated == summary.flagged == 0 and summary.unchanged == 4
    assert list(Award.objects.order_by("pk").values()) == before
    assert Award.history.count() == history_before


def test_changed_inputs_update_an_undecided_result_with_history():
    firm = growing_firm()
    reviewer = make_user(Role.REVIEWER)
    recompute_eligibility(year=2024, actor=BEAT)
    award = Award.objects.get(kind=AwardKind.GROWTH)
    first_computed = award.computed_at
    figures(firm, 2024, "80000000", "1150000")
    summary = recompute_eligibility(year=2024, actor=reviewer)
    award.refresh_from_db()
    assert summary.updated == 1 and award.amount == Decimal("90000.00") and award.computed_at > first_computed
    assert award.history.count() == 2 and award.history.first().history_user == reviewer
    figures(firm, 2024, "55000000", "1150000")  # +10%: no longer eligible, leaves the flow
    recompute_eligibility(year=2024, actor=BEAT)
    award.refresh_from_db()
    assert (award.outcome, award.state, award.amount) == (Outcome.INELIGIBLE, AwardState.UNMATCHED, Decimal("0"))


@pytest.mark.parametrize("state", [AwardState.APPROVED, AwardState.PAID])
def test_changed_inputs_never_alter_a_decided_award_but_flag_it(state):
    firm = growing_firm()
    recompute_eligibility(year=2024, actor=BEAT)
    award = Award.objects.get(kind=AwardKind.GROWTH)
    # set the decision directly: the flow services are tested in test_services
    Award.objects.filter(pk=award.pk).update(state=state, paid_on=date(2025, 5, 1), voucher_number="财-001")
    figures(firm, 2024, "55000000", "1150000")
    assert recompute_eligibility(year=2024, actor=BEAT).flagged == 1
    award.refresh_from_db()
    assert (award.outcome, award.amount, award.state) == (Outcome.ELIGIBLE, Decimal("60000.00"), state)
    assert award.needs_attention and "重新计算为“不符合”" in award.attention_reason
    # flagged once: a further run with the same inputs writes nothing
    history = award.history.count()
    assert recompute_eligibility(year=2024, actor=BEAT).unchanged == 1 and award.history.count() == history
    # inputs back to what the decision was made on: the flag goes away
    figures(firm, 2024, "70000000", "1150000")
    recompute_eligibility(year=2024, actor=BEAT)
    award.refresh_from_db()
    assert not award.needs_attention and award.attention_reason == ""


def test_refresh_recognition_award_makes_the_candidate_appear_at_once():
    firm = EnterpriseFactory()
    assert refresh_recognition_award(enterprise=firm, actor=BEAT) is None
    designate(firm, Level.MUNICIPAL, date(2024, 9, 1))
    award = refresh_recognition_award(enterprise=firm, actor=BEAT)
    assert award.pk and award.state == AwardState.CANDIDATE and award.amount == Decimal("100000.00")
    assert refresh_recognition_award(enterprise=firm, actor=BEAT).pk == award.pk
    assert Award.objects.count() == 1


def test_the_database_refuses_a_second_recognition_award_or_growth_award():
    growing_firm()
    recompute_eligibility(year=2024, actor=BEAT)
    recompute_eligibility(year=2023, actor=BEAT)
    for kind in (AwardKind.RECOGNITION, AwardKind.GROWTH):
        original = Award.objects.filter(kind=kind).order_by("pk").first()
        duplicate = Award.objects.get(pk=original.pk)
        duplicate.pk = None
        if kind == AwardKind.RECOGNITION:
            duplicate.year = 2030
        with pytest.raises(IntegrityError), transaction.atomic():
            duplicate.save()


def test_batches_and_progress_and_an_interrupted_run_finished_by_the_next():
    firms = [growing_firm() for _ in range(5)]
    calls = []
    real = recompute_module._process_batch

    def dies_on_third_batch(batch, **kwargs):
        if len(calls) == 2:
            raise RuntimeError("worker killed")
        calls.append(batch)
        return real(batch, **kwargs)

    recompute_module._process_batch = dies_on_third_batch
    try:
        with pytest.raises(RuntimeError):
            recompute_eligibility(year=2024, actor=BEAT, batch_size=2)
    finally:
        recompute_module._process_batch = real
    assert Award.objects.count() == 4  # two batches of two committed
    seen = []
    summary = recompute_eligibility(year=2024, actor=BEAT, batch_size=2, progress=lambda done, total: seen.append((done, total)))
    assert (summary.created, summary.unchanged) == (1, 4)
    assert seen == [(0, 5), (2, 5), (4, 5), (5, 5)]
    assert sorted(Award.objects.values_list("enterprise_id", flat=True)) == sorted(f.pk for f in firms)


def _firms(count):
    for index in range(count):
        growing_firm(recognized_on=date(2024, 1 + index % 12, 1))


@pytest.mark.parametrize("firms", [4, 40])
def test_recompute_reads_do_not_grow_with_the_enterprises(firms, django_assert_num_queries):
    _firms(firms)
    recompute_eligibility(year=2024, actor=BEAT)
    # policies, recognition ids, growth ids; one batch: savepoint, designations, figures, their sources and the
    # precedence, existing results, release
    with django_assert_num_queries(10):
        assert recompute_eligibility(year=2024, actor=BEAT).unchanged == 2 * firms


@pytest.mark.postgres  # SQLite caps the parameters of one statement, so Django splits its bulk inserts
@pytest.mark.parametrize("firms", [10, 100])
def test_recompute_writes_do_not_grow_with_the_enterprises(firms, django_assert_num_queries):
    _firms(firms)
    # the reads above, plus the new results' ids drawn in one query, then one COPY of the results, one of their
    # history rows and one of their ledger rows (系统比对符合); nothing stored yet, so nothing to lock
    with django_assert_num_queries(14):
        assert recompute_eligibility(year=2024, actor=BEAT).created == 2 * firms
    AnnualFigures.objects.filter(year=2024).update(output_value=F("output_value") + 1)
    # changed inputs: the reads, the rows to write locked and read again, one UPDATE of the results and one COPY
    # of their history rows
    with django_assert_num_queries(13):
        assert recompute_eligibility(year=2024, actor=BEAT).updated == firms


def test_bulk_writes_keep_history_with_the_actor():
    growing_firm()
    reviewer = make_user(Role.REVIEWER)
    recompute_eligibility(year=2024, actor=reviewer)
    award = Award.objects.get(kind=AwardKind.GROWTH)
    record = award.history.get()
    assert record.history_type == "+" and record.history_user == reviewer and record.amount == Decimal("60000.00")

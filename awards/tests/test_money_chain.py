"""The money chain around the arithmetic: a flag stops the money until resolved, a credit entry stops approval,
notice and payment, the approver cannot pay, every transition is in the ledger, results never go stale, and a
recompute racing reviewers leaves every decision intact."""

import threading
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.utils import timezone

from audit import BEAT
from awards import services
from awards.models import Award, AwardEvent, AwardRecovery
from awards.recompute import recompute_eligibility
from awards.states import AwardKind, AwardState, Outcome
from enterprises.models import AnnualFigures, CreditEntry, CreditStatus
from enterprises.roles import Role
from enterprises.tests.factories import designate, figures, make_user
from policy.levels import Level

from .factories import growing_firm

pytestmark = pytest.mark.django_db

BANK = {"bank_name": "中国工商银行桂林分行营业部", "account_number": "2103001209001234567"}
PAST = date(2025, 4, 1)


@pytest.fixture
def reviewer():
    return make_user(Role.REVIEWER)


@pytest.fixture
def finance():
    return make_user(Role.FINANCE)


def growth_award_of(firm):
    return Award.objects.get(enterprise=firm, kind=AwardKind.GROWTH, year=2024)


def confirmed(reviewer):
    firm = growing_firm()
    recompute_eligibility(year=2024, actor=BEAT)
    award = growth_award_of(firm)
    services.notify_awards(awards=[award], actor=reviewer)
    services.confirm_award(award=award, actor=make_user(Role.ENTERPRISE, enterprise=firm),
                           account_name=firm.name, **BANK)
    award.refresh_from_db()
    return firm, award


def on_notice(reviewer):
    firm, award = confirmed(reviewer)
    services.approve_award(award=award, actor=reviewer)
    services.publish_notice(awards=[award], actor=reviewer, starts_on=PAST)
    award.refresh_from_db()
    return firm, award


def pay(award, finance):
    return services.record_payment(award=award, actor=finance, paid_on=date(2025, 4, 10), voucher_number="V-1",
                                   today=date(2025, 4, 10))


def list_credit(firm, status=CreditStatus.SERIOUS_DISHONESTY, listed_on=date(2020, 1, 1), removed_on=None):
    return CreditEntry.objects.create(enterprise=firm, status=status, listed_on=listed_on, removed_on=removed_on,
                                      authority="桂林市发展和改革委员会")


def raise_output(firm):
    """Revised 2024 figures: a larger increase, so the re-evaluated award is 120,000.00 instead of 60,000.00."""
    figures(firm, 2024, "90000000", "1150000")


def lower_output(firm):
    """Revised 2024 figures below the 35 % growth line: no award at all."""
    figures(firm, 2024, "60000000", "1150000")


# --- a flag stops the money ------------------------------------------------------------------------------------

def test_a_flagged_approved_award_cannot_be_published_until_resolved(reviewer):
    firm, award = confirmed(reviewer)
    services.approve_award(award=award, actor=reviewer)
    raise_output(firm)
    recompute_eligibility(year=2024, actor=BEAT)
    award.refresh_from_db()
    assert award.needs_attention and award.state == AwardState.APPROVED and award.amount == Decimal("60000.00")
    moved, skipped = services.publish_notice(awards=[award], actor=reviewer, starts_on=PAST)
    assert not moved and "复核" in skipped[0].skip_reason
    services.resolve_flag(award=award, actor=reviewer, accept=False, reason="原决定依据的数据经核实无误")
    moved, _ = services.publish_notice(awards=[award], actor=reviewer, starts_on=PAST)
    assert len(moved) == 1


def test_a_flagged_award_on_notice_cannot_be_paid(reviewer, finance):
    firm, award = on_notice(reviewer)
    raise_output(firm)
    recompute_eligibility(year=2024, actor=BEAT)
    with pytest.raises(ValidationError, match="复核"):
        pay(award, finance)
    award.refresh_from_db()
    assert award.state == AwardState.PUBLIC_NOTICE


def test_accepting_the_new_result_changes_the_amount_and_keeps_both_in_the_ledger(reviewer, finance):
    firm, award = on_notice(reviewer)
    raise_output(firm)
    recompute_eligibility(year=2024, actor=BEAT)
    services.resolve_flag(award=award, actor=reviewer, accept=True)
    award.refresh_from_db()
    assert not award.needs_attention and award.amount == Decimal("120000.00")
    assert award.state == AwardState.PUBLIC_NOTICE
    resolution = award.events.get(action="resolve_accept")
    assert "60,000.00" in resolution.comment and "120,000.00" in resolution.comment
    pay(award, finance)  # resolved: the money may go
    # the same inputs again flag nothing
    assert recompute_eligibility(year=2024, actor=BEAT).flagged == 0


def test_accepting_an_ineligible_result_rejects_an_approved_award(reviewer):
    firm, award = on_notice(reviewer)
    lower_output(firm)
    recompute_eligibility(year=2024, actor=BEAT)
    services.resolve_flag(award=award, actor=reviewer, accept=True)
    award.refresh_from_db()
    assert award.state == AwardState.REJECTED and award.outcome == Outcome.INELIGIBLE and award.amount == 0
    assert "不再符合" in award.rejection_reason


def test_keeping_the_decision_needs_a_reason(reviewer):
    firm, award = on_notice(reviewer)
    raise_output(firm)
    recompute_eligibility(year=2024, actor=BEAT)
    with pytest.raises(ValidationError, match="理由"):
        services.resolve_flag(award=award, actor=reviewer, accept=False, reason="")
    award.refresh_from_db()
    assert award.needs_attention


def test_a_paid_award_whose_accepted_result_is_lower_opens_a_recovery(reviewer, finance):
    firm, award = on_notice(reviewer)
    pay(award, finance)
    lower_output(firm)
    recompute_eligibility(year=2024, actor=BEAT)
    award.refresh_from_db()
    assert award.needs_attention and award.state == AwardState.PAID  # never altered by the recompute
    services.resolve_flag(award=award, actor=reviewer, accept=True)
    recovery = AwardRecovery.objects.get(award=award)
    assert recovery.amount == Decimal("60000.00") and recovery.status == AwardRecovery.Status.OPEN
    award.refresh_from_db()
    assert award.state == AwardState.PAID and award.amount == 0


def test_keeping_a_paid_decision_opens_no_recovery(reviewer, finance):
    firm, award = on_notice(reviewer)
    pay(award, finance)
    lower_output(firm)
    recompute_eligibility(year=2024, actor=BEAT)
    services.resolve_flag(award=award, actor=reviewer, accept=False, reason="数据修正属统计口径调整，不影响原决定")
    assert not AwardRecovery.objects.exists()


# --- credit check (信用审查) --------------------------------------------------------------------------------------

def test_a_credit_entry_in_force_stops_approval(reviewer):
    firm, award = confirmed(reviewer)
    list_credit(firm)
    with pytest.raises(ValidationError, match="严重失信主体"):
        services.approve_award(award=award, actor=reviewer)
    moved, skipped = services.approve_awards(awards=[award], actor=reviewer)
    assert not moved and "信用审查" in skipped[0].skip_reason
    award.refresh_from_db()
    assert award.state == AwardState.CONFIRMED


def test_a_removed_credit_entry_no_longer_stops_approval(reviewer):
    firm, award = confirmed(reviewer)
    list_credit(firm, removed_on=timezone.localdate())  # removed today: not in force today
    services.approve_award(award=award, actor=reviewer)
    award.refresh_from_db()
    assert award.state == AwardState.APPROVED


def test_a_credit_entry_stops_the_notice_and_the_payment(reviewer, finance):
    firm, award = confirmed(reviewer)
    services.approve_award(award=award, actor=reviewer)
    entry = list_credit(firm, status=CreditStatus.JUDGMENT_DEFAULTER)
    moved, skipped = services.publish_notice(awards=[award], actor=reviewer, starts_on=PAST)
    assert not moved and "失信被执行人" in skipped[0].skip_reason
    entry.delete()
    services.publish_notice(awards=[award], actor=reviewer, starts_on=PAST)
    award.refresh_from_db()
    list_credit(firm, status=CreditStatus.MAJOR_TAX_VIOLATION, listed_on=date(2025, 4, 9))
    with pytest.raises(ValidationError, match="重大税收违法"):
        pay(award, finance)


# --- four eyes ---------------------------------------------------------------------------------------------------

def test_whoever_approved_an_award_cannot_record_its_payment():
    both = make_user(Role.ADMIN)  # an admin may review and pay, but not both for one award
    firm, award = on_notice(both)
    with pytest.raises(ValidationError, match="不同人员"):
        pay(award, both)
    pay(award, make_user(Role.FINANCE))
    award.refresh_from_db()
    assert award.state == AwardState.PAID


# --- one ledger per award ----------------------------------------------------------------------------------------

def test_every_transition_is_in_the_ledger_with_who_from_and_to(reviewer, finance):
    firm, award = on_notice(reviewer)
    pay(award, finance)
    rows = list(award.events.order_by("at", "pk").values_list("action", "from_state", "to_state", "actor_unit"))
    assert [r[:3] for r in rows] == [
        ("match", AwardState.UNMATCHED, AwardState.CANDIDATE),
        ("notify", AwardState.CANDIDATE, AwardState.NOTIFIED),
        ("confirm", AwardState.NOTIFIED, AwardState.CONFIRMED),
        ("approve", AwardState.CONFIRMED, AwardState.APPROVED),
        ("publish_notice", AwardState.APPROVED, AwardState.PUBLIC_NOTICE),
        ("record_payment", AwardState.PUBLIC_NOTICE, AwardState.PAID),
    ]
    assert rows[0][3] == "系统（定时任务）" and rows[2][3] == "企业" and rows[5][3] == "市财政局"
    assert award.events.get(action="approve").actor == reviewer


def test_a_recompute_that_unmatches_a_confirmed_award_writes_it_in_the_ledger(reviewer):
    firm, award = confirmed(reviewer)
    lower_output(firm)
    recompute_eligibility(year=2024, actor=BEAT)
    award.refresh_from_db()
    assert award.state == AwardState.UNMATCHED
    unmatch = award.events.get(action="unmatch")
    assert unmatch.from_state == AwardState.CONFIRMED and "不符合" in unmatch.comment


# --- results never go stale ------------------------------------------------------------------------------------

def test_a_registry_write_re_evaluates_the_enterprise_once_it_commits(django_capture_on_commit_callbacks):
    firm = growing_firm(recognized_on=date(2023, 6, 1))
    recompute_eligibility(year=2023, actor=BEAT)
    recognition = Award.objects.get(enterprise=firm, kind=AwardKind.RECOGNITION)
    assert recognition.outcome == Outcome.ELIGIBLE and recognition.amount == Decimal("100000.00")
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        designate(firm, Level.REGIONAL, date(2023, 1, 1))  # a late regional title, granted before
    assert len(callbacks) == 1  # one task for the one write
    recognition.refresh_from_db()
    assert recognition.outcome == Outcome.INELIGIBLE and recognition.state == AwardState.UNMATCHED
    # and the growth years the edition covers were evaluated too, without anyone rerunning them
    assert Award.objects.filter(enterprise=firm, kind=AwardKind.GROWTH, year=2024).exists()


def test_nothing_is_re_evaluated_when_the_write_rolls_back(django_capture_on_commit_callbacks):
    firm = growing_firm()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.queue_reevaluation(enterprise_ids=[firm.pk], actor=BEAT)
    assert len(callbacks) == 1  # queued on commit only: a rolled-back write queues nothing that runs
    assert not Award.objects.filter(enterprise=firm).exists()


# --- the recompute respects the flow -------------------------------------------------------------------------------

@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_recompute_racing_approvals_and_payments_leaves_every_decision_intact():
    reviewer, finance = make_user(Role.REVIEWER), make_user(Role.FINANCE)
    firms, awards = [], []
    for _ in range(12):
        firm = growing_firm()
        firms.append(firm)
    recompute_eligibility(year=2024, actor=BEAT)
    for firm in firms:
        award = growth_award_of(firm)
        services.notify_awards(awards=[award], actor=reviewer)
        services.confirm_award(award=award, actor=make_user(Role.ENTERPRISE, enterprise=firm),
                               account_name=firm.name, **BANK)
        awards.append(award)
    to_pay = awards[:6]
    for award in to_pay:
        services.approve_award(award=award, actor=reviewer)
    services.publish_notice(awards=to_pay, actor=reviewer, starts_on=timezone.localdate() - timedelta(days=10))
    for firm in firms:
        raise_output(firm)  # every result changes: the recompute wants to rewrite all of them
    barrier = threading.Barrier(3)
    errors = []

    def run(work):
        try:
            barrier.wait(timeout=10)
            work()
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connection.close()

    def approvals():
        for award in awards[6:]:
            services.approve_award(award=award.pk, actor=reviewer)

    refused = []

    def payments():
        for award in to_pay:
            try:
                services.record_payment(award=award.pk, actor=finance, paid_on=timezone.localdate(), voucher_number="V")
            except ValidationError as error:  # the recompute flagged it first: the money must wait
                refused.append((award.pk, error))

    threads = [threading.Thread(target=run, args=(work,)) for work in (
        approvals, payments, lambda: recompute_eligibility(year=2024, actor=BEAT, batch_size=2))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not errors, errors
    for _award_pk, error in refused:
        assert "复核" in str(error)
    refused_ids = {pk for pk, _ in refused}
    for award in Award.objects.filter(pk__in=[a.pk for a in to_pay]):
        if award.pk in refused_ids:
            assert award.state == AwardState.PUBLIC_NOTICE and award.needs_attention
        else:  # paid: the recompute found it decided and flagged it, never rewrote it
            assert award.state == AwardState.PAID and award.amount == Decimal("60000.00") and award.needs_attention
    assert [Award.objects.get(pk=a.pk).state for a in awards[6:]] == [AwardState.APPROVED] * 6
    # no lost update: every award's ledger is one unbroken chain ending in its stored state
    for award in Award.objects.filter(pk__in=[a.pk for a in awards]):
        chain = list(award.events.order_by("at", "pk").values_list("from_state", "to_state"))
        for (_, before), (after, _) in zip(chain, chain[1:], strict=False):
            assert before == after, (award.pk, chain)
        assert chain[-1][1] == award.state
    assert AwardEvent.objects.filter(action="record_payment").count() == 6 - len(refused)


# --- every recognition explained in its year -------------------------------------------------------------------

def test_a_re_recognition_appears_in_its_years_export_naming_the_first(tmp_path, django_capture_on_commit_callbacks):
    import csv

    from django.core.management import call_command
    from django.db import IntegrityError, transaction

    from enterprises.tests.factories import EnterpriseFactory

    firm = EnterpriseFactory()
    with django_capture_on_commit_callbacks(execute=True):
        designate(firm, Level.MUNICIPAL, date(2019, 5, 1))
    with django_capture_on_commit_callbacks(execute=True):
        designate(firm, Level.MUNICIPAL, date(2024, 5, 1))  # after the first expired: recognised again
    out = tmp_path / "awards-2024.csv"
    call_command("export_awards", year=2024, output=str(out))
    rows = [row for row in csv.reader(out.read_text(encoding="utf-8-sig").splitlines())
            if row[0] == firm.credit_code and row[4] == "认定奖励"]
    assert [row[4:7] for row in rows] == [["认定奖励", "不符合", "0.00"]]
    assert "2019-05-01 首次被认定" in rows[0][8]
    # the first recognition keeps its own row (2019), and the database allows one (三) award per enterprise
    assert Award.objects.filter(enterprise=firm, kind=AwardKind.RECOGNITION).count() == 2
    first = Award.objects.get(enterprise=firm, kind=AwardKind.RECOGNITION, repeat_recognition=False)
    with pytest.raises(IntegrityError), transaction.atomic():
        Award.objects.create(enterprise=firm, kind=AwardKind.RECOGNITION, year=2024, recognition_date=date(2024, 5, 1),
                             outcome=Outcome.ELIGIBLE, amount=Decimal("100000.00"), state=AwardState.CANDIDATE,
                             clause="（三）", fingerprint="x", computed_at=first.computed_at)


def test_a_large_write_is_re_evaluated_in_batches_with_the_same_results():
    from awards.recompute import reevaluate_enterprises

    firms = [growing_firm() for _ in range(5)]
    summary = reevaluate_enterprises(enterprise_ids=[f.pk for f in firms], actor=BEAT, batch_size=2)
    assert summary.total == 5
    assert Award.objects.filter(kind=AwardKind.GROWTH, year=2024, amount=Decimal("60000.00")).count() == 5
    assert Award.objects.filter(kind=AwardKind.RECOGNITION, amount=Decimal("100000.00")).count() == 5
    again = reevaluate_enterprises(enterprise_ids=[f.pk for f in firms], actor=BEAT, batch_size=3)
    assert again.created == again.updated == again.flagged == 0


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_recompute_waits_for_a_reviewer_mid_approval_and_flags_instead_of_writing_over_it():
    """Deterministic: the reviewer's transaction approves and stays open; the recompute, started meanwhile, must
    wait for it and then see 审核通过 — without the lock it would read 已确认 and write it back after the commit."""
    from django.db import transaction

    reviewer = make_user(Role.REVIEWER)
    firm, award = confirmed(reviewer)
    # changed figures the recompute will want to write (set directly: the registry's own re-evaluation would run at
    # once in a committed test and leave nothing to race)
    AnnualFigures.objects.filter(enterprise=firm, year=2024).update(output_value=Decimal("90000000"))
    approved_inside, release = threading.Event(), threading.Event()
    errors = []

    def approve_and_hold():
        try:
            with transaction.atomic():
                services.approve_award(award=award.pk, actor=reviewer)
                approved_inside.set()
                release.wait(timeout=20)
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connection.close()

    def recompute():
        try:
            approved_inside.wait(timeout=20)
            recompute_eligibility(year=2024, actor=BEAT)
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connection.close()

    reviewer_thread, recompute_thread = threading.Thread(target=approve_and_hold), threading.Thread(target=recompute)
    reviewer_thread.start()
    recompute_thread.start()
    approved_inside.wait(timeout=20)
    recompute_thread.join(timeout=3)  # it must be waiting for the reviewer's lock now
    assert recompute_thread.is_alive()
    release.set()
    reviewer_thread.join(timeout=30)
    recompute_thread.join(timeout=30)
    assert not errors, errors
    award.refresh_from_db()
    assert award.state == AwardState.APPROVED and award.needs_attention  # the decision stands, the change is a flag
    assert award.amount == Decimal("60000.00")

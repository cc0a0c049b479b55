import inspect
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command

from audit import BEAT, COMMAND
from awards.models import Award
from awards.states import AwardKind, AwardState, Outcome
from declarations import services
from declarations.models import Declaration, PortalMessage, ReviewStep
from declarations.states import Action, Status
from declarations.tasks import conclude_due_public_notices
from enterprises.models import AnnualFigures, Designation
from enterprises.roles import Role
from enterprises.tests.factories import figures, make_user
from policy.levels import Level
from policy.models import PolicyRecord

from .factories import (
    GOOD_FIGURES,
    draft_application,
    enterprise_with_user,
    noticed_application,
    pdf,
    recommended_application,
    submitted_annual_report,
    submitted_application,
)

pytestmark = pytest.mark.django_db

# Every write of declarations taking an actor.
SERVICES = sorted(
    name for name, function in inspect.getmembers(services, inspect.isfunction)
    if function.__module__ == "declarations.services" and not name.startswith("_")
    and "actor" in inspect.signature(function).parameters
)


@pytest.fixture
def people(areas):
    enterprise, user = enterprise_with_user(areas["秀峰区"])
    user.email = "firm@example.com"
    user.save()
    county = make_user(Role.COUNTY, area=areas["秀峰区"])
    county.email = "county@example.com"
    county.save()
    return {"enterprise": enterprise, "user": user, "county": county,
            "other_county": make_user(Role.COUNTY, area=areas["阳朔县"]), "reviewer": make_user(Role.REVIEWER)}


def test_a_new_application_is_prefilled_from_the_registry(people):
    figures(people["enterprise"], 2025, 40_000_000, 1_000_000, revenue=Decimal("42000000"), employees=180)
    declaration = services.start_application(actor=people["user"], year=2026)
    assert declaration.status == Status.DRAFT
    assert declaration.application.revenue_last == Decimal("42000000") and declaration.application.employees == 180
    assert services.start_application(actor=people["user"], year=2026) == declaration  # one per year


def test_submission_needs_the_required_fields(people):
    declaration = services.start_application(actor=people["user"], year=2026)
    with pytest.raises(ValidationError) as error:
        services.submit(actor=people["user"], declaration=declaration)
    assert "细分领域" in error.value.messages[0]
    assert Declaration.objects.get(pk=declaration.pk).status == Status.DRAFT


def test_an_application_needs_an_attachment(people):
    declaration = draft_application(people["user"])
    with pytest.raises(ValidationError, match="证明材料"):
        services.submit(actor=people["user"], declaration=declaration)


def test_a_large_enterprise_cannot_submit(people):
    declaration = draft_application(people["user"], employees=1500, revenue_last=Decimal("500000000"),
                                    revenue_prev=Decimal("450000000"))
    services.add_attachment(actor=people["user"], declaration=declaration, uploaded_file=pdf())
    with pytest.raises(ValidationError, match="中小企业"):
        services.submit(actor=people["user"], declaration=declaration)


def test_submission_records_the_criteria_edition_in_force(people):
    declaration = submitted_application(people["user"])
    assert declaration.status == Status.SUBMITTED and declaration.submitted_at
    assert declaration.criteria_edition.document_number == "工信部企业〔2026〕2号"
    assert declaration.self_check_passed is True


def test_a_submitted_declaration_is_read_only_to_the_enterprise(people):
    declaration = submitted_application(people["user"])
    with pytest.raises(ValidationError, match="不能修改"):
        services.save_application(actor=people["user"], declaration=declaration, values={"main_product": "改"})
    with pytest.raises(ValidationError, match="不能修改"):
        services.add_attachment(actor=people["user"], declaration=declaration, uploaded_file=pdf())


def test_another_enterprise_cannot_touch_it(people, areas):
    declaration = draft_application(people["user"])
    _, stranger = enterprise_with_user(areas["秀峰区"])
    with pytest.raises(PermissionDenied):
        services.save_application(actor=stranger, declaration=declaration, values={"main_product": "改"})


def test_full_review_recognizes_the_enterprise_with_a_designation_from_the_policy(people):
    policy = PolicyRecord.objects.get()
    policy.public_notice_days = 5
    policy.validity_municipal_years = 3
    policy.save()
    declaration = recommended_application(people["user"], people["county"])
    assert declaration.status == Status.COUNTY_RECOMMENDED
    approved = services.perform(actor=people["reviewer"], declaration=declaration, action=Action.BUREAU_APPROVE,
                                expert_score=Decimal("85.5"), on=date(2026, 6, 1))
    assert (approved.notice_starts_on, approved.notice_ends_on) == (date(2026, 6, 1), date(2026, 6, 5))
    assert approved.policy == policy and approved.expert_score == Decimal("85.5")
    with pytest.raises(ValidationError, match="尚未期满"):
        services.perform(actor=people["reviewer"], declaration=approved, action=Action.CONCLUDE_NOTICE,
                         document_number="市工信认〔2026〕1号", on=date(2026, 6, 5))
    done, failures = services.conclude_public_notices(actor=BEAT, on=date(2026, 6, 9), document_number="市工信认〔2026〕1号",
                                                      document_date=date(2026, 6, 6))
    assert failures == [] and [d.pk for d in done] == [declaration.pk]
    recognized = Declaration.objects.get(pk=declaration.pk)
    designation = recognized.designation
    assert recognized.status == Status.RECOGNIZED and recognized.document_date == date(2026, 6, 6)
    assert (designation.level, designation.source) == (Level.MUNICIPAL, Designation.Source.RECOGNITION)
    # dated by the recognition document, not by the day the conclusion ran
    assert (designation.granted_on, designation.valid_until) == (date(2026, 6, 6), date(2029, 6, 5))
    assert designation.document_number == "市工信认〔2026〕1号"
    steps = list(recognized.steps.values_list("action", "actor_unit"))
    assert steps == [
        (Action.SUBMIT, people["enterprise"].name), (Action.COUNTY_RECOMMEND, "秀峰区工信部门"),
        (Action.BUREAU_APPROVE, "市工业和信息化局"), (Action.CONCLUDE_NOTICE, "系统"),
    ]
    # running it again concludes nothing more
    assert services.conclude_public_notices(actor=BEAT, on=date(2026, 6, 7)) == ([], [])


def test_recognition_inside_the_policy_period_creates_the_recognition_award_candidate(people):
    declaration = recommended_application(people["user"], people["county"])
    services.perform(actor=people["reviewer"], declaration=declaration, action=Action.BUREAU_APPROVE,
                     on=date(2024, 6, 1))
    services.conclude_public_notices(actor=BEAT, on=date(2024, 7, 1), document_number="市工信认〔2024〕9号",
                                     document_date=date(2024, 6, 28))
    award = Award.objects.get(enterprise=people["enterprise"], kind=AwardKind.RECOGNITION)
    assert (award.outcome, award.amount, award.state) == (Outcome.ELIGIBLE, Decimal("100000.00"), AwardState.CANDIDATE)


def test_recognition_after_the_policy_period_is_recorded_as_not_eligible(people):
    declaration = recommended_application(people["user"], people["county"])
    services.perform(actor=people["reviewer"], declaration=declaration, action=Action.BUREAU_APPROVE,
                     on=date(2026, 6, 1))
    services.conclude_public_notices(actor=BEAT, on=date(2026, 7, 1), document_number="市工信认〔2026〕9号",
                                     document_date=date(2026, 6, 28))
    award = Award.objects.get(enterprise=people["enterprise"], kind=AwardKind.RECOGNITION)
    assert (award.outcome, award.amount) == (Outcome.INELIGIBLE, Decimal("0.00"))


def test_conclusion_without_a_document_number_is_refused_and_reported(people):
    declaration = recommended_application(people["user"], people["county"])
    services.perform(actor=people["reviewer"], declaration=declaration, action=Action.BUREAU_APPROVE,
                     on=date(2026, 6, 1))
    done, failures = services.conclude_public_notices(actor=BEAT, on=date(2026, 7, 1))
    assert done == [] and "认定文号" in failures[0][1]


def test_the_county_cannot_do_the_bureaus_step_nor_review_another_area(people):
    declaration = submitted_application(people["user"])
    with pytest.raises(Declaration.DoesNotExist):
        services.perform(actor=people["other_county"], declaration=declaration, action=Action.COUNTY_RECOMMEND)
    services.perform(actor=people["county"], declaration=declaration, action=Action.COUNTY_RECOMMEND)
    with pytest.raises(PermissionDenied):
        services.perform(actor=people["county"], declaration=declaration, action=Action.BUREAU_APPROVE)
    with pytest.raises(ValidationError, match="当前状态"):
        services.perform(actor=people["county"], declaration=declaration, action=Action.COUNTY_RECOMMEND)


def test_returning_needs_a_comment_and_reopens_the_form(people):
    declaration = submitted_application(people["user"])
    with pytest.raises(ValidationError):
        services.perform(actor=people["county"], declaration=declaration, action=Action.COUNTY_RETURN, comment=" ")
    services.perform(actor=people["county"], declaration=declaration, action=Action.COUNTY_RETURN,
                     comment="请补充审计报告")
    services.save_application(actor=people["user"], declaration=declaration, values={"main_product": "新产品"})
    resubmitted = services.submit(actor=people["user"], declaration=declaration)
    assert resubmitted.status == Status.SUBMITTED
    assert ReviewStep.objects.filter(declaration=declaration, comment="请补充审计报告").exists()


def test_each_step_sends_a_portal_message_and_an_email(people):
    mail.outbox.clear()
    declaration = submitted_application(people["user"])
    # the firm's confirmation and the county's to-do
    assert PortalMessage.objects.filter(recipient=people["user"], declaration=declaration).count() == 1
    assert PortalMessage.objects.filter(recipient=people["county"], declaration=declaration).count() == 1
    services.perform(actor=people["county"], declaration=declaration, action=Action.COUNTY_REJECT,
                     comment="主营业务不属于制造业")
    rejected = PortalMessage.objects.filter(recipient=people["user"]).first()
    assert "未获通过" in rejected.title and "主营业务不属于制造业" in rejected.body


def test_emails_go_out_on_commit(people, django_capture_on_commit_callbacks):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        submitted_application(people["user"])
    recipients = sorted(address for message in mail.outbox for address in message.to)
    assert recipients == ["county@example.com", "firm@example.com"]
    assert all("桂林市专精特新服务平台" in message.subject for message in mail.outbox)


def test_county_confirmation_puts_the_annual_figures_into_the_registry(people):
    declaration = submitted_annual_report(people["user"], year=2025)
    assert not AnnualFigures.objects.filter(enterprise=people["enterprise"], year=2025).exists()
    services.perform(actor=people["county"], declaration=declaration, action=Action.COUNTY_CONFIRM)
    row = AnnualFigures.objects.get(enterprise=people["enterprise"], year=2025)
    assert row.output_value == GOOD_FIGURES["output_value"] and row.tax_paid == GOOD_FIGURES["tax_paid"]
    assert row.history.first().history_user == people["county"]


def test_an_annual_report_only_for_a_closed_year(people):
    with pytest.raises(ValidationError):
        services.start_annual_report(actor=people["user"], year=date.today().year)


def test_history_records_who_changed_the_declaration(people):
    declaration = submitted_application(people["user"])
    services.perform(actor=people["county"], declaration=declaration, action=Action.COUNTY_RECOMMEND)
    users = list(Declaration.history.filter(id=declaration.pk).values_list("history_user", flat=True))
    assert people["county"].pk in users and people["user"].pk in users


def test_conclude_public_notices_command(people, capsys):
    declaration = noticed_application(people["user"], people["county"], people["reviewer"],
                                      on=date.today() - timedelta(days=30))
    call_command("conclude_public_notices", "--actor", people["reviewer"].username,
                 "--document-date", (date.today() - timedelta(days=1)).isoformat())
    out = capsys.readouterr().out
    assert "认定 1 家" in out and people["enterprise"].name in out
    assert Declaration.objects.get(pk=declaration.pk).designation.document_number == "市工信认〔2026〕9号"


def test_the_daily_task_concludes_notices_that_have_a_document_number(people):
    ready = recommended_application(people["user"], people["county"])
    services.perform(actor=people["reviewer"], declaration=ready, action=Action.BUREAU_APPROVE, on=date(2026, 6, 1))
    Declaration.objects.filter(pk=ready.pk).update(document_number="市工信认〔2026〕3号", document_date=date(2026, 6, 20))
    result = conclude_due_public_notices.delay().get()
    assert result["recognized"] == [ready.pk] and result["waiting"] == []
    assert Declaration.objects.get(pk=ready.pk).status == Status.RECOGNIZED


def test_every_service_is_covered_below():
    assert {"start_application", "save_application", "start_annual_report", "save_annual_report", "add_attachment",
            "remove_attachment", "perform", "submit", "perform_many", "conclude_public_notices",
            "mark_read"} <= set(SERVICES)


@pytest.mark.parametrize("name", SERVICES)
def test_a_service_refuses_a_missing_actor(name):
    function = getattr(services, name)
    parameters = inspect.signature(function).parameters
    assert parameters["actor"].default is inspect.Parameter.empty  # no default: forgetting it fails too
    others = {p: None for p, spec in parameters.items() if p != "actor" and spec.default is inspect.Parameter.empty}
    with pytest.raises(TypeError, match="actor is required"):
        function(actor=None, **others)


def _ready_notice(people):
    ready = recommended_application(people["user"], people["county"])
    services.perform(actor=people["reviewer"], declaration=ready, action=Action.BUREAU_APPROVE, on=date(2024, 6, 1))
    Declaration.objects.filter(pk=ready.pk).update(document_number="市工信认〔2024〕3号", document_date=date(2024, 6, 20))
    return ready


def test_the_daily_task_is_recorded_as_the_beat_job(people):
    ready = _ready_notice(people)
    conclude_due_public_notices.delay().get()
    step = ReviewStep.objects.get(declaration=ready, action=Action.CONCLUDE_NOTICE)
    assert (step.actor, step.actor_unit) == (None, "系统")
    latest = Declaration.history.filter(id=ready.pk).order_by("-history_date", "-history_id").first()
    assert (latest.status, latest.history_user, latest.history_change_reason) == (Status.RECOGNIZED, None, "定时任务")
    designation = Declaration.objects.get(pk=ready.pk).designation
    assert designation.history.get().history_change_reason == "定时任务"
    award = Award.objects.get(enterprise=people["enterprise"], kind=AwardKind.RECOGNITION)
    assert award.history.get().history_change_reason == "定时任务"  # (三) judged at once, as the beat job


def test_the_command_without_an_actor_is_recorded_as_the_command_line(people, capsys):
    ready = _ready_notice(people)
    call_command("conclude_public_notices")
    assert "认定 1 家，未处理 0 家" in capsys.readouterr().out
    latest = Declaration.history.filter(id=ready.pk).order_by("-history_date", "-history_id").first()
    assert (latest.history_user, latest.history_change_reason) == (None, COMMAND.name)


def test_a_system_actor_only_concludes_notices(people):
    declaration = submitted_application(people["user"])
    for action in (Action.COUNTY_RECOMMEND, Action.COUNTY_REJECT):
        with pytest.raises(PermissionDenied):
            services.perform(actor=BEAT, declaration=declaration, action=action, comment="系统不审核")
    with pytest.raises(PermissionDenied):
        services.start_application(actor=BEAT, year=2026)
    with pytest.raises(PermissionDenied):
        services.save_application(actor=BEAT, declaration=declaration, values={"main_product": "改"})

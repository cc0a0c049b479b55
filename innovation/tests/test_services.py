"""The writes: filing a demand or a project (draft kept, submitted, confirmed by the county, returned editable),
and the match flow (推荐 → 对接中 → 已签约 → 已转化, or 未成 with a reason), each step signed and dated."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from enterprises.filing_services import confirm_filing, return_filing
from enterprises.filings import FilingState, counted
from enterprises.roles import Role
from enterprises.tests.factories import SETUP, EnterpriseFactory, make_user
from innovation import services
from innovation.models import Match, MatchStep, RenovationProject, TechDemand
from innovation.states import MatchState

from .factories import achievement, demand, field

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(areas):
    firm = EnterpriseFactory(area=areas["秀峰区"])
    return {
        "firm": firm,
        "enterprise": make_user(Role.ENTERPRISE, enterprise=firm),
        "county": make_user(Role.COUNTY, area=areas["秀峰区"]),
        "other_county": make_user(Role.COUNTY, area=areas["阳朔县"]),
        "bureau": make_user(Role.REVIEWER),
    }


def test_an_enterprise_files_a_demand_the_county_confirms_it_and_then_it_counts(people):
    draft = services.save_demand_draft(actor=people["enterprise"], demand=TechDemand(
        name="橡胶制品低碳硫化工艺", field=field("橡胶与高分子材料"), description="降低硫化能耗"))
    assert draft.filing_state == FilingState.DRAFT and draft.enterprise == people["firm"]
    assert "硫化" in draft.tokens
    assert not counted(TechDemand.objects.all()).exists()
    services.submit_record(actor=people["enterprise"], record=draft)
    with pytest.raises(PermissionDenied):
        confirm_filing(actor=people["other_county"], record=draft)
    confirm_filing(actor=people["county"], record=draft)
    assert counted(TechDemand.objects.all()).get() == draft


def test_a_returned_project_is_editable_again_and_a_submitted_one_is_not(people):
    project = services.save_project_draft(actor=people["enterprise"], project=RenovationProject(
        name="数控加工中心更新", kind="equipment", investment_wan=500, started_on=date(2025, 5, 1)))
    services.submit_record(actor=people["enterprise"], record=project)
    project.investment_wan = 600
    with pytest.raises(ValidationError):
        services.save_project_draft(actor=people["enterprise"], project=project)
    return_filing(actor=people["county"], record=project, reason="请补充设备清单")
    project.refresh_from_db()
    project.investment_wan = 650
    services.save_project_draft(actor=people["enterprise"], project=project)
    project.refresh_from_db()
    assert project.investment_wan == 650 and project.filing_state == FilingState.RETURNED


def test_an_enterprise_cannot_file_for_another_enterprise(people, areas):
    other = demand(EnterpriseFactory(area=areas["阳朔县"]), state=FilingState.DRAFT)
    other.description = "改写"
    with pytest.raises(PermissionDenied):
        services.save_demand_draft(actor=people["enterprise"], demand=other)


def test_a_match_moves_along_the_table_each_step_signed_and_dated(people):
    need = demand(people["firm"])
    match = services.recommend(actor=people["bureau"], demand=need, achievement=achievement(), similarity="0.5")
    assert match.state == MatchState.RECOMMENDED
    for state in (MatchState.NEGOTIATING, MatchState.SIGNED, MatchState.TRANSFERRED):
        match = services.move_match(actor=people["bureau"], match=match, to_state=state)
    steps = list(MatchStep.objects.filter(match=match))
    assert [(s.from_state, s.to_state) for s in steps] == [
        ("", "recommended"), ("recommended", "negotiating"), ("negotiating", "signed"), ("signed", "transferred")]
    assert all(s.actor == people["bureau"] and s.actor_name == str(people["bureau"]) and s.at for s in steps)
    assert match.history.first().history_user == people["bureau"]
    with pytest.raises(ValidationError, match="不能改为"):
        services.move_match(actor=people["bureau"], match=match, to_state=MatchState.FAILED, reason="迟了")


def test_a_step_cannot_be_skipped_and_failing_needs_a_reason(people):
    match = services.recommend(actor=people["bureau"], demand=demand(people["firm"]), achievement=achievement())
    with pytest.raises(ValidationError, match="不能改为“已签约”"):
        services.move_match(actor=people["bureau"], match=match, to_state=MatchState.SIGNED)
    with pytest.raises(ValidationError, match="原因"):
        services.move_match(actor=people["bureau"], match=match, to_state=MatchState.FAILED, reason=" ")
    failed = services.move_match(actor=people["bureau"], match=match, to_state=MatchState.FAILED, reason="企业另有方案")
    assert failed.failure_reason == "企业另有方案"
    assert MatchStep.objects.filter(match=match).last().note == "企业另有方案"


def test_only_the_bureau_makes_and_moves_matches(people):
    need = demand(people["firm"])
    with pytest.raises(PermissionDenied):
        services.recommend(actor=people["county"], demand=need, achievement=achievement())
    match = services.recommend(actor=people["bureau"], demand=need, achievement=achievement(name="另一成果"))
    with pytest.raises(PermissionDenied):
        services.move_match(actor=people["county"], match=match, to_state=MatchState.NEGOTIATING)
    with pytest.raises(PermissionDenied):
        services.move_match(actor=people["enterprise"], match=match, to_state=MatchState.NEGOTIATING)


def test_a_draft_demand_cannot_be_matched(people):
    need = demand(people["firm"], state=FilingState.DRAFT)
    with pytest.raises(ValidationError, match="尚未经县"):
        services.recommend(actor=people["bureau"], demand=need, achievement=achievement())


def test_recommending_twice_keeps_one_match(people):
    need, found = demand(people["firm"]), achievement()
    first = services.recommend(actor=people["bureau"], demand=need, achievement=found)
    assert services.recommend(actor=SETUP, demand=need, achievement=found) == first
    assert Match.objects.count() == 1 and MatchStep.objects.count() == 1


def test_the_enterprise_marks_interest_on_its_own_demand_only(people, areas):
    need, found = demand(people["firm"]), achievement()
    match = services.mark_interest(actor=people["enterprise"], demand=need, achievement=found)
    assert match.state == MatchState.RECOMMENDED and match.enterprise_interested and match.interested_at
    assert MatchStep.objects.get(match=match).actor == people["enterprise"]
    assert services.mark_interest(actor=people["enterprise"], demand=need, achievement=found) == match
    other = demand(EnterpriseFactory(area=areas["阳朔县"]), name="别家需求")
    with pytest.raises(PermissionDenied):
        services.mark_interest(actor=people["enterprise"], demand=other, achievement=found)


def test_interest_in_an_already_recommended_match_flags_it(people):
    need, found = demand(people["firm"]), achievement()
    match = services.recommend(actor=people["bureau"], demand=need, achievement=found)
    services.mark_interest(actor=people["enterprise"], demand=need, achievement=found)
    match.refresh_from_db()
    assert match.enterprise_interested and Match.objects.count() == 1


def test_staff_corrections_stay_in_scope(people, areas):
    other = demand(EnterpriseFactory(area=areas["阳朔县"]))
    other.description = "县区改写"
    with pytest.raises(PermissionDenied):
        services.save_record_as_staff(actor=people["county"], record=other)
    own = demand(people["firm"], name="本区需求")
    own.description = "县区补充说明 数控"
    services.save_record_as_staff(actor=people["county"], record=own)
    own.refresh_from_db()
    assert "数控" in own.tokens


def test_the_database_refuses_negative_amounts_and_a_second_match_of_the_same_pair(people):
    from django.db import IntegrityError, transaction

    need, found = demand(people["firm"]), achievement()
    with pytest.raises(IntegrityError), transaction.atomic():
        RenovationProject.objects.create(enterprise=people["firm"], name="负投资", kind="equipment",
                                         investment_wan=-1, started_on=date(2025, 1, 1))
    with pytest.raises(IntegrityError), transaction.atomic():
        TechDemand.objects.filter(pk=need.pk).update(budget_wan=-1)
    Match.objects.create(demand=need, achievement=found)
    with pytest.raises(IntegrityError), transaction.atomic():
        Match.objects.create(demand=need, achievement=found)
    with pytest.raises(IntegrityError), transaction.atomic():
        Match.objects.filter(demand=need).update(state=MatchState.FAILED)  # 未成 needs a reason

"""The reads: candidates both ways, the pipeline and its overdue count, the renovation list's order, and the three
reads the pages that gather take (reach, one-firm file, workbook), each at a constant number of queries."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from enterprises.filings import FilingState
from enterprises.reach import measure_reach
from enterprises.roles import Role
from enterprises.tests.factories import SETUP, EnterpriseFactory, designate, make_user
from innovation import selectors, services
from innovation.states import MatchState
from policy.levels import Level

from .factories import achievement, demand, project

pytestmark = pytest.mark.django_db
YEAR = timezone.localdate().year


def _docked(firm, n, name="需求"):
    """`n` confirmed demands of `firm`, each with a match moved to 对接中 today."""
    for i in range(n):
        need = demand(firm, name=f"{name}{i}")
        match = services.recommend(actor=SETUP, demand=need, achievement=achievement(name=f"{name}成果{i}"))
        services.move_match(actor=SETUP, match=match, to_state=MatchState.NEGOTIATING)


def test_achievement_candidates_come_with_their_matches_in_three_queries(areas, django_assert_num_queries):
    firm = EnterpriseFactory(area=areas["秀峰区"])
    needs = [demand(firm, name=f"光纤连接器组装{i}") for i in range(3)]
    best = achievement()
    achievement(name="罗汉果甜苷提取", field_name="中药民族药", summary="罗汉果甜苷膜分离")
    match = services.recommend(actor=SETUP, demand=needs[0], achievement=best)
    with django_assert_num_queries(3):
        found = selectors.achievement_candidates(needs)
    first = found[needs[0].pk][0]
    assert first.item == best and first.candidate.same_field and first.match == match
    assert [s.item.name for s in found[needs[1].pk]] == [best.name]  # the other field shares no word
    assert found[needs[1].pk][0].match is None


def test_demand_candidates_are_the_confirmed_demands_in_scope(areas):
    own = EnterpriseFactory(area=areas["秀峰区"])
    far = EnterpriseFactory(area=areas["阳朔县"])
    mine = demand(own, name="光纤连接器自动化组装")
    demand(own, name="光纤连接器组装草稿", state=FilingState.DRAFT)
    demand(far, name="光纤连接器组装别区")
    found = selectors.demand_candidates(achievement(), make_user(Role.COUNTY, area=areas["秀峰区"]))
    assert [s.item for s in found] == [mine]


def test_the_pipeline_counts_states_and_overdue_unanswered_demands(areas):
    firm = EnterpriseFactory(area=areas["秀峰区"])
    today = timezone.localdate()
    overdue = demand(firm, name="逾期无对接", deadline=today - timedelta(days=1))
    services.recommend(actor=SETUP, demand=overdue, achievement=achievement(name="只推荐"))  # 推荐 is no answer
    answered = demand(firm, name="逾期已对接", deadline=today - timedelta(days=3))
    match = services.recommend(actor=SETUP, demand=answered, achievement=achievement(name="已对接"))
    services.move_match(actor=SETUP, match=match, to_state=MatchState.NEGOTIATING)
    demand(firm, name="未到期", deadline=today + timedelta(days=3))
    demand(firm, name="草稿逾期", deadline=today - timedelta(days=3), state=FilingState.DRAFT)
    demand(EnterpriseFactory(area=areas["阳朔县"]), name="别区逾期", deadline=today - timedelta(days=3))
    result = selectors.pipeline(make_user(Role.COUNTY, area=areas["秀峰区"]))
    counts = dict(result.counts)
    assert counts[MatchState.RECOMMENDED] == 1 and counts[MatchState.NEGOTIATING] == 1
    assert result.demands == 3 and result.unanswered_overdue == 1
    assert list(selectors.overdue_demands(make_user(Role.COUNTY, area=areas["秀峰区"]))) == [overdue]
    assert selectors.pipeline(make_user(Role.REVIEWER)).unanswered_overdue == 2


def test_renovation_recommendations_put_srdi_first_then_the_larger_investment(areas):
    giant, municipal, regional, innovative, untitled = (EnterpriseFactory(area=areas["秀峰区"]) for _ in range(5))
    designate(giant, Level.LITTLE_GIANT, date(YEAR - 1, 1, 1))
    designate(municipal, Level.MUNICIPAL, date(YEAR - 1, 1, 1))
    designate(regional, Level.REGIONAL, date(YEAR - 1, 1, 1))
    designate(innovative, Level.INNOVATIVE, date(YEAR - 1, 1, 1))
    started = date(YEAR, 1, 2)
    project(untitled, "无认定大项目", "9000", started)
    project(innovative, "创新型项目", "5000", started)
    project(municipal, "市级小项目", "100", started)
    project(regional, "区级大项目", "3000", started)
    project(giant, "小巨人项目", "50", started)
    project(giant, "去年的项目", "99999", date(YEAR - 1, 6, 1))
    draft = project(municipal, "草稿项目", "8000", started)
    type(draft).objects.filter(pk=draft.pk).update(filing_state=FilingState.DRAFT)
    rows = selectors.renovation_rows(selectors.renovation_recommendations(make_user(Role.REVIEWER), YEAR))
    assert [row[6] for row in rows] == ["小巨人项目", "区级大项目", "市级小项目", "创新型项目", "无认定大项目"]
    assert [row[1] for row in rows] == ["专精特新“小巨人”", "专精特新", "专精特新", "创新型", "—"]


def test_reach_counts_docked_demands_and_started_projects_of_srdi_firms(areas):
    srdi = EnterpriseFactory(area=areas["秀峰区"])
    designate(srdi, Level.MUNICIPAL, date(YEAR - 1, 1, 1))
    plain = EnterpriseFactory(area=areas["秀峰区"])
    designate(plain, Level.MUNICIPAL, date(YEAR - 1, 1, 1))
    _docked(srdi, 1)
    services.recommend(actor=SETUP, demand=demand(plain, name="只推荐"), achievement=achievement(name="某成果"))
    project(plain, "今年开工", "10", date(YEAR, 2, 1))
    project(srdi, "去年开工", "10", date(YEAR - 1, 2, 1))
    matching, renovation = selectors.reach_sources()
    assert (matching.measure, matching.bureau, renovation.measure) == (13, "市科技局、市教育局", 14)
    assert measure_reach(matching, YEAR).total.reached == 1
    assert measure_reach(renovation, YEAR).total.reached == 1
    assert list(renovation.reached(YEAR).values_list("enterprise", flat=True)) == [plain.pk]


@pytest.mark.parametrize("n", [1, 10])
def test_the_firm_file_tables_take_three_queries(areas, django_assert_num_queries, n):
    firm = EnterpriseFactory(area=areas["秀峰区"])
    _docked(firm, n)
    for i in range(n):
        project(firm, f"项目{i}", "10", date(YEAR, 1, 1))
    bureau = make_user(Role.REVIEWER)
    with django_assert_num_queries(3):
        demands, projects = selectors.firm_file_tables(firm, bureau)
    assert len(demands.rows) == n and len(projects.rows) == n
    assert demands.rows[0][-1].endswith("（对接中）")


@pytest.mark.parametrize("n", [1, 10])
def test_the_workbook_sheets_take_constant_queries_and_are_scoped(areas, django_assert_num_queries, n):
    own = EnterpriseFactory(area=areas["秀峰区"])
    designate(own, Level.LITTLE_GIANT, date(YEAR - 1, 1, 1))
    far = EnterpriseFactory(area=areas["阳朔县"])
    _docked(own, n)
    _docked(far, 1, name="别区")
    for i in range(n):
        project(own, f"项目{i}", "10", date(YEAR, 1, 1))
    project(far, "别区项目", "10", date(YEAR, 1, 1))
    sheets = selectors.workbook_sheets()
    with django_assert_num_queries(2):
        docked, states = sheets[13](YEAR, [areas["秀峰区"].pk])
    assert len(docked.rows) == n and dict(states.rows)["对接中"] == n
    with django_assert_num_queries(1):
        (recommended,) = sheets[14](YEAR, [areas["秀峰区"].pk])
    assert len(recommended.rows) == n and recommended.rows[0][1] == "专精特新“小巨人”"
    assert len(sheets[14](YEAR, None)[0].rows) == n + 1

"""The chain map and its gap list, the ranking of a purchase plan's candidates, and the reads the dashboards, the
one-firm file and the workbooks take, each in a constant number of queries."""

from datetime import date

import pytest
from django.utils import timezone

from chains import selectors
from chains.models import MemberRole, Outcome, ProcurementRecommendation
from enterprises.filings import FilingState
from enterprises.reach import measure_reach
from enterprises.roles import Role
from enterprises.tests.factories import make_user
from policy.levels import Level

from .conftest import member, plan, product, srdi

pytestmark = pytest.mark.django_db


@pytest.fixture
def bureau():
    return make_user(Role.REVIEWER)


def test_links_run_upstream_to_downstream_members_best_tier_first(areas, chain_links, bureau):
    municipal = srdi(areas["七星区"], Level.MUNICIPAL, name="甲")
    giant = srdi(areas["七星区"], Level.LITTLE_GIANT, name="乙")
    member(municipal, chain_links["down"])
    member(giant, chain_links["down"], MemberRole.LEADER)
    [chain] = selectors.chain_map(bureau)
    assert [view.link.name for view in chain.links] == ["电子元器件", "光通信器件", "智能终端"]
    down = chain.links[2]
    assert [m.enterprise.name for m in down.members] == ["乙", "甲"]
    assert [m.tier_name for m in down.members] == ["国家级专精特新小巨人企业", "市级专精特新中小企业"]


def test_the_gap_list_holds_weak_links_and_links_without_a_local_srdi_enterprise(areas, chain_links, bureau):
    member(srdi(areas["七星区"]), chain_links["up"])
    member(srdi(areas["阳朔县"], Level.INNOVATIVE), chain_links["down"])  # first tier only: not SRDI
    member(srdi(areas["阳朔县"]), chain_links["mid"])
    gaps = {row[1]: row[4] for row in selectors.gap_rows(selectors.chain_map(bureau))}
    assert gaps == {"光通信器件": "薄弱环节", "智能终端": "无本地专精特新企业"}
    # In 七星区 only the upstream link has a local SRDI enterprise.
    local = {row[1]: row[4] for row in selectors.gap_rows(selectors.chain_map(bureau, area_id=areas["七星区"].pk))}
    assert local == {"光通信器件": "薄弱环节；无本地专精特新企业", "智能终端": "无本地专精特新企业"}


def test_a_county_sees_its_own_firms_on_the_map(areas, chain_links):
    own, other = srdi(areas["秀峰区"]), srdi(areas["阳朔县"])
    member(own, chain_links["up"])
    member(other, chain_links["up"])
    county = make_user(Role.COUNTY, area=areas["秀峰区"])
    [chain] = selectors.chain_map(county)
    assert [m.enterprise for m in chain.links[0].members] == [own]


@pytest.mark.parametrize("n", [1, 10])
def test_the_chain_map_takes_three_queries(areas, chain_links, bureau, django_assert_num_queries, n):
    for index in range(n):
        member(srdi(areas["七星区"], Level.REGIONAL if index % 2 else Level.MUNICIPAL), chain_links["up"])
    with django_assert_num_queries(3):
        chains = selectors.chain_map(bureau)
        selectors.gap_rows(chains)
    assert len(chains[0].links[0].members) == n


def test_candidates_rank_by_tier_then_share_then_the_purchasers_area(areas, chain_links):
    purchaser = srdi(areas["七星区"], Level.REGIONAL, name="链主")
    member(purchaser, chain_links["down"], MemberRole.LEADER)
    product(purchaser, "自产元器件", "电子元器件", "90")  # the purchaser itself is never a candidate
    regional_low = srdi(areas["阳朔县"], Level.REGIONAL, name="区级低份额")
    municipal_far = srdi(areas["阳朔县"], Level.MUNICIPAL, name="市级外区")
    municipal_near = srdi(areas["七星区"], Level.MUNICIPAL, name="市级本区")
    municipal_high = srdi(areas["阳朔县"], Level.MUNICIPAL, name="市级高份额")
    regional_high = srdi(areas["阳朔县"], Level.REGIONAL, name="区级高份额")
    unshared = srdi(areas["七星区"], Level.MUNICIPAL, name="市级无份额")
    product(regional_low, "电容", "电子元器件", "5")
    product(regional_high, "电阻", "电子元器件", "30")
    product(municipal_high, "电感", "电子元器件", "40")
    product(municipal_far, "晶振", "电子元器件", "10")
    product(municipal_near, "磁珠", "电子元器件", "10")
    product(unshared, "连接器", "电子元器件")
    # Left out: a first-tier firm (not SRDI), a draft product, a product in another category.
    product(srdi(areas["七星区"], Level.INNOVATIVE), "保险丝", "电子元器件", "50")
    product(srdi(areas["七星区"]), "继电器", "电子元器件", "60", filing_state=FilingState.DRAFT)
    product(srdi(areas["七星区"]), "光模块", "光通信器件", "70")
    wanted = plan(purchaser, "元器件年度采购", "电子元器件")
    ranked = [e.name for e in selectors.recommend(wanted)]
    assert ranked == ["区级高份额", "区级低份额", "市级高份额", "市级本区", "市级外区", "市级无份额"]


@pytest.mark.parametrize("n", [1, 10])
def test_recommend_takes_three_queries(areas, chain_links, django_assert_num_queries, n):
    purchaser = srdi(areas["七星区"])
    wanted = plan(purchaser, "元器件采购", "电子元器件")
    for index in range(n):
        product(srdi(areas["七星区"]), f"元件{index}", "电子元器件", str(index))
    with django_assert_num_queries(3):
        assert len(selectors.recommend(wanted)) == n


def _recommendation(plan_, enterprise, outcome=Outcome.IN_CONTACT, at=None):
    return ProcurementRecommendation.objects.create(plan=plan_, enterprise=enterprise, outcome=outcome,
                                                    recommended_at=at or timezone.now())


def test_reach_counts_members_listed_by_the_year_and_recommendations_made_in_it(areas, chain_links):
    year = timezone.localdate().year
    listed, recommended, other = srdi(areas["七星区"]), srdi(areas["七星区"]), srdi(areas["七星区"])
    member(listed, chain_links["up"], MemberRole.LEADER)
    _recommendation(plan(listed, "采购", "电子元器件"), recommended)
    chain_source, matching_source = selectors.reach_sources()
    assert (chain_source.measure, chain_source.bureau, matching_source.measure) == (11, "市工信局", 12)
    assert chain_source.reached(year).count() == 1 and not chain_source.reached(year - 1).exists()
    assert list(matching_source.reached(year).values_list("enterprise", flat=True)) == [recommended.pk]
    assert measure_reach(matching_source, year).total.reached == 1
    assert other.pk not in chain_source.reached(year).values_list("enterprise", flat=True)


@pytest.mark.parametrize("n", [1, 10])
def test_firm_file_tables_take_four_queries(areas, chain_links, bureau, django_assert_num_queries, n):
    firm = srdi(areas["七星区"])
    member(firm, chain_links["up"], MemberRole.LEADER)
    for index in range(n):
        product(firm, f"产品{index}", "电子元器件", "1")
        _recommendation(plan(srdi(areas["七星区"]), f"采购{index}", "电子元器件"), firm)
        plan(firm, f"自采{index}", "传感器")
    with django_assert_num_queries(4):
        tables = selectors.firm_file_tables(firm, bureau)
    assert [len(t.rows) for t in tables] == [1, n, n, n]
    assert tables[0].rows[0][:4] == ["桂林电子信息产业链", "电子元器件", "上游", "链主企业"]


@pytest.mark.parametrize("n", [1, 10])
def test_workbook_sheets_answer_in_constant_queries(areas, chain_links, django_assert_num_queries, n):
    year = timezone.localdate().year
    leader = srdi(areas["七星区"])
    member(leader, chain_links["down"], MemberRole.LEADER)
    wanted = plan(leader, "采购", "电子元器件", deadline=date(year, 12, 31))
    for index in range(n):
        firm = srdi(areas["七星区"] if index % 2 else areas["阳朔县"])
        member(firm, chain_links["up"])
        _recommendation(wanted, firm, Outcome.SIGNED if index % 2 else Outcome.FAILED)
    sheets = selectors.workbook_sheets()
    with django_assert_num_queries(3):
        gaps, members = sheets[11](year, None)
    with django_assert_num_queries(2):
        plans, recommendations = sheets[12](year, None)
    assert len(members.rows) == n + 1 and {row[1] for row in gaps.rows} == {"光通信器件"}
    assert plans.rows[0][-2:] == [n, n // 2]
    assert len(recommendations.rows) == n
    county_plans, county_recs = sheets[12](year, [areas["阳朔县"].pk])
    assert county_plans.rows == [] and len(county_recs.rows) == n - n // 2

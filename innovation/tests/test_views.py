"""The pages per role: the enterprise files and follows its own demands and projects (another's id answers 404), the
county sees its area, the bureau recommends and moves matches; anonymous users are sent to log in; the list pages
keep their query count whatever the number of rows."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from enterprises.filings import FilingState
from enterprises.roles import Role
from enterprises.tests.factories import SETUP, designate
from enterprises.tests.files import read_xlsx
from innovation import services
from innovation.models import Match, RenovationProject, TechDemand
from innovation.states import MatchState
from policy.levels import Level

from .factories import achievement, demand, field, project

pytestmark = pytest.mark.django_db
YEAR = timezone.localdate().year


@pytest.fixture
def own_demand(role_users):
    return demand(role_users["own_enterprise"])


@pytest.fixture
def other_demand(role_users):
    return demand(role_users["other_enterprise"], name="别家的需求")


def _login(client, role_users, role):
    client.force_login(role_users[role])
    return client


def test_anonymous_users_are_sent_to_log_in(client, own_demand):
    for url in (reverse("innovation:demands"), reverse("innovation:demand", args=[own_demand.pk]),
                reverse("innovation:pipeline"), reverse("innovation:renovation")):
        response = client.get(url)
        assert response.status_code == 302 and reverse("login") in response["Location"]


def test_the_enterprise_sees_its_demands_with_candidates_and_not_anothers(client, role_users, own_demand,
                                                                          other_demand):
    found = achievement()
    client = _login(client, role_users, Role.ENTERPRISE)
    html = client.get(reverse("innovation:demands")).content.decode()
    assert own_demand.name in html and found.name in html and other_demand.name not in html
    assert client.get(reverse("innovation:demand", args=[own_demand.pk])).status_code == 200
    for name in ("innovation:demand", "innovation:demand_edit"):
        assert client.get(reverse(name, args=[other_demand.pk])).status_code == 404
    assert client.post(reverse("innovation:demand_submit", args=[other_demand.pk])).status_code == 404
    response = client.post(reverse("innovation:demand_interest", args=[other_demand.pk, found.pk]))
    assert response.status_code == 404 and not Match.objects.exists()


def test_the_enterprise_files_a_demand_as_a_draft_then_submits_it(client, role_users):
    client = _login(client, role_users, Role.ENTERPRISE)
    data = {"name": "罗汉果甜苷高效提取", "field": field("中药民族药").pk, "description": "提高收率", "budget_wan": "50"}
    assert client.post(reverse("innovation:demand_new"), data).status_code == 302
    filed = TechDemand.objects.get()
    assert filed.enterprise == role_users["own_enterprise"] and filed.filing_state == FilingState.DRAFT
    again = client.post(reverse("innovation:demand_new"), data)
    assert again.status_code == 200 and "本企业已有同名的技术需求" in again.content.decode()
    client.post(reverse("innovation:demand_submit", args=[filed.pk]))
    filed.refresh_from_db()
    assert filed.filing_state == FilingState.SUBMITTED
    response = client.get(reverse("innovation:demand_edit", args=[filed.pk]))
    assert response.status_code == 302  # submitted: no longer editable


def test_a_form_error_is_shown_in_chinese(client, role_users):
    client = _login(client, role_users, Role.ENTERPRISE)
    response = client.post(reverse("innovation:project_new"), {"name": "", "kind": "equipment"})
    assert response.status_code == 200 and "这个字段是必填项" in response.content.decode()


def test_the_enterprise_marks_interest_in_a_candidate(client, role_users, own_demand):
    found = achievement()
    client = _login(client, role_users, Role.ENTERPRISE)
    client.post(reverse("innovation:demand_interest", args=[own_demand.pk, found.pk]))
    match = Match.objects.get()
    assert match.enterprise_interested and match.state == MatchState.RECOMMENDED and match.similarity > 0
    assert "已表达意向" in client.get(reverse("innovation:demands")).content.decode()


def test_the_enterprise_files_its_renovation_projects(client, role_users):
    client = _login(client, role_users, Role.ENTERPRISE)
    data = {"name": "数控加工中心更新", "kind": "equipment", "investment_wan": "500", "started_on": f"{YEAR}-02-01"}
    assert client.post(reverse("innovation:project_new"), data).status_code == 302
    filed = RenovationProject.objects.get()
    assert filed.filing_state == FilingState.DRAFT and filed.enterprise == role_users["own_enterprise"]
    other = project(role_users["other_enterprise"], "别家项目")
    assert client.get(reverse("innovation:project_edit", args=[other.pk])).status_code == 404
    assert "别家项目" not in client.get(reverse("innovation:projects")).content.decode()


def test_the_enterprise_cannot_reach_the_bureaus_pages(client, role_users):
    client = _login(client, role_users, Role.ENTERPRISE)
    for name in ("innovation:pipeline", "innovation:renovation", "innovation:renovation_xlsx"):
        assert client.get(reverse(name)).status_code == 403


def test_the_county_sees_its_own_area_only(client, role_users, own_demand, other_demand):
    client = _login(client, role_users, Role.COUNTY)
    html = client.get(reverse("innovation:demands")).content.decode()
    assert own_demand.name in html and other_demand.name not in html
    assert client.get(reverse("innovation:demand", args=[other_demand.pk])).status_code == 404
    far = services.recommend(actor=SETUP, demand=other_demand, achievement=achievement())
    assert client.get(reverse("innovation:match", args=[far.pk])).status_code == 404
    assert client.get(reverse("innovation:pipeline")).context["pipeline"].counts[0][1] == 0
    assert client.post(reverse("innovation:demand_recommend", args=[own_demand.pk, far.achievement_id])).status_code == 403


def test_the_bureau_recommends_a_candidate_and_moves_it_along(client, role_users, own_demand):
    found = achievement()
    client = _login(client, role_users, Role.REVIEWER)
    response = client.post(reverse("innovation:demand_recommend", args=[own_demand.pk, found.pk]))
    match = Match.objects.get()
    assert response["Location"] == reverse("innovation:match", args=[match.pk])
    client.post(reverse("innovation:match_move", args=[match.pk]), {"to_state": "negotiating"})
    response = client.post(reverse("innovation:match_move", args=[match.pk]), {"to_state": "failed", "reason": ""})
    assert response.status_code == 400 and "请填写原因" in response.content.decode()
    match.refresh_from_db()
    assert match.state == MatchState.NEGOTIATING
    html = client.get(reverse("innovation:match", args=[match.pk])).content.decode()
    assert "推荐 → 对接中" in html and str(role_users[Role.REVIEWER]) in html
    achievement_page = client.get(reverse("innovation:achievement", args=[found.pk])).content.decode()
    assert own_demand.name in achievement_page
    listed = client.get(reverse("innovation:achievements") + "?q=桂林电子").content.decode()
    assert found.name in listed


def test_the_renovation_list_and_its_export(client, role_users):
    designate(role_users["own_enterprise"], Level.LITTLE_GIANT, date(YEAR - 1, 1, 1))
    project(role_users["other_enterprise"], "普通企业项目", "9000", date(YEAR, 2, 1))
    project(role_users["own_enterprise"], "小巨人项目", "100", date(YEAR, 2, 1))
    client = _login(client, role_users, Role.REVIEWER)
    html = client.get(reverse("innovation:renovation")).content.decode()
    assert html.index("小巨人项目") < html.index("普通企业项目")
    response = client.get(reverse("innovation:renovation_xlsx") + f"?year={YEAR}")
    sheet = read_xlsx(response.content)
    assert [cell.value for cell in sheet[1]][:3] == ["序号", "推荐梯度", "企业名称"]
    assert sheet["G2"].value == "小巨人项目" and sheet["I3"].value == 9000


def _rows(role_users, start, n):
    for i in range(start, start + n):
        need = demand(role_users["own_enterprise"], name=f"光纤连接器组装{i}", deadline=date(2020, 1, 1))
        found = achievement(name=f"光纤连接器装配{i}")
        match = services.recommend(actor=SETUP, demand=need, achievement=found)
        services.move_match(actor=SETUP, match=match, to_state=MatchState.NEGOTIATING)
        project(role_users["own_enterprise"], f"项目{i}", "10", date(YEAR, 1, 1))


@pytest.mark.parametrize("role,name", [
    (Role.ENTERPRISE, "innovation:demands"), (Role.COUNTY, "innovation:demands"), (Role.REVIEWER, "innovation:pipeline"),
    (Role.REVIEWER, "innovation:renovation"), (Role.ENTERPRISE, "innovation:projects"),
    (Role.REVIEWER, "innovation:achievements"), (Role.COUNTY, "innovation:projects"),
])
def test_list_pages_keep_their_query_count_for_n_and_ten_n_rows(client, role_users, role, name):
    client = _login(client, role_users, role)
    counts = []
    for start, n in ((0, 1), (1, 9)):
        _rows(role_users, start, n)
        client.get(reverse(name))  # warm the session and permission caches
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse(name)).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_a_negative_investment_is_refused_in_the_form(client, role_users):
    client = _login(client, role_users, Role.ENTERPRISE)
    response = client.post(reverse("innovation:project_new"), {
        "name": "数控加工中心更新", "kind": "equipment", "investment_wan": "-5", "started_on": f"{YEAR}-02-01"})
    assert response.status_code == 200 and "确保该值大于或等于0" in response.content.decode()
    assert not RenovationProject.objects.exists()


def test_a_returned_demand_shows_the_reason_and_can_be_changed_and_resubmitted(client, role_users):
    from enterprises.filing_services import return_filing

    filed = demand(role_users["own_enterprise"], state=FilingState.SUBMITTED)
    return_filing(actor=role_users[Role.COUNTY], record=filed, reason="请写明同轴度指标")
    client = _login(client, role_users, Role.ENTERPRISE)
    assert "请写明同轴度指标" in client.get(reverse("innovation:demands")).content.decode()
    data = {"name": filed.name, "field": filed.field_id, "description": "同轴度 0.5 微米", "budget_wan": ""}
    assert client.post(reverse("innovation:demand_edit", args=[filed.pk]), data).status_code == 302
    client.post(reverse("innovation:demand_submit", args=[filed.pk]))
    filed.refresh_from_db()
    assert filed.filing_state == FilingState.SUBMITTED and filed.description == "同轴度 0.5 微米"
    assert "同轴" in filed.tokens.split()


def test_the_pipeline_lists_the_matches_of_one_state(client, role_users, own_demand):
    moved = services.recommend(actor=SETUP, demand=own_demand, achievement=achievement(name="对接中的成果"))
    services.move_match(actor=SETUP, match=moved, to_state=MatchState.NEGOTIATING)
    services.recommend(actor=SETUP, demand=own_demand, achievement=achievement(name="仅推荐的成果"))
    client = _login(client, role_users, Role.REVIEWER)
    recent = client.get(reverse("innovation:pipeline") + "?state=negotiating").context["pipeline"].recent
    assert [m.achievement.name for m in recent] == ["对接中的成果"]
    assert len(client.get(reverse("innovation:pipeline") + "?state=nonsense").context["pipeline"].recent) == 2


@pytest.mark.parametrize("role,name", [(Role.ENTERPRISE, "innovation:demand"), (Role.REVIEWER, "innovation:demand")])
def test_the_demand_page_keeps_its_query_count_whatever_the_catalogue(client, role_users, own_demand, role, name):
    client = _login(client, role_users, role)
    counts = []
    for start, n in ((0, 1), (1, 9)):
        for i in range(start, start + n):
            found = achievement(name=f"光纤连接器装配{i}")
            services.recommend(actor=SETUP, demand=own_demand, achievement=found)
        client.get(reverse(name, args=[own_demand.pk]))
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse(name, args=[own_demand.pk])).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]

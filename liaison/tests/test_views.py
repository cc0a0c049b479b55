from datetime import date

import pytest
from django.urls import reverse

from enterprises.roles import Role
from liaison import services, training_services
from liaison.models import Difficulty, DutyOutcome, LiaisonAssignment, Visit
from liaison.tests.factories import SETUP, assign, difficulty, officer, resolved, srdi_enterprise
from liaison.workflow import DifficultyStatus

pytestmark = pytest.mark.django_db


# --- one firm one file ---------------------------------------------------------------------------------------------


# --- difficulties --------------------------------------------------------------------------------------------------

def test_enterprise_files_and_follows_its_own_difficulties(client, role_users):
    own, other = role_users["own_enterprise"], role_users["other_enterprise"]
    liaison = officer()
    assign(own, liaison)
    theirs = difficulty(other, title="别家企业的诉求")
    client.force_login(role_users[Role.ENTERPRISE])
    response = client.post(reverse("liaison:difficulty_new"), {
        "category": "land", "title": "二期厂房用地指标", "description": "扩建需新增工业用地约 20 亩。", "department": "",
    })
    case = Difficulty.objects.get(title="二期厂房用地指标")
    assert response.status_code == 302 and response.url == reverse("liaison:difficulty", args=[case.pk])
    assert (case.enterprise, case.source, case.officer, case.status) == (own, "enterprise", liaison, "open")
    listing = client.get(reverse("liaison:my_difficulties")).content.decode()
    assert "二期厂房用地指标" in listing and "别家企业的诉求" not in listing
    detail = client.get(reverse("liaison:difficulty", args=[case.pk])).content.decode()
    assert "待受理" in detail and "办理操作" not in detail  # the enterprise follows, it does not handle
    assert client.get(reverse("liaison:difficulty", args=[theirs.pk])).status_code == 404
    moved = client.post(reverse("liaison:difficulty_transition", args=[case.pk]), {"to_status": "resolved"})
    assert moved.status_code == 403


def test_form_errors_keep_the_enterprise_on_the_form(client, role_users):
    client.force_login(role_users[Role.ENTERPRISE])
    blank = client.get(reverse("liaison:difficulty_new")).content.decode()
    assert '<option value="" selected>请选择困难类别</option>' in blank and "---------" not in blank
    refused = client.post(reverse("liaison:difficulty_new"), {"category": "", "title": "用地", "description": "说明"})
    assert refused.status_code == 200 and not Difficulty.objects.exists()
    response = client.post(reverse("liaison:difficulty_new"), {"category": "land", "title": "", "description": ""})
    assert response.status_code == 200 and not Difficulty.objects.exists()
    client.force_login(role_users[Role.COUNTY])  # the form is the enterprise's own
    assert client.get(reverse("liaison:difficulty_new")).status_code == 404


def test_officer_resolves_a_difficulty_on_its_page(client, role_users):
    enterprise = role_users["own_enterprise"]
    liaison = officer()
    assign(enterprise, liaison)
    case = difficulty(enterprise, submitted_on=date(2025, 3, 1))
    client.force_login(liaison)
    url = reverse("liaison:difficulty_transition", args=[case.pk])
    refused = client.post(url, {"to_status": "resolved", "resolution": ""})
    assert refused.status_code == 400 and "办结须填写办理结果" in refused.content.decode()
    done = client.post(url, {"to_status": "resolved", "resolution": "已协调续贷 500 万元。", "on": "2025-04-01"})
    assert done.status_code == 302
    case.refresh_from_db()
    assert (case.status, case.resolved_on, case.resolved_by) == (DifficultyStatus.RESOLVED, date(2025, 4, 1), liaison)
    other_officer = officer()
    client.force_login(other_officer)
    assert client.get(reverse("liaison:difficulty", args=[case.pk])).status_code == 404


@pytest.mark.parametrize("extra", [3, 30])
def test_difficulty_list_query_count_does_not_grow(client, role_users, django_assert_num_queries, extra):
    for _ in range(extra):
        difficulty(srdi_enterprise(area=role_users[Role.COUNTY].area))
    client.force_login(role_users[Role.COUNTY])
    # session, user, perms (user, groups), count, page
    with django_assert_num_queries(6):
        response = client.get(reverse("liaison:my_difficulties"))
    assert response.content.decode().count("流动资金贷款续贷困难") == extra


# --- the officer's own page ----------------------------------------------------------------------------------------

@pytest.mark.parametrize("firms", [2, 20])
def test_officer_sees_its_enterprises_with_this_years_progress(client, role_users, django_assert_num_queries, firms):
    liaison = role_users[Role.LIAISON]
    for n in range(firms):
        enterprise = srdi_enterprise()
        assign(enterprise, liaison)
        if n == 0:
            from django.utils import timezone

            resolved(enterprise, on=timezone.localdate())
    assign(srdi_enterprise(name="别人联系的企业"), officer())
    client.force_login(liaison)
    # session, user, perms (user, groups), the policy editions, the list
    with django_assert_num_queries(6):
        page = client.get(reverse("liaison:my_enterprises")).content.decode()
    assert page.count("一户一档</a>") == firms and "别人联系的企业" not in page
    assert f"{firms - 1} 家" in page  # not yet met this year


# --- duty and training boards --------------------------------------------------------------------------------------

def _duty(areas, per_area):
    for area_name in ("秀峰区", "阳朔县"):
        liaison = officer(username=f"officer-{area_name}-{per_area}")
        for n in range(per_area):
            enterprise = srdi_enterprise(area=areas[area_name], name=f"{area_name}企业{n}")
            assign(enterprise, liaison, date(2024, 1, 1))
            if n:
                resolved(enterprise, on=date(2025, 6, 1))
    services.evaluate_duty(year=2025, actor=SETUP, today=date(2026, 6, 1))


@pytest.mark.parametrize("per_area", [2, 20])
def test_duty_page_shows_the_county_its_area_only(client, role_users, areas, django_assert_num_queries, per_area):
    _duty(areas, per_area)
    client.force_login(role_users[Role.COUNTY])
    # session, user, perms (user, groups), outcomes
    with django_assert_num_queries(5):
        page = client.get(reverse("liaison:duty") + "?year=2025").content.decode()
    assert "秀峰区企业0" in page and "阳朔县企业0" not in page
    assert "未完成" in page and f"{per_area - 1} 家" in page


def test_duty_page_is_for_county_and_bureau(client, role_users, areas):
    _duty(areas, 2)
    client.force_login(role_users[Role.REVIEWER])
    page = client.get(reverse("liaison:duty") + "?year=2025").content.decode()
    assert "秀峰区企业0" in page and "阳朔县企业0" in page
    for role in (Role.ENTERPRISE, Role.FINANCE, Role.LIAISON):
        client.force_login(role_users[role])
        assert client.get(reverse("liaison:duty")).status_code == 403


def test_bureau_can_rerun_the_evaluation(client, role_users, django_capture_on_commit_callbacks):
    assign(srdi_enterprise(), officer(), date(2024, 1, 1))
    client.force_login(role_users[Role.REVIEWER])
    with django_capture_on_commit_callbacks(execute=True) as queued:
        response = client.post(reverse("liaison:duty_evaluate"), {"year": "2025"})
    assert len(queued) == 1  # queued after commit, never before
    assert response.status_code == 302 and response.url.endswith("?year=2025")
    assert DutyOutcome.objects.filter(year=2025).count() == 1
    # the re-run is credited to the reviewer who asked for it, not to the beat
    assert DutyOutcome.history.filter(year=2025).first().history_user == role_users[Role.REVIEWER]
    client.force_login(role_users[Role.COUNTY])
    assert client.post(reverse("liaison:duty_evaluate"), {"year": "2025"}).status_code == 403


def test_training_page_shows_managers_against_the_policy_goal(client, role_users):
    event = training_services.record_training_event(actor=SETUP, title="经营管理人才培训班", held_on=date(2025, 10, 20))
    training_services.record_attendance(actor=SETUP, event=event, enterprise=srdi_enterprise(), managers=4)
    srdi_enterprise()  # not trained yet
    client.force_login(role_users[Role.REVIEWER])
    page = client.get(reverse("liaison:training") + "?year=2025").content.decode()
    assert "目标 200 名" in page and "4 名" in page and "1 / 2 家" in page and "经营管理人才培训班" in page


# --- admin ---------------------------------------------------------------------------------------------------------

def test_county_assigns_through_the_admin_and_sees_who_still_needs_an_officer(client, role_users, areas):
    county = role_users[Role.COUNTY]
    waiting = srdi_enterprise(area=county.area, name="待配联络员企业甲")
    srdi_enterprise(area=areas["阳朔县"], name="外区企业乙")
    client.force_login(county)
    listing = client.get(reverse("admin:liaison_unassignedenterprise_changelist")).content.decode()
    assert "待配联络员企业甲" in listing and "外区企业乙" not in listing
    first, second = officer(), officer()
    assign(waiting, first, date(2025, 1, 1))
    response = client.post(reverse("admin:liaison_liaisonassignment_add"), {
        "enterprise": waiting.pk, "officer": second.pk, "started_on": "2025-08-01", "note": "工作调整",
    }, follow=True)
    assert response.redirect_chain, response.content.decode()[:2000]
    rows = list(LiaisonAssignment.objects.filter(enterprise=waiting).order_by("started_on"))
    assert [(r.officer, r.ended_on) for r in rows] == [(first, date(2025, 8, 1)), (second, None)]
    assert rows[1].assigned_by == county
    assert "待配联络员企业甲" not in client.get(reverse("admin:liaison_unassignedenterprise_changelist")).content.decode()
    refused = client.post(reverse("admin:liaison_liaisonassignment_add"), {
        "enterprise": waiting.pk, "officer": second.pk, "started_on": "2025-09-01",
    })
    assert refused.status_code == 200 and "现任联络员" in refused.content.decode()


def test_officer_logs_a_visit_in_the_admin_for_its_enterprises_only(client, role_users):
    liaison = role_users[Role.LIAISON]
    mine, theirs = srdi_enterprise(), srdi_enterprise()
    assign(mine, liaison)
    client.force_login(liaison)
    url = reverse("admin:liaison_visit_add")
    data = {"visited_on": "2025-05-06", "mode": "onsite", "content": "走访生产车间", "follow_up": ""}
    assert client.post(url, {**data, "enterprise": theirs.pk}).status_code == 200  # not a valid choice
    assert client.post(url, {**data, "enterprise": mine.pk}).status_code == 302
    visit = Visit.objects.get()
    assert (visit.enterprise, visit.officer) == (mine, liaison)
    assert visit.history.get().history_user == liaison


# --- demo ----------------------------------------------------------------------------------------------------------

def test_demo_seed_is_idempotent(areas):
    import random

    from enterprises.models import User
    from liaison import demo

    xiufeng = areas["秀峰区"]
    for _ in range(3):
        srdi_enterprise(area=xiufeng, granted_on=date(2019, 1, 1))  # lapsed: the demo renews it
        srdi_enterprise(area=xiufeng)
    srdi_enterprise(area=areas["阳朔县"])
    srdi_enterprise(area=areas["阳朔县"])
    actor = User.objects.create_superuser("guanli-test", password="x" * 12, role=Role.ADMIN)
    from enterprises.tests.factories import make_user

    lianluo = make_user(Role.LIAISON, username="lianluo")
    summary = demo.seed(actor=actor, rng=random.Random(1))
    assert "联络员" in summary
    assert LiaisonAssignment.objects.filter(officer=lianluo, ended_on__isnull=True).count() == 6
    statuses = set(Difficulty.objects.values_list("status", flat=True))
    assert statuses == set(DifficultyStatus.values)
    counts = [m.objects.count() for m in (LiaisonAssignment, Visit, Difficulty, DutyOutcome)]
    assert demo.seed(actor=actor, rng=random.Random(1)) == "联络员演示数据已存在，跳过"
    assert [m.objects.count() for m in (LiaisonAssignment, Visit, Difficulty, DutyOutcome)] == counts


def test_admin_changelists_query_count_does_not_grow(client, role_users):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    county = role_users[Role.COUNTY]
    liaison = officer()

    def add_rows(n):
        for _ in range(n):
            enterprise = srdi_enterprise(area=county.area)
            assign(enterprise, liaison)
            difficulty(enterprise)
            services.log_visit(actor=SETUP, officer=liaison, enterprise=enterprise, visited_on=date(2025, 4, 1),
                               mode="onsite", content="走访")
            srdi_enterprise(area=county.area)  # waiting for an officer

    def query_counts():
        counts = {}
        for name in ("difficulty", "visit", "liaisonassignment", "unassignedenterprise", "dutyoutcome"):
            with CaptureQueriesContext(connection) as captured:
                assert client.get(reverse(f"admin:liaison_{name}_changelist")).status_code == 200
            counts[name] = len(captured)
        return counts

    client.force_login(county)
    add_rows(3)
    small = query_counts()
    add_rows(27)
    assert query_counts() == small

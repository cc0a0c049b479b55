"""The admin: scoped change lists with the import and export buttons, saves through the services (tokens computed,
scope checked), the filing actions on demands, and matches read-only with their signed steps."""

import io

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.core.management import call_command
from django.urls import reverse

from enterprises.filings import FilingState
from enterprises.roles import Role
from enterprises.tests.factories import SETUP
from enterprises.tests.files import read_xlsx
from innovation import services
from innovation.models import TechAchievement, TechDemand

from .factories import achievement, demand, field
from .test_imports import ACHIEVEMENT_HEADERS, DEMAND_HEADERS, RENOVATION_HEADERS

HEADERS = {"tech-demands": DEMAND_HEADERS, "tech-achievements": ACHIEVEMENT_HEADERS,
           "renovation-projects": RENOVATION_HEADERS}

pytestmark = pytest.mark.django_db


def test_the_county_sees_its_areas_demands_and_confirms_a_submitted_one(client, role_users):
    own = demand(role_users["own_enterprise"], state=FilingState.SUBMITTED)
    demand(role_users["other_enterprise"], name="别区需求")
    client.force_login(role_users[Role.COUNTY])
    page = client.get(reverse("admin:innovation_techdemand_changelist")).content.decode()
    assert own.name in page and "别区需求" not in page and "导入" in page
    client.post(reverse("admin:innovation_techdemand_changelist"),
                {"action": "confirm_filings", ACTION_CHECKBOX_NAME: [own.pk]})
    own.refresh_from_db()
    assert own.filing_state == FilingState.CONFIRMED and own.reviewed_by == role_users[Role.COUNTY]


def test_the_bureau_adds_an_achievement_and_its_tokens_are_computed(client, role_users):
    client.force_login(role_users[Role.REVIEWER])
    response = client.post(reverse("admin:innovation_techachievement_add"), {
        "name": "罗汉果甜苷膜分离提取技术", "institution": "广西师范大学", "field": field("中药民族药").pk,
        "summary": "膜分离纯化", "maturity": "industrial", "transfer_mode": "equity",
    })
    assert response.status_code == 302, response.content.decode()[:2000]
    saved = TechAchievement.objects.get()
    assert "罗汉果" in saved.tokens and saved.history.first().history_user == role_users[Role.REVIEWER]


@pytest.mark.parametrize("model,kind", [("techdemand", "tech-demands"), ("techachievement", "tech-achievements"),
                                        ("renovationproject", "renovation-projects")])
def test_each_export_has_the_import_headers_and_reimports_unchanged(client, role_users, tmp_path, model, kind):
    from datetime import date
    from decimal import Decimal

    from .factories import project

    demand(role_users["own_enterprise"], budget_wan=Decimal("12.5"), deadline=date(2026, 12, 31))
    achievement()
    project(role_users["own_enterprise"])
    client.force_login(role_users[Role.REVIEWER])
    response = client.post(reverse(f"admin:innovation_{model}_export"), {"format": "1", "resource": "0"})
    assert response.status_code == 200 and response["Content-Disposition"].startswith(f'attachment; filename="{kind}-')
    headers = [c.value for c in read_xlsx(response.content)[1]]
    assert headers == HEADERS[kind]
    path = tmp_path / f"{kind}.xlsx"
    path.write_bytes(response.content)
    out = io.StringIO()
    call_command("import_data", kind, str(path), stdout=out)
    assert "新增 0 条，更新 0 条，未变化 1 条" in out.getvalue()


def test_a_match_is_read_only_in_the_admin_with_its_steps(client, role_users):
    match = services.recommend(actor=SETUP, demand=demand(role_users["own_enterprise"]), achievement=achievement())
    client.force_login(role_users[Role.REVIEWER])
    page = client.get(reverse("admin:innovation_match_change", args=[match.pk]))
    assert page.status_code == 200 and "推荐" in page.content.decode()
    assert client.get(reverse("admin:innovation_match_add")).status_code == 403


def test_an_enterprise_user_has_no_admin(client, role_users):
    client.force_login(role_users[Role.ENTERPRISE])
    response = client.get(reverse("admin:innovation_techdemand_changelist"))
    assert response.status_code == 302 and TechDemand.objects.count() == 0


def test_a_county_adds_a_project_for_its_own_area_only_and_it_counts_at_once(client, role_users):
    from innovation.models import RenovationProject

    client.force_login(role_users[Role.COUNTY])
    data = {"name": "数控加工中心更新", "kind": "equipment", "investment_wan": "420", "started_on": "2026-03-01"}
    refused = client.post(reverse("admin:innovation_renovationproject_add"),
                          {**data, "enterprise": role_users["other_enterprise"].pk})
    assert refused.status_code == 200 and not RenovationProject.objects.exists()
    response = client.post(reverse("admin:innovation_renovationproject_add"),
                           {**data, "enterprise": role_users["own_enterprise"].pk})
    assert response.status_code == 302, response.content.decode()[:2000]
    added = RenovationProject.objects.get()
    assert added.filing_state == FilingState.CONFIRMED and added.history.get().history_user == role_users[Role.COUNTY]

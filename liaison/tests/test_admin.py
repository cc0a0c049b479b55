"""The officers' admin pages: writes go through the services and name the officer in the history."""

from datetime import date

import pytest
from django.urls import reverse

from liaison.models import ServiceRecord, Visit
from liaison.tests.factories import assign, officer, srdi_enterprise

pytestmark = pytest.mark.django_db


@pytest.fixture
def officer_with_firm(areas):
    me = officer()
    firm = srdi_enterprise(area=areas["秀峰区"])
    assign(firm, me, date(2025, 1, 1))
    return me, firm


def test_an_officer_logs_and_corrects_a_visit_in_the_admin(client, officer_with_firm):
    me, firm = officer_with_firm
    client.force_login(me)
    response = client.post(reverse("admin:liaison_visit_add"), {
        "enterprise": firm.pk, "visited_on": "2026-03-02", "mode": Visit._meta.get_field("mode").choices[0][0],
        "content": "了解二季度订单和用工情况", "follow_up": "", "follow_up_due": "",
    })
    assert response.status_code == 302, response.content.decode()[:2000]
    visit = Visit.objects.get(enterprise=firm)
    assert visit.officer == me and visit.history.get().history_user == me

    change = reverse("admin:liaison_visit_change", args=[visit.pk])
    response = client.post(change, {
        "enterprise": firm.pk, "visited_on": "2026-03-02", "mode": visit.mode,
        "content": "了解二季度订单、用工和融资情况", "follow_up": "", "follow_up_due": "",
    })
    assert response.status_code == 302
    latest = visit.history.order_by("-history_date").first()
    assert latest.content == "了解二季度订单、用工和融资情况" and latest.history_user == me


def test_an_officer_cannot_log_a_visit_for_a_firm_it_does_not_look_after(client, officer_with_firm, areas):
    me, _ = officer_with_firm
    stranger = srdi_enterprise(area=areas["阳朔县"])
    client.force_login(me)
    response = client.post(reverse("admin:liaison_visit_add"), {
        "enterprise": stranger.pk, "visited_on": "2026-03-02", "mode": Visit._meta.get_field("mode").choices[0][0],
        "content": "走访", "follow_up": "", "follow_up_due": "",
    })
    assert response.status_code == 200 and not Visit.objects.exists()


def test_a_service_record_saved_in_the_admin_names_its_author(client, officer_with_firm):
    me, firm = officer_with_firm
    client.force_login(me)
    add = reverse("admin:liaison_servicerecord_add")
    form = client.get(add).context["adminform"].form
    data = {name: "" for name in form.fields}
    data.update({"enterprise": firm.pk, "served_on": "2026-04-01", "content": "组织参加知识产权培训",
                 "category": ServiceRecord._meta.get_field("category").choices[0][0], "provider": "市中小企业服务中心"})
    response = client.post(add, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    record = ServiceRecord.objects.get(enterprise=firm)
    assert record.history.get().history_user == me

"""Every write of the liaison admin goes through liaison.services. Each path is posted through the admin URLs as a
role user; the service is seen to run (spied), to check scope, to validate (its messages come back on the form,
nothing written) and to name the user in the history."""

import inspect
from datetime import timedelta

import pytest
from django.contrib import admin
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from enterprises.roles import Role
from enterprises.tests.factories import make_user
from liaison import services, training_services
from liaison.admin_writes import ServiceWrites
from liaison.models import (
    Difficulty,
    ServiceRecord,
    SupportPlan,
    SupportPlanItem,
    TrainingAttendance,
    TrainingEvent,
    Visit,
)
from liaison.tests.factories import SETUP, assign, difficulty, officer, srdi_enterprise
from liaison.workflow import DifficultyStatus

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
EARLIER = (TODAY - timedelta(days=20)).isoformat()
TOMORROW = (TODAY + timedelta(days=1)).isoformat()
SERVICES = [
    (module, name) for module in (services, training_services)
    for name, function in inspect.getmembers(module, inspect.isfunction)
    if function.__module__ == module.__name__ and not name.startswith("_")
]


@pytest.fixture
def called(monkeypatch):
    """The names of the liaison services called, in order; each still runs."""
    names = []

    def spy(name, real):
        def call(*args, **kwargs):
            names.append(name)
            return real(*args, **kwargs)
        return call

    for module, name in SERVICES:
        monkeypatch.setattr(module, name, spy(name, getattr(module, name)))
    return names


def page_data(response, **changes):
    """What a browser posts back from an admin form page as it stands (inlines: their saved rows), with `changes`."""
    assert response.status_code == 200, response.status_code
    data = {}

    def put(form):
        for name in form.fields:
            value = form[name].value()
            if value is not None and value is not False:
                data[form.add_prefix(name)] = value.isoformat() if hasattr(value, "isoformat") else value

    put(response.context["adminform"].form)
    for inline in response.context.get("inline_admin_formsets", []):
        formset = inline.formset
        data[f"{formset.prefix}-TOTAL_FORMS"] = data[f"{formset.prefix}-INITIAL_FORMS"] = len(formset.initial_forms)
        for form in formset.initial_forms:
            put(form)
    data.update(changes)
    return data


def add_rows(data, prefix, *rows):
    start = int(data[f"{prefix}-TOTAL_FORMS"])
    for n, row in enumerate(rows, start):
        data.update({f"{prefix}-{n}-{name}": value for name, value in row.items()})
    data[f"{prefix}-TOTAL_FORMS"] = start + len(rows)
    return data


def errors(response):
    """The error messages of an admin form page that did not save."""
    assert response.status_code == 200, response.status_code
    messages = list(response.context["adminform"].form.errors.values())
    for inline in response.context.get("inline_admin_formsets", []):
        messages += [m for form_errors in inline.formset.errors for m in form_errors.values()]
    return " ".join(str(m) for m in messages)


def bulk_delete(client, model, objects):
    url = reverse(f"admin:liaison_{model}_changelist")
    return client.post(url, {"action": "delete_selected", "_selected_action": [o.pk for o in objects], "post": "yes"})


@pytest.fixture
def my_firm(areas):
    me = officer()
    firm = srdi_enterprise(area=areas["秀峰区"])
    assign(firm, me)
    return me, firm


def test_every_liaison_admin_page_writes_through_the_services():
    pages = [a for m, a in admin.site._registry.items() if m._meta.app_label == "liaison"]
    assert len(pages) == 10 and all(isinstance(page, ServiceWrites) for page in pages)  # with (七) providers, packages


# --- assignments -------------------------------------------------------------------------------------------------

def test_an_assignment_note_and_end_are_changed_through_the_services(client, role_users, called):
    county = role_users[Role.COUNTY]
    assignment = assign(srdi_enterprise(area=county.area), officer())
    client.force_login(county)
    change = reverse("admin:liaison_liaisonassignment_change", args=[assignment.pk])
    assert client.post(change, page_data(client.get(change), note="企业改制，联络员保留")).status_code == 302
    assert "update_assignment_note" in called
    assert assignment.history.latest().history_user == county

    assert client.post(change, page_data(client.get(change), ended_on=EARLIER)).status_code == 302
    assert "end_assignment" in called
    assignment.refresh_from_db()
    assert assignment.ended_on.isoformat() == EARLIER and assignment.history.latest().history_user == county

    # the service refuses to end an ended assignment again: its message is on the form, nothing changes
    refused = client.post(change, page_data(client.get(change), ended_on=TODAY.isoformat()))
    assert "该指派已结束" in errors(refused)
    assignment.refresh_from_db()
    assert assignment.ended_on.isoformat() == EARLIER


# --- visits --------------------------------------------------------------------------------------------------------

def test_a_visit_is_logged_in_the_admin_through_log_visit(client, my_firm, called):
    me, firm = my_firm
    client.force_login(me)
    add = reverse("admin:liaison_visit_add")
    form = page_data(client.get(add), enterprise=firm.pk, content="了解二季度订单情况")
    assert "走访日期不能晚于今天" in errors(client.post(add, {**form, "visited_on": TOMORROW}))
    assert called.count("log_visit") == 1 and not Visit.objects.exists()

    assert client.post(add, {**form, "visited_on": EARLIER}).status_code == 302
    visit = Visit.objects.get()
    assert called.count("log_visit") == 2 and visit.officer == me and visit.history.get().history_user == me


def test_a_visit_is_corrected_and_reverted_in_the_admin_through_update_visit(client, my_firm, areas, called):
    me, firm = my_firm
    visit = services.log_visit(actor=me, enterprise=firm, visited_on=TODAY - timedelta(days=3), mode="phone",
                               content="电话了解用工需求")
    client.force_login(me)
    change = reverse("admin:liaison_visit_change", args=[visit.pk])
    assert client.post(change, page_data(client.get(change), content="电话了解用工和融资需求")).status_code == 302
    assert "update_visit" in called
    visit.refresh_from_db()
    assert visit.content == "电话了解用工和融资需求" and visit.history.latest().history_user == me

    assert "走访日期不能晚于今天" in errors(client.post(change, page_data(client.get(change), visited_on=TOMORROW)))
    stranger = srdi_enterprise(area=areas["阳朔县"])
    assert "enterprise" in client.post(change, page_data(client.get(change), enterprise=stranger.pk)) \
        .context["adminform"].form.errors
    visit.refresh_from_db()
    assert (visit.enterprise, visit.visited_on) == (firm, TODAY - timedelta(days=3))

    first = visit.history.earliest()
    revert = reverse("admin:liaison_visit_simple_history", args=[visit.pk, first.history_id])
    called.clear()
    assert client.post(revert, page_data(client.get(revert))).status_code == 302
    assert called[0] == "update_visit"
    visit.refresh_from_db()
    assert visit.content == "电话了解用工需求" and visit.history.latest().history_user == me


def test_the_administrator_deletes_visits_one_by_one_through_delete_visit(client, role_users, my_firm, called):
    me, firm = my_firm
    visits = [services.log_visit(actor=me, enterprise=firm, visited_on=TODAY, mode="phone", content=f"第{n}次")
              for n in range(3)]
    administrator = role_users[Role.ADMIN]
    client.force_login(administrator)
    delete = reverse("admin:liaison_visit_delete", args=[visits[0].pk])
    assert client.post(delete, {"post": "yes"}).status_code == 302
    assert bulk_delete(client, "visit", visits[1:]).status_code == 302
    assert called.count("delete_visit") == 3 and not Visit.objects.exists()
    gone = Visit.history.filter(history_type="-")
    assert gone.count() == 3 and {row.history_user for row in gone} == {administrator}


def test_an_officer_cannot_delete_a_visit(client, my_firm):
    me, firm = my_firm
    visit = services.log_visit(actor=me, enterprise=firm, visited_on=TODAY, mode="phone", content="回访")
    client.force_login(me)
    assert client.post(reverse("admin:liaison_visit_delete", args=[visit.pk]), {"post": "yes"}).status_code == 403
    assert Visit.objects.filter(pk=visit.pk).exists()


# --- difficulties --------------------------------------------------------------------------------------------------

def test_a_county_logs_and_corrects_a_difficulty_through_the_services(client, role_users, called):
    county = role_users[Role.COUNTY]
    firm = srdi_enterprise(area=county.area)
    client.force_login(county)
    add = reverse("admin:liaison_difficulty_add")
    form = page_data(client.get(add), enterprise=firm.pk, category="labour", title="技工招聘难",
                     description="扩产后缺少数控车床操作工", department="")
    assert "提出日期不能晚于今天" in errors(client.post(add, {**form, "submitted_on": TOMORROW}))
    assert not Difficulty.objects.exists()
    assert client.post(add, {**form, "submitted_on": EARLIER}).status_code == 302
    case = Difficulty.objects.get()
    assert "submit_difficulty" in called
    assert (case.submitted_by, case.transitions.get().actor, case.history.get().history_user) == (county,) * 3

    change = reverse("admin:liaison_difficulty_change", args=[case.pk])
    assert client.post(change, page_data(client.get(change), title="数控技工招聘难")).status_code == 302
    assert "update_difficulty" in called
    case.refresh_from_db()
    assert (case.title, case.status, case.history.latest().history_user) == ("数控技工招聘难", "open", county)


def test_difficulties_are_not_deleted_in_the_admin(client, role_users):
    case = difficulty(srdi_enterprise())
    client.force_login(role_users[Role.ADMIN])
    assert client.post(reverse("admin:liaison_difficulty_delete", args=[case.pk]), {"post": "yes"}).status_code == 403
    assert bulk_delete(client, "difficulty", [case]).status_code == 302  # an unknown action: nothing happens
    assert Difficulty.objects.filter(pk=case.pk).exists()


def test_accepting_selected_difficulties_moves_them_along_the_flow_in_the_users_name(client, role_users, areas, called):
    county = role_users[Role.COUNTY]
    mine, other = difficulty(srdi_enterprise(area=county.area)), difficulty(srdi_enterprise(area=areas["阳朔县"]))
    client.force_login(county)
    response = client.post(reverse("admin:liaison_difficulty_changelist"),
                           {"action": "accept_selected", "_selected_action": [mine.pk, other.pk]})
    assert response.status_code == 302 and called.count("transition_difficulty") == 1
    mine.refresh_from_db()
    other.refresh_from_db()
    assert (mine.status, other.status) == (DifficultyStatus.IN_PROGRESS, DifficultyStatus.OPEN)
    assert mine.transitions.last().actor == county


# --- one firm one policy -------------------------------------------------------------------------------------------

def _item(action, **extra):
    return {"measure": 9, "action": action, "owner": "市金融办", "due_on": TODAY.isoformat(), "status": "planned",
            "note": "", **extra}


def test_a_plan_and_its_items_are_written_through_the_services(client, my_firm, called):
    me, firm = my_firm
    client.force_login(me)
    add = reverse("admin:liaison_supportplan_add")
    data = add_rows(page_data(client.get(add), enterprise=firm.pk, year=TODAY.year, summary="扩产融资"), "items",
                    _item("推荐桂惠贷"), _item("对接合作银行"))
    assert client.post(add, data).status_code == 302
    plan = SupportPlan.objects.get()
    assert called.count("save_support_plan") == 1 and called.count("add_plan_item") == 2
    assert (plan.prepared_by, plan.history.get().history_user) == (me, me)
    assert {item.history.get().history_user for item in plan.items.all()} == {me}

    first, second = plan.items.order_by("pk")
    change = reverse("admin:liaison_supportplan_change", args=[plan.pk])
    data = page_data(client.get(change), summary="扩产融资和人才")
    index = {data[f"items-{n}-id"]: n for n in range(2)}
    data[f"items-{index[first.pk]}-status"] = "done"
    data[f"items-{index[second.pk]}-DELETE"] = "on"
    add_rows(data, "items", _item("安排经营管理人员参训", measure=16, owner="联络员"))
    assert client.post(change, data).status_code == 302
    assert {"update_plan_item", "delete_plan_item"} <= set(called) and called.count("add_plan_item") == 3
    first.refresh_from_db()
    assert first.status == "done" and first.history.latest().history_user == me
    assert SupportPlanItem.history.get(id=second.pk, history_type="-").history_user == me
    assert plan.items.count() == 2


def test_a_service_refusing_an_inline_row_shows_its_message_and_writes_nothing(client, my_firm, monkeypatch):
    me, firm = my_firm

    def refuse(**kwargs):
        raise ValidationError("完成时限须在年度内")

    monkeypatch.setattr(services, "add_plan_item", refuse)
    client.force_login(me)
    add = reverse("admin:liaison_supportplan_add")
    data = add_rows(page_data(client.get(add), enterprise=firm.pk, year=TODAY.year, summary="扩产融资"), "items",
                    _item("推荐桂惠贷"))
    shown = errors(client.post(add, data))
    assert "推荐桂惠贷" in shown and "完成时限须在年度内" in shown
    assert not SupportPlan.objects.exists() and not SupportPlan.history.exists()  # the plan saved first is undone


def test_a_county_cannot_write_a_plan_for_another_areas_enterprise(client, role_users, areas):
    county = role_users[Role.COUNTY]
    client.force_login(county)
    add = reverse("admin:liaison_supportplan_add")
    other = srdi_enterprise(area=areas["阳朔县"])
    response = client.post(add, page_data(client.get(add), enterprise=other.pk, year=TODAY.year, summary="越权"))
    assert "enterprise" in response.context["adminform"].form.errors and not SupportPlan.objects.exists()
    theirs = services.save_support_plan(actor=SETUP, enterprise=other, year=TODAY.year)
    assert client.get(reverse("admin:liaison_supportplan_change", args=[theirs.pk])).status_code == 404


def test_the_administrator_deletes_a_plan_and_its_items_through_delete_support_plan(client, role_users, my_firm, called):
    _, firm = my_firm
    plan = services.save_support_plan(actor=SETUP, enterprise=firm, year=TODAY.year)
    services.add_plan_item(actor=SETUP, plan=plan, measure=9, action="推荐桂惠贷", owner="市金融办", due_on=TODAY)
    administrator = role_users[Role.ADMIN]
    client.force_login(administrator)
    assert bulk_delete(client, "supportplan", [plan]).status_code == 302
    assert called.count("delete_support_plan") == 1 and not SupportPlanItem.objects.exists()
    assert SupportPlanItem.history.get(history_type="-").history_user == administrator


# --- training ------------------------------------------------------------------------------------------------------

def test_an_event_and_its_attendance_are_written_through_the_services(client, role_users, called):
    reviewer = role_users[Role.REVIEWER]
    one, two = srdi_enterprise(), srdi_enterprise()
    client.force_login(reviewer)
    add = reverse("admin:liaison_trainingevent_add")
    data = page_data(client.get(add), title="经营管理人才培训班", held_on=EARLIER, days=2, venue="市工信局培训中心")
    add_rows(data, "attendances", {"enterprise": one.pk, "managers": 2}, {"enterprise": two.pk, "managers": 0})
    assert "大于或等于1" in errors(client.post(add, data)) and not TrainingEvent.objects.exists()  # one manager at least
    data["attendances-1-managers"] = 3
    assert client.post(add, data).status_code == 302
    event = TrainingEvent.objects.get()
    assert called.count("record_training_event") == 1 and called.count("record_attendance") == 2
    assert event.history.get().history_user == reviewer
    assert {row.history_user for row in TrainingAttendance.history.all()} == {reviewer}

    change = reverse("admin:liaison_trainingevent_change", args=[event.pk])
    data = page_data(client.get(change), days=3)
    index = {data[f"attendances-{n}-id"]: n for n in range(2)}
    first, second = (event.attendances.get(enterprise=firm) for firm in (one, two))
    data[f"attendances-{index[first.pk]}-managers"] = 4
    data[f"attendances-{index[second.pk]}-DELETE"] = "on"
    assert client.post(change, data).status_code == 302
    assert {"update_training_event", "update_attendance", "remove_attendance"} <= set(called)
    assert [(a.enterprise, a.managers) for a in event.attendances.all()] == [(one, 4)]
    assert TrainingAttendance.history.get(id=second.pk, history_type="-").history_user == reviewer

    delete = reverse("admin:liaison_trainingevent_delete", args=[event.pk])
    assert client.post(delete, {"post": "yes"}).status_code == 302
    assert "delete_training_event" in called and not TrainingAttendance.objects.exists()
    assert TrainingEvent.history.get(history_type="-").history_user == reviewer


def test_a_county_only_reads_training(client, role_users):
    client.force_login(role_users[Role.COUNTY])
    assert client.get(reverse("admin:liaison_trainingevent_add")).status_code == 403


# --- service records -----------------------------------------------------------------------------------------------

def test_a_service_record_is_corrected_and_deleted_through_the_services(client, role_users, my_firm, called):
    me, firm = my_firm
    record = training_services.record_service(actor=me, enterprise=firm, provider="市中小企业服务中心", category="ip",
                                     served_on=TODAY, content="专利布局分析")
    client.force_login(me)
    change = reverse("admin:liaison_servicerecord_change", args=[record.pk])
    assert "服务日期不能晚于今天" in errors(client.post(change, page_data(client.get(change), served_on=TOMORROW)))
    assert client.post(change, page_data(client.get(change), content="专利布局与申请辅导")).status_code == 302
    assert called.count("update_service_record") == 2
    record.refresh_from_db()
    assert (record.served_on, record.content, record.history.latest().history_user) == (TODAY, "专利布局与申请辅导", me)

    reviewer = role_users[Role.REVIEWER]
    client.force_login(reviewer)
    assert bulk_delete(client, "servicerecord", [record]).status_code == 302
    assert "delete_service_record" in called and not ServiceRecord.objects.exists()
    assert ServiceRecord.history.get(history_type="-").history_user == reviewer


def test_a_county_cannot_record_a_service_for_another_areas_enterprise(client, role_users, areas, called):
    county = role_users[Role.COUNTY]
    other = srdi_enterprise(area=areas["阳朔县"])
    client.force_login(county)
    add = reverse("admin:liaison_servicerecord_add")
    data = page_data(client.get(add), enterprise=other.pk, served_on=EARLIER, category="ip", provider="平台",
                     content="越权登记")
    assert "enterprise" in client.post(add, data).context["adminform"].form.errors
    assert not ServiceRecord.objects.exists()
    # and if the choice were offered, the service would still refuse: 403, nothing written
    with pytest.raises(PermissionDenied):
        training_services.record_service(actor=county, enterprise=other, provider="平台", category="ip", served_on=TODAY,
                                content="越权登记")
    assert not ServiceRecord.objects.exists()


def test_an_other_area_official_gets_404_on_the_write_pages(client, role_users, areas):
    firm = srdi_enterprise(area=areas["秀峰区"])
    record = training_services.record_service(actor=SETUP, enterprise=firm, provider="平台", category="ip", served_on=TODAY,
                                     content="政策解读")
    client.force_login(make_user(Role.COUNTY, area=areas["阳朔县"]))
    change = reverse("admin:liaison_servicerecord_change", args=[record.pk])
    assert client.post(change, {"content": "改"}).status_code == 404
    record.refresh_from_db()
    assert record.content == "政策解读"

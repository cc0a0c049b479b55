"""Objections (异议) to a recognition on public notice: anyone may lodge one on the public page while the entry is
on notice; it holds the entry until the bureau's finding; the objector's details are the bureau's only."""

from datetime import date

import pytest
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from audit import BEAT, PUBLIC
from awards.objections import ObjectionStatus
from declarations import objections, selectors, services
from declarations.models import Declaration, PortalMessage, RecognitionObjection
from declarations.states import Action, Status
from enterprises.roles import Role
from enterprises.tests.factories import make_user
from policy.models import PolicyRecord

from .factories import enterprise_with_user, recommended_application

pytestmark = pytest.mark.django_db
PAGE = "declarations:public_notices"
PHONE = "13907731234"
FACTS = "该企业上年营业收入与申报材料不符，实际不足两千万元。"
CONTACT = "桂林市工业和信息化局中小企业科，电话 0773-2825000"


@pytest.fixture(autouse=True)
def _fresh_throttle():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def today_is(monkeypatch):
    def set_today(day):
        monkeypatch.setattr(selectors, "today", lambda: day)
    return set_today


@pytest.fixture
def people(areas):
    enterprise, user = enterprise_with_user(areas["秀峰区"])
    return {"enterprise": enterprise, "user": user, "county": make_user(Role.COUNTY, area=areas["秀峰区"]),
            "reviewer": make_user(Role.REVIEWER), "admin": make_user(Role.ADMIN)}


def on_notice(people, first_day=date(2026, 12, 1), user=None):
    """An application on a 7-day notice from `first_day` under an edition with an objection contact."""
    PolicyRecord.objects.update(public_notice_days=7, objection_contact=CONTACT)
    declaration = recommended_application(user or people["user"], people["county"])
    services.perform(actor=people["reviewer"], declaration=declaration, action=Action.BUREAU_APPROVE, on=first_day,
                     document_number="市工信认〔2026〕30号")
    return Declaration.objects.get(pk=declaration.pk)


def lodge(declaration, phone=PHONE, **values):
    return objections.lodge_objection(
        declaration=declaration, objector_name=values.get("name", "李明"), objector_phone=phone,
        facts=values.get("facts", FACTS), actor=PUBLIC,
    )


def post(client, declaration, **overrides):
    data = {"declaration": declaration.pk, "objector_name": "李明", "objector_phone": PHONE, "facts": FACTS,
            **overrides}
    return client.post(reverse(PAGE), data)


# ---------------------------------------------------------------- the public page

def test_the_public_page_shows_the_contact_and_the_form(client, people, today_is):
    declaration = on_notice(people)
    today_is(date(2026, 12, 3))
    page = client.get(reverse(PAGE)).content.decode()
    assert CONTACT in page
    assert 'name="objector_phone"' in page and 'name="facts"' in page and "csrfmiddlewaretoken" in page
    assert f'<option value="{declaration.pk}">{declaration.enterprise.name}' in page


def test_the_notice_gives_the_objection_phone_and_address(client, people, today_is):
    on_notice(people)
    PolicyRecord.objects.update(objection_phone="0773-2821234", objection_address="桂林市临桂区（测试地址）")
    today_is(date(2026, 12, 3))
    page = client.get(reverse(PAGE)).content.decode()
    assert page.count(f"{CONTACT}，电话 0773-2821234，地址 桂林市临桂区（测试地址）") == 2  # the notice and the form


def test_the_contact_is_that_of_the_edition_standing_today_when_nothing_is_on_notice(client, today_is):
    PolicyRecord.objects.update(objection_contact="桂林市工信局中小企业科 0773-0000000")
    page = client.get(reverse(PAGE)).content.decode()
    assert "桂林市工信局中小企业科 0773-0000000" in page and 'name="facts"' not in page


def test_an_objection_from_the_page_is_lodged_and_gives_no_personal_data_back(client, people, today_is):
    declaration = on_notice(people)
    today_is(date(2026, 12, 3))
    response = post(client, declaration)
    assert response.status_code == 302
    objection = RecognitionObjection.objects.get()
    assert (objection.declaration, objection.objector_name, objection.objector_phone, objection.status) == (
        declaration, "李明", PHONE, ObjectionStatus.OPEN)
    assert [h.history_change_reason for h in objection.history.all()] == ["公众（公示页面）"]
    page = client.get(response.url).content.decode()
    assert "您的异议已收到" in page
    assert "李明" not in page and PHONE not in page and FACTS not in page
    # the bureau hears of it, without the objector's details
    message = PortalMessage.objects.get(recipient=people["reviewer"], title="认定公示收到异议")
    assert "异议" in message.title and PHONE not in message.body and "李明" not in message.body


def test_a_bad_phone_gives_a_chinese_error_and_saves_nothing(client, people, today_is):
    declaration = on_notice(people)
    today_is(date(2026, 12, 3))
    response = post(client, declaration, objector_phone="12345")
    assert response.status_code == 200
    assert "请填写可以联系到您的手机号码" in response.content.decode()
    assert not RecognitionObjection.objects.exists()


def test_vague_facts_or_no_name_are_refused_with_messages(client, people, today_is):
    declaration = on_notice(people)
    today_is(date(2026, 12, 3))
    page = post(client, declaration, objector_name="", facts="不行").content.decode()
    assert "请填写异议人姓名或单位名称" in page and "请写明异议的事实和理由" in page
    assert not RecognitionObjection.objects.exists()


def test_csrf_is_required(people, today_is):
    declaration = on_notice(people)
    today_is(date(2026, 12, 3))
    assert post(Client(enforce_csrf_checks=True), declaration).status_code == 403
    assert not RecognitionObjection.objects.exists()


def test_at_most_five_objections_an_hour_from_one_address(client, people, today_is):
    declaration = on_notice(people)
    today_is(date(2026, 12, 3))
    for _ in range(5):
        assert post(client, declaration).status_code == 302
    response = post(client, declaration)
    assert response.status_code == 429 and "提交过于频繁" in response.content.decode()
    assert RecognitionObjection.objects.count() == 5
    other = Client(REMOTE_ADDR="10.1.2.3")
    assert post(other, declaration).status_code == 302


@pytest.mark.parametrize("today", [date(2026, 11, 30), date(2026, 12, 8)])
def test_only_while_the_entry_is_on_notice(client, people, today_is, today):
    declaration = on_notice(people)  # 2026-12-01 to 2026-12-07
    today_is(today)
    with pytest.raises(ValidationError, match="不在公示期内"):
        lodge(declaration)
    response = post(client, declaration)
    assert response.status_code == 200 and 'name="facts"' not in response.content.decode()
    assert not RecognitionObjection.objects.exists()


@pytest.mark.parametrize("today", [date(2026, 12, 1), date(2026, 12, 7)])
def test_the_first_and_last_day_of_the_notice_are_included(people, today_is, today):
    declaration = on_notice(people)
    today_is(today)
    assert lodge(declaration).is_open


def test_the_service_checks_the_phone_too(people, today_is):
    declaration = on_notice(people)
    today_is(date(2026, 12, 3))
    with pytest.raises(ValidationError) as error:
        lodge(declaration, phone="abc")
    assert "objector_phone" in error.value.message_dict
    with pytest.raises(TypeError, match="actor is required"):
        objections.lodge_objection(declaration=declaration, objector_name="李明", objector_phone=PHONE,
                                   facts=FACTS, actor=None)


@pytest.mark.parametrize("extra", [2, 12])
def test_the_public_page_query_count_does_not_grow(client, areas, people, today_is, extra,
                                                   django_assert_num_queries):
    for _ in range(extra):
        declaration = on_notice(people, user=enterprise_with_user(areas["秀峰区"])[1])
    lodge(declaration)
    today_is(date(2026, 12, 3))
    with django_assert_num_queries(2):  # notices (firm, area, application, edition joined); recent recognitions
        client.get(reverse(PAGE))


# ---------------------------------------------------------------- the hold and the finding

def test_an_open_objection_holds_the_entry(people, today_is, capsys):
    declaration = on_notice(people)
    today_is(date(2026, 12, 3))
    lodge(declaration)
    today_is(date(2026, 12, 9))
    call_command("conclude_public_notices", "--document-date", "2026-12-08")
    captured = capsys.readouterr()
    assert f"未认定：{declaration.enterprise.name}：公示期间收到异议，尚未办结" in captured.err
    assert "认定 0 家，未处理 1 家" in captured.out
    assert Declaration.objects.get(pk=declaration.pk).status == Status.PUBLIC_NOTICE


def test_dismissed_the_entry_proceeds(people, today_is, capsys):
    declaration = on_notice(people)
    today_is(date(2026, 12, 3))
    objection = lodge(declaration)
    decided = objections.decide_objection(objection=objection, actor=people["reviewer"],
                                          status=ObjectionStatus.DISMISSED, finding="经核查，营业收入与审计报告一致。")
    assert (decided.status, decided.decided_by) == (ObjectionStatus.DISMISSED, people["reviewer"])
    assert Declaration.objects.get(pk=declaration.pk).status == Status.PUBLIC_NOTICE
    today_is(date(2026, 12, 9))
    call_command("conclude_public_notices", "--document-date", "2026-12-08")
    assert "认定 1 家" in capsys.readouterr().out
    assert Declaration.objects.get(pk=declaration.pk).designation.granted_on == date(2026, 12, 8)


def test_upheld_the_application_is_not_recognised(people, today_is):
    declaration = on_notice(people)
    today_is(date(2026, 12, 3))
    objection = lodge(declaration)
    objections.decide_objection(objection=objection, actor=people["reviewer"], status=ObjectionStatus.UPHELD,
                                finding="经核查，申报营业收入不实。")
    declaration.refresh_from_db()
    assert declaration.status == Status.REJECTED and declaration.designation is None
    step = declaration.steps.last()
    assert (step.action, step.actor) == (Action.NOTICE_REJECT, people["reviewer"])
    assert "经核查，申报营业收入不实。" in step.comment and "李明" not in step.comment
    assert objection.history.count() == 2  # lodged, decided
    today_is(date(2026, 12, 9))
    assert services.conclude_public_notices(actor=BEAT, document_date=date(2026, 12, 8)) == ([], [])


def test_a_finding_needs_a_decision_and_reasons_and_is_made_once(people, today_is):
    declaration = on_notice(people)
    today_is(date(2026, 12, 3))
    objection = lodge(declaration)
    with pytest.raises(ValidationError, match="请选择"):
        objections.decide_objection(objection=objection, actor=people["reviewer"], status="open", finding="理由充分")
    with pytest.raises(ValidationError, match="核查结论及理由"):
        objections.decide_objection(objection=objection, actor=people["reviewer"], status="dismissed", finding=" ")
    objections.decide_objection(objection=objection, actor=people["reviewer"], status="dismissed", finding="查无实据")
    with pytest.raises(ValidationError, match="已办结"):
        objections.decide_objection(objection=objection, actor=people["reviewer"], status="upheld", finding="再议")


def test_only_the_bureau_decides(people, today_is):
    declaration = on_notice(people)
    today_is(date(2026, 12, 3))
    objection = lodge(declaration)
    for actor in (people["county"], people["user"], BEAT, PUBLIC):
        with pytest.raises(PermissionDenied):
            objections.decide_objection(objection=objection, actor=actor, status="dismissed", finding="查无实据")
    assert RecognitionObjection.objects.get().is_open


# ---------------------------------------------------------------- who sees the objector

def test_the_enterprise_is_told_an_objection_is_handled_without_details(client, people, today_is):
    declaration = on_notice(people)
    today_is(date(2026, 12, 3))
    lodge(declaration)
    client.force_login(people["user"])
    page = client.get(reverse("declarations:detail", args=[declaration.pk])).content.decode()
    assert "公示期间收到异议" in page
    assert PHONE not in page and "李明" not in page and FACTS not in page


def test_a_county_official_cannot_see_the_objector(client, people, today_is):
    declaration = on_notice(people)
    today_is(date(2026, 12, 3))
    objection = lodge(declaration)
    client.force_login(people["county"])
    for url in (reverse("declarations:detail", args=[declaration.pk]),
                reverse("admin:declarations_declaration_change", args=[declaration.pk])):
        page = client.get(url).content.decode()
        assert PHONE not in page and "李明" not in page and FACTS not in page
    for url in (reverse("admin:declarations_recognitionobjection_changelist"),
                reverse("admin:declarations_recognitionobjection_change", args=[objection.pk]),
                reverse("admin:declarations_recognitionobjection_history", args=[objection.pk])):
        assert client.get(url).status_code in (403, 404)


def test_the_enterprise_user_cannot_open_the_objection_admin(client, people, today_is):
    declaration = on_notice(people)
    today_is(date(2026, 12, 3))
    objection = lodge(declaration)
    client.force_login(people["user"])
    response = client.get(reverse("admin:declarations_recognitionobjection_change", args=[objection.pk]))
    assert response.status_code in (302, 403, 404)
    assert PHONE not in response.content.decode()


def test_the_bureau_lists_the_objections_and_records_its_finding_in_the_admin(client, people, today_is):
    declaration = on_notice(people)
    today_is(date(2026, 12, 3))
    objection = lodge(declaration)
    client.force_login(people["reviewer"])
    listing = client.get(reverse("admin:declarations_recognitionobjection_changelist")).content.decode()
    assert declaration.enterprise.name in listing and "待处理" in listing
    url = reverse("admin:declarations_recognitionobjection_change", args=[objection.pk])
    page = client.get(url).content.decode()
    assert PHONE in page and FACTS in page
    response = client.post(url, {"decision": "upheld", "reasons": "", "_save": "1"})
    assert "请填写核查结论及理由" in response.content.decode()
    assert RecognitionObjection.objects.get().is_open
    client.post(url, {"decision": "upheld", "reasons": "经核查，申报营业收入不实。", "_save": "1"})
    objection.refresh_from_db()
    assert (objection.status, objection.decided_by) == (ObjectionStatus.UPHELD, people["reviewer"])
    assert Declaration.objects.get(pk=declaration.pk).status == Status.REJECTED
    summary = client.get(reverse("admin:declarations_declaration_change", args=[declaration.pk])).content.decode()
    assert "共 1 件，均已办结" in summary


def test_the_objection_admin_list_query_count_does_not_grow(client, areas, people, today_is):
    today_is(date(2026, 12, 3))
    counts = []
    for extra in (2, 8):
        for _ in range(extra):
            lodge(on_notice(people, user=enterprise_with_user(areas["秀峰区"])[1]))
        client.force_login(people["admin"])
        with CaptureQueriesContext(connection) as queries:
            client.get(reverse("admin:declarations_recognitionobjection_changelist"))
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_the_admin_has_no_add_or_delete(client, people):
    client.force_login(people["admin"])
    assert client.get(reverse("admin:declarations_recognitionobjection_add")).status_code == 403


def test_an_expired_notice_with_no_objection_is_not_listed_for_objection(client, people, today_is):
    declaration = on_notice(people, first_day=date(2026, 11, 1))
    today_is(date(2026, 12, 3))
    page = client.get(reverse(PAGE)).content.decode()
    assert declaration.enterprise.name in page and "公示期已满" in page and 'name="facts"' not in page

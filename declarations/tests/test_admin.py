from datetime import date, timedelta

import pytest
from django.urls import reverse

from declarations.models import Declaration
from declarations.states import Action, Status
from enterprises.roles import Role
from enterprises.tests.factories import make_user

from .factories import enterprise_with_user, noticed_application, recommended_application, submitted_application

pytestmark = pytest.mark.django_db
CHANGELIST = "admin:declarations_declaration_changelist"


def change_form_data(client, url, **fields):
    """What the browser posts: the inlines' management forms plus the review fields."""
    data = {"comment": "", "score": "", "recognition_number": "", "recognition_date": "", "_save": "1", **fields}
    for inline in client.get(url).context["inline_admin_formsets"]:
        management = inline.formset.management_form
        data.update({f"{management.prefix}-{name}": management[name].value() for name in management.fields})
    return data


@pytest.fixture
def staff(areas):
    return {"county": make_user(Role.COUNTY, area=areas["秀峰区"]), "reviewer": make_user(Role.REVIEWER)}


def test_a_county_official_sees_only_its_own_area(client, areas, staff):
    own = submitted_application(enterprise_with_user(areas["秀峰区"])[1])
    other = submitted_application(enterprise_with_user(areas["阳朔县"])[1])
    client.force_login(staff["county"])
    page = client.get(reverse(CHANGELIST)).content.decode()
    assert own.enterprise.name in page and other.enterprise.name not in page
    response = client.get(reverse("admin:declarations_declaration_change", args=[other.pk]))
    assert response.status_code in (302, 404)


def test_the_county_recommends_through_the_change_form(client, areas, staff):
    declaration = submitted_application(enterprise_with_user(areas["秀峰区"])[1])
    client.force_login(staff["county"])
    url = reverse("admin:declarations_declaration_change", args=[declaration.pk])
    page = client.get(url).content.decode()
    assert "初审通过，推荐上报" in page and "复审通过，进入公示" not in page
    response = client.post(url, change_form_data(client, url, review_action=Action.COUNTY_RETURN))
    assert "请填写意见" in response.content.decode()
    client.post(url, change_form_data(client, url, review_action=Action.COUNTY_RECOMMEND, comment="同意"))
    declaration.refresh_from_db()
    assert declaration.status == Status.COUNTY_RECOMMENDED
    assert declaration.steps.last().actor == staff["county"]


def test_the_bureau_approves_in_bulk_and_the_waiting_queue_empties(client, areas, staff):
    declarations = [recommended_application(enterprise_with_user(areas["秀峰区"])[1], staff["county"]) for _ in range(3)]
    client.force_login(staff["reviewer"])
    queue = client.get(reverse(CHANGELIST) + "?queue=mine").content.decode()
    assert all(d.enterprise.name in queue for d in declarations)
    actions = client.get(reverse(CHANGELIST)).context["action_form"].fields["action"].choices
    names = [name for name, _ in actions]
    assert "bulk_bureau_approve" in names and "bulk_county_recommend" not in names
    client.post(reverse(CHANGELIST), {"action": "bulk_bureau_approve", "comment": "", "document_number": "",
                                      "_selected_action": [d.pk for d in declarations]})
    assert set(Declaration.objects.values_list("status", flat=True)) == {Status.PUBLIC_NOTICE}
    assert client.get(reverse(CHANGELIST) + "?queue=mine").context["cl"].result_count == 0


def test_bulk_return_without_a_comment_reports_each_refusal(client, areas, staff):
    declaration = recommended_application(enterprise_with_user(areas["秀峰区"])[1], staff["county"])
    client.force_login(staff["reviewer"])
    response = client.post(reverse(CHANGELIST), {"action": "bulk_bureau_return", "comment": "", "document_number": "",
                                                 "_selected_action": [declaration.pk]}, follow=True)
    assert "请填写意见" in response.content.decode()
    assert Declaration.objects.get().status == Status.COUNTY_RECOMMENDED


def test_admin_action_concludes_due_notices_with_a_batch_document_number_and_date(client, areas, staff):
    declaration = noticed_application(enterprise_with_user(areas["秀峰区"])[1], staff["county"], staff["reviewer"],
                                      on=date.today() - timedelta(days=30))
    Declaration.objects.filter(pk=declaration.pk).update(document_number="")
    issued = date.today() - timedelta(days=2)
    client.force_login(staff["reviewer"])
    client.post(reverse(CHANGELIST), {"action": "bulk_conclude_notice", "comment": "", "document_number": "市工信认〔2026〕12号",
                                      "document_date": issued.isoformat(), "_selected_action": [declaration.pk]})
    declaration.refresh_from_db()
    assert declaration.status == Status.RECOGNIZED and declaration.designation.document_number == "市工信认〔2026〕12号"
    assert declaration.document_date == declaration.designation.granted_on == issued


@pytest.mark.parametrize("extra", [3, 30])
def test_changelist_query_count_does_not_grow(client, areas, staff, django_assert_num_queries, extra):
    for _ in range(extra):
        submitted_application(enterprise_with_user(areas["秀峰区"])[1])
    client.force_login(staff["reviewer"])
    # session, user, user perms, group perms, area filter choices, the count (unfiltered, also the total), the page
    # (firm and area joined), year filter choices
    with django_assert_num_queries(8):
        client.get(reverse(CHANGELIST))


def test_criteria_editions_are_maintained_by_the_bureau(client, staff):
    client.force_login(staff["reviewer"])
    page = client.get(reverse("admin:policy_criteriaedition_changelist")).content.decode()
    assert "工信部企业〔2026〕2号" in page
    client.force_login(staff["county"])
    assert client.get(reverse("admin:policy_criteriaedition_add")).status_code == 403

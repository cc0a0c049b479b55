"""The public notice holds: concluded only after its last day, never for a day to come, and the recognition is
dated by its document (认定文件日期), entered with its number when the bureau concludes."""

import os
import subprocess
import sys
from datetime import date

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from audit import BEAT
from declarations import selectors, services
from declarations.models import Declaration, ReviewStep
from declarations.states import Action, Status
from declarations.tasks import conclude_due_public_notices
from enterprises.models import Designation
from enterprises.roles import Role
from enterprises.tests.factories import make_user
from policy.models import PolicyRecord

from .factories import enterprise_with_user, recommended_application
from .test_admin import change_form_data

pytestmark = pytest.mark.django_db
NUMBER = "市工信认〔2026〕20号"


@pytest.fixture
def people(areas):
    _, user = enterprise_with_user(areas["秀峰区"])
    return {"user": user, "county": make_user(Role.COUNTY, area=areas["秀峰区"]), "reviewer": make_user(Role.REVIEWER)}


@pytest.fixture
def today_is(monkeypatch):
    """Set the portal's today (selectors.today, which the services and the command read)."""
    def set_today(day):
        monkeypatch.setattr(selectors, "today", lambda: day)
    return set_today


def on_notice_until(people, last_day, number=NUMBER, **values):
    """An application on a 7-day public notice ending on `last_day`."""
    PolicyRecord.objects.update(public_notice_days=7)
    declaration = recommended_application(people["user"], people["county"], **values)
    services.perform(actor=people["reviewer"], declaration=declaration, action=Action.BUREAU_APPROVE,
                     on=date.fromordinal(last_day.toordinal() - 6), document_number=number)
    declaration = Declaration.objects.get(pk=declaration.pk)
    assert declaration.notice_ends_on == last_day
    return declaration


def test_a_date_after_today_is_refused_and_nothing_is_written(people, today_is):
    declaration = on_notice_until(people, date(2026, 12, 1))
    today_is(date(2026, 12, 2))
    history = Declaration.history.filter(id=declaration.pk).count()
    with pytest.raises(CommandError, match="不能按今天以后的日期（2026-12-07）认定"):
        call_command("conclude_public_notices", "--date", "2026-12-07", "--document-date", "2026-12-02")
    declaration.refresh_from_db()
    assert declaration.status == Status.PUBLIC_NOTICE and declaration.designation is None
    assert declaration.document_date is None and not Designation.objects.exists()
    assert Declaration.history.filter(id=declaration.pk).count() == history
    assert not ReviewStep.objects.filter(action=Action.CONCLUDE_NOTICE).exists()


def test_from_the_command_line_a_future_date_exits_with_status_1():
    """The real command line (its own process, the real today): refused before anything is read or written."""
    future = date.fromordinal(date.today().toordinal() + 5).isoformat()
    result = subprocess.run(
        [sys.executable, "manage.py", "conclude_public_notices", "--date", future],
        cwd=settings.BASE_DIR, capture_output=True, text=True, timeout=120,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "guilin_zjtx.settings.test"},
    )
    assert result.returncode == 1
    assert f"不能按今天以后的日期（{future}）认定" in result.stderr and "已认定" not in result.stdout


def test_the_service_refuses_a_future_day_too(people, today_is):
    today_is(date(2026, 12, 2))
    with pytest.raises(Exception, match="不能按今天以后的日期"):
        services.conclude_public_notices(actor=BEAT, on=date(2026, 12, 3))


def test_a_notice_ending_yesterday_is_recognized_on_its_documents_date(people, today_is, capsys):
    declaration = on_notice_until(people, date(2026, 12, 6))
    today_is(date(2026, 12, 7))
    call_command("conclude_public_notices", "--date", "2026-12-07", "--document-date", "2026-12-07")
    out = capsys.readouterr().out
    assert f"已认定：{declaration.enterprise.name}（{NUMBER}）" in out and "认定 1 家，未处理 0 家" in out
    declaration.refresh_from_db()
    assert declaration.status == Status.RECOGNIZED and declaration.document_date == date(2026, 12, 7)
    assert declaration.designation.granted_on == date(2026, 12, 7)


def test_today_still_works_and_the_designation_takes_the_documents_date_not_the_run_day(people, today_is, capsys):
    declaration = on_notice_until(people, date(2026, 12, 6))
    today_is(date(2026, 12, 10))
    call_command("conclude_public_notices", "--document-date", "2026-12-08")
    declaration.refresh_from_db()
    assert declaration.designation.granted_on == date(2026, 12, 8)
    assert "认定 1 家" in capsys.readouterr().out


def test_the_notice_is_not_over_on_its_last_day(people, today_is, capsys):
    declaration = on_notice_until(people, date(2026, 12, 6))
    today_is(date(2026, 12, 6))
    call_command("conclude_public_notices", "--document-date", "2026-12-06")
    assert "认定 0 家，未处理 0 家" in capsys.readouterr().out  # not even due
    assert Declaration.objects.get(pk=declaration.pk).status == Status.PUBLIC_NOTICE


@pytest.mark.parametrize(("issued", "reason"), [
    ("2026-12-06", "认定文件日期（2026-12-06）应在公示期满之后：公示至 2026-12-06 止"),
    ("2026-12-01", "认定文件日期（2026-12-01）应在公示期满之后"),
    ("2026-12-08", "认定文件日期（2026-12-08）不能晚于今天"),
])
def test_a_document_date_on_or_before_the_notices_end_or_after_today_is_refused(people, today_is, capsys, issued,
                                                                                reason):
    declaration = on_notice_until(people, date(2026, 12, 6))
    today_is(date(2026, 12, 7))
    call_command("conclude_public_notices", "--document-date", issued)
    captured = capsys.readouterr()
    assert f"未认定：{declaration.enterprise.name}：{reason}" in captured.err
    assert "认定 0 家，未处理 1 家" in captured.out
    declaration.refresh_from_db()
    assert declaration.status == Status.PUBLIC_NOTICE and declaration.document_date is None
    assert not Designation.objects.exists()


def test_without_a_document_date_it_is_refused_naming_the_declaration(people, today_is, capsys):
    declaration = on_notice_until(people, date(2026, 12, 6))
    today_is(date(2026, 12, 7))
    call_command("conclude_public_notices")
    err = capsys.readouterr().err
    assert f"认定前请填写“{declaration}”的认定文件日期" in err
    assert Declaration.objects.get(pk=declaration.pk).status == Status.PUBLIC_NOTICE


def test_a_malformed_document_date_is_refused(people, today_is):
    with pytest.raises(CommandError, match="认定文件日期格式应为 YYYY-MM-DD"):
        call_command("conclude_public_notices", "--document-date", "2026/12/07")


def test_a_declaration_keeps_its_own_document_date(people, today_is):
    declaration = on_notice_until(people, date(2026, 12, 6))
    Declaration.objects.filter(pk=declaration.pk).update(document_date=date(2026, 12, 8))
    today_is(date(2026, 12, 9))
    call_command("conclude_public_notices", "--document-date", "2026-12-09")
    assert Declaration.objects.get(pk=declaration.pk).designation.granted_on == date(2026, 12, 8)


def test_the_daily_job_concludes_only_notices_carrying_both_number_and_date(people, today_is, areas):
    complete = on_notice_until(people, date(2026, 12, 6))
    Declaration.objects.filter(pk=complete.pk).update(document_date=date(2026, 12, 7))
    _, other = enterprise_with_user(areas["秀峰区"])
    number_only = on_notice_until({**people, "user": other}, date(2026, 12, 6))
    _, third = enterprise_with_user(areas["秀峰区"])
    neither = on_notice_until({**people, "user": third}, date(2026, 12, 6), number="")
    today_is(date(2026, 12, 8))
    result = conclude_due_public_notices.delay().get()
    assert result["recognized"] == [complete.pk]
    assert sorted(pk for pk, _ in result["waiting"]) == [number_only.pk, neither.pk]
    assert Declaration.objects.get(pk=complete.pk).designation.granted_on == date(2026, 12, 7)
    statuses = set(Declaration.objects.filter(pk__in=[number_only.pk, neither.pk]).values_list("status", flat=True))
    assert statuses == {Status.PUBLIC_NOTICE}


def test_the_portal_review_page_asks_for_the_document_date(client, people, today_is):
    declaration = on_notice_until(people, date(2026, 12, 6))
    today_is(date(2026, 12, 8))
    client.force_login(people["reviewer"])
    url = reverse("declarations:review", args=[declaration.pk])
    page = client.get(url).content.decode()
    assert "认定文件日期" in page
    data = {"action": Action.CONCLUDE_NOTICE, "comment": "", "expert_score": "", "document_number": NUMBER}
    response = client.post(url, {**data, "document_date": ""})
    assert "认定前请填写认定文件日期" in response.content.decode()
    response = client.post(url, {**data, "document_date": "2026-12-06"})
    assert "应在公示期满之后" in response.content.decode()
    assert Declaration.objects.get(pk=declaration.pk).status == Status.PUBLIC_NOTICE
    response = client.post(url, {**data, "document_date": "2026-12-07"})
    assert response.status_code == 302
    assert Declaration.objects.get(pk=declaration.pk).designation.granted_on == date(2026, 12, 7)


def test_the_admin_change_form_asks_for_the_document_date(client, people, today_is):
    declaration = on_notice_until(people, date(2026, 12, 6))
    today_is(date(2026, 12, 8))
    client.force_login(people["reviewer"])
    url = reverse("admin:declarations_declaration_change", args=[declaration.pk])
    response = client.post(url, change_form_data(client, url, review_action=Action.CONCLUDE_NOTICE))
    assert "认定前请填写认定文件日期" in response.content.decode()
    client.post(url, change_form_data(client, url, review_action=Action.CONCLUDE_NOTICE, recognition_date="2026-12-08"))
    assert Declaration.objects.get(pk=declaration.pk).designation.granted_on == date(2026, 12, 8)


def test_the_admin_bulk_action_obeys_the_same_rules(client, people, today_is):
    declaration = on_notice_until(people, date(2026, 12, 6))
    today_is(date(2026, 12, 8))
    client.force_login(people["reviewer"])
    changelist = reverse("admin:declarations_declaration_changelist")
    post = {"action": "bulk_conclude_notice", "comment": "", "document_number": "", "_selected_action": [declaration.pk]}
    page = client.post(changelist, {**post, "document_date": "12月7日"}, follow=True).content.decode()
    assert "认定文件日期格式应为 YYYY-MM-DD" in page
    page = client.post(changelist, {**post, "document_date": "2026-12-09"}, follow=True).content.decode()
    assert "不能晚于今天" in page
    page = client.post(changelist, {**post, "document_date": ""}, follow=True).content.decode()
    assert "认定文件日期" in page
    assert Declaration.objects.get(pk=declaration.pk).status == Status.PUBLIC_NOTICE
    client.post(changelist, {**post, "document_date": "2026-12-07"})
    assert Declaration.objects.get(pk=declaration.pk).designation.granted_on == date(2026, 12, 7)

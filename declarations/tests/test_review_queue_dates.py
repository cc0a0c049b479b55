"""The review queue's dates read as Django's date filter prints them: submitted in the portal's time zone, due by day."""

from datetime import UTC, date, datetime

from django.template import Context, Template


def render(source, **context):
    return Template("{% load declaration_ui %}" + source).render(Context(context))


def test_a_submission_time_is_shown_in_the_portals_time_zone_as_the_date_filter_shows_it():
    at = datetime(2026, 3, 4, 17, 5, tzinfo=UTC)  # 01:05 the next day in Asia/Shanghai
    assert render("{{ at|minute_stamp }}", at=at) == render('{{ at|date:"Y-m-d H:i" }}', at=at) == "2026-03-05 01:05"
    assert render('{{ at|minute_stamp|default:"—" }}', at=None) == "—"


def test_a_due_day_is_written_in_chinese_as_the_date_filter_writes_it():
    day = date(2026, 3, 5)
    assert render("{{ day|chinese_day }}", day=day) == render("{{ day|date:'Y年n月j日' }}", day=day) == "2026年3月5日"

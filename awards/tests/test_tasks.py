"""The recompute as a Celery task (in-process here; tests/test_celery_worker.py runs a real worker),
the shell command, the beat entry and the export command."""

import csv
import io
from datetime import date

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError
from openpyxl import load_workbook

from audit import BEAT
from awards import runs, services, tasks
from awards.export import HEADERS
from awards.models import Award, RecomputeRun
from awards.recompute import recompute_eligibility
from enterprises.roles import Role
from enterprises.tests.factories import EnterpriseFactory, designate, figures, make_user

from .factories import growing_firm

pytestmark = pytest.mark.django_db


def test_start_recompute_queues_after_commit_and_reports_progress(django_capture_on_commit_callbacks):
    growing_firm()
    growing_firm()
    reviewer = make_user(Role.REVIEWER)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        run = services.start_recompute(year=2024, actor=reviewer)
    assert run.status == RecomputeRun.Status.QUEUED and len(callbacks) == 1
    assert not Award.objects.exists()  # nothing runs before the commit
    callbacks[0]()
    run.refresh_from_db()
    assert run.status == RecomputeRun.Status.SUCCEEDED and (run.done, run.total) == (2, 2)
    assert run.created == 2 and run.started_at and run.finished_at and run.triggered_by == reviewer
    assert Award.objects.filter(year=2024).first().history.get().history_user == reviewer


def test_a_failing_run_is_marked_failed(monkeypatch):
    growing_firm()
    run = RecomputeRun.objects.create(year=2024)

    def broken(*args, **kwargs):
        raise ValueError("数据异常")

    monkeypatch.setattr(runs, "recompute_batch", broken)
    with pytest.raises(ValueError):
        tasks.recompute_eligibility_task.apply(args=(2024, run.pk), throw=True)
    run.refresh_from_db()
    assert run.status == RecomputeRun.Status.FAILED and "数据异常" in run.error


def test_the_beat_entry_names_the_previous_year_task(monkeypatch):
    entry = settings.CELERY_BEAT_SCHEDULE["recompute-eligibility-yearly"]
    assert entry["task"] == tasks.recompute_previous_year.name == "awards.tasks.recompute_previous_year"
    growing_firm()
    monkeypatch.setattr(tasks.timezone, "localdate", lambda: date(2025, 3, 1))
    run = RecomputeRun.objects.get(pk=tasks.recompute_previous_year.apply().get())
    assert run.year == 2024 and run.status == RecomputeRun.Status.SUCCEEDED
    assert Award.objects.filter(year=2024).exists()


def test_the_beat_run_is_recorded_as_the_beat_job(monkeypatch):
    growing_firm()
    monkeypatch.setattr(tasks.timezone, "localdate", lambda: date(2025, 3, 1))
    run = RecomputeRun.objects.get(pk=tasks.recompute_previous_year.apply().get())
    assert run.status == RecomputeRun.Status.SUCCEEDED and run.triggered_by is None
    history = Award.history.filter(year=2024)
    assert history.exists()
    assert set(history.values_list("history_user", "history_change_reason")) == {(None, "定时任务")}


def test_a_run_no_user_triggered_acts_as_the_beat_job():
    growing_firm()
    run = RecomputeRun.objects.create(year=2024)  # e.g. queued by an older release, before runs named their actor
    tasks.recompute_eligibility_task.apply(args=(2024, run.pk), throw=True)
    assert set(Award.history.values_list("history_user", "history_change_reason")) == {(None, "定时任务")}


def _reasons(year=2024):
    return list(Award.history.filter(year=year).order_by("history_date", "history_id")
                .values_list("history_user__username", "history_change_reason"))


def test_the_recompute_command_acts_as_the_command_line_or_the_given_user(django_capture_on_commit_callbacks):
    firm = growing_firm()
    make_user(Role.REVIEWER, username="shenhe-cmd")
    call_command("recompute_eligibility", "--year", "2024", stdout=io.StringIO())
    assert _reasons() == [(None, "命令行（未指定用户）")]
    figures(firm, 2024, "80000000", "1150000")
    with django_capture_on_commit_callbacks(execute=True):
        call_command("recompute_eligibility", "--year", "2024", "--async", stdout=io.StringIO())
    assert [run.triggered_by for run in RecomputeRun.objects.all()] == [None, None]  # the async run, the first
    assert _reasons()[-1] == (None, "命令行（未指定用户）")  # the worker acts as the command that queued it
    figures(firm, 2024, "90000000", "1150000")
    call_command("recompute_eligibility", "--year", "2024", "--actor", "shenhe-cmd", stdout=io.StringIO())
    assert _reasons()[-1] == ("shenhe-cmd", None)


def test_the_recompute_command_refuses_an_unknown_or_unauthorised_actor():
    firm = growing_firm()
    make_user(Role.ENTERPRISE, enterprise=firm, username="qiye-cmd")
    with pytest.raises(CommandError, match="不存在"):
        call_command("recompute_eligibility", "--year", "2024", "--actor", "nobody")
    for extra in ((), ("--async",)):
        with pytest.raises(CommandError, match="无权"):
            call_command("recompute_eligibility", "--year", "2024", "--actor", "qiye-cmd", *extra)
    assert not Award.objects.exists() and not RecomputeRun.objects.exists()


def test_recompute_command_in_process_and_async(django_capture_on_commit_callbacks):
    growing_firm()
    out = io.StringIO()
    call_command("recompute_eligibility", "--year", "2024", stdout=out)
    assert "涉及企业 1 家，新增 1" in out.getvalue()
    out = io.StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("recompute_eligibility", "--year", "2024", "--async", stdout=out)
    assert "已提交" in out.getvalue()
    # both recorded (the command line's run too), both complete: the async one ran in-process (eager in tests)
    assert [run.status for run in RecomputeRun.objects.all()] == [RecomputeRun.Status.SUCCEEDED] * 2


def _export_fixture():
    growing_firm()                                   # growth 60,000.00 for 2024
    evil = growing_firm(current=("60000000", "1150000"), recognized_on=date(2024, 5, 1))
    evil.name = "=HYPERLINK(\"http://x\",\"点我\")有限公司"
    evil.save()
    no_figures = EnterpriseFactory()  # recognized in 2023: its 2024 growth result needs review, no figures
    designate(no_figures, "municipal", date(2023, 3, 1))
    recompute_eligibility(year=2024, actor=BEAT)
    recompute_eligibility(year=2023, actor=BEAT)
    return evil


def test_export_csv_has_exactly_the_columns_and_one_row_per_result(tmp_path):
    evil = _export_fixture()
    path = tmp_path / "awards.csv"
    call_command("export_awards", "--year", "2024", "--output", str(path), stdout=io.StringIO())
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert tuple(rows[0]) == HEADERS == (
        "统一社会信用代码", "企业名称", "所属区域", "年度", "奖励类型", "结果", "金额（元）", "状态", "说明"
    )
    body = rows[1:]
    assert len(body) == Award.objects.filter(year=2024).count() == 4
    assert sorted(r[5] for r in body) == ["不符合", "符合", "符合", "需人工复核"]
    by_kind = {(r[0], r[4]): r for r in body}
    growth = [r for r in body if r[4] == "成长奖励" and r[5] == "符合"][0]
    assert growth[6] == "60000.00" and growth[3] == "2024" and growth[7] == "系统比对符合"
    evil_growth = by_kind[(evil.credit_code, "成长奖励")]
    assert evil_growth[1].startswith("'=") and evil_growth[5] == "不符合" and evil_growth[6] == "0.00"
    assert by_kind[(evil.credit_code, "认定奖励")][6] == "100000.00"
    assert "产值同比增长" in evil_growth[8]


def test_export_xlsx(tmp_path):
    _export_fixture()
    path = tmp_path / "awards.xlsx"
    call_command("export_awards", "--year", "2024", "--output", str(path), stdout=io.StringIO())
    sheet = load_workbook(path).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == HEADERS and len(rows) == 5
    # a sheet a spreadsheet user can sum: 金额（元） numbers shown #,##0.00, 年度 integers, the rest text
    amounts = [row[6] for row in sheet.iter_rows(min_row=2)]
    assert all(cell.data_type == "n" and cell.number_format == "#,##0.00" for cell in amounts)
    assert sorted(cell.value for cell in amounts) == [0, 0, 60000, 100000]
    years = [row[3] for row in sheet.iter_rows(min_row=2)]
    assert all(cell.data_type == "n" and cell.value == 2024 and isinstance(cell.value, int) for cell in years)
    text_columns = (0, 1, 2, 4, 5, 7, 8)
    assert all(row[i].data_type == "s" for row in sheet.iter_rows(min_row=2) for i in text_columns)
    names = [cell for cell in sheet["B"][1:]]
    # a formula-like name is kept as it is, in a text cell Excel will not evaluate
    assert any(cell.value.startswith("=") and cell.quotePrefix for cell in names)


def test_export_refuses_other_extensions(tmp_path):
    with pytest.raises(CommandError):
        call_command("export_awards", "--year", "2024", "--output", str(tmp_path / "x.txt"))

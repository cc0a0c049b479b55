"""Recompute runs that cannot get lost: chunks, a heartbeat, 中断 and 继续计算, one unfinished run per year, and
counts of what every attempt wrote (in-process here; tests/test_celery_worker.py kills a real worker)."""

import importlib
import io
from datetime import date, timedelta

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from audit import BEAT
from awards import runs, services, tasks
from awards.models import Award, RecomputeChunk, RecomputeRun
from awards.recompute import recompute_eligibility
from awards.states import AwardKind
from enterprises.roles import Role
from enterprises.tests.factories import EnterpriseFactory, designate, make_user

from .factories import growing_firm

pytestmark = pytest.mark.django_db
Status = RecomputeRun.Status


def results():
    """What a year's results are, row by row, independent of ids given by a particular run."""
    return sorted(Award.objects.values_list(
        "enterprise_id", "kind", "year", "repeat_recognition", "outcome", "amount", "state", "reasons", "fingerprint",
        "needs_attention",
    ))


@pytest.fixture
def firms(settings):
    settings.RECOMPUTE_CHUNK_SIZE = 2
    made = [growing_firm() for _ in range(4)]                                        # growth 60,000.00
    made += [growing_firm(current=("50000000", "1000000")) for _ in range(2)]      # no growth
    made.append(growing_firm(recognized_on=date(2024, 5, 1)))                       # recognized in 2024
    Award.objects.all().delete()  # the registry writes re-evaluated them already: every run starts afresh
    return made


def planned_run(year=2024, actor=BEAT):
    run = runs.record_run(year=year, actor=actor)
    return run, runs.plan_run(run.pk)


def test_a_run_is_split_into_chunks_and_ends_like_the_in_process_recompute(firms, django_capture_on_commit_callbacks):
    reviewer = make_user(Role.REVIEWER)
    with django_capture_on_commit_callbacks(execute=True):
        run = services.start_recompute(year=2024, actor=reviewer)
    run.refresh_from_db()
    assert run.status == Status.SUCCEEDED and (run.done, run.total) == (7, 7) and run.finished_at
    assert list(run.chunks.values_list("number", "size", "attempts")) == [(1, 2, 1), (2, 2, 1), (3, 2, 1), (4, 1, 1)]
    assert run.created == Award.objects.count() == 8 and run.updated == run.flagged == 0
    chunked = results()
    Award.objects.all().delete()
    summary = recompute_eligibility(year=2024, actor=BEAT)
    assert results() == chunked and summary.created == run.created
    assert str(runs.summary_of(run)) == str(summary).replace(str(summary.growth_policy), run.growth_policy)


def test_a_stopped_heartbeat_marks_the_run_interrupted_with_what_is_done(firms):
    run, pending = planned_run()
    runs.process_chunk(pending[0], actor=BEAT)
    runs.process_chunk(pending[1], actor=BEAT)
    run.refresh_from_db()
    assert run.status == Status.RUNNING and run.done == 4
    assert runs.mark_stale_runs() == []  # the heartbeat is fresh
    later = run.heartbeat_at + timedelta(seconds=settings.RECOMPUTE_HEARTBEAT_TIMEOUT + 1)
    assert [r.pk for r in runs.mark_stale_runs(now=later)] == [run.pk]
    run.refresh_from_db()
    assert run.status == Status.INTERRUPTED
    assert "已完成 2/4 批（4/7 家），未完成第 3–4 批（3 家）" in run.error and "结果不完整" in run.error
    last = run.history.first()
    assert last.status == Status.INTERRUPTED and last.history_change_reason == "心跳停止，标记为中断 · 定时任务"
    assert tasks.mark_stale_recompute_runs.name in {e["task"] for e in settings.CELERY_BEAT_SCHEDULE.values()}


def test_a_run_never_picked_up_goes_stale_too(firms):
    run = runs.record_run(year=2024, actor=BEAT)  # queued, no worker ever took it
    runs.mark_stale_runs(now=timezone.now() + timedelta(seconds=settings.RECOMPUTE_HEARTBEAT_TIMEOUT + 1))
    run.refresh_from_db()
    assert run.status == Status.INTERRUPTED and "任务尚未开始计算" in run.error


def test_no_second_run_of_a_year_beside_a_live_one(firms):
    run, _ = planned_run()
    with pytest.raises(ValidationError, match="已有计算中的资格重算任务.*不能同时再发起"):
        services.start_recompute(year=2024, actor=BEAT)
    services.start_recompute(year=2023, actor=BEAT)  # another year is free
    with pytest.raises(IntegrityError), transaction.atomic():  # and the database refuses a race
        RecomputeRun.objects.create(year=2024, status=Status.QUEUED)
    assert RecomputeRun.objects.filter(year=2024).count() == 1


def test_a_resumed_run_counts_what_every_attempt_wrote(firms, django_capture_on_commit_callbacks):
    run, pending = planned_run()
    runs.process_chunk(pending[0], actor=BEAT)
    runs.process_chunk(pending[1], actor=BEAT)
    runs.mark_stale_runs(now=timezone.now() + timedelta(seconds=settings.RECOMPUTE_HEARTBEAT_TIMEOUT + 1))
    reviewer = make_user(Role.REVIEWER)
    with django_capture_on_commit_callbacks(execute=True):
        resumed = services.start_recompute(year=2024, actor=reviewer)  # the year's interrupted run, continued
    assert resumed.pk == run.pk and resumed.resumed
    run.refresh_from_db()
    assert run.status == Status.SUCCEEDED and RecomputeRun.objects.count() == 1
    assert run.created == Award.objects.count() == 8  # both attempts' creations, not the last one's only
    assert list(run.chunks.values_list("attempts", flat=True)) == [1, 1, 1, 1]  # the chunks done were not redone
    resumer = run.history.filter(history_change_reason="继续计算").get()
    assert resumer.history_user == reviewer
    chunked = results()
    Award.objects.all().delete()
    recompute_eligibility(year=2024, actor=BEAT)
    assert results() == chunked


def test_a_redelivered_chunk_writes_and_counts_nothing_twice(firms):
    run, pending = planned_run()
    for chunk_id in pending:
        runs.process_chunk(chunk_id, actor=BEAT)
    run.refresh_from_db()
    before = (run.status, run.created, run.updated, run.unchanged, Award.history.count())
    assert tasks.recompute_chunk_task.apply(args=(pending[0],)).get() == "该批次已完成，跳过"
    run.refresh_from_db()
    assert (run.status, run.created, run.updated, run.unchanged, Award.history.count()) == before
    assert RecomputeChunk.objects.get(pk=pending[0]).attempts == 1


def test_a_stale_live_run_is_interrupted_and_resumed_by_the_next_start(firms, django_capture_on_commit_callbacks):
    run, pending = planned_run()
    runs.process_chunk(pending[0], actor=BEAT)
    RecomputeRun.objects.filter(pk=run.pk).update(
        heartbeat_at=timezone.now() - timedelta(seconds=settings.RECOMPUTE_HEARTBEAT_TIMEOUT + 5))
    with django_capture_on_commit_callbacks(execute=True):
        again = services.start_recompute(year=2024, actor=BEAT)  # the heartbeat check had not run yet
    assert again.pk == run.pk and again.resumed
    run.refresh_from_db()
    assert run.status == Status.SUCCEEDED and run.created == 8
    reasons = list(run.history.order_by("history_date").values_list("history_change_reason", flat=True))
    assert reasons[-2:] == ["心跳停止，标记为中断 · 定时任务", "继续计算 · 定时任务"]


def test_only_interrupted_or_failed_runs_can_be_resumed(firms):
    run, _ = planned_run()
    with pytest.raises(ValidationError, match="只有中断或失败的任务可以继续"):
        services.resume_recompute(run=run, actor=BEAT)


def test_reevaluation_after_a_big_write_is_queued_in_chunks(settings, django_capture_on_commit_callbacks, monkeypatch):
    settings.RECOMPUTE_CHUNK_SIZE = 2
    queued = []
    monkeypatch.setattr(services.reevaluate_enterprises_task, "delay", lambda ids, **kw: queued.append(ids))
    with django_capture_on_commit_callbacks(execute=True):
        services.queue_reevaluation(enterprise_ids=[5, 3, 1, 4, 2], actor=BEAT)
    assert queued == [[1, 2], [3, 4], [5]]


def test_the_broker_redelivers_within_minutes_and_no_retry_outlives_it():
    timeout = settings.CELERY_BROKER_TRANSPORT_OPTIONS["visibility_timeout"]
    assert timeout == settings.BROKER_VISIBILITY_TIMEOUT <= 10 * 60
    assert settings.RECOMPUTE_HEARTBEAT_TIMEOUT > timeout  # a redelivery comes before the run is called 中断
    from guilin_zjtx.celery import app

    for module in ("awards.tasks", "liaison.tasks", "declarations.tasks"):
        importlib.import_module(module)
    ours = [t for name, t in app.tasks.items() if name.split(".")[0] in ("awards", "liaison", "declarations")]
    retried = [t for t in ours if getattr(t, "autoretry_for", ())]
    assert len(retried) >= 6
    for task in retried:
        backoff = getattr(task, "retry_backoff", False)
        if backoff:
            factor = 1 if backoff is True else backoff
            longest = min(getattr(task, "retry_backoff_max", 600), factor * 2 ** task.max_retries)  # Celery's default
        else:
            longest = task.default_retry_delay
        assert longest < timeout, task.name


# --- the command line ------------------------------------------------------------------------------------------

def test_the_command_refuses_a_second_run_and_continues_an_interrupted_one(firms):
    run, pending = planned_run()
    runs.process_chunk(pending[0], actor=BEAT)
    with pytest.raises(CommandError, match="不能同时再发起"):
        call_command("recompute_eligibility", "--year", "2024", stdout=io.StringIO())
    runs.mark_stale_runs(now=timezone.now() + timedelta(seconds=settings.RECOMPUTE_HEARTBEAT_TIMEOUT + 1))
    out = io.StringIO()
    call_command("recompute_eligibility", "--year", "2024", stdout=out)
    lines = out.getvalue().splitlines()
    assert lines[0] == f"继续 2024 年中断的资格重算任务（编号 {run.pk}）：已处理 2/7 家"
    assert lines[-2:] == ["  7/7", lines[-1]] and "涉及企业 7 家，新增 8" in lines[-1]
    run.refresh_from_db()
    assert run.status == Status.SUCCEEDED and RecomputeRun.objects.count() == 1


# --- the admin and the dashboards -------------------------------------------------------------------------------

@pytest.fixture
def interrupted(firms):
    run, pending = planned_run()
    runs.process_chunk(pending[0], actor=BEAT)
    runs.mark_stale_runs(now=timezone.now() + timedelta(seconds=settings.RECOMPUTE_HEARTBEAT_TIMEOUT + 1))
    run.refresh_from_db()
    return run


def test_staff_see_an_interrupted_run_and_continue_it(client, interrupted, django_capture_on_commit_callbacks):
    client.force_login(make_user(Role.REVIEWER))
    listing = client.get(reverse("admin:awards_recomputerun_changelist")).content.decode()
    assert "中断" in listing
    page = client.get(reverse("admin:awards_recomputerun_change", args=[interrupted.pk])).content.decode()
    assert "已完成 1/4 批；未完成第 2–4 批" in page and "继续计算" in page
    url = reverse("admin:awards_recomputerun_resume", args=[interrupted.pk])
    confirm = client.get(url)
    assert confirm.status_code == 200 and "未完成第 2–4 批" in confirm.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"confirm": "on"})
    assert response.status_code == 302
    interrupted.refresh_from_db()
    assert interrupted.status == Status.SUCCEEDED and interrupted.created == 8
    assert client.get(reverse("admin:awards_recomputerun_resume", args=["abc"])).status_code == 404


def test_the_admin_add_form_refuses_a_year_with_a_live_run(client, firms):
    run, _ = planned_run()
    client.force_login(make_user(Role.REVIEWER))
    response = client.post(reverse("admin:awards_recomputerun_add"), {"year": "2024"})
    assert response.status_code == 200
    assert "不能同时再发起" in response.content.decode()
    assert RecomputeRun.objects.count() == 1


def test_a_county_official_cannot_continue_a_run(client, interrupted, areas):
    client.force_login(make_user(Role.COUNTY, area=areas["七星区"]))
    response = client.post(reverse("admin:awards_recomputerun_resume", args=[interrupted.pk]), {"confirm": "on"})
    assert response.status_code in (302, 403, 404)
    interrupted.refresh_from_db()
    assert interrupted.status == Status.INTERRUPTED


def test_the_dashboards_say_the_year_is_incomplete(client, interrupted, areas, django_capture_on_commit_callbacks):
    client.force_login(make_user(Role.REVIEWER))
    page = client.get(reverse("dashboards:city") + "?year=2024").content.decode()
    assert "2024 年资格重算中断：已处理 2/7 家，结果不完整" in page
    county = make_user(Role.COUNTY, area=areas["七星区"])
    client.force_login(county)
    page = client.get(reverse("dashboards:area", args=[areas["七星区"].pk]) + "?year=2024").content.decode()
    assert "资格重算中断" in page
    with django_capture_on_commit_callbacks(execute=True):
        services.start_recompute(year=2024, actor=BEAT)  # continued: eager here, so complete
    client.force_login(make_user(Role.REVIEWER))
    assert 'id="recompute-notice"' not in client.get(reverse("dashboards:city") + "?year=2024").content.decode()


def test_a_recognition_only_year_without_growth_edition(settings):
    settings.RECOMPUTE_CHUNK_SIZE = 2
    firm = EnterpriseFactory()
    designate(firm, "municipal", date(2030, 5, 1))
    Award.objects.all().delete()
    run, pending = planned_run(year=2030)
    for chunk_id in pending:
        runs.process_chunk(chunk_id, actor=BEAT)
    run.refresh_from_db()
    assert run.status == Status.SUCCEEDED and run.growth_policy == ""
    assert "无适用政策，未计算成长奖励" in str(runs.summary_of(run))
    assert Award.objects.filter(kind=AwardKind.RECOGNITION).count() == 1


def test_the_add_form_says_what_it_starts_and_leads_to_the_runs_live_page(client, firms,
                                                                         django_capture_on_commit_callbacks):
    client.force_login(make_user(Role.REVIEWER))
    form = client.get(reverse("admin:awards_recomputerun_add")).content.decode()
    last_year = timezone.localdate().year - 1
    assert "发起资格重算" in form and f"开始重算 {last_year} 年" in form
    assert "保存并继续编辑" not in form and "保存并增加另一个" not in form
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("admin:awards_recomputerun_add"), {"year": "2024"})
    run = RecomputeRun.objects.get()
    assert response.status_code == 302 and response.url == reverse("admin:awards_recomputerun_change", args=[run.pk])
    page = client.get(response.url).content.decode()
    assert 'id="recompute-progress"' in page and "已完成" in page and "已处理 7/7 家（100%）" in page
    assert "计算中" not in page  # no copy of the state read before the run ran
    assert reverse("admin:awards_recomputerun_resume", args=[run.pk]) not in page  # nothing to continue
    assert client.get(reverse("admin:awards_recomputerun_resume", args=[run.pk])).status_code == 403


def test_the_progress_feed_tells_the_live_state(client, interrupted, areas):
    url = reverse("admin:awards_recomputerun_progress", args=[interrupted.pk])
    client.force_login(make_user(Role.REVIEWER))
    feed = client.get(url).json()
    assert feed == {"status": "interrupted", "label": "中断", "css": "bg-red-100 text-red-700", "done": 2,
                    "total": 7, "percent": 28, "unfinished": True, "text": "已处理 2/7 家（28%）"}
    RecomputeRun.objects.filter(pk=interrupted.pk).update(
        status=Status.RUNNING, heartbeat_at=timezone.now() - timedelta(seconds=settings.RECOMPUTE_HEARTBEAT_TIMEOUT + 5))
    assert client.get(url).json()["label"] == "计算中（心跳已停止）"
    assert client.get(reverse("admin:awards_recomputerun_progress", args=["abc"])).status_code == 404
    assert client.get(reverse("admin:awards_recomputerun_progress", args=[interrupted.pk + 99])).status_code == 404
    client.force_login(make_user(Role.ENTERPRISE, enterprise=EnterpriseFactory()))
    assert client.get(url).status_code in (302, 403, 404)


@pytest.mark.postgres
def test_a_run_plans_its_chunks_on_fresh_statistics(firms):
    """The batch queries of a run are planned from the tables as they are now: after a big write the planner's
    estimates (pg_class.reltuples) still describe the tables before it, until the run refreshes them."""
    from django.db import connection

    from enterprises.models import AnnualFigures, Designation

    recompute_eligibility(year=2024, actor=BEAT)  # rows the statistics have never seen (this test's transaction)

    def estimated(model):
        with connection.cursor() as cursor:
            cursor.execute("SELECT reltuples FROM pg_class WHERE oid = %s::regclass", [model._meta.db_table])
            return cursor.fetchone()[0]

    assert estimated(Award) != Award.objects.count()
    run, pending = planned_run()
    assert pending
    for model in (Award, Designation, AnnualFigures):
        assert model.objects.exists() and estimated(model) == model.objects.count(), model

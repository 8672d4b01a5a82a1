"""The job queue: one job per request, run by the worker, failures said in words and retried, stale jobs
noticed. Runs on SQLite and PostgreSQL (the worker uses the real database backend of django-tasks)."""

from datetime import timedelta

import pytest
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from katalog.jobs.models import Job
from katalog.jobs.services import job_enqueue, job_retry, recover_jobs
from tests.jobs.handlers import ECHO, FLAKY

pytestmark = pytest.mark.django_db(transaction=True)


def test_enqueue_is_idempotent_and_the_worker_runs_the_job_once(run_worker):
    job, created = job_enqueue(kind=ECHO, key="form-token-1", params={"value": 7})
    again, created_again = job_enqueue(kind=ECHO, key="form-token-1", params={"value": 8})
    assert (created, created_again, again.pk) == (True, False, job.pk)
    assert DBTaskResult.objects.count() == 1  # one task for one request, however often it is sent
    job.refresh_from_db()
    assert job.state == Job.State.QUEUED and job.task_id
    run_worker()
    job.refresh_from_db()
    assert (job.state, job.result, job.attempts, job.rows_saved) == (Job.State.DONE, {"echo": 7}, 1, 3)
    assert DBTaskResult.objects.get().status == "SUCCESSFUL"
    # A task delivered again for a finished job does nothing.
    from katalog.jobs.runner import execute

    assert execute(job.pk) == "not-queued"


def test_a_failed_job_says_why_and_runs_again_when_retried(run_worker):
    job, _ = job_enqueue(kind=FLAKY, key="flaky-1")
    run_worker()
    job.refresh_from_db()
    assert job.state == Job.State.FAILED
    assert job.message == "Kolom harga kosong di baris 7; perbaiki lalu ulangi."
    job_retry(job=job)
    job.refresh_from_db()
    assert (job.state, job.message) == (Job.State.QUEUED, "")
    run_worker()
    job.refresh_from_db()
    assert (job.state, job.attempts, job.result) == (Job.State.DONE, 2, {"ok": True})


def test_a_running_job_whose_worker_stopped_beating_fails_with_a_message_and_can_be_retried(run_worker, settings):
    job, _ = job_enqueue(kind=ECHO, key="stale-1", params={"value": 1})
    now = timezone.now()
    Job.objects.filter(pk=job.pk).update(state=Job.State.RUNNING, heartbeat_at=now, rows_saved=1500)
    DBTaskResult.objects.update(status="RUNNING")
    # Still beating recently: left alone.
    assert recover_jobs(now=now + timedelta(seconds=settings.KATALOG_JOBS["stale_after_seconds"] - 1))["failed"] == 0
    assert recover_jobs(now=now + timedelta(seconds=settings.KATALOG_JOBS["stale_after_seconds"] + 1))["failed"] == 1
    job.refresh_from_db()
    assert job.state == Job.State.FAILED and "1500 baris sudah tersimpan utuh" in job.message
    assert DBTaskResult.objects.get().status == "FAILED"
    job_retry(job=job)
    run_worker()
    job.refresh_from_db()
    assert job.state == Job.State.DONE


def test_a_job_whose_task_was_never_sent_is_sent_by_the_next_recovery(run_worker):
    job, _ = job_enqueue(kind=ECHO, key="unsent-1", params={"value": 2})
    DBTaskResult.objects.all().delete()
    Job.objects.filter(pk=job.pk).update(task_id="", created_at=timezone.now() - timedelta(minutes=5))
    assert recover_jobs()["resent"] == 1
    run_worker()
    job.refresh_from_db()
    assert job.state == Job.State.DONE and job.result == {"echo": 2}

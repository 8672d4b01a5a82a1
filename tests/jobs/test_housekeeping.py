"""Housekeeping of finished jobs, run by `katalog tick`: an export's file is offered for
`export_retention_days`, then the file, its job and its task result are deleted; a job still queued or
running keeps its files whatever their age; a failed job's upload waits `upload_retention_days` for a retry.
Runs on SQLite and PostgreSQL."""

import os
import uuid
from datetime import timedelta

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from katalog.core.roles import Role
from katalog.jobs.errors import JobFailed
from katalog.jobs.kinds import EXPORT_FOLDER
from katalog.jobs.models import Job
from katalog.jobs.schedule import KIND as PERIODIC
from katalog.jobs.services import job_enqueue, job_retry
from tests.factories import make_user
from tests.jobs.handlers import ECHO, EXPORT, FLAKY

pytestmark = pytest.mark.django_db(transaction=True)


def _tick(at) -> str:
    from io import StringIO

    out = StringIO()
    call_command("tick", "--now", at.isoformat(), stdout=out)
    return out.getvalue()


def _finished_export(run_worker, key: str, *, user=None) -> Job:
    job, _new = job_enqueue(kind=EXPORT, key=key, user=user)
    run_worker()
    job.refresh_from_db()
    assert job.state == Job.State.DONE and default_storage.exists(job.result["file"])
    return job


def test_an_export_is_offered_for_the_retention_days_then_tick_deletes_its_file_job_and_task_result(
        client, run_worker, settings):
    settings.KATALOG_JOBS = {**settings.KATALOG_JOBS, "export_retention_days": 7}
    user = make_user(Role.CATALOGUE_MANAGER)
    job = _finished_export(run_worker, "ekspor-1", user=user)
    stored, task_id = job.result["file"], job.task_id
    client.force_login(user)
    page = client.get(reverse("jobs:detail", args=[job.pk])).content.decode()
    until = timezone.localtime(job.finished_at + timedelta(days=7)).strftime("%d-%m-%Y %H:%M")
    assert f"tersedia sampai {until}" in page

    # One second before the seventh day ends: still there and downloadable.
    _tick(job.finished_at + timedelta(days=7, seconds=-1))
    assert default_storage.exists(stored) and Job.objects.filter(pk=job.pk).exists()
    assert client.get(reverse("jobs:download", args=[job.pk])).status_code == 200

    out = _tick(job.finished_at + timedelta(days=7, seconds=1))
    assert "1 ekspor lama (1 berkas)" in out
    assert not default_storage.exists(stored)
    assert not Job.objects.filter(pk=job.pk).exists()
    assert not DBTaskResult.objects.filter(id=task_id).exists()
    assert client.get(reverse("jobs:download", args=[job.pk])).status_code == 404
    assert client.get(reverse("jobs:detail", args=[job.pk])).status_code == 404
    # Idempotent: the next run finds nothing more.
    assert "0 ekspor lama (0 berkas)" in _tick(job.finished_at + timedelta(days=8))


def test_a_queued_or_running_export_keeps_its_files_however_old(run_worker):
    long_ago = timezone.now() - timedelta(days=60)
    # A failed export that left a file behind, retried: queued again, so it keeps its folder.
    retried, _new = job_enqueue(kind=EXPORT, key="ekspor-diulang")
    Job.objects.filter(pk=retried.pk).update(state=Job.State.FAILED, finished_at=long_ago, created_at=long_ago)
    retried_file = default_storage.save(EXPORT_FOLDER.format(pk=retried.pk) + "sebagian.csv", ContentFile(b"x"))
    job_retry(job=Job.objects.get(pk=retried.pk))
    # A job the worker is running now (its finished_at still says when an earlier attempt ended).
    running, _new = job_enqueue(kind=EXPORT, key="ekspor-berjalan")
    Job.objects.filter(pk=running.pk).update(state=Job.State.RUNNING, finished_at=long_ago, started_at=long_ago)
    running_file = default_storage.save(EXPORT_FOLDER.format(pk=running.pk) + "ditulis.csv", ContentFile(b"y"))
    # A failed export left alone, with a file an attempt wrote before failing: that one goes.
    failed, _new = job_enqueue(kind=EXPORT, key="ekspor-gagal")
    Job.objects.filter(pk=failed.pk).update(state=Job.State.FAILED, finished_at=long_ago)
    failed_file = default_storage.save(EXPORT_FOLDER.format(pk=failed.pk) + "sisa.csv", ContentFile(b"z"))

    _tick(timezone.now())

    assert default_storage.exists(retried_file) and default_storage.exists(running_file)
    assert set(Job.objects.values_list("pk", flat=True)) == {retried.pk, running.pk}
    assert not default_storage.exists(failed_file)
    # The retried job still runs to its end, and its new file is there.
    Job.objects.filter(pk=running.pk).update(state=Job.State.DONE)
    run_worker()
    retried.refresh_from_db()
    assert retried.state == Job.State.DONE and default_storage.exists(retried.result["file"])


def test_scheduled_job_records_go_after_the_retention_days_but_import_records_stay(run_worker):
    long_ago = timezone.now() - timedelta(days=30)
    imported, _new = job_enqueue(kind=ECHO, key="impor-lama", params={"value": 1})
    scheduled, _new = job_enqueue(kind=PERIODIC, key="periodic:uji:1", params={"name": "uji"})
    recent, _new = job_enqueue(kind=PERIODIC, key="periodic:uji:2", params={"name": "uji"})
    Job.objects.filter(pk__in=[imported.pk, scheduled.pk]).update(state=Job.State.DONE, finished_at=long_ago)
    Job.objects.filter(pk=recent.pk).update(state=Job.State.DONE, finished_at=timezone.now())
    task_ids = [uuid.UUID(t) for t in Job.objects.values_list("task_id", flat=True)]
    assert len(task_ids) == 3
    DBTaskResult.objects.filter(id__in=task_ids).update(
        status="SUCCESSFUL", finished_at=long_ago)

    out = _tick(timezone.now())

    assert "1 catatan pekerjaan terjadwal" in out
    assert set(Job.objects.values_list("pk", flat=True)) == {imported.pk, recent.pk}
    # The queue's own finished task results older than the cutoff go, whoever's they were.
    assert DBTaskResult.objects.count() == 0


def test_a_failed_jobs_upload_waits_for_a_retry_for_the_retention_days_then_tick_deletes_it(
        client, run_worker, settings):
    settings.KATALOG_JOBS = {**settings.KATALOG_JOBS, "upload_retention_days": 7}
    user = make_user(Role.CATALOGUE_MANAGER)
    job, _new = job_enqueue(kind=FLAKY, key="impor-gagal", user=user,
                            upload=ContentFile(b"nama;harga\nKeripik;18000\n", name="produk.csv"))
    run_worker()
    job.refresh_from_db()
    stored = job.upload
    assert job.state == Job.State.FAILED and default_storage.exists(stored)
    client.force_login(user)
    page = client.get(reverse("jobs:detail", args=[job.pk])).content.decode()
    until = timezone.localtime(job.finished_at + timedelta(days=7)).strftime("%d-%m-%Y %H:%M")
    assert f"Berkas unggahan disimpan sampai {until}" in page and "Ulangi" in page

    _tick(job.finished_at + timedelta(days=7, seconds=-1))
    assert default_storage.exists(stored)

    out = _tick(job.finished_at + timedelta(days=7, seconds=1))
    assert "1 berkas unggahan lama dihapus" in out
    assert not default_storage.exists(stored)
    job.refresh_from_db()
    # The record stays (an import's page lists its rejected rows), and says the file must be sent again.
    assert (job.state, job.upload, job.upload_name) == (Job.State.FAILED, "", "produk.csv")
    page = client.get(reverse("jobs:detail", args=[job.pk])).content.decode()
    assert "sudah dihapus karena lama tidak diulang" in page and "Ulangi" not in page
    with pytest.raises(JobFailed):
        job_retry(job=job)
    assert "0 berkas unggahan lama dihapus" in _tick(job.finished_at + timedelta(days=8))


def test_uploads_of_waiting_jobs_stay_however_old_and_unclaimed_old_uploads_go(run_worker):
    long_ago = timezone.now() - timedelta(days=60)
    queued, _new = job_enqueue(kind=ECHO, key="impor-antre", upload=ContentFile(b"a", name="antre.csv"))
    Job.objects.filter(pk=queued.pk).update(created_at=long_ago, finished_at=long_ago)
    # A job that succeeded but whose upload could not be deleted at the time (storage down): it goes now.
    done, _new = job_enqueue(kind=ECHO, key="impor-selesai", upload=ContentFile(b"b", name="selesai.csv"))
    Job.objects.filter(pk=done.pk).update(state=Job.State.DONE, finished_at=long_ago)
    # Files no job names (the process died between storing the upload and creating its job).
    unclaimed_old = default_storage.save("jobs/2026/01/0123456789abcdef-lama.csv", ContentFile(b"c"))
    unclaimed_new = default_storage.save("jobs/2026/01/fedcba9876543210-baru.csv", ContentFile(b"d"))
    os.utime(default_storage.path(unclaimed_old), (long_ago.timestamp(), long_ago.timestamp()))
    os.utime(default_storage.path(queued.upload), (long_ago.timestamp(), long_ago.timestamp()))

    out = _tick(timezone.now())

    assert "2 berkas unggahan lama dihapus" in out
    assert default_storage.exists(queued.upload) and default_storage.exists(unclaimed_new)
    assert not default_storage.exists(done.upload) and not default_storage.exists(unclaimed_old)
    assert Job.objects.get(pk=done.pk).upload == ""
    # The queued job still runs with its file.
    run_worker()
    assert Job.objects.get(pk=queued.pk).state == Job.State.DONE

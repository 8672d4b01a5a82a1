"""Asking for a job, retrying it, and noticing jobs whose worker died.

Enqueueing is idempotent: the job's `key` (for a web form, its one-time token) is unique, so a double
click, a reload of the POST or two app servers racing create one job and one task. The task is sent
after the job's transaction commits, so a broker-based backend never sees a job id that does not exist;
if the process dies in between, `recover_jobs` (run by every worker each minute) sends it.
"""

from __future__ import annotations

import hashlib
import logging
import re
from datetime import timedelta

from django.core.files.storage import default_storage
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from . import registry
from katalog.core.conflicts import retry_on_conflict

from .errors import Busy, JobFailed
from .models import Job
from .runner import job_settings

logger = logging.getLogger("katalog.jobs")
_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


UPLOAD_DELETED = _lazy("Berkas unggahan pekerjaan ini sudah dihapus karena lama tidak diulang. Unggah ulang "
                       "berkasnya untuk memulai impor baru; baris yang sudah tersimpan tetap tersimpan.")


def upload_deleted(job: Job) -> bool:
    """A job that was given a file whose file housekeeping has since deleted (it cannot run again)."""
    return bool(job.upload_name) and not job.upload


def job_key(*parts) -> str:
    """A stable idempotency key from what identifies one request (kind, person, form token...)."""
    return hashlib.sha256("\x1f".join(str(p) for p in parts).encode()).hexdigest()


def _send(job_id: int) -> None:
    # tasks imports services (the task runs a job): a loop at module level.
    from .tasks import run_job

    result = run_job.enqueue(job_id)
    Job.objects.filter(pk=job_id).update(task_id=str(result.id))


def job_enqueue(*, kind: str, key: str, user=None, params: dict | None = None, upload=None) -> tuple[Job, bool]:
    """The job for `key`, created and queued if it did not exist. Returns (job, created)."""
    registry.get(kind)  # an unknown kind is a programming error, found before anything is stored
    existing = Job.objects.filter(key=key).first()
    if existing is not None:
        return existing, False
    stored, name = "", ""
    if upload is not None:
        name = str(getattr(upload, "name", "") or "berkas")[:255]
        # Streamed to storage chunk by chunk (UploadedFile.chunks), never read whole into memory here.
        stored = default_storage.save(f"jobs/{timezone.now():%Y/%m}/{key[:16]}-{_UNSAFE.sub('_', name)[-80:]}",
                                      upload)
    try:
        job = _job_create(kind=kind, key=key, user=user, params=params or {}, upload=stored, upload_name=name)
    except IntegrityError:
        if stored:
            default_storage.delete(stored)
        return Job.objects.get(key=key), False
    except Busy:
        if stored:
            default_storage.delete(stored)
        raise
    return job, True


@retry_on_conflict(Busy)
def _job_create(*, kind: str, key: str, user, params: dict, upload: str, upload_name: str) -> Job:
    """The job's row, in its own transaction (run again once on a write conflict; the upload is stored once)."""
    with transaction.atomic():
        job = Job.objects.create(kind=kind, key=key, requested_by=user, params=params, upload=upload,
                                 upload_name=upload_name)
        transaction.on_commit(lambda: _send(job.pk))
    return job


@retry_on_conflict(Busy)
def job_retry(*, job: Job) -> Job:
    """Queue a failed job again; it resumes from its checkpoint (what was saved stays saved)."""
    with transaction.atomic():
        job = Job.objects.select_for_update().get(pk=job.pk)
        if job.state != Job.State.FAILED:
            raise JobFailed(_("Hanya pekerjaan yang gagal yang dapat diulang."))
        if upload_deleted(job):
            raise JobFailed(UPLOAD_DELETED)
        job.state, job.message, job.task_id, job.finished_at = Job.State.QUEUED, "", "", None
        job.save(update_fields=["state", "message", "task_id", "finished_at"])
        transaction.on_commit(lambda: _send(job.pk))
    return job


def recover_jobs(*, now=None) -> dict:
    """Fail the running jobs whose worker stopped beating (killed, machine lost), and send the queued
    jobs whose task was never sent. Safe on every worker at once: each change is a guarded UPDATE."""
    now = now or timezone.now()
    settings_ = job_settings()
    stale_before = now - timedelta(seconds=int(settings_["stale_after_seconds"]))
    failed = 0
    for job in Job.objects.filter(state=Job.State.RUNNING, heartbeat_at__lt=stale_before):
        saved = job.rows_saved
        message = _("Pemroses latar berhenti di tengah pekerjaan (misalnya server dimatikan). Tidak ada baris "
                    "yang tersimpan setengah: %(n)s baris sudah tersimpan utuh. Tekan “Ulangi” untuk melanjutkan "
                    "dari baris berikutnya.") % {"n": saved}
        failed += Job.objects.filter(pk=job.pk, state=Job.State.RUNNING, heartbeat_at__lt=stale_before).update(
            state=Job.State.FAILED, message=message, finished_at=now)
        _mark_task_failed(job.task_id)
    resent = 0
    unsent_before = now - timedelta(seconds=60)
    for job_id in Job.objects.filter(state=Job.State.QUEUED, task_id="", created_at__lt=unsent_before) \
            .values_list("pk", flat=True):
        _send(job_id)
        resent += 1
    return {"failed": failed, "resent": resent}


def _mark_task_failed(task_id: str) -> None:
    """The database backend leaves a killed worker's task "running" for ever; close it, for the admin's list."""
    if not task_id:
        return
    try:
        from django_tasks_db.models import DBTaskResult  # only the database backend has it
    except ImportError:  # another backend: nothing of ours to tidy
        return
    DBTaskResult.objects.filter(id=task_id, status="RUNNING").update(status="FAILED", finished_at=timezone.now())

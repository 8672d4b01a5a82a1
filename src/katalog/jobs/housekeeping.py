"""Deleting what finished jobs leave behind, once `export_retention_days` (KATALOG_JOBS) have passed.

An export job's file is offered on its page for that long, then the file, the job and its task result go.
The records of scheduled jobs (a few hundred a day) and the queue's own finished task results go too.
Imports' job records stay: their page is where a person reads the rejected rows of their file.

An uploaded file waits in storage for its job. A job that succeeds deletes it at once (runner.execute); a
failed one keeps it `upload_retention_days`, so "Ulangi" can resume from the checkpoint, and then it goes
(the job's page then asks for the file again). An upload no job names (its process died between storing
the file and creating the job) goes after the same time.

Only a finished job is deleted, and it is checked again under its row lock just before: a job still queued
or running (a failed export retried is queued again) keeps its files, whatever its age. Run by `katalog tick`
(katalog/jobs/periodic.py); idempotent, and safe from several hosts at once.
"""

from __future__ import annotations

import logging
import os
import uuid
from datetime import datetime, timedelta

from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone

from .kinds import EXPORT_FOLDER, export_kinds
from .models import Job
from .runner import job_settings
from .schedule import KIND as PERIODIC_KIND

logger = logging.getLogger("katalog.jobs")
_FINISHED = (Job.State.DONE, Job.State.FAILED)


def retention_cutoff(now: datetime) -> datetime:
    return now - timedelta(days=int(job_settings()["export_retention_days"]))


def _upload_retention() -> timedelta:
    return timedelta(days=int(job_settings()["upload_retention_days"]))


def upload_cutoff(now: datetime) -> datetime:
    return now - _upload_retention()


def upload_expires_at(job: Job) -> datetime | None:
    """When a finished job's uploaded file will be deleted (shown on a failed job's page), if it still has one."""
    if job.finished_at is None or not job.upload:
        return None
    return job.finished_at + _upload_retention()


def expires_at(job: Job) -> datetime | None:
    """When a finished export job's file will be deleted (shown on its page)."""
    if job.finished_at is None:
        return None
    return job.finished_at + timedelta(days=int(job_settings()["export_retention_days"]))


def delete_expired_jobs(*, now: datetime | None = None) -> dict:
    """Delete the export jobs and scheduled jobs that finished before the retention cutoff (with an export's
    files and each job's task result), then every finished task result older than the cutoff.
    Returns how many of each were deleted."""
    now = now or timezone.now()
    cutoff = retention_cutoff(now)
    candidates = Job.objects.filter(kind__in=export_kinds() | {PERIODIC_KIND}, state__in=_FINISHED,
                                    finished_at__lt=cutoff).values_list("pk", flat=True)
    counts = {"exports": 0, "periodic": 0, "files": 0, "task_results": 0, "uploads": 0}
    for pk in list(candidates):
        deleted = _delete_job(pk, cutoff)
        if deleted is None:
            continue
        kind, files = deleted
        counts["periodic" if kind == PERIODIC_KIND else "exports"] += 1
        counts["files"] += files
    counts["task_results"] += _delete_task_results(finished_before=cutoff)
    counts["uploads"] = delete_expired_uploads(now=now)
    return counts


def delete_expired_uploads(*, now: datetime) -> int:
    """Delete the uploads of jobs that finished before the upload cutoff, and uploads no job names that are
    older than it. The job record stays (an import's page lists its rejected rows). Returns files deleted."""
    cutoff = upload_cutoff(now)
    deleted = 0
    candidates = Job.objects.filter(state__in=_FINISHED, finished_at__lt=cutoff).exclude(upload="")
    for pk in list(candidates.values_list("pk", flat=True)):
        with transaction.atomic():
            # Checked again under the lock: "Ulangi" may have queued it since the candidates were read.
            job = Job.objects.select_for_update().filter(pk=pk, state__in=_FINISHED, finished_at__lt=cutoff) \
                .exclude(upload="").first()
            if job is None:
                continue
            # The file first, as for exports: a failure after it leaves a job naming a missing file, which
            # the next run clears and a retry reports in words (runner.JobContext.read_upload).
            if default_storage.exists(job.upload):
                default_storage.delete(job.upload)
                deleted += 1
            Job.objects.filter(pk=pk).update(upload="")
    return deleted + _delete_unclaimed_uploads(cutoff)


def _delete_unclaimed_uploads(cutoff: datetime) -> int:
    """Uploads under jobs/YYYY/MM/ (services.job_enqueue) that no job names, stored before the cutoff. A file
    stored a moment ago whose job is being created is newer than any cutoff, so it is never taken."""
    deleted = 0
    for folder in _upload_folders():
        try:
            _dirs, files = default_storage.listdir(folder)
        except (FileNotFoundError, NotImplementedError):
            continue
        named = set(Job.objects.filter(upload__startswith=folder).values_list("upload", flat=True))
        for name in (folder + file for file in files):
            if name in named:
                continue
            try:
                stored_at = default_storage.get_modified_time(name)
            except (FileNotFoundError, NotImplementedError):
                continue
            if stored_at < cutoff:
                default_storage.delete(name)
                deleted += 1
    return deleted


def _upload_folders() -> list[str]:
    """The month folders uploads are stored in (jobs/2026/05/), not the exports' jobs/hasil/."""
    folders = []
    try:
        years, _files = default_storage.listdir("jobs/")
    except (FileNotFoundError, NotImplementedError):
        return []
    for year in sorted(y for y in years if y.isdigit()):
        try:
            months, _files = default_storage.listdir(f"jobs/{year}/")
        except FileNotFoundError:
            continue
        folders += [f"jobs/{year}/{month}/" for month in sorted(months) if month.isdigit()]
    return folders


def _delete_job(pk: int, cutoff: datetime) -> tuple[str, int] | None:
    with transaction.atomic():
        # Checked again under the lock: a retry may have queued it since the candidates were read.
        job = Job.objects.select_for_update().filter(pk=pk, state__in=_FINISHED, finished_at__lt=cutoff).first()
        if job is None:
            return None
        # Files first: if anything below fails, the job stays and the next run deletes again (a missing
        # file is no error); the other way round a failure would leave a file no job points to.
        files = _delete_export_files(job) if job.kind in export_kinds() else 0
        _delete_task_results(task_id=job.task_id)
        job.delete()
    return job.kind, files


def _delete_export_files(job: Job) -> int:
    folder = EXPORT_FOLDER.format(pk=job.pk)
    names = {job.result.get("file", "")} if isinstance(job.result, dict) else set()
    try:
        _dirs, files = default_storage.listdir(folder)
    except (FileNotFoundError, NotImplementedError):
        files = []
    names |= {folder + name for name in files}
    deleted = 0
    for name in sorted(n for n in names if n):
        if default_storage.exists(name):
            default_storage.delete(name)
            deleted += 1
    # A local disk keeps the job's empty folder; an object store has none. Nothing is read or written here.
    if hasattr(default_storage, "path"):
        try:
            os.rmdir(default_storage.path(folder))
        except (OSError, NotImplementedError):
            pass
    return deleted


def _delete_task_results(*, task_id: str = "", finished_before: datetime | None = None) -> int:
    """The database backend's stored task results (another backend keeps its own, under its own rules)."""
    try:
        from django_tasks_db.models import DBTaskResult  # only the database backend has it
    except ImportError:
        return 0
    if task_id:
        try:
            uuid.UUID(task_id)
        except ValueError:  # an id from another backend
            return 0
        deleted, _detail = DBTaskResult.objects.finished().filter(id=task_id).delete()
        return deleted
    if finished_before is None:
        return 0
    deleted, _detail = DBTaskResult.objects.finished().filter(finished_at__lt=finished_before).delete()
    return deleted

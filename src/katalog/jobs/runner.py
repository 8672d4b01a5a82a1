"""Running one job inside the worker: claim it, keep its heartbeat, record progress, outcome and failure.

A job is claimed under its row lock and only from "queued", so a task delivered twice (a broker's
at-least-once delivery, or a retry racing a stale task) never runs the same job twice at once.
"""

from __future__ import annotations

import logging
import threading
import time

from django.conf import settings
from django.core.files.storage import default_storage
from django.db import close_old_connections, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from . import registry
from .errors import JobFailed, JobTimedOut
from .limits import run_bounded
from .models import Job

logger = logging.getLogger("katalog.jobs")


def job_settings() -> dict:
    return settings.KATALOG_JOBS


class JobContext:
    """What a handler sees of its job."""

    def __init__(self, job: Job):
        self.job = job
        self._last_write = 0.0
        self._deadline = time.monotonic() + int(job_settings()["time_limit_seconds"])

    @property
    def params(self) -> dict:
        return self.job.params

    @property
    def actor(self):
        """The person who asked for the job (their permissions were checked when they asked)."""
        return self.job.requested_by

    @property
    def checkpoint(self) -> dict:
        return dict(self.job.checkpoint)

    def read_upload(self) -> bytes:
        if not self.job.upload or not default_storage.exists(self.job.upload):
            raise JobFailed(_("Berkas yang diunggah sudah tidak ada di penyimpanan. Unggah ulang berkasnya."))
        with default_storage.open(self.job.upload, "rb") as handle:
            return handle.read()

    def check_time(self) -> None:
        if time.monotonic() > self._deadline:
            raise JobTimedOut(_("Pekerjaan melewati batas waktu %(m)s menit dan dihentikan. Bagi berkas menjadi "
                                "beberapa bagian, lalu ulangi.") % {"m": int(job_settings()["time_limit_seconds"]) // 60})

    def progress(self, *, stage: str | None = None, total: int | None = None, checked: int | None = None,
                 saved: int | None = None, errors: int | None = None, force: bool = False) -> None:
        """Record progress (at most a few writes a second: each is one short UPDATE)."""
        self.check_time()
        fields = {"stage": stage, "rows_total": total, "rows_checked": checked, "rows_saved": saved,
                  "error_count": errors}
        changes = {k: v for k, v in fields.items() if v is not None}
        for name, value in changes.items():
            setattr(self.job, name, value)
        now = time.monotonic()
        if not force and stage is None and now - self._last_write < 0.5:
            return
        self._last_write = now
        Job.objects.filter(pk=self.job.pk).update(heartbeat_at=timezone.now(), **{
            k: getattr(self.job, k) for k in ("stage", "rows_total", "rows_checked", "rows_saved", "error_count")})

    def save_checkpoint(self, *, saved: int | None = None, **values) -> None:
        """Record where to resume (and, with `saved`, how many rows are written); call it inside the
        transaction that writes what it describes, so both are exactly what the database holds."""
        if not connection.in_atomic_block:
            raise RuntimeError("save_checkpoint belongs inside the transaction that writes the rows")
        self.job.checkpoint = {**self.job.checkpoint, **values}
        changes = {"checkpoint": self.job.checkpoint, "heartbeat_at": timezone.now()}
        if saved is not None:
            self.job.rows_saved = changes["rows_saved"] = saved
        Job.objects.filter(pk=self.job.pk).update(**changes)


class _Heartbeat(threading.Thread):
    """Marks the job alive every few seconds, so a killed worker's job is recognised as abandoned."""

    def __init__(self, job_id: int):
        super().__init__(daemon=True, name=f"job-{job_id}-heartbeat")
        self.job_id = job_id
        self.stopped = threading.Event()

    def run(self) -> None:
        interval = float(job_settings()["heartbeat_seconds"])
        try:
            while not self.stopped.wait(interval):
                try:
                    Job.objects.filter(pk=self.job_id, state=Job.State.RUNNING).update(heartbeat_at=timezone.now())
                except Exception:  # noqa: BLE001 - a busy database: the next beat tries again
                    logger.warning("heartbeat of job %s missed", self.job_id, exc_info=True)
                    connection.close()
        finally:
            connection.close()


def _claim(job_id: int) -> Job | None:
    with transaction.atomic():
        job = Job.objects.select_for_update().filter(pk=job_id).first()
        if job is None or job.state != Job.State.QUEUED:
            return None
        now = timezone.now()
        job.state, job.attempts, job.started_at, job.heartbeat_at = Job.State.RUNNING, job.attempts + 1, now, now
        job.message, job.finished_at = "", None
        job.save(update_fields=["state", "attempts", "started_at", "heartbeat_at", "message", "finished_at"])
    return job


def _finish(job: Job, *, state: str, message: str = "", result: dict | None = None) -> None:
    Job.objects.filter(pk=job.pk, state=Job.State.RUNNING).update(
        state=state, message=message, result=result if result is not None else job.result,
        finished_at=timezone.now(), heartbeat_at=timezone.now(), stage=job.stage, rows_total=job.rows_total,
        rows_checked=job.rows_checked, rows_saved=job.rows_saved, error_count=job.error_count)


def execute(job_id: int) -> str:
    """Run job `job_id` if it is waiting; returns the state it ended in (or why it did not run)."""
    job = _claim(job_id)
    if job is None:
        return "not-queued"
    handler = registry.get(job.kind)
    heartbeat = _Heartbeat(job.pk)
    heartbeat.start()
    ctx = JobContext(job)
    try:
        result = run_bounded(lambda: handler.run(ctx)) or {}
    except JobFailed as error:
        _finish(job, state=Job.State.FAILED, message=str(error))
        return Job.State.FAILED
    except Exception:
        logger.exception("job %s (%s) failed", job.pk, job.kind)
        _finish(job, state=Job.State.FAILED, message=_(
            "Terjadi kesalahan tak terduga di server; yang sudah tersimpan tetap utuh. Tekan “Ulangi”; bila "
            "terulang, hubungi pengelola katalog."))
        return Job.State.FAILED
    except BaseException:
        # The worker is being stopped (Ctrl+C twice, SIGTERM during a task): say so, then let it stop.
        close_old_connections()
        _finish(job, state=Job.State.FAILED, message=_(
            "Pemroses latar dihentikan saat pekerjaan berjalan; yang sudah tersimpan tetap utuh. Tekan “Ulangi” "
            "untuk melanjutkan."))
        raise
    finally:
        heartbeat.stopped.set()
        heartbeat.join(timeout=5)
    _finish(job, state=Job.State.DONE, result=result)
    if job.upload:
        default_storage.delete(job.upload)
        Job.objects.filter(pk=job.pk).update(upload="")
    return Job.State.DONE

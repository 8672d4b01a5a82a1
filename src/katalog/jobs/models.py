"""A job: one piece of long work asked for by a person (an import, an export), run by `katalog worker`.

The task queue (django-tasks with its database backend) only carries "run job N"; what a person sees
(progress, result, the reason of a failure, the retry button) lives here, so the queue's backend can be
swapped for a broker without losing any of it (docs/operations.md).
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Job(models.Model):
    class State(models.TextChoices):
        QUEUED = "antre", _("Menunggu giliran")
        RUNNING = "berjalan", _("Sedang diproses")
        DONE = "selesai", _("Selesai")
        FAILED = "gagal", _("Gagal")

    # A registered handler name (katalog.jobs.registry), e.g. "catalogue.import_products".
    kind = models.CharField(max_length=60)
    # Idempotency: one job per request (the upload form's token), whatever the number of submits.
    key = models.CharField(max_length=100, unique=True)
    state = models.CharField(max_length=10, choices=State.choices, default=State.QUEUED)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                     related_name="+")
    params = models.JSONField(default=dict, blank=True)
    # The uploaded file waits in Django's storage (never in memory or a bare path) until the job is done.
    upload = models.CharField(max_length=255, blank=True)
    upload_name = models.CharField(max_length=255, blank=True)
    stage = models.CharField(max_length=60, blank=True)
    rows_total = models.PositiveIntegerField(default=0)
    rows_checked = models.PositiveIntegerField(default=0)
    rows_saved = models.PositiveIntegerField(default=0)
    error_count = models.PositiveIntegerField(default=0)
    # Where a handler resumes after a crash; written in the same transaction as the rows it describes.
    checkpoint = models.JSONField(default=dict, blank=True)
    result = models.JSONField(default=dict, blank=True)
    # Why it failed, in words a person can act on (never a traceback).
    message = models.TextField(blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    task_id = models.CharField(max_length=64, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    started_at = models.DateTimeField(null=True, blank=True)
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["state", "heartbeat_at"], name="jobs_job_state_heartbeat")]
        verbose_name = _("pekerjaan latar")
        verbose_name_plural = _("pekerjaan latar")

    def __str__(self):
        return f"{self.kind} #{self.pk}"

    @property
    def finished(self) -> bool:
        return self.state in (self.State.DONE, self.State.FAILED)

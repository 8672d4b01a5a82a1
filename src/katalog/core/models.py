"""Cross-cutting records: the audit trail and the holiday calendar."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from .audit_labels import action_label
from .audit_labels import object_label


class AuditEvent(models.Model):
    """One thing somebody did, kept for ever.

    Append-only: saving an existing event or deleting one raises. Each event
    carries the hash of the one before it, so a removed or edited row breaks
    the chain (`katalog audit verify`). On PostgreSQL triggers also refuse
    UPDATE and DELETE (migration 0002) and TRUNCATE (migration 0003).

    `actor_label` is a pseudonymous reference (`pengguna#12`), covered by the hash from
    `hash_version` 2 on (core/audit.py); `actor_name` is what screens show.
    """

    at = models.DateTimeField(default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    actor_label = models.CharField(max_length=200, blank=True)
    action = models.CharField(max_length=100, db_index=True)
    object_type = models.CharField(max_length=100, blank=True)
    object_id = models.CharField(max_length=64, blank=True)
    before = models.JSONField(null=True, blank=True)
    after = models.JSONField(null=True, blank=True)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64, unique=True)
    # Which fields `hash` covers (core/audit.py event_hash): 1 for events written before version 2.
    hash_version = models.PositiveSmallIntegerField(default=2)

    class Meta:
        ordering = ["id"]
        indexes = [models.Index(fields=["object_type", "object_id"])]
        verbose_name = _("peristiwa audit")
        verbose_name_plural = _("jejak audit")

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_name} {self.action} {self.object_type}#{self.object_id}"

    @property
    def action_label(self) -> str:
        return action_label(self.action)

    @property
    def object_label(self) -> str:
        return object_label(self.object_type, self.object_id)

    @property
    def actor_name(self) -> str:
        """The actor's current user name (pseudonymous after an erasure), or the stored label for the system."""
        if self.actor_id is None:
            return self.actor_label or "sistem"
        return self.actor.get_username()

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise PermissionError("Audit events are append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError("Audit events are append-only.")


class Holiday(models.Model):
    """A national holiday or cuti bersama; weekends are not stored."""

    class Kind(models.TextChoices):
        NATIONAL = "libur", _("Libur nasional")
        JOINT_LEAVE = "cuti_bersama", _("Cuti bersama")

    date = models.DateField(unique=True)
    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.NATIONAL)

    class Meta:
        ordering = ["date"]
        verbose_name = _("hari libur")
        verbose_name_plural = _("hari libur")

    def __str__(self) -> str:
        return f"{self.date:%Y-%m-%d} {self.name}"


class ContentVersion(models.Model):
    """A number that rises whenever something a public page shows changes (core/pagecache.py).

    Kept in the database, not in the cache, so every worker process and every application server sees a change
    at once whichever cache backend it runs: cached pages and fragments carry the number in their key.
    """

    name = models.CharField(max_length=40, primary_key=True)
    value = models.BigIntegerField(default=0)

    class Meta:
        verbose_name = _("versi isi")
        verbose_name_plural = _("versi isi")

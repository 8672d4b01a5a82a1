"""Personal API tokens: how a script acts as its owner through the API (opendata/api)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ApiScope(models.TextChoices):
    READ = "read", _("Baca: melihat data yang boleh Anda lihat")
    WRITE = "write", _("Tulis: melakukan tindakan atas nama Anda")


class ApiToken(models.Model):
    """A token belongs to one person and can never do more than that person can in the pages.

    Only the SHA-256 of the token is stored; the token itself is shown once, when it is created.
    `prefix` (its first characters) lets the owner tell tokens apart. A revoked or expired token,
    or one whose owner is deactivated, no longer works.
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("nama token"), max_length=100)
    prefix = models.CharField(max_length=16, db_index=True)
    token_hash = models.CharField(max_length=64, unique=True)
    scopes = models.JSONField(_("cakupan"), default=list)
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField(_("berlaku sampai"), null=True, blank=True)
    last_used_at = models.DateTimeField(_("terakhir dipakai"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("dicabut pada"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("token API")
        verbose_name_plural = _("token API")
        constraints = [
            models.CheckConstraint(condition=~Q(name=""), name="api_token_name_not_empty"),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    def is_usable(self, now=None) -> bool:
        now = now or timezone.now()
        return (self.revoked_at is None and (self.expires_at is None or self.expires_at > now)
                and self.user.is_active)

    def allows_scope(self, scope: str) -> bool:
        return scope in (self.scopes or [])

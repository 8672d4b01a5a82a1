"""The outbox: every notice to a person, one row per channel and address, with its delivery state.

A notice is written in the same transaction as the change it tells of, and sent afterwards by the
worker (`katalog send-notices`, every minute from the schedule). A failed attempt is retried with a
growing pause (KATALOG_NOTICES["backoff_minutes"]); after the last one the row stays "gagal" with its
error, for the recipient's notification list and the administrator's outbox page.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Channel(models.TextChoices):
    EMAIL = "email", _("Surel")
    WHATSAPP = "whatsapp", _("WhatsApp")


class Delivery(models.Model):
    class State(models.TextChoices):
        PENDING = "menunggu", _("Menunggu dikirim")
        SENT = "terkirim", _("Terkirim")
        FAILED = "gagal", _("Gagal dikirim")

    channel = models.CharField(max_length=10, choices=Channel.choices)
    # An e-mail address, or a phone number in E.164 form (+6281234567890).
    address = models.CharField(max_length=254)
    kind = models.CharField(max_length=40)
    subject = models.CharField(max_length=200)
    body = models.TextField()
    # Absolute link (KATALOG_SITE_URL + path), or empty.
    link = models.CharField(max_length=500, blank=True)
    supplier = models.ForeignKey("suppliers.Supplier", null=True, blank=True, on_delete=models.CASCADE,
                                 related_name="+")
    notification = models.ForeignKey("suppliers.Notification", null=True, blank=True, on_delete=models.SET_NULL,
                                     related_name="deliveries")
    # A notice to a member of staff (an order waiting for their approval or signature), not to a business.
    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE,
                                  related_name="+")
    # Once-only notices (a reminder per order and deadline) carry a key; the database refuses a second one.
    key = models.CharField(max_length=150, null=True, blank=True, unique=True)
    state = models.CharField(max_length=10, choices=State.choices, default=State.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField(default=timezone.now)
    last_error = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["state", "next_attempt_at"], name="notices_delivery_due")]
        verbose_name = _("kiriman pemberitahuan")
        verbose_name_plural = _("kiriman pemberitahuan")

    def __str__(self):
        return f"{self.channel} {self.kind} #{self.pk}"

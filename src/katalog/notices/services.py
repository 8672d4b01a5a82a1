"""Writing notices into the outbox, and delivering the ones that are due (with retries and backoff)."""

from __future__ import annotations

import logging
from datetime import timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .channels import SENDERS, DeliveryError
from .models import Channel, Delivery
from katalog.core.phone import to_e164

logger = logging.getLogger("katalog.notices")


def site_link(path: str) -> str:
    """An absolute link for a notice read outside the site (KATALOG_SITE_URL + path)."""
    if not path:
        return ""
    if path.startswith(("http://", "https://")):
        return path
    return settings.KATALOG_SITE_URL.rstrip("/") + "/" + path.lstrip("/")


def supplier_addresses(supplier) -> list[tuple[str, str]]:
    """(channel, address) for every way the business asked to be told: its e-mail and its people's, and
    WhatsApp when the installation offers it and the business consented, on its number in E.164 form."""
    emails = sorted({e.lower() for e in [supplier.email, *supplier.people.filter(is_active=True)
                                         .values_list("email", flat=True)] if e})
    out = [(Channel.EMAIL, e) for e in emails]
    if settings.KATALOG_WHATSAPP["enabled"] and whatsapp_consented(supplier):
        phone = to_e164(supplier.phone)
        if phone:
            out.append((Channel.WHATSAPP, phone))
    return out


def whatsapp_consented(supplier) -> bool:
    """The business consented to WhatsApp (a consent on record, not withdrawn since: UU 27/2022 Pasal 22, 24,
    40). Read off the supplier row (suppliers/consent.py writes it); this floor does not import suppliers."""
    return bool(getattr(supplier, "notify_whatsapp", False) and getattr(supplier, "whatsapp_consent_at", None)
                and getattr(supplier, "whatsapp_consent_withdrawn_at", None) is None)


def queue_supplier_notice(*, supplier, kind: str, subject: str, body: str, link_path: str = "",
                          notification=None, key: str | None = None, now=None) -> list[Delivery]:
    """One outbox row per channel and address, in the caller's transaction; sent after it commits.
    With `key`, a notice already queued under that key is not queued again (reminders)."""
    created = []
    now = now or timezone.now()
    for channel, address in supplier_addresses(supplier):
        row_key = f"{key}:{channel}:{address}"[:150] if key else None
        if row_key and Delivery.objects.filter(key=row_key).exists():
            continue
        try:
            with transaction.atomic():
                created.append(Delivery.objects.create(
                    channel=channel, address=address, kind=kind, subject=subject[:200], body=body,
                    link=site_link(link_path), supplier=supplier, notification=notification, key=row_key,
                    created_at=now, next_attempt_at=now))
        except IntegrityError:
            continue  # queued meanwhile by another process: once is enough
    if created:
        transaction.on_commit(_wake_worker)
    return created


def queue_staff_notice(*, user, kind: str, subject: str, body: str, link_path: str = "", key: str | None = None,
                       now=None) -> list[Delivery]:
    """An e-mail to a member of staff (an order waiting for their approval or signature), through the same
    outbox, retries and administrator's view as a business's notices. Nothing when they have no address."""
    now = now or timezone.now()
    address = (user.email or "").strip().lower()
    if not address or not user.is_active:
        return []
    row_key = f"{key}:{Channel.EMAIL}:{address}"[:150] if key else None
    if row_key and Delivery.objects.filter(key=row_key).exists():
        return []
    try:
        with transaction.atomic():
            delivery = Delivery.objects.create(
                channel=Channel.EMAIL, address=address, kind=kind, subject=subject[:200], body=body,
                link=site_link(link_path), recipient=user, key=row_key, created_at=now, next_attempt_at=now)
    except IntegrityError:
        return []
    transaction.on_commit(_wake_worker)
    return [delivery]


def _wake_worker() -> None:
    """Ask the worker to send now rather than at the next scheduled round (best effort)."""
    # tasks imports services (the task delivers): a loop at module level.
    from .tasks import send_notices

    try:
        send_notices.enqueue()
    except Exception:  # noqa: BLE001 - the schedule sends it within a minute anyway
        logger.warning("could not queue the notice sender", exc_info=True)


def deliver_due(*, now=None, limit: int = 200) -> dict:
    """Send the notices that are due. Each is leased (its next attempt pushed forward) in a short
    transaction before sending, so two workers never send the same row at once; a worker killed while
    sending leaves the row to be retried when the lease ends (at-least-once)."""
    now = now or timezone.now()
    config = settings.KATALOG_NOTICES
    backoff = [int(m) for m in config["backoff_minutes"]]
    with transaction.atomic():
        ids = list(Delivery.objects.select_for_update(skip_locked=True)
                   .filter(state=Delivery.State.PENDING, next_attempt_at__lte=now)
                   .order_by("next_attempt_at", "id").values_list("pk", flat=True)[:limit])
        Delivery.objects.filter(pk__in=ids).update(next_attempt_at=now + timedelta(minutes=int(config["lease_minutes"])))
    counts = {"sent": 0, "retrying": 0, "failed": 0, "withdrawn": 0}
    for delivery in Delivery.objects.filter(pk__in=ids).select_related("supplier").order_by("id"):
        attempts = delivery.attempts + 1
        withdrawn = delivery.supplier_id and not whatsapp_consented(delivery.supplier)
        if delivery.channel == Channel.WHATSAPP and withdrawn:
            # Consent withdrawn after the notice was queued: processing stops (UU 27/2022 Pasal 40 ayat (1)).
            Delivery.objects.filter(pk=delivery.pk).update(
                state=Delivery.State.FAILED, attempts=attempts,
                last_error=_("Tidak dikirim: persetujuan WhatsApp sudah dicabut."))
            counts["withdrawn"] += 1
            continue
        try:
            SENDERS[delivery.channel](delivery)
        except DeliveryError as error:
            if attempts > len(backoff):
                Delivery.objects.filter(pk=delivery.pk).update(
                    state=Delivery.State.FAILED, attempts=attempts, last_error=str(error))
                counts["failed"] += 1
            else:
                Delivery.objects.filter(pk=delivery.pk).update(
                    attempts=attempts, last_error=str(error),
                    next_attempt_at=now + timedelta(minutes=backoff[attempts - 1]))
                counts["retrying"] += 1
            continue
        Delivery.objects.filter(pk=delivery.pk).update(state=Delivery.State.SENT, attempts=attempts, sent_at=now,
                                                       last_error="")
        counts["sent"] += 1
    return counts


def delivery_retry(*, delivery: Delivery) -> None:
    """The administrator sends a failed notice again (after fixing an address or the SMTP settings)."""
    Delivery.objects.filter(pk=delivery.pk, state=Delivery.State.FAILED).update(
        state=Delivery.State.PENDING, next_attempt_at=timezone.now())
    transaction.on_commit(_wake_worker)

"""In-app notifications to a supplier (with copies through the outbox: e-mail, WhatsApp) and marking them read."""

from django.utils import timezone

from ..models import Notification, Supplier


def notify_supplier(*, supplier: Supplier, title: str, body: str = "", link: str = "", base_url: str = "",
                    kind: str = "supplier") -> Notification:
    """In-app notification, and a copy on every channel the business chose, queued in the outbox in the same
    transaction (katalog.notices; links are made absolute from KATALOG_SITE_URL). `base_url` is no longer
    needed and kept for callers that still pass it."""
    from katalog.notices.services import queue_supplier_notice

    note = Notification.objects.create(supplier=supplier, title=title, body=body, link=link)
    queue_supplier_notice(supplier=supplier, kind=kind, subject=title, body=body, link_path=link, notification=note)
    return note


def notifications_mark_read(*, supplier: Supplier, actor) -> int:
    return Notification.objects.filter(supplier=supplier, read_at__isnull=True).update(read_at=timezone.now())

"""In-app notifications to a supplier (with copies through the outbox: e-mail, WhatsApp) and marking them read."""

from django.utils import timezone

from katalog.core.texts import in_default_language

from ..models import Notification, Supplier
from katalog.notices.services import queue_supplier_notice


def notify_supplier(*, supplier: Supplier, title, body="", link: str = "", base_url: str = "",
                    kind: str = "supplier") -> Notification:
    """In-app notification, and a copy on every channel the business chose, queued in the outbox in the same
    transaction (katalog.notices; links are made absolute from KATALOG_SITE_URL). `base_url` is no longer
    needed and kept for callers that still pass it."""
    note = create_notification(supplier_id=supplier.pk, title=title, body=body, link=link)
    queue_supplier_notice(supplier=supplier, kind=kind, subject=note.title, body=note.body, link_path=link,
                          notification=note)
    return note


def create_notification(*, supplier_id: int, title, body="", link: str = "", **fields) -> Notification:
    """`title` and `body` are plain text or stored sentences (core.texts.text): those are shown in the reader's
    language, and kept in Bahasa Indonesia in `title`/`body` for e-mail and WhatsApp."""
    return Notification.objects.create(
        supplier_id=supplier_id, link=link, **fields,
        title=in_default_language(title)[:200], body=in_default_language(body),
        title_text=title if isinstance(title, dict) else None, body_text=body if isinstance(body, dict) else None,
    )


def notifications_mark_read(*, supplier: Supplier, actor) -> int:
    return Notification.objects.filter(supplier=supplier, read_at__isnull=True).update(read_at=timezone.now())

"""In-app notifications to a supplier (with the e-mail copy sent after commit) and marking them read."""

from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone

from ..models import Notification, Supplier


def notify_supplier(*, supplier: Supplier, title: str, body: str = "", link: str = "", base_url: str = "") -> Notification:
    """In-app notification, and an e-mail to the business and its people once the transaction commits."""
    note = Notification.objects.create(supplier=supplier, title=title, body=body, link=link)
    recipients = sorted({
        e.lower() for e in [supplier.email, *supplier.people.filter(is_active=True).values_list("email", flat=True)] if e
    })
    if recipients:
        url = f"{base_url.rstrip('/')}{link}" if base_url and link else link
        message = "\n\n".join(part for part in [body, url] if part)
        transaction.on_commit(
            lambda: send_mail(f"[Katalog Lokal] {title}", message, None, recipients, fail_silently=True)
        )
    return note


def notifications_mark_read(*, supplier: Supplier, actor) -> int:
    return Notification.objects.filter(supplier=supplier, read_at__isnull=True).update(read_at=timezone.now())

"""Supplier documents: adding and removing uploads, and the daily expiry reminders."""

import datetime

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from katalog.core.audit import record_event

from .. import selectors
from ..models import Supplier, SupplierDocument
from ..states import SupplierStatus
from ._common import SupplierError, _rules
from .notifications import notify_supplier


def document_add(*, supplier: Supplier, actor, kind: str, upload, content_type: str, extension: str,
                 number: str = "", tkdn_value=None, expires_on=None) -> SupplierDocument:
    """Store a checked upload under a random name (documents.check_upload decided its type by content)."""
    if supplier.status == SupplierStatus.REJECTED:
        raise SupplierError(_("Usaha yang ditolak tidak dapat menambah dokumen."))
    upload.name = f"dokumen.{extension}"
    with transaction.atomic():
        document = SupplierDocument.objects.create(
            supplier=supplier, kind=kind, file=upload, content_type=content_type, size=upload.size,
            number=number, tkdn_value=tkdn_value, expires_on=expires_on, uploaded_by=actor,
        )
        record_event(actor=actor, action="supplier.document_added", obj=supplier,
                     after={"document": document.pk, "kind": kind, "content_type": content_type, "size": upload.size})
    return document


def document_remove(*, document: SupplierDocument, actor) -> None:
    supplier = document.supplier
    if supplier.status == SupplierStatus.IN_REVIEW:
        raise SupplierError(_("Dokumen tidak dapat dihapus selama data sedang diperiksa."))
    with transaction.atomic():
        record_event(actor=actor, action="supplier.document_removed", obj=supplier,
                     before={"document": document.pk, "kind": document.kind})
        storage, name = document.file.storage, document.file.name
        document.delete()
        transaction.on_commit(lambda: storage.delete(name))


def send_document_expiry_reminders(today: datetime.date | None = None) -> int:
    """Remind suppliers of documents expiring within `document_expiry_reminder_days`, and once more when expired.

    Meant for `katalog tick` (daily). Each stage ("soon", "expired") is sent once per document,
    so running it twice on a day sends nothing new. Returns the number of reminders sent.
    """
    today = today or timezone.localdate()
    days = _rules("document_expiry_reminder_days")
    sent = 0
    for due in selectors.documents_due_reminder(today=today, days=days):
        stage = "expired" if due.expires_on < today else "soon"
        with transaction.atomic():
            # Re-read under a row lock: two runs at once send each reminder once.
            document = SupplierDocument.objects.select_for_update().select_related("supplier").get(pk=due.pk)
            if document.reminder_stage == stage:
                continue
            if stage == "expired":
                title = _("%(doc)s sudah habis masa berlakunya") % {"doc": document.get_kind_display()}
                body = _("Berlaku sampai %(date)s. Unggah dokumen yang baru agar usaha Anda tetap siap menjual.")
            else:
                title = _("%(doc)s segera habis masa berlakunya") % {"doc": document.get_kind_display()}
                body = _("Berlaku sampai %(date)s. Perpanjang dan unggah dokumen yang baru sebelum tanggal itu.")
            notify_supplier(supplier=document.supplier, title=title,
                            body=body % {"date": document.expires_on.strftime("%d-%m-%Y")},
                            link=reverse("suppliers:document_list", args=[document.supplier_id]),
                            base_url=getattr(settings, "KATALOG_SITE_URL", ""))
            document.reminder_stage = stage
            document.save(update_fields=["reminder_stage"])
            record_event(actor=None, action="supplier.document_expiry_reminded", obj=document.supplier,
                         after={"document": document.pk, "stage": stage})
        sent += 1
    return sent

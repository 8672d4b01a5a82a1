"""Supplier documents: adding and removing uploads, and the daily expiry reminders."""

import datetime

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from katalog.core.texts import label, text

from katalog.core.audit import record_event
from katalog.core.conflicts import retry_on_conflict

from .. import selectors
from ..models import DocumentKind, Supplier, SupplierDocument
from ..states import SupplierStatus
from ._common import Busy, SupplierError, _rules
from .notifications import notify_supplier


@retry_on_conflict(Busy)
def document_add(*, supplier: Supplier, actor, kind: str, upload, content_type: str, extension: str,
                 number: str = "", tkdn_value=None, expires_on=None) -> SupplierDocument:
    """Store a checked upload under a random name (documents.check_upload decided its type by content)."""
    if supplier.status == SupplierStatus.REJECTED:
        raise SupplierError(_("Usaha yang ditolak tidak dapat menambah dokumen."))
    upload.name = f"dokumen.{extension}"
    document = SupplierDocument(
        supplier=supplier, kind=kind, file=upload, content_type=content_type, size=upload.size,
        number=number, tkdn_value=tkdn_value, expires_on=expires_on, uploaded_by=actor,
    )
    try:
        with transaction.atomic():
            document.save()
            record_event(actor=actor, action="supplier.document_added", obj=supplier,
                         after={"document": document.pk, "kind": kind, "content_type": content_type,
                                "size": upload.size})
    except BaseException:
        # The file is written before its row; a row that was rolled back (a write conflict that is then run
        # again, a refused value) must not leave an identity document behind that nothing points at.
        if document.file.name and document.file.name != upload.name:
            document.file.storage.delete(document.file.name)
        raise
    return document


@retry_on_conflict(Busy)
def document_remove(*, document: SupplierDocument, actor) -> None:
    supplier = document.supplier
    if supplier.status == SupplierStatus.IN_REVIEW:
        raise SupplierError(_("Dokumen tidak dapat dihapus selama data sedang diperiksa."))
    with transaction.atomic():
        # Lock order (core/conflicts.py): the row being removed, then the audit chain's lock.
        document = SupplierDocument.objects.select_for_update(of=("self",)).get(pk=document.pk)
        pk, kind = document.pk, document.kind
        storage, name = document.file.storage, document.file.name
        document.delete()
        record_event(actor=actor, action="supplier.document_removed", obj=supplier,
                     before={"document": pk, "kind": kind})
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
            document = (SupplierDocument.objects.select_for_update(of=("self",), no_key=True)
                        .select_related("supplier").get(pk=due.pk))
            if document.reminder_stage == stage:
                continue
            if stage == "expired":
                title = gettext_noop("%(doc)s sudah habis masa berlakunya")
                body = gettext_noop("Berlaku sampai %(date)s. Unggah dokumen yang baru agar usaha Anda tetap siap "
                                    "menjual.")
            else:
                title = gettext_noop("%(doc)s segera habis masa berlakunya")
                body = gettext_noop("Berlaku sampai %(date)s. Perpanjang dan unggah dokumen yang baru sebelum "
                                    "tanggal itu.")
            kind = label(DocumentKind(document.kind).label)
            notify_supplier(supplier=document.supplier, title=text(title, doc=kind),
                            body=text(body, date=document.expires_on.strftime("%d-%m-%Y")),
                            link=reverse("suppliers:document_list", args=[document.supplier_id]),
                            base_url=getattr(settings, "KATALOG_SITE_URL", ""))
            document.reminder_stage = stage
            document.save(update_fields=["reminder_stage"])
            record_event(actor=None, action="supplier.document_expiry_reminded", obj=document.supplier,
                         after={"document": document.pk, "stage": stage})
        sent += 1
    return sent

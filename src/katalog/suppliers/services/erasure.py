"""Erasing the personal data of rejected registrations once their retention period has passed (UU 27/2022)."""

import datetime

from django.db import transaction
from django.utils import timezone

from katalog.agencies.services import two_factor_reset, user_deactivate
from katalog.core.audit import record_event

from ..models import Supplier
from ..states import SupplierStatus
from ._common import _lock, _rules

ERASED_NAME = "(data dihapus)"


def erase_rejected_registrations(today: datetime.date | None = None) -> int:
    """Erase every registration rejected more than `rejected_registration_days` ago that never traded.

    A business that has orders is a contract party: its records stay under the archive rules (the
    letters hold its name and NPWP by law), so only registrations without any order are erased.
    Returns how many were erased; run daily by `katalog tick`.
    """
    today = today or timezone.localdate()
    days = _rules("rejected_registration_days")
    cutoff = timezone.make_aware(datetime.datetime.combine(today - datetime.timedelta(days=days), datetime.time.min))
    due = (Supplier.objects.filter(status=SupplierStatus.REJECTED, status_changed_at__lt=cutoff,
                                   personal_data_erased_at__isnull=True)
           .exclude(orders__isnull=False).values_list("pk", flat=True))
    erased = 0
    for pk in list(due):
        erase_supplier_personal_data(supplier=Supplier.objects.get(pk=pk), reason="retention")
        erased += 1
    return erased


def erase_supplier_personal_data(*, supplier: Supplier, reason: str) -> Supplier:
    """Blank the owner's identity, contact and bank details, delete the uploaded documents and the messages,
    and close the people's accounts (deactivated, sessions ended, names and contacts blanked). The row stays,
    so the audit trail's references and the rejection decision keep their meaning."""
    files = []
    with transaction.atomic():
        supplier = _lock(supplier)
        for document in supplier.documents.all():
            files.append((document.file.storage, document.file.name))
        supplier.documents.all().delete()
        supplier.notifications.all().delete()
        for person in supplier.people.all():
            two_factor_reset(user=person, actor=None, reason="erasure")
            user_deactivate(user=person, actor=None, reason="erasure")  # ends every session too
            person.username = f"dihapus-{person.pk}"
            person.full_name = ERASED_NAME
            person.first_name = person.last_name = person.email = person.phone = ""
            person.set_unusable_password()
            person.save()
        supplier.name = f"{ERASED_NAME} #{supplier.pk}"
        supplier.owner_name = ERASED_NAME
        supplier.owner_nik = ""
        supplier.nib = supplier.npwp = None
        supplier.address = supplier.phone = supplier.email = ""
        supplier.bank_name = supplier.bank_account_number = supplier.bank_account_holder = ""
        supplier.village = None
        supplier.public_snapshot = None
        supplier.revision_reasons = {}
        supplier.email_verified_at = None
        supplier.personal_data_erased_at = timezone.now()
        supplier.save()
        record_event(actor=None, action="supplier.personal_data_erased", obj=supplier, after={"reason": reason})
        transaction.on_commit(lambda: [storage.delete(name) for storage, name in files if name])
    return supplier

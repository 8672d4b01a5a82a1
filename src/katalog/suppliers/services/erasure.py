"""Erasing the personal data of rejected registrations once their retention period has passed (UU 27/2022)."""

import datetime

from django.db import transaction
from django.utils import timezone

from katalog.agencies.models import RecoveryCode, TwoFactorDevice
from katalog.agencies.services import sessions_end
from katalog.core.audit import record_event
from katalog.core.conflicts import retry_on_conflict

from ..consent import whatsapp_consent_set
from ..models import Supplier
from ..states import SupplierStatus
from ._common import Busy, _lock, _rules

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


@retry_on_conflict(Busy)
def erase_supplier_personal_data(*, supplier: Supplier, reason: str) -> Supplier:
    """Blank the owner's identity, contact and bank details, delete the uploaded documents and the messages,
    and close the people's accounts (deactivated, sessions ended, names and contacts blanked). The row stays,
    so the audit trail's references and the rejection decision keep their meaning."""
    files = []
    with transaction.atomic():
        # Lock order (core/conflicts.py): the business's row, then its people's rows in id order; every audit
        # event after the last change (as agencies' two_factor_reset and user_deactivate would record them).
        supplier = _lock(supplier)
        people = list(supplier.people.select_for_update(no_key=True).order_by("pk"))
        events = []
        for document in supplier.documents.all():
            files.append((document.file.storage, document.file.name))
        supplier.documents.all().delete()
        supplier.notifications.all().delete()
        for person in people:
            TwoFactorDevice.objects.filter(user=person).delete()
            RecoveryCode.objects.filter(user=person).delete()
            ended = sessions_end(user=person)
            events.append(dict(actor=None, action="account.2fa_reset", obj=person,
                               after={"sessions_ended": ended, "reason": "erasure"}))
            events.append(dict(actor=None, action="account.deactivate", obj=person,
                               before={"is_active": person.is_active},
                               after={"is_active": False, "sessions_ended": 0, "reason": "erasure"}))
            person.is_active = False
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
        whatsapp_consent_set(supplier, consents=False, now=timezone.now())  # no number left to send to
        supplier.bank_name = supplier.bank_account_number = supplier.bank_account_holder = ""
        supplier.village = None
        supplier.public_snapshot = None
        supplier.revision_reasons = {}
        supplier.email_verified_at = None
        supplier.personal_data_erased_at = timezone.now()
        supplier.save()
        for event in events:
            record_event(**event)
        record_event(actor=None, action="supplier.personal_data_erased", obj=supplier, after={"reason": reason})
        transaction.on_commit(lambda: [storage.delete(name) for storage, name in files if name])
    return supplier

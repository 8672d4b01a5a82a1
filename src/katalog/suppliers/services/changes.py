"""Changing a supplier's data, sending a verified supplier back to review when reviewed fields change."""

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from katalog.core.texts import joined, label, text

from katalog.core.audit import record_event
from katalog.core.conflicts import retry_on_conflict

from ..consent import whatsapp_consent_set
from ..models import Supplier
from ..states import MACHINE, Action, EDITABLE_STATUSES, SupplierStatus, changed_review_fields
from ._common import Busy, SupplierError, _check_unique, _lock, _region_objects
from .email_check import email_verification_send
from .notifications import notify_supplier


EDITABLE_FIELDS = (
    "name", "owner_name", "owner_nik", "nib", "npwp", "is_pkp", "scale", "is_cooperative", "kbli_codes",
    "address", "regency", "district", "village", "phone", "email",
    "bank_name", "bank_account_number", "bank_account_holder", "notify_whatsapp",
)


@retry_on_conflict(Busy)
def supplier_update(*, supplier: Supplier, actor, business: dict, address: dict, contact: dict,
                    base_url: str = "") -> tuple[Supplier, list[str]]:
    """Save changed data. On a verified supplier, a change to payment, tax, location or public data
    sends it back to review (issue #3); the public page keeps the last verified version meanwhile.
    Returns the supplier and the names of the fields that changed.
    """
    regency, district, village = _region_objects(address)
    values = {
        **{k: business.get(k) for k in ("name", "owner_name", "owner_nik", "is_pkp", "scale",
                                          "is_cooperative", "kbli_codes")},
        "nib": business.get("nib") or None, "npwp": business.get("npwp") or None, "address": address.get("address", ""),
        "regency": regency, "district": district, "village": village,
        **{k: contact.get(k, "") for k in ("phone", "email", "bank_name", "bank_account_number", "bank_account_holder")},
        # Unchanged when the form did not offer the choice (WhatsApp not enabled on this installation).
        "notify_whatsapp": bool(contact.get("notify_whatsapp", supplier.notify_whatsapp)),
    }
    _check_unique(business=business, username=None, exclude_pk=supplier.pk)
    try:
        with transaction.atomic():
            supplier = _lock(supplier)
            if supplier.status not in EDITABLE_STATUSES:
                raise SupplierError(_("Data tidak dapat diubah saat berstatus “%(status)s”.")
                                    % {"status": supplier.get_status_display()})
            if supplier.has_nib and not values["nib"]:
                # Verification and selling rest on the NIB (supplier_verify): once recorded it is corrected, never
                # removed, so a verified business cannot become "belum ber-NIB".
                raise SupplierError(_("NIB yang sudah tercatat tidak dapat dihapus. Bila nomornya salah, ketik "
                                      "nomor yang benar."))
            changed = [name for name in EDITABLE_FIELDS if getattr(supplier, name) != values[name]]
            if not changed:
                return supplier, []
            before_nib = supplier.nib
            consent = whatsapp_consent_set(supplier, consents=values["notify_whatsapp"], now=timezone.now())
            for name in changed:
                setattr(supplier, name, values[name])
            if "email" in changed:
                supplier.email_verified_at = None
            before_status = supplier.status
            reopened = supplier.status == SupplierStatus.VERIFIED and changed_review_fields(changed)
            if reopened:
                # A move that follows from the edit: the table is checked here, the edit saved and audited below.
                now = timezone.now()
                MACHINE.move(supplier, Action.REOPEN, actor.role, now, refused=SupplierError)
                supplier.submitted_at = now
                supplier.reviewer = None
            supplier.save()
            recorded = {"status": supplier.status, "fields": changed}
            if "nib" in changed and not before_nib:
                recorded["nib_added"] = True  # a "belum ber-NIB" business got its NIB: verification can go ahead
            record_event(actor=actor, action="supplier.updated", obj=supplier,
                         before={"status": before_status},
                         after={**recorded, **({"whatsapp_consent": consent} if consent else {})})
            by_officer = getattr(actor, "supplier_id", None) != supplier.pk
            if reopened or by_officer:
                title = text(gettext_noop("Data usaha berubah dan diperiksa ulang") if reopened
                             else gettext_noop("Data usaha Anda diubah oleh pendamping UMKM"))
                body = joined(
                    text(gettext_noop("Bagian yang berubah: %(parts)s."),
                         parts=[label(Supplier._meta.get_field(n).verbose_name) for n in changed]),
                    text(gettext_noop("Halaman publik tetap menampilkan data terverifikasi terakhir sampai "
                                      "pemeriksaan selesai.")) if reopened else None,
                )
                notify_supplier(supplier=supplier, base_url=base_url, title=title, body=body,
                                link=reverse("suppliers:supplier_detail", args=[supplier.pk]))
            if "email" in changed and supplier.email:
                email_verification_send(supplier=supplier, base_url=base_url)
    except IntegrityError:
        _check_unique(business=business, username=None, exclude_pk=supplier.pk)
        raise
    return supplier, changed

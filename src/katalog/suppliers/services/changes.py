"""Changing a supplier's data, sending a verified supplier back to review when reviewed fields change."""

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from katalog.core.audit import record_event

from ..models import Supplier
from ..states import Action, EDITABLE_STATUSES, SupplierStatus, changed_review_fields
from ._common import SupplierError, _check_unique, _lock, _region_objects, _set_status, _transition
from .email_check import email_verification_send
from .notifications import notify_supplier


EDITABLE_FIELDS = (
    "name", "owner_name", "owner_nik", "nib", "npwp", "is_pkp", "scale", "is_cooperative", "kbli_codes",
    "address", "regency", "district", "village", "phone", "email",
    "bank_name", "bank_account_number", "bank_account_holder",
)


def supplier_update(*, supplier: Supplier, actor, business: dict, address: dict, contact: dict,
                    base_url: str = "") -> tuple[Supplier, list[str]]:
    """Save changed data. On a verified supplier, a change to payment, tax, location or public data
    sends it back to review (issue #3); the public page keeps the last verified version meanwhile.
    Returns the supplier and the names of the fields that changed.
    """
    regency, district, village = _region_objects(address)
    values = {
        **{k: business.get(k) for k in ("name", "owner_name", "owner_nik", "nib", "is_pkp", "scale",
                                          "is_cooperative", "kbli_codes")},
        "npwp": business.get("npwp") or None, "address": address.get("address", ""),
        "regency": regency, "district": district, "village": village,
        **{k: contact.get(k, "") for k in ("phone", "email", "bank_name", "bank_account_number", "bank_account_holder")},
    }
    _check_unique(business=business, username=None, exclude_pk=supplier.pk)
    try:
        with transaction.atomic():
            supplier = _lock(supplier)
            if supplier.status not in EDITABLE_STATUSES:
                raise SupplierError(_("Data tidak dapat diubah saat berstatus “%(status)s”.")
                                    % {"status": supplier.get_status_display()})
            changed = [name for name in EDITABLE_FIELDS if getattr(supplier, name) != values[name]]
            if not changed:
                return supplier, []
            for name in changed:
                setattr(supplier, name, values[name])
            if "email" in changed:
                supplier.email_verified_at = None
            before_status = supplier.status
            reopened = supplier.status == SupplierStatus.VERIFIED and changed_review_fields(changed)
            if reopened:
                _before, after = _transition(supplier=supplier, actor=actor, action=Action.REOPEN)
                now = timezone.now()
                _set_status(supplier, after, now)
                supplier.submitted_at = now
                supplier.reviewer = None
            supplier.save()
            record_event(actor=actor, action="supplier.updated", obj=supplier,
                         before={"status": before_status}, after={"status": supplier.status, "fields": changed})
            by_officer = getattr(actor, "supplier_id", None) != supplier.pk
            if reopened or by_officer:
                title = (_("Data usaha berubah dan diperiksa ulang") if reopened
                         else _("Data usaha Anda diubah oleh pendamping UMKM"))
                body = _("Bagian yang berubah: %(parts)s.") % {"parts": ", ".join(str(Supplier._meta.get_field(n).verbose_name) for n in changed)}
                if reopened:
                    body += " " + _("Halaman publik tetap menampilkan data terverifikasi terakhir sampai pemeriksaan selesai.")
                notify_supplier(supplier=supplier, base_url=base_url, title=title, body=body,
                                link=reverse("suppliers:supplier_detail", args=[supplier.pk]))
            if "email" in changed and supplier.email:
                email_verification_send(supplier=supplier, base_url=base_url)
    except IntegrityError:
        _check_unique(business=business, username=None, exclude_pk=supplier.pk)
        raise
    return supplier, changed

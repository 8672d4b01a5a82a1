"""Data subjects' requests about a business's personal data (UU 27/2022): a copy or erasure.

The rights: a copy of one's data (Pasal 7) and erasure (Pasal 8), asked through a recorded request
(Pasal 14). The controller's duties: access within 3 × 24 hours (Pasal 32 ayat (2)); erasure on request
(Pasal 43 ayat (1) huruf c), "sesuai dengan ketentuan peraturan perundang-undangan" (ayat (2)). The
application answers both within KATALOG_RULES["data_request_hours"] (72), as the processing record
(docs/privacy-processing-record.md) promises.

Erasure reuses `erase_supplier_personal_data` (the same erasure as for rejected registrations). The audit
trail keeps its events and still verifies: events name people only by account number (core/audit.py), and
the erased account is renamed `dihapus-<id>`, so every screen and export shows the pseudonym.
"""

import datetime

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from katalog.core.audit import record_event
from katalog.core.conflicts import retry_on_conflict
from katalog.core.roles import Role

from .. import selectors
from ..models import PersonalDataRequest, Supplier
from ._common import Busy, SupplierError, _rules
from .erasure import erase_supplier_personal_data

Kind = PersonalDataRequest.Kind
Status = PersonalDataRequest.Status


def data_request_due(requested_at: datetime.datetime) -> datetime.datetime:
    """The answer is due `data_request_hours` after the request (3 × 24 hours: UU 27/2022 Pasal 32 ayat (2))."""
    return requested_at + datetime.timedelta(hours=_rules("data_request_hours"))


@retry_on_conflict(Busy)
@transaction.atomic
def data_request_create(*, supplier: Supplier, kind: str, actor) -> PersonalDataRequest:
    """The owner (or a pendamping on the owner's behalf) asks for a copy or erasure of the business's data.

    One open request of each kind per business. Audited (kind and deadline only).
    """
    if kind not in Kind.values:
        raise SupplierError(_("Jenis permintaan tidak dikenal."))
    if not selectors.suppliers_editable_by(actor).filter(pk=supplier.pk).exists():
        raise SupplierError(_("Anda tidak dapat mengajukan permintaan untuk usaha ini."))
    if supplier.personal_data_erased_at is not None:
        raise SupplierError(_("Data pribadi usaha ini sudah dihapus."))
    now = timezone.now()
    try:
        with transaction.atomic():
            request = PersonalDataRequest.objects.create(
                supplier=supplier, kind=kind, requested_by=actor, requested_at=now, due_at=data_request_due(now),
            )
    except IntegrityError:
        raise SupplierError(_("Permintaan yang sama masih diproses; tunggu jawabannya.")) from None
    record_event(actor=actor, action="supplier.data_request", obj=supplier,
                 after={"request": request.pk, "kind": kind, "due_at": request.due_at.isoformat(),
                        "on_behalf": actor.role == Role.UMKM_OFFICER})
    return request


def _open(request: PersonalDataRequest) -> PersonalDataRequest:
    request = PersonalDataRequest.objects.select_for_update().get(pk=request.pk)
    if request.status != Status.OPEN:
        raise SupplierError(_("Permintaan ini sudah dijawab."))
    return request


def _close(request: PersonalDataRequest, *, actor, status: str, reason: str = "") -> None:
    request.status = status
    request.handled_by = actor
    request.handled_at = timezone.now()
    request.refusal_reason = reason
    request.save(update_fields=["status", "handled_by", "handled_at", "refusal_reason"])
    record_event(actor=actor, action=f"supplier.data_request_{status}", obj=request.supplier,
                 after={"request": request.pk, "kind": request.kind,
                        "late": request.handled_at > request.due_at})


@retry_on_conflict(Busy)
@transaction.atomic
def data_request_export_done(*, request: PersonalDataRequest, actor) -> PersonalDataRequest:
    """The administrator has taken the copy to hand over (the view builds it); the request is answered."""
    request = _open(request)
    if request.kind != Kind.EXPORT:
        raise SupplierError(_("Permintaan ini bukan permintaan salinan data."))
    _close(request, actor=actor, status=Status.DONE)
    return request


@retry_on_conflict(Busy)
def data_request_erase(*, request: PersonalDataRequest, actor) -> PersonalDataRequest:
    """Erase the business's personal data as asked (the same erasure as for rejected registrations).

    A business that has orders is a contract party: its letters hold its name and NPWP under the
    procurement archive rules (Pasal 43 ayat (2): erasure "sesuai dengan ketentuan peraturan
    perundang-undangan"), so such a request is refused with that reason instead.
    """
    with transaction.atomic():
        request = _open(request)
        if request.kind != Kind.ERASURE:
            raise SupplierError(_("Permintaan ini bukan permintaan penghapusan."))
        if request.supplier.orders.exists():
            raise SupplierError(_(
                "Usaha ini sudah punya pesanan: namanya dan NPWP-nya wajib tetap tercatat di dokumen pengadaan "
                "selama masa arsip. Tolak permintaan ini dengan alasan tersebut."
            ))
        erase_supplier_personal_data(supplier=request.supplier, reason="request")
        _close(request, actor=actor, status=Status.DONE)
    return request


@retry_on_conflict(Busy)
@transaction.atomic
def data_request_refuse(*, request: PersonalDataRequest, actor, reason: str) -> PersonalDataRequest:
    """Refuse with a reason the requester can read (UU 27/2022 Pasal 15, 33, 43 ayat (2)). Audited."""
    reason = (reason or "").strip()
    if len(reason) < 10:
        raise SupplierError(_("Tulis alasan penolakan (paling sedikit 10 huruf) agar pemohon memahaminya."))
    request = _open(request)
    _close(request, actor=actor, status=Status.REFUSED, reason=reason[:2000])
    return request

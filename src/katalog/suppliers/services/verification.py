"""Review of a supplier's application: submit, review, verify, revise, reject, conflict declaration, public snapshot."""

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from katalog.core.audit import record_event

from .. import selectors
from ..models import ConflictDeclaration, Supplier
from ..states import PUBLIC_FIELDS, REVISABLE_FIELDS, Action, SupplierStatus
from ._common import SupplierError, _lock, _set_status, _transition
from .notifications import notify_supplier


def _require_unconnected(*, supplier: Supplier, actor) -> None:
    if selectors.is_connected(actor, supplier):
        raise SupplierError(_("Anda terhubung dengan usaha ini, jadi tidak boleh memeriksanya. Serahkan kepada "
                              "pengelola katalog lain."))


def public_snapshot_of(supplier: Supplier) -> dict:
    """The public fields (states.PUBLIC_FIELDS) as they are now, with names for the page."""
    snap = {name: getattr(supplier, name) for name in PUBLIC_FIELDS if name not in ("regency", "district", "village")}
    snap.update({
        "regency": supplier.regency_id, "regency_name": supplier.regency.name,
        "district": supplier.district_id, "district_name": supplier.district.name,
        "village": supplier.village_id, "village_name": supplier.village.name if supplier.village_id else "",
    })
    return snap


def supplier_submit(*, supplier: Supplier, actor, base_url: str = "") -> Supplier:
    """Draft or revised application → the verification queue (waiting time starts now)."""
    with transaction.atomic():
        supplier = _lock(supplier)
        before, after = _transition(supplier=supplier, actor=actor, action=Action.SUBMIT)
        now = timezone.now()
        _set_status(supplier, after, now)
        supplier.submitted_at = now
        supplier.save(update_fields=["status", "status_changed_at", "submitted_at"])
        record_event(actor=actor, action="supplier.submitted", obj=supplier,
                     before={"status": before}, after={"status": after})
        notify_supplier(supplier=supplier, base_url=base_url, title=_("Data usaha diajukan untuk verifikasi"),
                        link=reverse("suppliers:supplier_detail", args=[supplier.pk]))
    return supplier


def supplier_start_review(*, supplier: Supplier, actor, base_url: str = "") -> Supplier:
    with transaction.atomic():
        supplier = _lock(supplier)
        _require_unconnected(supplier=supplier, actor=actor)
        before, after = _transition(supplier=supplier, actor=actor, action=Action.START_REVIEW)
        _set_status(supplier, after, timezone.now())
        supplier.reviewer = actor
        supplier.save(update_fields=["status", "status_changed_at", "reviewer"])
        record_event(actor=actor, action="supplier.review_started", obj=supplier,
                     before={"status": before}, after={"status": after})
        notify_supplier(supplier=supplier, base_url=base_url, title=_("Data usaha Anda sedang diperiksa"),
                        link=reverse("suppliers:supplier_detail", args=[supplier.pk]))
    return supplier


def supplier_release(*, supplier: Supplier, actor) -> Supplier:
    """Hand an application back to the queue (it keeps its place: the waiting time is unchanged)."""
    with transaction.atomic():
        supplier = _lock(supplier)
        before, after = _transition(supplier=supplier, actor=actor, action=Action.RELEASE)
        _set_status(supplier, after, timezone.now())
        supplier.reviewer = None
        supplier.save(update_fields=["status", "status_changed_at", "reviewer"])
        record_event(actor=actor, action="supplier.review_released", obj=supplier,
                     before={"status": before}, after={"status": after})
    return supplier


def supplier_verify(*, supplier: Supplier, actor, base_url: str = "") -> Supplier:
    """Verified: the public page now shows this version (kept in `public_snapshot`)."""
    with transaction.atomic():
        supplier = _lock(supplier)
        _require_unconnected(supplier=supplier, actor=actor)
        before, after = _transition(supplier=supplier, actor=actor, action=Action.VERIFY)
        now = timezone.now()
        _set_status(supplier, after, now)
        supplier.verified_at = now
        supplier.reviewer = actor
        supplier.revision_reasons = {}
        supplier.public_snapshot = public_snapshot_of(supplier)
        supplier.save(update_fields=["status", "status_changed_at", "verified_at", "reviewer", "revision_reasons",
                                     "public_snapshot"])
        record_event(actor=actor, action="supplier.verified", obj=supplier,
                     before={"status": before}, after={"status": after})
        notify_supplier(
            supplier=supplier, base_url=base_url, title=_("Selamat, usaha Anda terverifikasi"),
            body=_("Usaha Anda kini tampil di Katalog Lokal. Tambahkan produk dengan foto dan harga agar bisa dibeli "
                   "perangkat daerah."),
            link=reverse("suppliers:supplier_detail", args=[supplier.pk]),
        )
    return supplier


def supplier_request_revision(*, supplier: Supplier, actor, reasons: dict[str, str], base_url: str = "") -> Supplier:
    """Send the application back with a reason for each part to fix."""
    reasons = {k: v.strip() for k, v in reasons.items() if k in REVISABLE_FIELDS and v and v.strip()}
    if not reasons:
        raise SupplierError(_("Tulis alasan pada setidaknya satu bagian yang perlu diperbaiki."))
    with transaction.atomic():
        supplier = _lock(supplier)
        _require_unconnected(supplier=supplier, actor=actor)
        before, after = _transition(supplier=supplier, actor=actor, action=Action.REQUEST_REVISION)
        _set_status(supplier, after, timezone.now())
        supplier.revision_reasons = reasons
        supplier.reviewer = actor
        supplier.save(update_fields=["status", "status_changed_at", "revision_reasons", "reviewer"])
        # Only which parts, never the reasons' text (it may quote personal data).
        record_event(actor=actor, action="supplier.revision_requested", obj=supplier,
                     before={"status": before}, after={"status": after, "parts": sorted(reasons)})
        body = "\n".join(f"- {REVISABLE_FIELDS[k]}: {v}" for k, v in reasons.items())
        notify_supplier(supplier=supplier, base_url=base_url, title=_("Data usaha perlu diperbaiki"),
                        body=body + "\n" + _("Perbaiki lalu ajukan ulang."),
                        link=reverse("suppliers:supplier_edit", args=[supplier.pk]))
    return supplier


def supplier_reject(*, supplier: Supplier, actor, reason: str, base_url: str = "") -> Supplier:
    if not reason.strip():
        raise SupplierError(_("Tulis alasan penolakan."))
    with transaction.atomic():
        supplier = _lock(supplier)
        _require_unconnected(supplier=supplier, actor=actor)
        before, after = _transition(supplier=supplier, actor=actor, action=Action.REJECT)
        _set_status(supplier, after, timezone.now())
        supplier.rejection_reason = reason.strip()
        supplier.reviewer = actor
        supplier.save(update_fields=["status", "status_changed_at", "rejection_reason", "reviewer"])
        record_event(actor=actor, action="supplier.rejected", obj=supplier,
                     before={"status": before}, after={"status": after})
        notify_supplier(supplier=supplier, base_url=base_url, title=_("Pendaftaran usaha ditolak"),
                        body=reason.strip(), link=reverse("suppliers:supplier_detail", args=[supplier.pk]))
    return supplier


def conflict_declare(*, supplier: Supplier, actor) -> ConflictDeclaration:
    """A catalogue manager says they are connected to the business; from now on they cannot verify it."""
    with transaction.atomic():
        declaration, created = ConflictDeclaration.objects.get_or_create(supplier=supplier, user=actor)
        if created:
            record_event(actor=actor, action="supplier.conflict_declared", obj=supplier)
        # A review they hold goes back to the queue the usual way (row lock, transition table, audit).
        locked = _lock(supplier)
        if locked.status == SupplierStatus.IN_REVIEW and locked.reviewer_id == actor.pk:
            supplier_release(supplier=locked, actor=actor)
    return declaration

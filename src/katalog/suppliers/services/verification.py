"""Review of a supplier's application: submit, review, verify, revise, reject, conflict declaration, public snapshot."""

from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from katalog.core.audit import record_event
from katalog.core.conflicts import retry_on_conflict
from katalog.core.texts import joined, label, text

from .. import selectors
from ..documents import kind_labels, missing_required
from ..signals import first_verified
from ..models import ConflictDeclaration, Supplier
from ..states import PUBLIC_FIELDS, REVISABLE_FIELDS, Action, SupplierStatus
from ._common import Busy, ReasonRequired, SupplierError, _lock, _transition
from .notifications import notify_supplier


def nib_needed_to_verify() -> str:
    """Why a business "belum ber-NIB" is not verified, in the words the manager and the owner see."""
    return _("Usaha ini belum ber-NIB, jadi belum dapat diverifikasi dan belum dapat menjual. Pemilik (atau "
             "pendamping UMKM) membuat NIB gratis lewat OSS (oss.go.id) lalu mengisinya di “Ubah data”; setelah itu "
             "verifikasi dapat dilanjutkan. Sementara ini Anda dapat mengembalikannya ke antrean atau meminta "
             "perbaikan bagian NIB.")


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


@retry_on_conflict(Busy)
def supplier_submit(*, supplier: Supplier, actor, base_url: str = "") -> Supplier:
    """Draft or revised application → the verification queue (waiting time starts now)."""
    with _transition(supplier=supplier, actor=actor, action=Action.SUBMIT) as step:
        step.obj.submitted_at = step.now
        step.save("submitted_at")
        step.then(lambda: notify_supplier(
            supplier=step.obj, base_url=base_url, title=text(gettext_noop("Data usaha diajukan untuk verifikasi")),
            link=reverse("suppliers:supplier_detail", args=[step.obj.pk])))
    return step.obj


def _unconnected(actor):
    return lambda supplier: _require_unconnected(supplier=supplier, actor=actor)


@retry_on_conflict(Busy)
def supplier_start_review(*, supplier: Supplier, actor, base_url: str = "") -> Supplier:
    with _transition(supplier=supplier, actor=actor, action=Action.START_REVIEW, guard=_unconnected(actor)) as step:
        step.obj.reviewer = actor
        step.save("reviewer")
        step.then(lambda: notify_supplier(
            supplier=step.obj, base_url=base_url, title=text(gettext_noop("Data usaha Anda sedang diperiksa")),
            link=reverse("suppliers:supplier_detail", args=[step.obj.pk])))
    return step.obj


@retry_on_conflict(Busy)
def supplier_release(*, supplier: Supplier, actor) -> Supplier:
    """Hand an application back to the queue (it keeps its place: the waiting time is unchanged)."""
    with _transition(supplier=supplier, actor=actor, action=Action.RELEASE) as step:
        step.obj.reviewer = None
        step.save("reviewer")
    return step.obj


@retry_on_conflict(Busy)
def supplier_verify(*, supplier: Supplier, actor, base_url: str = "", reason: str = "") -> Supplier:
    """Verified: the public page now shows this version (kept in `public_snapshot`).

    Without a valid copy of every required document (documents.REQUIRED_KINDS: NIB, NPWP, bank book) the
    manager must write why it is verified anyway; the reason is kept on the business and in the audit event,
    with the kinds that were missing, so a second person can check the decision.

    Without an NIB at all ("belum ber-NIB") it is refused, reason or not: every business must hold an NIB, and
    the NIB is its identity and proof of legality (Peraturan BKPM 5/2025, Pasal 16 ayat (1) and (3); PP 5/2021,
    Pasal 1 angka 12: issued by OSS after registration). A catalogue provider is registered under it, and a
    verified business can sell at once. The owner or an officer adds it (supplier_update) and verification continues.
    """
    reason = (reason or "").strip()
    with _transition(supplier=supplier, actor=actor, action=Action.VERIFY, guard=_unconnected(actor)) as step:
        supplier = step.obj
        if not supplier.has_nib:
            raise SupplierError(nib_needed_to_verify())
        first_verification = supplier.verified_at is None
        missing = missing_required(supplier)
        if missing and not reason:
            raise ReasonRequired(_("Dokumen wajib belum ada: %(kinds)s. Minta perbaikan, atau tulis alasan "
                                   "memverifikasi tanpa dokumen itu.") % {"kinds": ", ".join(kind_labels(missing))})
        supplier.verified_at = step.now
        supplier.reviewer = actor
        supplier.revision_reasons = {}
        supplier.verification_reason = reason if missing else ""
        supplier.public_snapshot = public_snapshot_of(supplier)
        step.save("verified_at", "reviewer", "revision_reasons", "verification_reason", "public_snapshot")
        if missing:
            step.after.update(documents_missing=missing, reason=reason)
        submitted = []
        if first_verification:
            # The products the business prepared go to review (suppliers.signals.first_verified). The receivers
            # lock those rows: after the business is saved as verified, before the audit chain's lock
            # (core/conflicts.py), so a supplier editing a draft meanwhile cannot deadlock with this.
            step.after_save(lambda: submitted.extend(_submit_prepared(supplier=supplier, actor=actor)))
        step.then(lambda: _welcome(supplier=supplier, submitted=submitted, base_url=base_url))
    return supplier


def _submit_prepared(*, supplier: Supplier, actor) -> list:
    submitted = []
    for _receiver, done in first_verified.send(sender=Supplier, supplier=supplier, actor=actor):
        submitted.extend(done or [])
    return submitted


def _welcome(*, supplier: Supplier, submitted: list, base_url: str) -> None:
    """After the audit event: the business hears it is verified, and how many prepared products went to review."""
    body = text(gettext_noop("Usaha Anda kini tampil di Katalog Lokal. Tambahkan produk dengan foto dan harga "
                             "agar bisa dibeli perangkat daerah."))
    if submitted:
        body = text(gettext_noop("Usaha Anda kini tampil di Katalog Lokal. %(n)s produk yang sudah Anda siapkan "
                                 "kini diajukan untuk verifikasi produk."), n=len(submitted))
    notify_supplier(
        supplier=supplier, base_url=base_url, title=text(gettext_noop("Selamat, usaha Anda terverifikasi")),
        body=body,
        link=reverse("suppliers:supplier_detail", args=[supplier.pk]),
    )


@retry_on_conflict(Busy)
def supplier_request_revision(*, supplier: Supplier, actor, reasons: dict[str, str], base_url: str = "") -> Supplier:
    """Send the application back with a reason for each part to fix."""
    reasons = {k: v.strip() for k, v in reasons.items() if k in REVISABLE_FIELDS and v and v.strip()}
    if not reasons:
        raise ReasonRequired(_("Tulis alasan pada setidaknya satu bagian yang perlu diperbaiki."))
    with _transition(supplier=supplier, actor=actor, action=Action.REQUEST_REVISION,
                     guard=_unconnected(actor)) as step:
        step.obj.revision_reasons = reasons
        step.obj.reviewer = actor
        step.save("revision_reasons", "reviewer")
        # Only which parts, never the reasons' text (it may quote personal data).
        step.after["parts"] = sorted(reasons)
        body = joined(*[text(gettext_noop("- %(part)s: %(reason)s"), part=label(REVISABLE_FIELDS[k]), reason=v)
                        for k, v in reasons.items()], text(gettext_noop("Perbaiki lalu ajukan ulang.")), sep="\n")
        step.then(lambda: notify_supplier(
            supplier=step.obj, base_url=base_url, title=text(gettext_noop("Data usaha perlu diperbaiki")),
            body=body, link=reverse("suppliers:supplier_edit", args=[step.obj.pk])))
    return step.obj


@retry_on_conflict(Busy)
def supplier_reject(*, supplier: Supplier, actor, reason: str, base_url: str = "") -> Supplier:
    if not reason.strip():
        raise ReasonRequired(_("Tulis alasan penolakan."))
    with _transition(supplier=supplier, actor=actor, action=Action.REJECT, guard=_unconnected(actor)) as step:
        step.obj.rejection_reason = reason.strip()
        step.obj.reviewer = actor
        step.save("rejection_reason", "reviewer")
        step.then(lambda: notify_supplier(
            supplier=step.obj, base_url=base_url, title=text(gettext_noop("Pendaftaran usaha ditolak")),
            body=reason.strip(), link=reverse("suppliers:supplier_detail", args=[step.obj.pk])))
    return step.obj


@retry_on_conflict(Busy)
def conflict_declare(*, supplier: Supplier, actor) -> ConflictDeclaration:
    """A catalogue manager says they are connected to the business; from now on they cannot verify it."""
    with transaction.atomic():
        locked = _lock(supplier)  # the row first, the audit chain last (lock order: core/conflicts.py)
        declaration, created = ConflictDeclaration.objects.get_or_create(supplier=locked, user=actor)
        if created:
            record_event(actor=actor, action="supplier.conflict_declared", obj=locked)
        # A review they hold goes back to the queue the usual way (core.transitions).
        if locked.status == SupplierStatus.IN_REVIEW and locked.reviewer_id == actor.pk:
            supplier_release(supplier=locked, actor=actor)
    return declaration

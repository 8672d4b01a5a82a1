"""Writes for suppliers: registration, verification, data changes, invitations, documents, visits.

Every function takes keyword-only arguments, runs in one transaction and records an audit
event (katalog.core.audit.record_event) whose before/after hold no personal data: no NIK,
NPWP, bank account, phone, e-mail, address or free text a person typed.
E-mail goes out only after the transaction commits.
"""

import datetime
import hashlib
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import signing
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from katalog.core.audit import record_event
from katalog.core.roles import Role
from katalog.regions.models import District, Regency, Village

from . import selectors
from .models import (
    AssistanceVisit, ConflictDeclaration, Invitation, Notification, RegistrationDraft, Supplier, SupplierDocument,
    new_token,
)
from .states import (
    PUBLIC_FIELDS, REVISABLE_FIELDS, Action, EDITABLE_STATUSES, IllegalTransition, SupplierStatus,
    changed_review_fields, next_status,
)


class SupplierError(Exception):
    """A rule was broken; the message says so in the user's language."""


@dataclass
class Conflict(SupplierError):
    """Submitted data clashes with a record saved meanwhile (same NIB, NPWP or username)."""

    step: str
    field: str
    message: str

    def __str__(self) -> str:
        return self.message


def _rules(name: str, default):
    return settings.KATALOG_RULES.get(name, default)


# --- Notifications -----------------------------------------------------------


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


# --- Registration drafts -----------------------------------------------------


def draft_start(*, officer=None) -> RegistrationDraft:
    return RegistrationDraft.objects.create(created_by=officer)


def draft_save_step(*, draft: RegistrationDraft, step: str, cleaned: dict) -> RegistrationDraft:
    """Keep a step's validated values and forget what was half-typed on it."""
    draft.data[step] = cleaned
    draft.raw.pop(step, None)
    draft.updated_at = timezone.now()
    draft.save(update_fields=["data", "raw", "updated_at"])
    return draft


def draft_save_raw(*, draft: RegistrationDraft, step: str, raw: dict) -> RegistrationDraft:
    """Keep what was typed on a step that did not validate (never passwords), so nothing is lost."""
    draft.raw[step] = raw
    draft.updated_at = timezone.now()
    draft.save(update_fields=["raw", "updated_at"])
    return draft


def draft_delete(*, draft: RegistrationDraft) -> None:
    draft.delete()


def purge_stale_registration_drafts(today: datetime.date | None = None) -> int:
    """Delete drafts untouched for `registration_draft_days` (UU 27/2022: keep personal data only as needed)."""
    today = today or timezone.localdate()
    days = _rules("registration_draft_days", 30)
    cutoff = timezone.make_aware(datetime.datetime.combine(today - datetime.timedelta(days=days), datetime.time.min))
    deleted, _detail = RegistrationDraft.objects.filter(updated_at__lt=cutoff).delete()
    return deleted


# --- Registration ------------------------------------------------------------


@dataclass
class Registered:
    supplier: Supplier
    user: object
    invitation_token: str | None = None


def _region_objects(address: dict):
    try:
        regency = Regency.objects.get(code=address["regency"], province_id=address["province"])
        district = District.objects.get(code=address["district"], regency=regency)
        village = Village.objects.get(code=address["village"], district=district)
    except (KeyError, Regency.DoesNotExist, District.DoesNotExist, Village.DoesNotExist):
        raise Conflict("alamat", "village", _("Alamat tidak ada di daftar wilayah. Pilih ulang dari daftar.")) from None
    return regency, district, village


def _check_unique(*, business: dict, username: str | None, exclude_pk: int | None = None):
    if business.get("nib") and selectors.nib_taken(business["nib"], exclude_pk=exclude_pk):
        raise Conflict("usaha", "nib", _("NIB ini sudah terdaftar di Katalog Lokal."))
    if business.get("npwp") and selectors.npwp_taken(business["npwp"], exclude_pk=exclude_pk):
        raise Conflict("usaha", "npwp", _("NPWP ini sudah terdaftar untuk usaha lain di Katalog Lokal."))
    if username and get_user_model().objects.filter(username__iexact=username).exists():
        raise Conflict("akun", "username", _("Nama pengguna ini sudah dipakai. Pilih nama lain."))


def register_supplier(*, account: dict, business: dict, address: dict, contact: dict, officer=None,
                      base_url: str = "") -> Registered:
    """Create the business (status "diajukan") and its owner's account in one go.

    Self-registration: `account` carries the owner's password hash. Assisted onboarding
    (`officer` given): the account has no usable password; a single-use invitation is made
    so the owner can set one. Duplicates found meanwhile raise `Conflict` naming the step.
    """
    _check_unique(business=business, username=account["username"])
    regency, district, village = _region_objects(address)
    now = timezone.now()
    try:
        with transaction.atomic():
            supplier = Supplier.objects.create(
                name=business["name"], owner_name=business["owner_name"], owner_nik=business["owner_nik"],
                nib=business["nib"] or None, npwp=business.get("npwp") or None, is_pkp=business.get("is_pkp", False),
                scale=business["scale"], is_cooperative=business.get("is_cooperative", False),
                kbli_codes=business.get("kbli_codes", []), address=address.get("address", ""),
                regency=regency, district=district, village=village,
                phone=contact.get("phone", ""), email=contact.get("email", ""),
                bank_name=contact.get("bank_name", ""), bank_account_number=contact.get("bank_account_number", ""),
                bank_account_holder=contact.get("bank_account_holder", ""),
                status=SupplierStatus.SUBMITTED, submitted_at=now, status_changed_at=now, registered_by=officer,
            )
            user = get_user_model()(
                username=account["username"], full_name=account["full_name"], email=contact.get("email", ""),
                phone=contact.get("phone", ""), role=Role.SUPPLIER, supplier=supplier,
            )
            if officer is None:
                user.password = account["password_hash"]
            else:
                user.set_unusable_password()
            user.save()
            record_event(
                actor=officer or user, action="supplier.registered", obj=supplier,
                after={"status": supplier.status, "scale": supplier.scale, "is_local": supplier.is_local,
                       "district": district.code, "assisted": officer is not None},
            )
            token = invitation_create(user=user, actor=officer, base_url=base_url) if officer else None
            notify_supplier(
                supplier=supplier, base_url=base_url,
                title=_("Pendaftaran diterima dan diajukan untuk verifikasi"),
                body=_("Pengelola Katalog akan memeriksa data usaha Anda. Sambil menunggu, unggah dokumen "
                       "(NIB, NPWP, sertifikat) agar usaha Anda siap menjual."),
                link=reverse("suppliers:supplier_detail", args=[supplier.pk]),
            )
            if supplier.email:
                email_verification_send(supplier=supplier, base_url=base_url)
    except IntegrityError:
        # Someone registered the same NIB/NPWP/username between the check and the insert.
        _check_unique(business=business, username=account["username"])
        raise
    return Registered(supplier, user, token)


# --- Invitations (assisted onboarding) ---------------------------------------


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def invitation_create(*, user, actor, base_url: str = "") -> str:
    """A new single-use link for `user`; earlier unused ones stop working. Returns the token (shown once)."""
    if user.role != Role.SUPPLIER:
        raise SupplierError(_("Undangan hanya untuk akun penyedia."))
    now = timezone.now()
    with transaction.atomic():
        Invitation.objects.filter(user=user, used_at__isnull=True, revoked_at__isnull=True).update(revoked_at=now)
        token = new_token()
        invitation = Invitation.objects.create(
            user=user, token_hash=token_hash(token), created_by=actor, created_at=now,
            expires_at=now + datetime.timedelta(days=_rules("supplier_invitation_valid_days", 7)),
        )
        record_event(actor=actor, action="supplier.invitation_created", obj=user.supplier,
                     after={"invitation": invitation.pk, "expires_at": invitation.expires_at})
        if user.email:
            link = f"{base_url.rstrip('/')}{reverse('suppliers:invitation', args=[token])}"
            transaction.on_commit(lambda: send_mail(
                _("[Katalog Lokal] Buat kata sandi akun penyedia Anda"),
                _("Pendamping UMKM telah mendaftarkan usaha Anda. Buka tautan ini untuk membuat kata sandi "
                  "(berlaku sekali, sampai %(until)s):\n\n%(link)s")
                % {"until": timezone.localtime(invitation.expires_at).strftime("%d-%m-%Y %H:%M"), "link": link},
                None, [user.email], fail_silently=True,
            ))
    return token


def invitation_accept(*, invitation: Invitation, password: str):
    """The owner sets their own password; the link then stops working (single use)."""
    with transaction.atomic():
        invitation = Invitation.objects.select_for_update().select_related("user").get(pk=invitation.pk)
        if not invitation.is_usable():
            raise SupplierError(_("Tautan undangan ini sudah dipakai atau kedaluwarsa. Minta tautan baru kepada "
                                  "pendamping UMKM."))
        user = invitation.user
        user.set_password(password)
        user.save(update_fields=["password"])
        invitation.used_at = timezone.now()
        invitation.save(update_fields=["used_at"])
        record_event(actor=user, action="supplier.invitation_accepted", obj=user.supplier,
                     after={"invitation": invitation.pk})
    return user


# --- E-mail address check ----------------------------------------------------

_EMAIL_SALT = "katalog.suppliers.email"


def _email_fingerprint(email: str) -> str:
    return hashlib.sha256(email.lower().encode()).hexdigest()[:16]


def email_verification_token(supplier: Supplier) -> str:
    # Only the id and a fingerprint of the address: no e-mail address in the link.
    return signing.dumps({"s": supplier.pk, "e": _email_fingerprint(supplier.email)}, salt=_EMAIL_SALT)


def email_verification_send(*, supplier: Supplier, base_url: str = "") -> None:
    if not supplier.email:
        raise SupplierError(_("Isi alamat surel terlebih dahulu."))
    link = f"{base_url.rstrip('/')}{reverse('suppliers:email_verify', args=[email_verification_token(supplier)])}"
    recipient = supplier.email
    transaction.on_commit(lambda: send_mail(
        _("[Katalog Lokal] Periksa alamat surel usaha Anda"),
        _("Buka tautan ini untuk memastikan alamat surel ini milik usaha Anda:\n\n%(link)s") % {"link": link},
        None, [recipient], fail_silently=True,
    ))


def email_verify(*, token: str) -> Supplier:
    try:
        payload = signing.loads(token, salt=_EMAIL_SALT, max_age=datetime.timedelta(days=7))
        supplier = Supplier.objects.get(pk=payload["s"])
    except (signing.BadSignature, KeyError, TypeError, Supplier.DoesNotExist):
        raise SupplierError(_("Tautan pemeriksaan surel tidak berlaku. Minta tautan baru dari halaman usaha Anda.")) from None
    if not supplier.email or _email_fingerprint(supplier.email) != payload["e"]:
        raise SupplierError(_("Alamat surel sudah diganti sejak tautan ini dikirim. Minta tautan baru."))
    if supplier.email_verified_at is None:
        with transaction.atomic():
            supplier.email_verified_at = timezone.now()
            supplier.save(update_fields=["email_verified_at"])
            record_event(actor=None, action="supplier.email_verified", obj=supplier)
    return supplier


# --- Verification ------------------------------------------------------------


def _lock(supplier: Supplier) -> Supplier:
    return Supplier.objects.select_for_update().get(pk=supplier.pk)


def _transition(*, supplier: Supplier, actor, action: str) -> tuple[str, str]:
    try:
        return supplier.status, next_status(supplier.status, action, actor.role)
    except IllegalTransition as error:
        raise SupplierError(str(error)) from None


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


def _set_status(supplier: Supplier, status: str, now) -> None:
    supplier.status = status
    supplier.status_changed_at = now


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
        if supplier.status == SupplierStatus.IN_REVIEW and supplier.reviewer_id == actor.pk:
            supplier.status, supplier.reviewer = SupplierStatus.SUBMITTED, None
            supplier.status_changed_at = timezone.now()
            supplier.save(update_fields=["status", "reviewer", "status_changed_at"])
            record_event(actor=actor, action="supplier.review_released", obj=supplier,
                         before={"status": SupplierStatus.IN_REVIEW}, after={"status": SupplierStatus.SUBMITTED})
    return declaration


# --- Changing a supplier's data ---------------------------------------------

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


# --- Documents ---------------------------------------------------------------


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
    days = _rules("document_expiry_reminder_days", 30)
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


# --- Assistance visits ---------------------------------------------------------


def visit_record(*, officer, visited_on, district, village=None, supplier=None, notes: str,
                 next_step: str = "") -> AssistanceVisit:
    if visited_on > timezone.localdate():
        raise SupplierError(_("Tanggal kunjungan tidak boleh di masa depan."))
    with transaction.atomic():
        visit = AssistanceVisit.objects.create(
            officer=officer, visited_on=visited_on, district=district, village=village, supplier=supplier,
            notes=notes, next_step=next_step,
        )
        # The notes may name people: only where and when go into the audit log.
        record_event(actor=officer, action="supplier.visit_recorded", obj=visit,
                     after={"district": district.code, "supplier": supplier.pk if supplier else None,
                            "visited_on": visited_on})
    return visit


def record_personal_data_access(*, actor, supplier: Supplier) -> None:
    """UU 27/2022: processing of personal data is recorded. Called when staff open the unmasked record."""
    record_event(actor=actor, action="supplier.personal_data_viewed", obj=supplier)

"""Suppliers (penyedia): UMKM and other businesses selling to the kabupaten.

Besides the supplier itself: its uploaded documents, the notifications it
receives, registration drafts (the wizard's server-side memory), invitations
that hand an officer-registered account to its owner, conflict declarations
by catalogue managers, and the officers' assistance visits.
"""

import secrets
import uuid
from pathlib import PurePosixPath

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from katalog.core import rules
from katalog.core.texts import render

from .states import SupplierStatus


class Scale(models.TextChoices):
    """Business scale (PP 7/2021 criteria; shown as help on registration)."""

    MICRO = "mikro", _("Mikro")
    SMALL = "kecil", _("Kecil")
    MEDIUM = "menengah", _("Menengah")
    LARGE = "besar", _("Besar")


# Scales that count toward the 40% target, koperasi aside: the rule lives in core/rules.py.
UMK_SCALES = rules.UMK_SCALES


class SupplierQuerySet(models.QuerySet):
    def local(self):
        """Located in this installation's kabupaten: derived from the address, never typed."""
        return self.filter(regency_id=settings.KATALOG_REGION)

    def umk(self):
        """Micro and small businesses and koperasi."""
        return self.filter(rules.umk_q())

    def verified(self):
        return self.filter(status=Supplier.Status.VERIFIED)

    def without_nib(self):
        """Registered "belum ber-NIB": no NIB yet (stored as NULL, never as an empty string)."""
        return self.filter(nib__isnull=True)

    def publicly_visible(self):
        """Verified now, or verified before and back in review after a data change (public sees the snapshot)."""
        return self.filter(
            Q(status=Supplier.Status.VERIFIED)
            | (Q(public_snapshot__isnull=False) & ~Q(status=Supplier.Status.REJECTED))
        )


class Supplier(models.Model):
    Status = SupplierStatus

    name = models.CharField(_("nama usaha"), max_length=200)
    owner_name = models.CharField(_("nama pemilik"), max_length=200)
    # Personal data (UU 27/2022): masked on every screen but the one that needs it.
    owner_nik = models.CharField(_("NIK pemilik"), max_length=16, blank=True)
    # NULL = "belum ber-NIB" (registered without one; getting it through OSS is the first readiness task). Unique
    # among those that have one; never an empty string (a CHECK), so the unique index never clashes on "".
    nib = models.CharField(_("NIB"), max_length=13, null=True, blank=True, unique=True)
    npwp = models.CharField(_("NPWP"), max_length=16, null=True, blank=True, unique=True)
    is_pkp = models.BooleanField(_("Pengusaha Kena Pajak (PKP)"), default=False)
    scale = models.CharField(_("skala usaha"), max_length=10, choices=Scale.choices)
    is_cooperative = models.BooleanField(_("koperasi"), default=False)
    kbli_codes = models.JSONField(_("kode KBLI"), default=list, blank=True)
    address = models.CharField(_("alamat"), max_length=300, blank=True)
    regency = models.ForeignKey("regions.Regency", on_delete=models.PROTECT, related_name="+")
    district = models.ForeignKey("regions.District", on_delete=models.PROTECT, related_name="suppliers")
    village = models.ForeignKey(
        "regions.Village", null=True, blank=True, on_delete=models.PROTECT, related_name="suppliers"
    )
    phone = models.CharField(_("telepon"), max_length=20, blank=True)
    email = models.EmailField(_("surel"), blank=True)
    # Consent to notices by WhatsApp on `phone` (sent in E.164 form), when the installation offers the channel.
    # UU 27/2022: processing by consent (Pasal 20 ayat (2) huruf a), recorded (Pasal 22) so the controller can
    # show it (Pasal 24), withdrawable at any time (Pasal 9), after which processing stops (Pasal 40): so when
    # it was given and when withdrawn are kept (suppliers/consent.py sets all three; a CHECK keeps them
    # consistent).
    notify_whatsapp = models.BooleanField(_("terima pemberitahuan lewat WhatsApp"), default=False)
    whatsapp_consent_at = models.DateTimeField(_("persetujuan WhatsApp diberikan pada"), null=True, blank=True)
    whatsapp_consent_withdrawn_at = models.DateTimeField(_("persetujuan WhatsApp dicabut pada"), null=True,
                                                         blank=True)
    bank_name = models.CharField(_("nama bank"), max_length=100, blank=True)
    bank_account_number = models.CharField(_("nomor rekening"), max_length=30, blank=True)
    bank_account_holder = models.CharField(_("nama pemilik rekening"), max_length=200, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.DRAFT)
    created_at = models.DateTimeField(default=timezone.now)
    verified_at = models.DateTimeField(null=True, blank=True)
    # Verification (issue #3). All nullable or defaulted: older rows and seed data stay valid.
    submitted_at = models.DateTimeField(_("diajukan pada"), null=True, blank=True, db_index=True)
    status_changed_at = models.DateTimeField(null=True, blank=True)
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
        verbose_name=_("pemeriksa"),
    )
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
        verbose_name=_("didaftarkan oleh pendamping"),
    )
    revision_reasons = models.JSONField(_("alasan perbaikan"), default=dict, blank=True)
    rejection_reason = models.TextField(_("alasan penolakan"), blank=True, default="")
    # Why the last verification went ahead without every required document (suppliers.documents.REQUIRED_KINDS);
    # empty when they were all on file. The audit event of the verification carries the same text.
    verification_reason = models.TextField(_("alasan verifikasi tanpa dokumen lengkap"), blank=True, default="")
    # The public fields as they were at the last verification (states.PUBLIC_FIELDS).
    public_snapshot = models.JSONField(null=True, blank=True)
    email_verified_at = models.DateTimeField(_("surel terverifikasi pada"), null=True, blank=True)
    # Set when a rejected registration's personal data was erased (services.erasure, `katalog tick`).
    personal_data_erased_at = models.DateTimeField(_("data pribadi dihapus pada"), null=True, blank=True)

    objects = SupplierQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("penyedia")
        verbose_name_plural = _("penyedia")
        constraints = [
            models.CheckConstraint(condition=Q(scale__in=Scale.values), name="supplier_scale_known"),
            models.CheckConstraint(
                condition=Q(status__in=["draft", "submitted", "in_review", "needs_revision", "verified", "rejected"]),
                name="supplier_status_known",
            ),
            models.CheckConstraint(condition=Q(nib__isnull=True) | ~Q(nib=""), name="supplier_nib_null_when_absent"),
            # WhatsApp only with a consent on record that has not been withdrawn since.
            models.CheckConstraint(
                condition=Q(notify_whatsapp=False)
                | Q(whatsapp_consent_at__isnull=False, whatsapp_consent_withdrawn_at__isnull=True),
                name="supplier_whatsapp_needs_consent",
            ),
        ]
        indexes = [models.Index(fields=["regency", "scale"]), models.Index(fields=["status"])]

    def __str__(self) -> str:
        return self.name

    @property
    def is_local(self) -> bool:
        return self.regency_id == settings.KATALOG_REGION

    @property
    def is_umk(self) -> bool:
        return rules.is_umk(scale=self.scale, is_cooperative=self.is_cooperative)

    @property
    def has_nib(self) -> bool:
        """False for a business registered "belum ber-NIB": it can be assisted but not verified, nor sell."""
        return bool(self.nib)


class ConflictDeclaration(models.Model):
    """A catalogue manager's statement that they are connected to a business: they may not verify it."""

    supplier = models.ForeignKey(Supplier, on_delete=models.CASCADE, related_name="conflicts")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    declared_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("pernyataan benturan kepentingan")
        verbose_name_plural = _("pernyataan benturan kepentingan")
        constraints = [models.UniqueConstraint(fields=["supplier", "user"], name="conflict_once_per_person")]


class Notification(models.Model):
    """A message to a supplier, shown in the app (and sent by e-mail when it has an address)."""

    supplier = models.ForeignKey(Supplier, on_delete=models.CASCADE, related_name="notifications")
    title = models.CharField(_("judul"), max_length=200)
    body = models.TextField(_("isi"), blank=True)
    # The same sentences as msgid and values (core.texts), so each reader sees them in the language chosen;
    # `title` and `body` keep them in Bahasa Indonesia (e-mail, older notices).
    title_text = models.JSONField(null=True, blank=True)
    body_text = models.JSONField(null=True, blank=True)
    link = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("notifikasi")
        verbose_name_plural = _("notifikasi")

    def __str__(self) -> str:
        return self.title

    @property
    def shown_title(self) -> str:
        return render(self.title_text) if self.title_text else self.title

    @property
    def shown_body(self) -> str:
        return render(self.body_text) if self.body_text else self.body


class RegistrationDraft(models.Model):
    """What a registration wizard has collected so far, kept server-side between steps.

    `data` holds each completed step's cleaned values; `raw` what was last typed on a step
    that did not validate yet, so a dropped connection loses nothing. A self-registration
    draft is found through the session; an officer's drafts through `created_by`.
    Deleted when the registration is submitted (no personal data kept longer than needed).
    """

    key = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    data = models.JSONField(default=dict, blank=True)
    raw = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-updated_at"]
        verbose_name = _("draf pendaftaran")
        verbose_name_plural = _("draf pendaftaran")

    @property
    def is_assisted(self) -> bool:
        return self.created_by_id is not None

    @property
    def business_name(self) -> str:
        return (self.data.get("usaha") or {}).get("name") or (self.raw.get("usaha") or {}).get("name") or ""


class Invitation(models.Model):
    """A single-use link that hands an officer-registered account to its owner.

    Only the SHA-256 of the token is stored; the link is shown once to the officer
    (and e-mailed to the owner when an address is known).
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="invitations")
    token_hash = models.CharField(max_length=64, unique=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("undangan akun")
        verbose_name_plural = _("undangan akun")

    def is_usable(self, now=None) -> bool:
        now = now or timezone.now()
        return self.used_at is None and self.revoked_at is None and self.expires_at > now


def new_token() -> str:
    return secrets.token_urlsafe(32)


class DocumentKind(models.TextChoices):
    NIB = "nib", _("NIB (Nomor Induk Berusaha)")
    NPWP = "npwp", _("Kartu/surat NPWP")
    HALAL = "halal", _("Sertifikat halal")
    PIRT = "pirt", _("Izin PIRT")
    BPOM = "bpom", _("Izin edar BPOM")
    SNI = "sni", _("Sertifikat SNI")
    TKDN = "tkdn", _("Sertifikat TKDN")
    BANK_STATEMENT = "bank", _("Halaman depan buku tabungan / rekening koran")


def document_upload_to(instance, filename: str) -> str:
    # A random name: the original file name may carry personal data and is never used on disk.
    suffix = PurePosixPath(filename).suffix.lower()[:8]
    return f"suppliers/documents/{uuid.uuid4().hex}{suffix}"


class SupplierDocument(models.Model):
    """An uploaded document (PDF, JPEG or PNG, checked by content), stored privately under MEDIA_ROOT."""

    Kind = DocumentKind

    supplier = models.ForeignKey(Supplier, on_delete=models.CASCADE, related_name="documents")
    kind = models.CharField(_("jenis dokumen"), max_length=10, choices=DocumentKind.choices)
    file = models.FileField(_("berkas"), upload_to=document_upload_to, max_length=200)
    content_type = models.CharField(max_length=50)
    size = models.PositiveIntegerField()
    number = models.CharField(_("nomor dokumen"), max_length=100, blank=True)
    tkdn_value = models.DecimalField(_("nilai TKDN (%)"), max_digits=5, decimal_places=2, null=True, blank=True)
    expires_on = models.DateField(_("berlaku sampai"), null=True, blank=True)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(default=timezone.now)
    # Which expiry reminder went out last ("soon" or "expired"), so `katalog tick` sends each once.
    reminder_stage = models.CharField(max_length=10, blank=True, default="")

    class Meta:
        ordering = ["kind", "-uploaded_at"]
        verbose_name = _("dokumen penyedia")
        verbose_name_plural = _("dokumen penyedia")
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=DocumentKind.values), name="supplier_document_kind_known"),
            models.CheckConstraint(
                condition=~Q(kind="tkdn") | (Q(tkdn_value__isnull=False) & Q(expires_on__isnull=False)),
                name="supplier_document_tkdn_has_value_and_expiry",
            ),
            models.CheckConstraint(
                condition=Q(tkdn_value__isnull=True) | Q(tkdn_value__gte=0, tkdn_value__lte=100),
                name="supplier_document_tkdn_percent",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} #{self.pk}"

    def is_valid_on(self, day) -> bool:
        return self.expires_on is None or self.expires_on >= day

    @property
    def extension(self) -> str:
        return PurePosixPath(self.file.name).suffix.lstrip(".")


class AssistanceVisit(models.Model):
    """An officer's assistance (pendampingan) visit: to one business, or to a kecamatan generally."""

    officer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    supplier = models.ForeignKey(
        Supplier, null=True, blank=True, on_delete=models.SET_NULL, related_name="visits",
        verbose_name=_("usaha yang didampingi"),
    )
    district = models.ForeignKey("regions.District", on_delete=models.PROTECT, related_name="+",
                                 verbose_name=_("kecamatan"))
    village = models.ForeignKey("regions.Village", null=True, blank=True, on_delete=models.PROTECT,
                                related_name="+", verbose_name=_("desa/kampung"))
    visited_on = models.DateField(_("tanggal kunjungan"))
    notes = models.TextField(_("catatan"), max_length=2000)
    next_step = models.CharField(_("langkah berikutnya"), max_length=300, blank=True)
    # A visit recorded offline on a phone is sent when the connection returns, perhaps twice if an answer was
    # lost on the way: the key the phone gave it makes the second sending find the first visit.
    client_key = models.CharField(max_length=64, blank=True, default="")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-visited_on", "-id"]
        verbose_name = _("kunjungan pendampingan")
        verbose_name_plural = _("kunjungan pendampingan")
        indexes = [models.Index(fields=["district", "visited_on"])]
        constraints = [models.UniqueConstraint(fields=["officer", "client_key"], condition=~models.Q(client_key=""),
                                               name="visit_client_key_once_per_officer")]


class PersonalDataRequest(models.Model):
    """A data subject's recorded request (UU 27/2022 Pasal 14) about one business's personal data:
    a copy (Pasal 7, answered under Pasal 32) or erasure (Pasal 8, answered under Pasal 43).

    Made from the business's page by its owner or by a pendamping on the owner's behalf; answered by an
    administrator before `due_at` (KATALOG_RULES["data_request_hours"] after the request). At most one open
    request of each kind per business (a partial unique index).
    """

    class Kind(models.TextChoices):
        EXPORT = "export", _("Salinan data")
        ERASURE = "erasure", _("Penghapusan data")

    class Status(models.TextChoices):
        OPEN = "open", _("Menunggu")
        DONE = "done", _("Selesai")
        REFUSED = "refused", _("Ditolak")

    supplier = models.ForeignKey(Supplier, on_delete=models.PROTECT, related_name="data_requests")
    kind = models.CharField(_("jenis"), max_length=10, choices=Kind.choices)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.OPEN)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    requested_at = models.DateTimeField(default=timezone.now)
    due_at = models.DateTimeField(_("batas waktu"), db_index=True)
    handled_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+")
    handled_at = models.DateTimeField(null=True, blank=True)
    refusal_reason = models.TextField(_("alasan penolakan"), blank=True, default="")

    class Meta:
        ordering = ["due_at", "id"]
        verbose_name = _("permintaan data pribadi")
        verbose_name_plural = _("permintaan data pribadi")
        constraints = [
            models.UniqueConstraint(fields=["supplier", "kind"], condition=Q(status="open"),
                                    name="one_open_data_request_per_kind"),
            models.CheckConstraint(condition=Q(status="open") | Q(handled_at__isnull=False),
                                   name="data_request_handled_has_time"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} #{self.pk}"

    def is_overdue(self, now=None) -> bool:
        return self.status == self.Status.OPEN and self.due_at < (now or timezone.now())

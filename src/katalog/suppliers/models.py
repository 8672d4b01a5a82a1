"""Suppliers (penyedia): UMKM and other businesses selling to the kabupaten."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Scale(models.TextChoices):
    """Business scale (PP 7/2021 criteria; shown as help on registration)."""

    MICRO = "mikro", _("Mikro")
    SMALL = "kecil", _("Kecil")
    MEDIUM = "menengah", _("Menengah")
    LARGE = "besar", _("Besar")


# Scales that count toward the 40% target (Perpres 12/2021 Pasal 65), koperasi aside.
UMK_SCALES = (Scale.MICRO, Scale.SMALL)


class SupplierQuerySet(models.QuerySet):
    def local(self):
        """Located in this installation's kabupaten: derived from the address, never typed."""
        return self.filter(regency_id=settings.KATALOG_REGION)

    def umk(self):
        """Micro and small businesses and koperasi."""
        return self.filter(Q(scale__in=UMK_SCALES) | Q(is_cooperative=True))

    def verified(self):
        return self.filter(status=Supplier.Status.VERIFIED)


class Supplier(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draf")
        SUBMITTED = "submitted", _("Diajukan")
        IN_REVIEW = "in_review", _("Sedang diperiksa")
        NEEDS_REVISION = "needs_revision", _("Perlu perbaikan")
        VERIFIED = "verified", _("Terverifikasi")
        REJECTED = "rejected", _("Ditolak")

    name = models.CharField(_("nama usaha"), max_length=200)
    owner_name = models.CharField(_("nama pemilik"), max_length=200)
    # Personal data (UU 27/2022): masked on every screen but the one that needs it.
    owner_nik = models.CharField(_("NIK pemilik"), max_length=16, blank=True)
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
    bank_name = models.CharField(_("nama bank"), max_length=100, blank=True)
    bank_account_number = models.CharField(_("nomor rekening"), max_length=30, blank=True)
    bank_account_holder = models.CharField(_("nama pemilik rekening"), max_length=200, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.DRAFT)
    created_at = models.DateTimeField(default=timezone.now)
    verified_at = models.DateTimeField(null=True, blank=True)

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
        ]
        indexes = [models.Index(fields=["regency", "scale"]), models.Index(fields=["status"])]

    def __str__(self) -> str:
        return self.name

    @property
    def is_local(self) -> bool:
        return self.regency_id == settings.KATALOG_REGION

    @property
    def is_umk(self) -> bool:
        return self.scale in UMK_SCALES or self.is_cooperative

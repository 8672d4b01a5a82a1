"""Monitoring: targets per fiscal year, RUP plans (SiRUP), kecamatan potentials and integrity flags.

The spend figures themselves are never stored here: they are computed from
purchasing.Order / OrderLine on every read (figures.py), so no number can
drift from the orders behind it.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .states import FlagKind, FlagOutcome, FlagStatus


class Target(models.Model):
    """The kabupaten's targets for one fiscal year; a year without a row uses KATALOG_RULES."""

    year = models.PositiveSmallIntegerField(_("tahun anggaran"), unique=True)
    # Perpres 12/2021 Pasal 65; Inpres 2/2022: at least 40% to micro/small business and koperasi.
    umk_percent = models.PositiveSmallIntegerField(_("target porsi usaha mikro, kecil dan koperasi (%)"))
    # Inpres 2/2022: imports down to at most 5%, i.e. domestic products at least 95%.
    domestic_percent = models.PositiveSmallIntegerField(_("target porsi produk dalam negeri (%)"))
    local_percent = models.PositiveSmallIntegerField(_("target porsi penyedia lokal (%)"))
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-year"]
        verbose_name = _("target tahunan")
        verbose_name_plural = _("target tahunan")
        constraints = [
            models.CheckConstraint(
                condition=Q(umk_percent__lte=100, domestic_percent__lte=100, local_percent__lte=100),
                name="monitoring_target_percent_at_most_100",
            )
        ]

    def __str__(self) -> str:
        return str(self.year)


class RupPackage(models.Model):
    """One package of the Rencana Umum Pengadaan, imported from SiRUP: the plan beside the realisation."""

    year = models.PositiveSmallIntegerField(_("tahun anggaran"))
    rup_code = models.CharField(_("kode RUP"), max_length=20)
    agency = models.ForeignKey("agencies.Agency", on_delete=models.PROTECT, related_name="rup_packages")
    name = models.CharField(_("nama paket"), max_length=500)
    pagu = models.BigIntegerField(_("pagu (Rp)"))
    method = models.CharField(_("metode pemilihan"), max_length=100, blank=True, default="")
    is_pdn = models.BooleanField(_("produk dalam negeri"), default=False)
    is_umk = models.BooleanField(_("usaha kecil/koperasi"), default=False)
    # Matched from the file's category column or the package name; used by the demand view.
    category = models.ForeignKey(
        "catalogue.Category", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    imported_at = models.DateTimeField(default=timezone.now)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["year", "agency", "rup_code"]
        verbose_name = _("paket RUP")
        verbose_name_plural = _("paket RUP")
        constraints = [
            models.UniqueConstraint(fields=["year", "rup_code"], name="monitoring_rup_code_once_per_year"),
            models.CheckConstraint(condition=Q(pagu__gte=0), name="monitoring_rup_pagu_not_negative"),
        ]
        indexes = [models.Index(fields=["year", "agency"])]

    def __str__(self) -> str:
        return f"{self.rup_code} {self.name}"


class Potential(models.Model):
    """What a kecamatan has that a business could be built on, tagged by a UMKM officer."""

    class Kind(models.TextChoices):
        RAW_MATERIAL = "bahan_baku", _("Bahan baku")
        SKILL = "keterampilan", _("Keterampilan")
        PRODUCT = "produk", _("Produk yang sudah dibuat warga")

    district = models.ForeignKey("regions.District", on_delete=models.PROTECT, related_name="+",
                                 verbose_name=_("kecamatan"))
    category = models.ForeignKey("catalogue.Category", on_delete=models.PROTECT, related_name="+",
                                 verbose_name=_("kategori yang dapat dipasok"))
    kind = models.CharField(_("jenis potensi"), max_length=20, choices=Kind.choices)
    description = models.CharField(_("uraian"), max_length=300)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["district", "category", "id"]
        verbose_name = _("potensi kecamatan")
        verbose_name_plural = _("potensi kecamatan")
        constraints = [
            models.UniqueConstraint(fields=["district", "category", "kind", "description"],
                                    name="monitoring_potential_once"),
        ]

    def __str__(self) -> str:
        return f"{self.district} · {self.description}"


class Flag(models.Model):
    """An integrity flag: a known abuse pattern (KPK 2024) seen in the data, for an auditor to review.

    `key` names the situation (kind + the records it is about), so running the
    detectors again never raises the same flag twice, open or reviewed.
    """

    Kind = FlagKind
    Status = FlagStatus
    Outcome = FlagOutcome

    kind = models.CharField(_("jenis"), max_length=30, choices=FlagKind.choices)
    key = models.CharField(max_length=200)
    status = models.CharField(_("status"), max_length=10, choices=FlagStatus.choices, default=FlagStatus.OPEN)
    reason = models.TextField(_("alasan"))
    # [{"type": "order" | "product" | "supplier" | "agency" | "price_reference", "ref": "...", "label": "..."}]
    evidence = models.JSONField(_("bukti"), default=list)
    amount = models.BigIntegerField(_("nilai terkait (Rp)"), null=True, blank=True)
    fiscal_year = models.PositiveSmallIntegerField(null=True, blank=True)
    agency = models.ForeignKey("agencies.Agency", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    supplier = models.ForeignKey("suppliers.Supplier", null=True, blank=True, on_delete=models.PROTECT,
                                 related_name="+")
    product = models.ForeignKey("catalogue.Product", null=True, blank=True, on_delete=models.PROTECT,
                                related_name="+")
    order = models.ForeignKey("purchasing.Order", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    detected_at = models.DateTimeField(_("terdeteksi"), default=timezone.now, db_index=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    reviewed_at = models.DateTimeField(_("ditelaah pada"), null=True, blank=True)
    review_note = models.TextField(_("catatan penelaahan"), blank=True, default="")
    # Empty on open flags, and on flags reviewed before outcomes were recorded.
    outcome = models.CharField(_("hasil penelaahan"), max_length=10, choices=FlagOutcome.choices, blank=True,
                               default="")

    class Meta:
        ordering = ["-detected_at", "-id"]
        verbose_name = _("tanda integritas")
        verbose_name_plural = _("tanda integritas")
        constraints = [
            models.UniqueConstraint(fields=["kind", "key"], name="monitoring_flag_once_per_situation"),
            models.CheckConstraint(
                condition=Q(status="open") | (Q(reviewed_at__isnull=False) & ~Q(review_note="")),
                name="monitoring_flag_reviewed_has_note",
            ),
            models.CheckConstraint(condition=~Q(status="open") | Q(outcome=""),
                                   name="monitoring_flag_open_has_no_outcome"),
        ]
        indexes = [models.Index(fields=["status", "kind"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} #{self.pk}"


class LineCell(models.Model):
    """Goods value of order lines summed per (fiscal year, OPD, order status, TKDN tier).

    Kept exact by database triggers on purchasing_order and purchasing_orderline (migration 0004,
    summary.py): every insert, update or delete of an order line, and every change of an order's year,
    OPD or status, moves the amounts between cells in the same transaction, whoever writes (services,
    bulk inserts, the admin, SQL). So the dashboard reads a few thousand cells instead of joining a
    million lines to their orders, and the figures cannot drift from the orders.

    The tier of a line depends on two KATALOG_RULES thresholds, which each cell records. After a
    threshold changes, cells no longer match the settings and figures.py falls back to the lines
    themselves (always right, slower) until `katalog rebuild-line-cells` rebuilds the triggers and cells.
    """

    fiscal_year = models.PositiveSmallIntegerField()
    agency_id = models.BigIntegerField()
    status = models.CharField(max_length=30)
    tier = models.CharField(max_length=12)
    tkdn_min = models.PositiveSmallIntegerField()
    tkdn_bmp_min = models.PositiveSmallIntegerField()
    goods = models.BigIntegerField(default=0)
    lines = models.BigIntegerField(default=0)

    class Meta:
        verbose_name = _("ringkasan baris pesanan")
        constraints = [
            models.UniqueConstraint(fields=["fiscal_year", "agency_id", "status", "tier", "tkdn_min", "tkdn_bmp_min"],
                                    name="monitoring_linecell_key"),
        ]


class GoodsBudget(models.Model):
    """An OPD's goods/services budget (nilai anggaran belanja barang/jasa) for one fiscal year, from the DPA
    or the sum of its RUP pagu: the base of the 40% rule (Perpres 12/2021 Pasal 65 ayat 3). Imported."""

    class Source(models.TextChoices):
        DPA = "dpa", _("DPA (Dokumen Pelaksanaan Anggaran)")
        RUP = "rup", _("Pagu RUP")

    year = models.PositiveSmallIntegerField(_("tahun anggaran"))
    agency = models.ForeignKey("agencies.Agency", on_delete=models.PROTECT, related_name="goods_budgets")
    amount = models.BigIntegerField(_("anggaran belanja barang/jasa (Rp)"))
    source = models.CharField(_("sumber"), max_length=3, choices=Source.choices, default=Source.DPA)
    imported_at = models.DateTimeField(default=timezone.now)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["year", "agency"]
        verbose_name = _("anggaran belanja barang/jasa")
        verbose_name_plural = _("anggaran belanja barang/jasa")
        constraints = [
            models.UniqueConstraint(fields=["year", "agency"], name="monitoring_goods_budget_once_per_year"),
            models.CheckConstraint(condition=Q(amount__gte=0), name="monitoring_goods_budget_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.agency} {self.year}"


class OutsidePackage(models.Model):
    """A package realised outside this catalogue (tender, pengadaan langsung, Toko Daring, ...), imported so
    that the 40% figure covers the OPD's whole goods/services spend, not only the catalogue's.

    The supplier's scale and koperasi status are stored as imported (or looked up by NIB at import), like
    the checkout snapshot on an order. A year's list is replaced whole by each import (one RUP line may
    have several transactions, e.g. in Toko Daring).
    """

    class Channel(models.TextChoices):
        TENDER = "tender", _("Tender / seleksi")
        DIRECT = "pengadaan_langsung", _("Pengadaan langsung")
        TOKO_DARING = "toko_daring", _("Toko Daring")
        NATIONAL_CATALOGUE = "katalog_nasional", _("E-Katalog nasional / sektoral")
        OTHER = "lainnya", _("Lainnya")

    year = models.PositiveSmallIntegerField(_("tahun anggaran"))
    agency = models.ForeignKey("agencies.Agency", on_delete=models.PROTECT, related_name="outside_packages")
    rup_code = models.CharField(_("kode RUP"), max_length=20)
    channel = models.CharField(_("cara pengadaan"), max_length=20, choices=Channel.choices)
    name = models.CharField(_("nama paket"), max_length=500, blank=True, default="")
    value = models.BigIntegerField(_("nilai realisasi (Rp)"))
    supplier_nib = models.CharField(_("NIB penyedia"), max_length=13, blank=True, default="")
    supplier_scale = models.CharField(_("skala penyedia"), max_length=10)
    supplier_is_cooperative = models.BooleanField(_("koperasi"), default=False)
    is_domestic = models.BooleanField(_("produk dalam negeri"))
    imported_at = models.DateTimeField(default=timezone.now)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["year", "agency", "rup_code"]
        verbose_name = _("paket di luar katalog")
        verbose_name_plural = _("paket di luar katalog")
        constraints = [
            models.CheckConstraint(condition=Q(value__gte=0), name="monitoring_outside_package_value_not_negative"),
        ]
        indexes = [models.Index(fields=["year", "agency"])]

    def __str__(self) -> str:
        return f"{self.rup_code} {self.name}"


class DetectionRun(models.Model):
    """One run of the flag detectors: `katalog tick` runs them again once flag_detection_interval_minutes passed."""

    ran_at = models.DateTimeField(default=timezone.now, db_index=True)
    created = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-ran_at"]
        verbose_name = _("deteksi tanda integritas")
        verbose_name_plural = _("deteksi tanda integritas")


class OfficerArea(models.Model):
    """A kecamatan a UMKM officer (pendamping) is assigned to: the officer's worklist covers it."""

    officer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+",
                                verbose_name=_("pendamping"))
    district = models.ForeignKey("regions.District", on_delete=models.PROTECT, related_name="+",
                                 verbose_name=_("kecamatan"))
    assigned_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="+")
    assigned_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["district__name"]
        verbose_name = _("wilayah pendamping")
        verbose_name_plural = _("wilayah pendamping")
        constraints = [models.UniqueConstraint(fields=["officer", "district"], name="monitoring_officer_area_once")]

    def __str__(self) -> str:
        return f"{self.officer} · {self.district}"

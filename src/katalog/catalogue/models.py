"""Catalogue: KBKI reference codes, the category tree, products and their price history.

Also: wholesale price tiers, photos, SSH price references (Standar Satuan Harga),
import batches, and (in search/models.py) the search index tables.
"""

import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .states import ProductStatus


class Kbki(models.Model):
    """A KBKI code (BPS commodity classification; shipped 2012 goods / 2013 services editions)."""

    code = models.CharField(max_length=10, primary_key=True)
    title = models.CharField(max_length=500)
    level = models.PositiveSmallIntegerField()
    parent_code = models.CharField(max_length=10, blank=True)
    is_service = models.BooleanField(default=False)

    class Meta:
        ordering = ["code"]
        verbose_name = _("kode KBKI")
        verbose_name_plural = _("kode KBKI")

    def __str__(self) -> str:
        return f"{self.code} {self.title}"


class Category(models.Model):
    """A node of the catalogue's 3-level category tree."""

    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="children")
    name = models.CharField(_("nama"), max_length=150)
    slug = models.SlugField(max_length=160, unique=True)
    level = models.PositiveSmallIntegerField(default=1)
    kbki = models.ForeignKey(Kbki, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    # KBLI codes allowed to sell in this category (the national portal checks them).
    kbli_codes = models.JSONField(default=list, blank=True)
    # Category-specific attributes a product fills in: [{"key": "berat", "label": "Berat", "unit": "gram"}].
    attributes = models.JSONField(_("atribut khusus"), default=list, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("kategori")
        verbose_name_plural = _("kategori")
        constraints = [models.CheckConstraint(condition=Q(level__gte=1, level__lte=3), name="category_level_1_to_3")]

    def __str__(self) -> str:
        return self.name


class Origin(models.TextChoices):
    LOCAL = "lokal", _("Produk dalam negeri")
    IMPORT = "impor", _("Impor")


class NationalListing(models.TextChoices):
    """Whether a product is on the national LKPP e-Katalog (katalog.inaproc.id)."""

    NOT_LISTED = "belum", _("Belum tayang nasional")
    EXPORTED = "diekspor", _("Diekspor untuk unggah nasional")
    LISTED = "tayang", _("Tayang di e-Katalog nasional")


class ProductQuerySet(models.QuerySet):
    def active(self):
        return self.filter(status=Product.Status.ACTIVE)


class Product(models.Model):
    """A supplier's offer: one product with its price and stock (e-Katalog v6 fields)."""

    Status = ProductStatus  # transitions: states.py

    supplier = models.ForeignKey("suppliers.Supplier", on_delete=models.PROTECT, related_name="products")
    category = models.ForeignKey(Category, on_delete=models.PROTECT, related_name="products")
    name = models.CharField(_("nama produk"), max_length=250)
    description = models.TextField(_("deskripsi"), max_length=2000, blank=True)
    unit = models.CharField(_("satuan"), max_length=30)
    price = models.BigIntegerField(_("harga (Rp)"))
    stock = models.PositiveIntegerField(_("stok"), default=0)
    min_order = models.PositiveIntegerField(_("minimal pesan"), default=1)
    lead_time_days = models.PositiveSmallIntegerField(_("waktu kirim (hari)"), default=3)
    # None: no TKDN value (no certificate, or the supplier does not know it). That is not 0%: a domestic product
    # without a TKDN value is priority 4 of Perpres 46/2025 Pasal 66 ayat (2) huruf d, never an import.
    tkdn = models.DecimalField(_("TKDN (%)"), max_digits=5, decimal_places=2, null=True, blank=True, default=None)
    bmp = models.DecimalField(_("BMP (%)"), max_digits=4, decimal_places=2, default=0)
    origin = models.CharField(_("asal"), max_length=10, choices=Origin.choices, default=Origin.LOCAL)
    # Perpres 46/2025 Pasal 66 ayat (2) huruf d: a domestic product "yang tercantum dalam Sistem Informasi
    # Industri Nasional" (SIINas, Kemenperin). Only such a product without a TKDN value is tier 4.
    siinas_registered = models.BooleanField(_("tercatat di SIINas"), default=False)
    production_district = models.ForeignKey(
        "regions.District", null=True, blank=True, on_delete=models.PROTECT, related_name="+",
        verbose_name=_("kecamatan produksi"),
    )
    brand = models.CharField(_("merek"), max_length=100, blank=True)
    has_sni = models.BooleanField(_("SNI"), default=False)
    is_halal = models.BooleanField(_("halal"), default=False)
    ppn_percent = models.PositiveSmallIntegerField(_("PPN (%)"), default=0)
    # PMK 131/2024 Pasal 2: goods subject to PPnBM pay PPN on the full price, not on the 11/12 "nilai lain".
    ppnbm = models.BooleanField(_("kena PPnBM (barang mewah)"), default=False)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.DRAFT)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    published_at = models.DateTimeField(null=True, blank=True)
    # Issue #4 additions; all nullable or defaulted so older rows and seed data stay valid.
    delivery_area = models.CharField(_("area pengiriman"), max_length=300, blank=True, default="")
    attributes = models.JSONField(_("atribut khusus"), default=dict, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    submitted_at = models.DateTimeField(null=True, blank=True)
    verified_at = models.DateTimeField(null=True, blank=True)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    status_changed_at = models.DateTimeField(null=True, blank=True)
    # Why a product went back to verification, or what the verifier asked to fix.
    review_note = models.TextField(_("catatan verifikasi"), blank=True, default="")
    featured_at = models.DateTimeField(_("diunggulkan sejak"), null=True, blank=True, db_index=True)
    featured_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    national_listing = models.CharField(
        _("status e-Katalog nasional"), max_length=10, choices=NationalListing.choices,
        default=NationalListing.NOT_LISTED,
    )
    national_listing_changed_at = models.DateTimeField(null=True, blank=True)
    # The spreadsheet import that created it (a background import resumes after a crash by skipping the rows
    # already written under its batch).
    import_batch = models.ForeignKey("catalogue.ImportBatch", null=True, blank=True, on_delete=models.SET_NULL,
                                     related_name="products")

    objects = ProductQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("produk")
        verbose_name_plural = _("produk")
        constraints = [
            models.CheckConstraint(condition=Q(price__gt=0), name="product_price_positive"),
            models.CheckConstraint(condition=Q(min_order__gte=1), name="product_min_order_at_least_one"),
            models.CheckConstraint(condition=Q(tkdn__isnull=True) | Q(tkdn__gte=0, tkdn__lte=100),
                                   name="product_tkdn_percent"),
            models.CheckConstraint(condition=Q(bmp__gte=0, bmp__lte=15), name="product_bmp_at_most_15"),
            models.CheckConstraint(condition=Q(ppn_percent__in=[0, 11, 12]), name="product_ppn_rate"),
            models.CheckConstraint(
                condition=Q(status__in=["draft", "submitted", "verified", "active", "inactive"]),
                name="product_status_known",
            ),
        ]
        indexes = [models.Index(fields=["status", "category"]), models.Index(fields=["supplier", "status"])]

    def __str__(self) -> str:
        return self.name

    @property
    def tkdn_bmp(self):
        """TKDN + BMP; None when the product has no TKDN value (BMP alone does not make a TKDN)."""
        return None if self.tkdn is None else self.tkdn + self.bmp

    @property
    def charges_ppn(self) -> bool:
        """A PPN rate on the product and a supplier who is PKP: only a PKP charges PPN."""
        return bool(self.ppn_percent) and self.supplier.is_pkp

    def tax_for(self, amount: int, on=None):
        """DPP and PPN of `amount` of this product (core.money.line_tax), at today's rule unless `on` is given."""
        return line_tax(amount, on=on or timezone.localdate(), charges_ppn=self.charges_ppn, ppnbm=self.ppnbm)

    def clean(self):
        super().clean()
        if self.ppn_percent and self.supplier_id and not self.supplier.is_pkp:
            raise ValidationError({"ppn_percent": _("Penyedia bukan PKP, jadi tidak memungut PPN: pilih 0%.")})


class PriceChange(models.Model):
    """Every price a product has had, for buyers and auditors."""

    product = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="price_changes")
    old_price = models.BigIntegerField(null=True, blank=True)
    new_price = models.BigIntegerField()
    changed_at = models.DateTimeField(default=timezone.now, db_index=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # Where the change came from: "form", "impor", "awal" (first price).
    source = models.CharField(max_length=20, blank=True, default="")

    class Meta:
        ordering = ["-changed_at", "-id"]
        verbose_name = _("perubahan harga")
        verbose_name_plural = _("riwayat harga")


class PriceTier(models.Model):
    """A wholesale price (harga grosir): from `min_quantity` units on, each unit costs `price`."""

    product = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="price_tiers")
    min_quantity = models.PositiveIntegerField(_("mulai jumlah"))
    price = models.BigIntegerField(_("harga per satuan (Rp)"))

    class Meta:
        ordering = ["min_quantity"]
        verbose_name = _("harga grosir")
        verbose_name_plural = _("harga grosir")
        constraints = [
            models.CheckConstraint(condition=Q(price__gt=0), name="price_tier_price_positive"),
            models.CheckConstraint(condition=Q(min_quantity__gte=2), name="price_tier_min_quantity_at_least_two"),
            models.UniqueConstraint(fields=["product", "min_quantity"], name="price_tier_once_per_quantity"),
        ]


def photo_upload_to(instance, filename: str) -> str:
    # A random name: never the uploader's file name.
    return f"catalogue/photos/{uuid.uuid4().hex}.jpg"


class ProductPhoto(models.Model):
    """A product photo, re-encoded as JPEG (resized) with a thumbnail; served by catalogue:photo."""

    product = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="photos")
    image = models.FileField(upload_to=photo_upload_to, max_length=200)
    thumbnail = models.FileField(upload_to=photo_upload_to, max_length=200)
    width = models.PositiveIntegerField()
    height = models.PositiveIntegerField()
    position = models.PositiveSmallIntegerField(default=0)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("foto produk")
        verbose_name_plural = _("foto produk")


class PriceReference(models.Model):
    """One line of the kabupaten's SSH (Standar Satuan Harga): the ceiling price for an item."""

    year = models.PositiveSmallIntegerField(_("tahun anggaran"))
    code = models.CharField(_("kode"), max_length=60, blank=True, default="")
    item = models.CharField(_("uraian barang"), max_length=300)
    specification = models.CharField(_("spesifikasi"), max_length=500, blank=True, default="")
    unit = models.CharField(_("satuan"), max_length=30)
    ceiling_price = models.BigIntegerField(_("harga tertinggi (Rp)"))
    # The item's analysed words (search.normalize), for matching products to it.
    terms = models.CharField(max_length=500, blank=True, default="")
    imported_at = models.DateTimeField(default=timezone.now)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["item", "specification"]
        verbose_name = _("standar satuan harga")
        verbose_name_plural = _("standar satuan harga")
        constraints = [
            models.CheckConstraint(condition=Q(ceiling_price__gt=0), name="price_reference_ceiling_positive"),
            models.UniqueConstraint(
                fields=["year", "item", "specification", "unit"], name="price_reference_once_per_year"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.item} {self.specification}".strip()


class ImportBatch(models.Model):
    """One spreadsheet loaded into the catalogue (CLI or web), with its outcome and error list."""

    class Status(models.TextChoices):
        RUNNING = "berjalan", _("Sedang diproses")
        DONE = "selesai", _("Selesai")
        REJECTED = "ditolak", _("Ditolak: ada baris salah")
        FAILED = "gagal", _("Gagal")

    supplier = models.ForeignKey("suppliers.Supplier", on_delete=models.PROTECT, related_name="+")
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    filename = models.CharField(max_length=255)
    publish = models.BooleanField(default=False)
    valid_only = models.BooleanField(default=False)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.RUNNING)
    total_rows = models.PositiveIntegerField(default=0)
    created_count = models.PositiveIntegerField(default=0)
    error_count = models.PositiveIntegerField(default=0)
    # [{"row": 7, "column": "harga", "message": "..."}], at most spreadsheets.ERROR_LIMIT entries.
    errors = models.JSONField(default=list, blank=True)
    started_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-started_at", "-id"]
        verbose_name = _("impor produk")
        verbose_name_plural = _("impor produk")


from .search.models import SearchDocument, SearchQueue, SearchTerm  # noqa: E402,F401  (index tables)
from katalog.core.money import line_tax

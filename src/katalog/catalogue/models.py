"""Catalogue: KBKI reference codes, the category tree, products and their price history."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


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


class ProductQuerySet(models.QuerySet):
    def active(self):
        return self.filter(status=Product.Status.ACTIVE)


class Product(models.Model):
    """A supplier's offer: one product with its price and stock (e-Katalog v6 fields)."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draf")
        SUBMITTED = "submitted", _("Menunggu verifikasi")
        VERIFIED = "verified", _("Terverifikasi")
        ACTIVE = "active", _("Tayang")
        INACTIVE = "inactive", _("Tidak tayang")

    supplier = models.ForeignKey("suppliers.Supplier", on_delete=models.PROTECT, related_name="products")
    category = models.ForeignKey(Category, on_delete=models.PROTECT, related_name="products")
    name = models.CharField(_("nama produk"), max_length=250)
    description = models.TextField(_("deskripsi"), max_length=2000, blank=True)
    unit = models.CharField(_("satuan"), max_length=30)
    price = models.BigIntegerField(_("harga (Rp)"))
    stock = models.PositiveIntegerField(_("stok"), default=0)
    min_order = models.PositiveIntegerField(_("minimal pesan"), default=1)
    lead_time_days = models.PositiveSmallIntegerField(_("waktu kirim (hari)"), default=3)
    tkdn = models.DecimalField(_("TKDN (%)"), max_digits=5, decimal_places=2, default=0)
    bmp = models.DecimalField(_("BMP (%)"), max_digits=4, decimal_places=2, default=0)
    origin = models.CharField(_("asal"), max_length=10, choices=Origin.choices, default=Origin.LOCAL)
    production_district = models.ForeignKey(
        "regions.District", null=True, blank=True, on_delete=models.PROTECT, related_name="+",
        verbose_name=_("kecamatan produksi"),
    )
    brand = models.CharField(_("merek"), max_length=100, blank=True)
    has_sni = models.BooleanField(_("SNI"), default=False)
    is_halal = models.BooleanField(_("halal"), default=False)
    ppn_percent = models.PositiveSmallIntegerField(_("PPN (%)"), default=0)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.DRAFT)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    published_at = models.DateTimeField(null=True, blank=True)

    objects = ProductQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("produk")
        verbose_name_plural = _("produk")
        constraints = [
            models.CheckConstraint(condition=Q(price__gt=0), name="product_price_positive"),
            models.CheckConstraint(condition=Q(min_order__gte=1), name="product_min_order_at_least_one"),
            models.CheckConstraint(condition=Q(tkdn__gte=0, tkdn__lte=100), name="product_tkdn_percent"),
            models.CheckConstraint(condition=Q(bmp__gte=0, bmp__lte=15), name="product_bmp_at_most_15"),
            models.CheckConstraint(condition=Q(ppn_percent__in=[0, 11, 12]), name="product_ppn_rate"),
        ]
        indexes = [models.Index(fields=["status", "category"]), models.Index(fields=["supplier", "status"])]

    def __str__(self) -> str:
        return self.name

    @property
    def tkdn_bmp(self):
        return self.tkdn + self.bmp


class PriceChange(models.Model):
    """Every price a product has had, for buyers and auditors."""

    product = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="price_changes")
    old_price = models.BigIntegerField(null=True, blank=True)
    new_price = models.BigIntegerField()
    changed_at = models.DateTimeField(default=timezone.now, db_index=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-changed_at"]
        verbose_name = _("perubahan harga")
        verbose_name_plural = _("riwayat harga")

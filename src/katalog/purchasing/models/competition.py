"""Mini-kompetisi: invited suppliers of a category quote before a deadline."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .orders import Order


class Competition(models.Model):
    """A mini-kompetisi: invited suppliers of one category quote before a deadline; the lowest
    evaluated price (with the domestic-product preference) wins and becomes an order."""

    class Status(models.TextChoices):
        OPEN = "open", _("Menerima penawaran")
        AWARDED = "awarded", _("Pemenang ditetapkan")
        FAILED = "failed", _("Gagal (tidak ada penawaran)")
        CANCELLED = "cancelled", _("Dibatalkan")

    number = models.CharField(_("nomor"), max_length=40, unique=True)
    agency = models.ForeignKey("agencies.Agency", on_delete=models.PROTECT, related_name="competitions")
    buyer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="competitions_built")
    ppk = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    category = models.ForeignKey("catalogue.Category", on_delete=models.PROTECT, related_name="+")
    title = models.CharField(_("nama paket"), max_length=200)
    description = models.TextField(_("uraian kebutuhan"), blank=True, default="")
    rup_code = models.CharField(_("kode RUP"), max_length=20)
    # The budget year of that RUP line, fixed when the competition opens (core.rules.checkout_fiscal_year);
    # the winning order is charged to it.
    fiscal_year = models.PositiveSmallIntegerField(_("tahun anggaran"))
    funding_source = models.CharField(_("sumber dana / kode rekening"), max_length=100)
    delivery_address = models.CharField(_("alamat pengiriman"), max_length=300)
    requested_date = models.DateField(_("tanggal diminta tiba"))
    deadline = models.DateTimeField(_("batas akhir penawaran"))
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN, db_index=True)
    preference_percent = models.PositiveSmallIntegerField(null=True, blank=True)
    awarded_quote = models.ForeignKey("Quote", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    order = models.OneToOneField(Order, null=True, blank=True, on_delete=models.PROTECT, related_name="competition")
    created_at = models.DateTimeField(default=timezone.now)
    awarded_at = models.DateTimeField(null=True, blank=True)
    idempotency_key = models.CharField(max_length=64, null=True, blank=True, unique=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("mini-kompetisi")
        verbose_name_plural = _("mini-kompetisi")

    def __str__(self) -> str:
        return self.number


class CompetitionItem(models.Model):
    competition = models.ForeignKey(Competition, on_delete=models.CASCADE, related_name="items")
    name = models.CharField(_("barang/jasa"), max_length=250)
    unit = models.CharField(_("satuan"), max_length=30)
    quantity = models.PositiveIntegerField(_("jumlah"))
    specification = models.TextField(_("spesifikasi"), blank=True, default="")

    class Meta:
        ordering = ["id"]
        constraints = [models.CheckConstraint(condition=Q(quantity__gte=1), name="competition_item_quantity_positive")]


class Invitation(models.Model):
    competition = models.ForeignKey(Competition, on_delete=models.CASCADE, related_name="invitations")
    supplier = models.ForeignKey("suppliers.Supplier", on_delete=models.PROTECT, related_name="+")
    invited_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["id"]
        constraints = [models.UniqueConstraint(fields=["competition", "supplier"], name="invitation_once")]


class Quote(models.Model):
    """One submitted quote. A revision replaces the supplier's current quote; every revision is kept."""

    competition = models.ForeignKey(Competition, on_delete=models.CASCADE, related_name="quotes")
    supplier = models.ForeignKey("suppliers.Supplier", on_delete=models.PROTECT, related_name="+")
    revision = models.PositiveSmallIntegerField(default=1)
    is_current = models.BooleanField(default=True)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    submitted_at = models.DateTimeField(default=timezone.now)
    note = models.TextField(blank=True, default="")
    subtotal = models.BigIntegerField()
    ppn = models.BigIntegerField()
    total = models.BigIntegerField()
    tkdn = models.DecimalField(max_digits=5, decimal_places=2, default=0)
    # Filled at evaluation: price after the domestic preference (rounded for display) and rank (1 = winner).
    evaluated_price = models.BigIntegerField(null=True, blank=True)
    rank = models.PositiveSmallIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["competition", "supplier", "revision"]
        constraints = [
            models.UniqueConstraint(fields=["competition", "supplier", "revision"], name="quote_revision_unique"),
            models.UniqueConstraint(
                fields=["competition", "supplier"], condition=Q(is_current=True), name="quote_one_current"
            ),
            models.CheckConstraint(condition=Q(total=F("subtotal") + F("ppn")), name="quote_total_is_subtotal_plus_ppn"),
        ]


class QuoteLine(models.Model):
    quote = models.ForeignKey(Quote, on_delete=models.CASCADE, related_name="lines")
    item = models.ForeignKey(CompetitionItem, on_delete=models.CASCADE, related_name="+")
    product = models.ForeignKey("catalogue.Product", on_delete=models.PROTECT, related_name="+")
    quantity = models.PositiveIntegerField()
    unit_price = models.BigIntegerField()
    subtotal = models.BigIntegerField()
    ppn_percent = models.PositiveSmallIntegerField(default=0)
    dpp_numerator = models.PositiveSmallIntegerField(default=1)
    dpp_denominator = models.PositiveSmallIntegerField(default=1)
    dpp = models.BigIntegerField(default=0)
    ppn = models.BigIntegerField(default=0)
    # The product's TKDN when quoted; None: no TKDN value (catalogue.Product.tkdn).
    tkdn = models.DecimalField(max_digits=5, decimal_places=2, null=True, blank=True, default=None)
    bmp = models.DecimalField(max_digits=4, decimal_places=2, default=0)
    origin = models.CharField(max_length=10)
    # The product's SIINas record when the line was made (Perpres 46/2025 Pasal 66 ayat (2) huruf d).
    siinas_registered = models.BooleanField(default=False)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(condition=Q(unit_price__gt=0), name="quote_line_price_positive"),
            models.CheckConstraint(
                condition=Q(subtotal=F("quantity") * F("unit_price")), name="quote_line_subtotal_is_quantity_times_price"
            ),
        ]

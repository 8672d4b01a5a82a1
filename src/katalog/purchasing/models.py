"""Orders (paket e-purchasing) and their lines."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .states import CancelKind, OrderStatus


class Order(models.Model):
    """One e-purchasing package from one OPD to one supplier.

    The supplier's scale and location are copied at checkout, so that the
    40% and local-spend figures for a past year do not change when a business
    grows or moves.
    """

    number = models.CharField(_("nomor pesanan"), max_length=40, unique=True)
    agency = models.ForeignKey("agencies.Agency", on_delete=models.PROTECT, related_name="orders")
    supplier = models.ForeignKey("suppliers.Supplier", on_delete=models.PROTECT, related_name="orders")
    buyer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="orders_built")
    ppk = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="orders_approved"
    )
    status = models.CharField(_("status"), max_length=30, choices=OrderStatus.choices, db_index=True)
    cancel_kind = models.CharField(_("jenis pembatalan"), max_length=20, choices=CancelKind.choices, blank=True)
    cancel_reason = models.TextField(_("alasan pembatalan"), blank=True)
    fiscal_year = models.PositiveSmallIntegerField(_("tahun anggaran"))
    rup_code = models.CharField(_("kode RUP"), max_length=20, blank=True)
    funding_source = models.CharField(_("sumber dana / kode rekening"), max_length=100, blank=True)
    delivery_address = models.CharField(_("alamat pengiriman"), max_length=300, blank=True)
    requested_date = models.DateField(_("tanggal diminta tiba"), null=True, blank=True)
    subtotal = models.BigIntegerField(_("subtotal (Rp)"), default=0)
    ppn = models.BigIntegerField(_("PPN (Rp)"), default=0)
    total = models.BigIntegerField(_("total (Rp)"), default=0)
    supplier_scale = models.CharField(max_length=10)
    supplier_is_umk = models.BooleanField()
    supplier_is_local = models.BooleanField()
    supplier_district = models.ForeignKey("regions.District", on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    status_changed_at = models.DateTimeField(default=timezone.now)
    idempotency_key = models.CharField(max_length=64, null=True, blank=True, unique=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("pesanan")
        verbose_name_plural = _("pesanan")
        constraints = [
            models.CheckConstraint(condition=Q(total=F("subtotal") + F("ppn")), name="order_total_is_subtotal_plus_ppn"),
            models.CheckConstraint(condition=Q(subtotal__gte=0, ppn__gte=0), name="order_amounts_not_negative"),
            models.CheckConstraint(
                condition=Q(status="cancelled") | Q(cancel_kind=""), name="order_cancel_kind_only_when_cancelled"
            ),
        ]
        indexes = [
            models.Index(fields=["agency", "fiscal_year", "status"]),
            models.Index(fields=["supplier", "status"]),
        ]

    def __str__(self) -> str:
        return self.number


class OrderLine(models.Model):
    """One product on an order, with the product's facts as they were at checkout."""

    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="lines")
    product = models.ForeignKey("catalogue.Product", on_delete=models.PROTECT, related_name="order_lines")
    category = models.ForeignKey("catalogue.Category", on_delete=models.PROTECT, related_name="+")
    name = models.CharField(max_length=250)
    unit = models.CharField(max_length=30)
    quantity = models.PositiveIntegerField()
    unit_price = models.BigIntegerField()
    subtotal = models.BigIntegerField()
    ppn_percent = models.PositiveSmallIntegerField(default=0)
    tkdn = models.DecimalField(max_digits=5, decimal_places=2, default=0)
    bmp = models.DecimalField(max_digits=4, decimal_places=2, default=0)
    origin = models.CharField(max_length=10)

    class Meta:
        ordering = ["id"]
        verbose_name = _("baris pesanan")
        verbose_name_plural = _("baris pesanan")
        constraints = [
            models.CheckConstraint(condition=Q(quantity__gte=1), name="order_line_quantity_positive"),
            models.CheckConstraint(condition=Q(unit_price__gt=0), name="order_line_price_positive"),
            models.CheckConstraint(
                condition=Q(subtotal=F("quantity") * F("unit_price")), name="order_line_subtotal_is_quantity_times_price"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.quantity} {self.unit} {self.name}"

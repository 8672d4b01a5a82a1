"""What happens under a signed order: reserved stock, deliveries, letters, adendum, payment, rating;
and the sequence counters for numbers."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .orders import Order, OrderLine, Side


class StockReservation(models.Model):
    """Stock held for one order line from the supplier's acceptance; released on cancellation.

    The held units are taken off catalogue.Product.stock (which the database keeps >= 0),
    so the catalogue always shows what can still be sold.
    """

    order_line = models.OneToOneField(OrderLine, on_delete=models.CASCADE, related_name="reservation")
    product = models.ForeignKey("catalogue.Product", on_delete=models.PROTECT, related_name="+")
    quantity = models.PositiveIntegerField()
    released_quantity = models.PositiveIntegerField(default=0)
    reserved_at = models.DateTimeField(default=timezone.now)
    released_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(released_quantity__lte=F("quantity")), name="reservation_release_at_most_reserved"
            )
        ]


class Delivery(models.Model):
    """One shipment (partial deliveries allowed) and its receipt by the OPD."""

    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="deliveries")
    number = models.PositiveSmallIntegerField()
    shipped_on = models.DateField(_("tanggal kirim"))
    note = models.TextField(_("catatan pengiriman"), blank=True, default="")
    shipped_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    shipped_at = models.DateTimeField(default=timezone.now)
    received_on = models.DateField(_("tanggal terima"), null=True, blank=True)
    received_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    received_at = models.DateTimeField(null=True, blank=True)
    receipt_note = models.TextField(_("catatan penerimaan"), blank=True, default="")

    class Meta:
        ordering = ["order", "number"]
        verbose_name = _("pengiriman")
        verbose_name_plural = _("pengiriman")
        constraints = [models.UniqueConstraint(fields=["order", "number"], name="delivery_number_unique")]


class DeliveryLine(models.Model):
    delivery = models.ForeignKey(Delivery, on_delete=models.CASCADE, related_name="lines")
    order_line = models.ForeignKey(OrderLine, on_delete=models.CASCADE, related_name="delivery_lines")
    quantity = models.PositiveIntegerField()

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["delivery", "order_line"], name="delivery_line_once_per_delivery"),
            models.CheckConstraint(condition=Q(quantity__gte=1), name="delivery_line_quantity_positive"),
        ]


class OrderDocument(models.Model):
    """A letter issued for an order (Surat Pesanan, BAST): number, date, the facts it states, signatures.

    `data` freezes what the letter says when it is issued, so the PDF is rebuilt
    byte-for-byte from this record at any later time (documents.py).
    """

    class Kind(models.TextChoices):
        SURAT_PESANAN = "sp", _("Surat Pesanan")
        BAST = "bast", _("Berita Acara Serah Terima")

    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="documents")
    kind = models.CharField(max_length=4, choices=Kind.choices)
    number = models.CharField(_("nomor surat"), max_length=80, unique=True)
    issued_on = models.DateField(_("tanggal surat"))
    data = models.JSONField()
    ppk_signed_at = models.DateTimeField(null=True, blank=True)
    ppk_signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    supplier_signed_at = models.DateTimeField(null=True, blank=True)
    supplier_signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["order", "issued_on", "id"]
        verbose_name = _("dokumen pesanan")
        verbose_name_plural = _("dokumen pesanan")
        constraints = [models.UniqueConstraint(fields=["order", "kind"], name="order_document_one_per_kind")]

    def __str__(self) -> str:
        return self.number

    @property
    def fully_signed(self) -> bool:
        return self.ppk_signed_at is not None and self.supplier_signed_at is not None


class Amendment(models.Model):
    """An adendum: a change of quantity, price or date, proposed by one contract party and agreed by the other."""

    class Status(models.TextChoices):
        PROPOSED = "proposed", _("Diusulkan")
        AGREED = "agreed", _("Disepakati")
        REJECTED = "rejected", _("Ditolak")

    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="amendments")
    number = models.PositiveSmallIntegerField()
    side = models.CharField(max_length=10, choices=Side.choices)
    proposed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    proposed_at = models.DateTimeField(default=timezone.now)
    reason = models.TextField(_("alasan"))
    # {"lines": [{"line", "name", "quantity", "unit_price"}], "requested_date": "YYYY-MM-DD" | null}
    changes = models.JSONField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PROPOSED)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_note = models.TextField(blank=True, default="")
    # The order's lines, dates and totals before and after an agreed adendum (its version record).
    before = models.JSONField(null=True, blank=True)
    after = models.JSONField(null=True, blank=True)

    class Meta:
        ordering = ["order", "number"]
        verbose_name = _("adendum")
        verbose_name_plural = _("adendum")
        constraints = [
            models.UniqueConstraint(fields=["order", "number"], name="amendment_number_unique"),
            models.UniqueConstraint(
                fields=["order"], condition=Q(status="proposed"), name="amendment_one_open_per_order"
            ),
            models.CheckConstraint(condition=~Q(reason=""), name="amendment_reason_not_empty"),
        ]


class Payment(models.Model):
    """Payment recorded by the treasurer: SP2D number, date and amount, or 'paid outside the system'."""

    order = models.OneToOneField(Order, on_delete=models.CASCADE, related_name="payment")
    outside_system = models.BooleanField(default=False)
    sp2d_number = models.CharField(_("nomor SP2D"), max_length=60, blank=True, default="")
    sp2d_date = models.DateField(_("tanggal SP2D"), null=True, blank=True)
    amount = models.BigIntegerField(_("jumlah dibayar (Rp)"), null=True, blank=True)
    note = models.TextField(blank=True, default="")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("pembayaran")
        verbose_name_plural = _("pembayaran")
        constraints = [
            models.CheckConstraint(
                condition=Q(outside_system=True)
                | (Q(amount__gt=0) & Q(sp2d_date__isnull=False) & ~Q(sp2d_number="")),
                name="payment_sp2d_complete",
            )
        ]


class SupplierRating(models.Model):
    """The buyer's rating of the supplier for one completed order (1-5)."""

    order = models.OneToOneField(Order, on_delete=models.CASCADE, related_name="rating")
    supplier = models.ForeignKey("suppliers.Supplier", on_delete=models.PROTECT, related_name="ratings")
    rated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    score = models.PositiveSmallIntegerField(_("nilai"))
    comment = models.TextField(_("komentar"), blank=True, default="")
    rated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-rated_at"]
        verbose_name = _("penilaian penyedia")
        verbose_name_plural = _("penilaian penyedia")
        constraints = [models.CheckConstraint(condition=Q(score__gte=1, score__lte=5), name="rating_score_1_to_5")]


class Counter(models.Model):
    """Sequence numbers (orders, letters) per scope and year, taken under a row lock."""

    scope = models.CharField(max_length=60)
    year = models.PositiveSmallIntegerField()
    value = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["scope", "year"], name="counter_scope_year_unique")]

"""Orders (paket e-purchasing), their lines, carts, justifications and negotiation rounds."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from katalog.core.money import LineTax, line_tax_with

from ..states import CancelKind, OrderStatus


class Method(models.TextChoices):
    CATALOGUE = "catalogue", _("Pembelian dari katalog")
    MINI_COMPETITION = "mini_competition", _("Mini-kompetisi")


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
    # SHA-256 of the checkout request the key was first sent with (services.cart.checkout_request_hash);
    # null for orders made before it was kept.
    idempotency_request = models.CharField(max_length=64, null=True, blank=True)
    version = models.PositiveIntegerField(default=1)
    # Added with the e-purchasing flow; every one nullable or defaulted so older records stay valid.
    method = models.CharField(_("metode"), max_length=20, choices=Method.choices, default=Method.CATALOGUE)
    shipping_cost = models.BigIntegerField(_("ongkos kirim (Rp)"), default=0)
    payment_terms = models.CharField(_("syarat pembayaran"), max_length=300, blank=True, default="")
    needs_ppk_review = models.BooleanField(_("perlu reviu PPK"), default=False)
    # The PP sent the order to the PPK once: from then on the PPK reviews it whatever the total.
    sent_to_ppk = models.BooleanField(_("pernah dikirim ke PPK"), default=False)
    response_due_at = models.DateTimeField(_("batas waktu tanggapan"), null=True, blank=True, db_index=True)
    goods_checked_at = models.DateTimeField(_("barang diperiksa pada"), null=True, blank=True)
    goods_checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    goods_check_note = models.TextField(_("catatan pemeriksaan barang"), blank=True, default="")

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("pesanan")
        verbose_name_plural = _("pesanan")
        constraints = [
            models.CheckConstraint(
                condition=Q(total=F("subtotal") + F("ppn") + F("shipping_cost")), name="order_total_is_sum_of_parts"
            ),
            models.CheckConstraint(
                condition=Q(subtotal__gte=0, ppn__gte=0, shipping_cost__gte=0), name="order_amounts_not_negative"
            ),
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

    @property
    def dpp(self) -> int:
        """Tax base (DPP) of the order: the sum of its lines' DPP."""
        return sum(line.dpp for line in self.lines.all())


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
    # PPN as computed for this line (core.money.line_tax, PMK 131/2024): the rate and DPP factor in force when
    # the order was made, and the DPP and PPN in whole rupiah. A change of terms recomputes with the same rate
    # and factor; a later change of law does not touch the line.
    ppn_percent = models.PositiveSmallIntegerField(default=0)
    dpp_numerator = models.PositiveSmallIntegerField(default=1)
    dpp_denominator = models.PositiveSmallIntegerField(default=1)
    dpp = models.BigIntegerField(_("DPP (Rp)"), default=0)
    ppn = models.BigIntegerField(_("PPN (Rp)"), default=0)
    # The product's TKDN at checkout; None: no TKDN value (catalogue.Product.tkdn).
    tkdn = models.DecimalField(max_digits=5, decimal_places=2, null=True, blank=True, default=None)
    bmp = models.DecimalField(max_digits=4, decimal_places=2, default=0)
    origin = models.CharField(max_length=10)
    # The product's SIINas record when the line was made (Perpres 46/2025 Pasal 66 ayat (2) huruf d).
    siinas_registered = models.BooleanField(default=False)
    # Price at checkout (catalogue) or award (mini-kompetisi): negotiation may only go below it.
    list_price = models.BigIntegerField(null=True, blank=True)

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

    @property
    def ppn_amount(self) -> int:
        return self.ppn

    def set_tax(self, tax: LineTax) -> None:
        self.ppn_percent, self.dpp_numerator, self.dpp_denominator = (
            tax.rate_percent, tax.dpp_numerator, tax.dpp_denominator)
        self.dpp, self.ppn = tax.dpp, tax.ppn

    def recompute_tax(self) -> None:
        """DPP and PPN for the current subtotal with the line's own rate and factor."""
        self.set_tax(line_tax_with(self.subtotal, self.ppn_percent, self.dpp_numerator, self.dpp_denominator))


class Side(models.TextChoices):
    BUYER = "buyer", _("Pihak OPD")
    SUPPLIER = "supplier", _("Penyedia")


class Cart(models.Model):
    """A PP's cart with one supplier (e-Katalog v6: one cart per supplier)."""

    buyer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="carts")
    agency = models.ForeignKey("agencies.Agency", on_delete=models.CASCADE, related_name="+")
    supplier = models.ForeignKey("suppliers.Supplier", on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-updated_at"]
        verbose_name = _("keranjang")
        verbose_name_plural = _("keranjang")
        constraints = [models.UniqueConstraint(fields=["buyer", "supplier"], name="cart_one_per_buyer_and_supplier")]

    def __str__(self) -> str:
        return f"{self.buyer} · {self.supplier}"


class CartLine(models.Model):
    cart = models.ForeignKey(Cart, on_delete=models.CASCADE, related_name="lines")
    product = models.ForeignKey("catalogue.Product", on_delete=models.CASCADE, related_name="+")
    quantity = models.PositiveIntegerField(_("jumlah"))
    added_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["cart", "product"], name="cart_line_one_per_product"),
            models.CheckConstraint(condition=Q(quantity__gte=1), name="cart_line_quantity_positive"),
        ]


class Justification(models.Model):
    """The written reason for buying an import / low-TKDN product, or from a non-UMK supplier,
    while a better alternative was shown (Perpres 46/2025 Pasal 66; Perpres 12/2021 Pasal 65)."""

    class Kind(models.TextChoices):
        DOMESTIC = "domestic", _("Produk dalam negeri (TKDN)")
        UMK = "umk", _("Usaha mikro dan kecil")

    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="justifications")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    order_line = models.ForeignKey(OrderLine, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    text = models.TextField(_("alasan"))
    # The alternatives the buyer was shown: [{"id", "name", "supplier", "tkdn", "bmp", "price"}].
    alternatives = models.JSONField(default=list)
    written_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    written_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["id"]
        verbose_name = _("justifikasi")
        verbose_name_plural = _("justifikasi")
        constraints = [models.CheckConstraint(condition=~Q(text=""), name="justification_text_not_empty")]


class NegotiationRound(models.Model):
    """One offer in a negotiation (price, quantity, shipping, payment terms); all kept as history."""

    class Status(models.TextChoices):
        OPEN = "open", _("Menunggu jawaban")
        ACCEPTED = "accepted", _("Diterima")
        REJECTED = "rejected", _("Ditolak")
        SUPERSEDED = "superseded", _("Diganti tawaran baru")
        LAPSED = "lapsed", _("Gugur")

    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="negotiation_rounds")
    number = models.PositiveSmallIntegerField()
    side = models.CharField(max_length=10, choices=Side.choices)
    proposed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    proposed_at = models.DateTimeField(default=timezone.now)
    # [{"line": id, "name", "quantity", "unit_price"}]: the whole proposal, not a diff.
    lines = models.JSONField()
    shipping_cost = models.BigIntegerField(default=0)
    payment_terms = models.CharField(max_length=300, blank=True, default="")
    note = models.TextField(blank=True, default="")
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.OPEN)
    responded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    responded_at = models.DateTimeField(null=True, blank=True)
    response_note = models.TextField(blank=True, default="")

    class Meta:
        ordering = ["order", "number"]
        verbose_name = _("putaran negosiasi")
        verbose_name_plural = _("putaran negosiasi")
        constraints = [
            models.UniqueConstraint(fields=["order", "number"], name="negotiation_round_number_unique"),
            models.UniqueConstraint(fields=["order"], condition=Q(status="open"), name="negotiation_one_open_round"),
            models.CheckConstraint(condition=Q(shipping_cost__gte=0), name="negotiation_shipping_not_negative"),
        ]

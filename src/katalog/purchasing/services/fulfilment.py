"""After the Surat Pesanan: deliveries (partial allowed), receipt, the PPK's check of the goods,
the BAST signed by both, payment by the treasurer, and the buyer's rating of the supplier."""

from __future__ import annotations

from datetime import date, datetime

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from katalog.core.audit import record_event
from katalog.core.conflicts import retry_on_conflict
from katalog.core.money import format_rupiah
from katalog.core.roles import Role

from ..errors import Busy, InvalidInput, NotAllowed
from ..models import Delivery, DeliveryLine, Order, OrderDocument, Payment, SupplierRating
from ..order_page import shipped_quantities
from ..states import RATABLE_STATUSES
from ._engine import check_party, issue_document, local_date, lock_order, require_text, sign_letter, transition


@retry_on_conflict(Busy)
def delivery_ship(
    *, order: Order, user, expected_version: int, quantities: dict[int, int], shipped_on: date, note: str = "",
    now: datetime | None = None,
) -> Delivery:
    """The supplier records a shipment: some or all of what is still outstanding on each line."""
    with transition(order=order, user=user, action="ship", expected_version=expected_version, now=now) as step:
        o = step.order
        if shipped_on is None or shipped_on > local_date(step.now):
            raise InvalidInput(_("Tanggal kirim tidak boleh setelah hari ini."))
        lines = {l.pk: l for l in o.lines.all()}
        if not set(quantities) <= set(lines):
            raise InvalidInput(_("Baris pengiriman tidak cocok dengan pesanan."))
        shipped = shipped_quantities(o)
        wanted = {pk: q for pk, q in quantities.items() if q}
        if not wanted:
            raise InvalidInput(_("Isi jumlah yang dikirim untuk paling sedikit satu barang."))
        for pk, quantity in wanted.items():
            line = lines[pk]
            outstanding = line.quantity - shipped.get(pk, 0)
            if isinstance(quantity, bool) or not isinstance(quantity, int) or quantity < 0 or quantity > outstanding:
                raise InvalidInput(_("Jumlah kirim “%(name)s” paling banyak %(n)s %(unit)s (sisa pesanan).")
                                   % {"name": line.name, "n": outstanding, "unit": line.unit})
        number = (o.deliveries.aggregate(n=Max("number"))["n"] or 0) + 1
        delivery = Delivery.objects.create(order=o, number=number, shipped_on=shipped_on, note=(note or "").strip(),
                                           shipped_by=user, shipped_at=step.now)
        for pk, quantity in wanted.items():
            DeliveryLine.objects.create(delivery=delivery, order_line_id=pk, quantity=quantity)
        step.detail.update({"delivery": number, "items": sum(wanted.values())})
    return delivery


@retry_on_conflict(Busy)
def delivery_receive(
    *, order: Order, user, expected_version: int, delivery: Delivery, received_on: date, note: str = "",
    now: datetime | None = None,
) -> Delivery:
    """The OPD confirms a shipment arrived. When nothing else is on the road the order is 'arrived'."""
    def action(locked):
        others = locked.deliveries.filter(received_on__isnull=True).exclude(pk=delivery.pk)
        return "receive" if others.exists() else "arrive"

    with transition(order=order, user=user, action=action, expected_version=expected_version, now=now) as step:
        d = Delivery.objects.select_for_update().get(pk=delivery.pk, order=step.order)
        if d.received_on is not None:
            raise InvalidInput(_("Pengiriman ini sudah dicatat diterima."))
        if received_on is None or received_on < d.shipped_on or received_on > local_date(step.now):
            raise InvalidInput(_("Tanggal terima harus antara tanggal kirim dan hari ini."))
        d.received_on, d.received_by, d.received_at = received_on, user, step.now
        d.receipt_note = (note or "").strip()
        d.save()
        step.detail["delivery"] = d.number
    return d


@retry_on_conflict(Busy)
def goods_check(*, order: Order, user, expected_version: int, note: str, now: datetime | None = None) -> OrderDocument:
    """The PPK checks the goods against the order; the BAST is issued for both to sign.

    Every line must be delivered in full and every shipment received first.
    """
    note = require_text(note, _("Tuliskan hasil pemeriksaan barang."))
    with transition(order=order, user=user, action="check_goods", expected_version=expected_version, now=now) as step:
        o = step.order
        shipped = shipped_quantities(o)
        short = [l.name for l in o.lines.all() if shipped.get(l.pk, 0) < l.quantity]
        # An order that reached "arrived" with no delivery recorded at all was recorded before deliveries
        # were tracked here (imports, demo data); the PPK's check stands for the receipt.
        if short and o.deliveries.exists():
            raise InvalidInput(_("Barang belum lengkap dikirim: %(names)s.") % {"names": ", ".join(short)})
        if o.deliveries.filter(received_on__isnull=True).exists():
            raise InvalidInput(_("Masih ada pengiriman yang belum dicatat diterima."))
        o.goods_checked_at, o.goods_checked_by, o.goods_check_note = step.now, user, note
        bast = issue_document(o, OrderDocument.Kind.BAST, step.now)
        number = bast.number
        step.detail["bast_number"] = number
    return bast


@retry_on_conflict(Busy)
def bast_sign(*, order: Order, user, expected_version: int, now: datetime | None = None) -> Order:
    """The PPK and the supplier each sign the BAST; with both signatures the order is complete."""
    return sign_letter(order=order, user=user, kind=OrderDocument.Kind.BAST, first="sign_bast_first",
                       second="sign_bast", expected_version=expected_version, now=now)


@retry_on_conflict(Busy)
def payment_record(
    *, order: Order, user, expected_version: int, sp2d_number: str, sp2d_date: date, amount: int,
    now: datetime | None = None,
) -> Payment:
    """The treasurer records the SP2D (number, date, amount) that paid the supplier.

    The amount may be below the total (taxes withheld at payment) but never above it.
    """
    sp2d_number = require_text(sp2d_number, _("Isi nomor SP2D."))
    with transition(order=order, user=user, action="record_payment", expected_version=expected_version,
                    now=now) as step:
        o = step.order
        if isinstance(amount, bool) or not isinstance(amount, int) or not 0 < amount <= o.total:
            raise InvalidInput(_("Jumlah dibayar harus lebih dari nol dan paling banyak %(total)s.")
                               % {"total": format_rupiah(o.total)})
        bast = o.documents.filter(kind=OrderDocument.Kind.BAST).first()
        earliest = bast.issued_on if bast else o.created_at.date()
        if sp2d_date is None or sp2d_date < earliest or sp2d_date > local_date(step.now):
            raise InvalidInput(_("Tanggal SP2D harus antara tanggal BAST dan hari ini."))
        payment = Payment.objects.create(order=o, sp2d_number=sp2d_number, sp2d_date=sp2d_date, amount=amount,
                                         recorded_by=user, recorded_at=step.now)
        step.detail.update({"sp2d_number": sp2d_number, "amount": amount})
    return payment


@retry_on_conflict(Busy)
def payment_record_outside(*, order: Order, user, expected_version: int, note: str,
                           now: datetime | None = None) -> Payment:
    """The treasurer records that the order was paid outside the system, saying how."""
    note = require_text(note, _("Jelaskan bagaimana pembayaran dilakukan."))
    with transition(order=order, user=user, action="record_outside_payment", expected_version=expected_version,
                    now=now) as step:
        payment = Payment.objects.create(order=step.order, outside_system=True, note=note, recorded_by=user,
                                         recorded_at=step.now)
    return payment


@retry_on_conflict(Busy)
@transaction.atomic
def supplier_rate(*, order: Order, user, score: int, comment: str = "", now: datetime | None = None) -> SupplierRating:
    """The buyer's OPD rates the supplier once per order, after the handover (BAST)."""
    now = now or timezone.now()
    o = lock_order(order.pk)
    if user.role != Role.PP:
        raise NotAllowed(_("Penilaian penyedia diberikan oleh Pejabat Pengadaan OPD pemesan."))
    check_party(o, user, user.role)
    if o.status not in RATABLE_STATUSES:
        raise InvalidInput(_("Penyedia dapat dinilai setelah BAST ditandatangani."))
    if SupplierRating.objects.filter(order=o).exists():
        raise InvalidInput(_("Pesanan ini sudah dinilai."))
    if isinstance(score, bool) or not isinstance(score, int) or not 1 <= score <= 5:
        raise InvalidInput(_("Nilai harus 1 sampai 5."))
    rating = SupplierRating.objects.create(order=o, supplier_id=o.supplier_id, rated_by=user, score=score,
                                           comment=(comment or "").strip(), rated_at=now)
    record_event(actor=user, action="order.rate", obj=o, after={"score": score})
    return rating

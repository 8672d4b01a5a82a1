"""Deliveries (partial allowed), receipt, the PPK's check, the BAST, payment and the supplier's rating."""

from datetime import timedelta

import pytest
from django.utils import timezone

from katalog.purchasing import services
from katalog.purchasing.errors import InvalidInput, NotAllowed
from katalog.purchasing.models import Payment, SupplierRating
from katalog.purchasing.states import IllegalTransition, OrderStatus
from tests.purchasing.helpers import accepted, checkout, completed, fresh, make_world, signed

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate


def test_signing_the_surat_pesanan_takes_both_signatures():
    w = make_world()
    order = accepted(w)
    order = services.order_sign_surat_pesanan(order=order, user=w.ppk, expected_version=order.version)
    assert order.status == OrderStatus.SIGNING
    with pytest.raises(NotAllowed, match="sudah menandatangani"):
        services.order_sign_surat_pesanan(order=order, user=w.ppk, expected_version=order.version)
    order = services.order_sign_surat_pesanan(order=order, user=w.seller, expected_version=order.version)
    assert order.status == OrderStatus.PROCESSING
    assert order.documents.get().fully_signed


def test_partial_deliveries_then_arrival_then_check_and_bast():
    w = make_world()
    order = signed(w, checkout(w, [(w.product, 10)]))
    line = order.lines.get()
    first = services.delivery_ship(order=order, user=w.seller, expected_version=order.version,
                                   quantities={line.pk: 4}, shipped_on=TODAY(), note="JNE resi 123")
    order = fresh(order)
    second = services.delivery_ship(order=order, user=w.seller, expected_version=order.version,
                                    quantities={line.pk: 6}, shipped_on=TODAY())
    order = fresh(order)
    assert order.status == OrderStatus.IN_DELIVERY
    services.delivery_receive(order=order, user=w.pp, expected_version=order.version, delivery=first,
                              received_on=TODAY())
    assert fresh(order).status == OrderStatus.IN_DELIVERY  # the second is still on the road
    services.delivery_receive(order=fresh(order), user=w.ppk, expected_version=fresh(order).version, delivery=second,
                              received_on=TODAY())
    order = fresh(order)
    assert order.status == OrderStatus.ARRIVED
    bast = services.goods_check(order=order, user=w.ppk, expected_version=order.version, note="Lengkap, baik.")
    assert fresh(order).status == OrderStatus.BAST_CONFIRMATION and bast.kind == "bast"


def test_a_partial_arrival_must_be_completed_before_the_goods_check():
    w = make_world()
    order = signed(w, checkout(w, [(w.product, 10)]))
    line = order.lines.get()
    d = services.delivery_ship(order=order, user=w.seller, expected_version=order.version, quantities={line.pk: 4},
                               shipped_on=TODAY())
    order = fresh(order)
    services.delivery_receive(order=order, user=w.pp, expected_version=order.version, delivery=d, received_on=TODAY())
    order = fresh(order)
    assert order.status == OrderStatus.ARRIVED
    with pytest.raises(InvalidInput, match="belum lengkap dikirim: Kertas HVS A4 70 gram"):
        services.goods_check(order=order, user=w.ppk, expected_version=order.version, note="Cek")
    services.delivery_ship(order=order, user=w.seller, expected_version=order.version, quantities={line.pk: 6},
                           shipped_on=TODAY())
    assert fresh(order).status == OrderStatus.IN_DELIVERY


def test_the_supplier_cannot_ship_more_than_was_ordered_or_in_the_future():
    w = make_world()
    order = signed(w, checkout(w, [(w.product, 3)]))
    line = order.lines.get()
    with pytest.raises(InvalidInput, match="paling banyak 3 rim"):
        services.delivery_ship(order=order, user=w.seller, expected_version=order.version, quantities={line.pk: 4},
                               shipped_on=TODAY())
    with pytest.raises(InvalidInput, match="Tanggal kirim"):
        services.delivery_ship(order=order, user=w.seller, expected_version=order.version, quantities={line.pk: 1},
                               shipped_on=TODAY() + timedelta(days=1))


def test_the_bast_needs_both_signatures_to_complete_the_order():
    w = make_world()
    order = completed(w)
    assert order.status == OrderStatus.COMPLETED
    bast = order.documents.get(kind="bast")
    assert bast.ppk_signed_by == w.ppk and bast.supplier_signed_by == w.seller


def test_the_treasurer_records_the_sp2d_and_the_order_is_paid():
    w = make_world()
    order = completed(w)
    with pytest.raises(InvalidInput, match="paling banyak Rp100.000"):
        services.payment_record(order=order, user=w.treasurer, expected_version=order.version,
                                sp2d_number="0012/SP2D/LS/2026", sp2d_date=TODAY(), amount=100_001)
    with pytest.raises(IllegalTransition):
        services.payment_record(order=order, user=w.ppk, expected_version=order.version,
                                sp2d_number="0012/SP2D/LS/2026", sp2d_date=TODAY(), amount=100_000)
    services.payment_record(order=order, user=w.treasurer, expected_version=order.version,
                            sp2d_number="0012/SP2D/LS/2026", sp2d_date=TODAY(), amount=98_000)
    order = fresh(order)
    assert order.status == OrderStatus.PAID
    assert (order.payment.sp2d_number, order.payment.amount) == ("0012/SP2D/LS/2026", 98_000)


def test_payment_outside_the_system_needs_an_explanation():
    w = make_world()
    order = completed(w)
    with pytest.raises(InvalidInput):
        services.payment_record_outside(order=order, user=w.treasurer, expected_version=order.version, note="")
    services.payment_record_outside(order=order, user=w.treasurer, expected_version=order.version,
                                    note="Dibayar tunai lewat UP, kuitansi 17/2026.")
    assert fresh(order).status == OrderStatus.PAID_OUTSIDE
    assert Payment.objects.get().outside_system


def test_the_buyer_rates_the_supplier_once_after_the_handover():
    w = make_world()
    order = signed(w)
    with pytest.raises(InvalidInput, match="setelah BAST"):
        services.supplier_rate(order=order, user=w.pp, score=5)
    order = completed(w, checkout(w))
    with pytest.raises(NotAllowed):
        services.supplier_rate(order=order, user=w.ppk, score=5)
    services.supplier_rate(order=order, user=w.pp, score=4, comment="Tepat waktu, kemasan rapi.")
    with pytest.raises(InvalidInput, match="sudah dinilai"):
        services.supplier_rate(order=order, user=w.pp, score=1)
    assert SupplierRating.objects.get().score == 4

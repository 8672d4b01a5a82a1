"""Stock is reserved when the supplier accepts, released on cancellation, and never oversold."""

import pytest
from django.utils import timezone

from katalog.catalogue.models import Product
from katalog.purchasing import services
from katalog.purchasing.errors import InsufficientStock
from katalog.purchasing.models import OrderDocument, StockReservation
from katalog.purchasing.states import CancelKind, OrderStatus
from tests.purchasing.helpers import accepted, checkout, fresh, make_world, signed

pytestmark = pytest.mark.django_db


def _stock(w):
    return Product.objects.get(pk=w.product.pk).stock


def test_accepting_reserves_the_stock_and_issues_the_surat_pesanan():
    w = make_world(stock=10)
    order = checkout(w, [(w.product, 4)])
    assert _stock(w) == 10  # a checkout alone holds nothing
    order = accepted(w, order)
    assert order.status == OrderStatus.SIGNING
    assert _stock(w) == 6
    assert StockReservation.objects.get().quantity == 4
    assert order.documents.get().kind == OrderDocument.Kind.SURAT_PESANAN


def test_the_supplier_cannot_accept_more_than_is_in_stock_and_nothing_is_half_done():
    w = make_world(stock=10)
    first = checkout(w, [(w.product, 7)])
    second = checkout(w, [(w.product, 5)])
    accepted(w, first)
    second = services.order_place(order=second, user=w.pp, expected_version=second.version)
    with pytest.raises(InsufficientStock, match="tinggal 3 rim, sedangkan pesanan memerlukan 5 rim"):
        services.order_accept(order=second, user=w.seller, expected_version=second.version)
    second = fresh(second)
    assert second.status == OrderStatus.SUPPLIER_CONFIRMATION
    assert not second.documents.exists() and not StockReservation.objects.filter(order_line__order=second).exists()
    assert _stock(w) == 3


def test_cancelling_before_shipment_gives_all_reserved_stock_back():
    w = make_world(stock=10)
    order = signed(w, checkout(w, [(w.product, 4)]))
    order = services.order_terminate(order=order, user=w.ppk, expected_version=order.version,
                                      reason="Penyedia tidak memulai pekerjaan.")
    assert (order.status, order.cancel_kind) == (OrderStatus.CANCELLED, CancelKind.PEMUTUSAN)
    assert _stock(w) == 10
    reservation = StockReservation.objects.get()
    assert reservation.released_quantity == 4


def test_a_penghentian_after_a_partial_delivery_gives_back_only_what_was_not_shipped():
    w = make_world(stock=10)
    order = signed(w, checkout(w, [(w.product, 6)]))
    line = order.lines.get()
    services.delivery_ship(order=order, user=w.seller, expected_version=order.version, quantities={line.pk: 2},
                           shipped_on=timezone.localdate())
    order = fresh(order)
    order = services.order_halt(order=order, user=w.seller, expected_version=order.version,
                                reason="Banjir menutup akses jalan ke gudang.")
    assert order.cancel_kind == CancelKind.PENGHENTIAN
    assert _stock(w) == 10 - 2


def test_rejections_and_expiries_do_not_touch_stock():
    w = make_world(stock=10)
    order = checkout(w, [(w.product, 4)])
    order = services.order_place(order=order, user=w.pp, expected_version=order.version)
    services.order_reject(order=order, user=w.seller, expected_version=order.version, reason="Libur produksi.")
    assert _stock(w) == 10



"""Orders recorded directly (demo data, imports) in any status, without letters, deliveries or
reservations, can still be carried to the end through the services."""

import pytest
from django.utils import timezone

from katalog.purchasing import documents, services
from katalog.purchasing.states import OrderStatus
from tests.factories import make_order
from tests.purchasing.helpers import fresh, make_world
from tests.purchasing.pdftext import pdf_text

pytestmark = pytest.mark.django_db


def _recorded(w, status):
    return make_order(agency=w.agency, supplier=w.supplier, buyer=w.pp, ppk=w.ppk, lines=[(w.product, 3)],
                      status=status)


def test_a_recorded_order_awaiting_signatures_gets_its_surat_pesanan_when_signed():
    w = make_world()
    order = _recorded(w, OrderStatus.SIGNING)
    order = services.order_sign_surat_pesanan(order=order, user=w.seller, expected_version=order.version)
    order = services.order_sign_surat_pesanan(order=order, user=w.ppk, expected_version=order.version)
    assert order.status == OrderStatus.PROCESSING
    sp = order.documents.get()
    assert "Kertas HVS A4 70 gram 3 rim Rp50.000 Rp150.000" in pdf_text(documents.render(sp).pdf)


def test_a_recorded_arrived_order_can_be_checked_signed_and_paid():
    w = make_world()
    order = _recorded(w, OrderStatus.ARRIVED)
    services.goods_check(order=order, user=w.ppk, expected_version=order.version, note="Diterima lengkap.")
    order = fresh(order)
    order = services.bast_sign(order=order, user=w.ppk, expected_version=order.version)
    order = services.bast_sign(order=order, user=w.seller, expected_version=order.version)
    services.payment_record(order=order, user=w.treasurer, expected_version=order.version, sp2d_number="1/SP2D",
                            sp2d_date=timezone.localdate(), amount=order.total)
    assert fresh(order).status == OrderStatus.PAID


def test_a_recorded_order_can_be_terminated_without_touching_stock():
    w = make_world(stock=40)
    order = _recorded(w, OrderStatus.PROCESSING)
    services.order_terminate(order=order, user=w.ppk, expected_version=order.version, reason="Wanprestasi.")
    w.product.refresh_from_db()
    assert w.product.stock == 40

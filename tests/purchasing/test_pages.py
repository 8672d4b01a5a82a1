"""The purchasing pages: each role sees its own actions, forms are POST-only with CSRF, views stay thin."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from katalog.core.roles import Role
from katalog.purchasing.models import Cart, Order
from katalog.purchasing.states import OrderStatus
from tests.factories import make_agency, make_product, make_supplier, make_user
from tests.purchasing.helpers import checkout, fresh, make_world

pytestmark = pytest.mark.django_db


def _detail(client, order):
    return client.get(reverse("purchasing:order_detail", args=[order.number])).content.decode()


def _act(client, order, action, **data):
    data.setdefault("version", fresh(order).version)
    return client.post(reverse("purchasing:order_action", args=[order.number, action]), data, follow=True)


def test_each_role_sees_only_the_actions_it_may_take(client):
    w = make_world()
    order = checkout(w)
    client.force_login(w.pp)
    html = _detail(client, order)
    assert "Kirim ke penyedia" in html and "Kirim ke PPK untuk direviu" in html and "Setujui pesanan" not in html
    client.force_login(w.seller)
    html = _detail(client, order)
    assert "Kirim ke penyedia" not in html and "Ajukan tawaran negosiasi" in html
    client.force_login(w.treasurer)
    assert "Tindakan Anda" not in _detail(client, order)
    client.force_login(make_user(Role.PPK, agency=w.agency))  # a PPK who was not chosen
    html = _detail(client, order)
    assert "Tindakan Anda" not in html and "PPK lain" in html


def test_actions_are_post_only_and_need_the_csrf_token(client):
    w = make_world()
    order = checkout(w)
    client.force_login(w.pp)
    url = reverse("purchasing:order_action", args=[order.number, "place"])
    assert client.get(url).status_code == 405
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(w.pp)
    assert strict.post(url, {"version": order.version}).status_code == 403
    assert fresh(order).status == OrderStatus.NEGOTIATION


def test_the_whole_round_through_the_pages(client):
    w = make_world(stock=10)
    order = checkout(w)
    client.force_login(w.pp)
    assert "Pesanan dikirim ke penyedia" in _act(client, order, "place").content.decode()
    client.force_login(w.seller)
    assert "stok sudah dicadangkan" in _act(client, order, "accept").content.decode()
    _act(client, order, "sign")
    client.force_login(w.ppk)
    html = _act(client, order, "sign").content.decode()
    assert fresh(order).status == OrderStatus.PROCESSING
    assert "Surat Pesanan" in html and reverse("purchasing:order_document", args=[order.number, "sp"]) in html
    line = order.lines.get()
    client.force_login(w.seller)
    _act(client, order, "ship", shipped_on=timezone.localdate().isoformat(), **{f"qty_{line.pk}": 2})
    client.force_login(w.pp)
    delivery = order.deliveries.get()
    _act(client, order, "receive", delivery=delivery.pk, received_on=timezone.localdate().isoformat())
    client.force_login(w.ppk)
    _act(client, order, "check_goods", note="Sesuai.")
    _act(client, order, "sign")
    client.force_login(w.seller)
    _act(client, order, "sign")
    client.force_login(w.treasurer)
    html = _act(client, order, "record_payment", sp2d_number="77/SP2D/2026",
                sp2d_date=timezone.localdate().isoformat(), amount="Rp100.000").content.decode()
    assert "Pesanan lunas" in html and fresh(order).status == OrderStatus.PAID
    client.force_login(w.pp)
    html = _act(client, order, "rate", score=5, comment="Mantap").content.decode()
    assert "penilaian penyedia disimpan" in html
    # The timeline on the page tells who did what.
    for text in ["Pesanan dibuat dari keranjang", "Pesanan diterima penyedia", "Barang tiba",
                 "BAST ditandatangani kedua pihak", "Pembayaran (SP2D) dicatat", "Sari Bendahara"]:
        assert text in html, text


def test_a_stale_page_gets_the_changed_by_someone_else_message(client):
    w = make_world()
    order = checkout(w)
    seen = order.version
    client.force_login(w.pp)
    _act(client, order, "send_to_ppk", version=seen)
    html = _act(client, order, "cancel", version=seen, reason="Salah pesan").content.decode()
    assert "baru saja diubah oleh orang lain" in html
    assert fresh(order).status == OrderStatus.PPK_REVIEW


def test_an_illegal_action_is_refused_with_a_clear_message(client):
    w = make_world()
    order = checkout(w)
    client.force_login(w.seller)
    html = _act(client, order, "accept").content.decode()
    assert "tidak dapat dilakukan pada pesanan berstatus" in html
    client.force_login(make_user(Role.PP, agency=make_agency()))
    assert client.post(reverse("purchasing:order_action", args=[order.number, "cancel"]),
                       {"version": 1, "reason": "x"}).status_code == 404


def test_checkout_page_asks_for_a_reason_then_creates_one_order_even_when_sent_twice(client):
    w = make_world(origin="impor", tkdn=Decimal("0"))
    make_product(make_supplier(), w.category, name="Kertas Way Kanan", tkdn=Decimal("42.00"))
    client.force_login(w.pp)
    response = client.post(reverse("purchasing:cart_add", args=[w.product.pk]), {"quantity": 3})
    assert response.status_code == 302
    cart = Cart.objects.get()
    url = reverse("purchasing:checkout", args=[cart.pk])
    page = client.get(url).content.decode()
    assert "Kertas Way Kanan" in page and "Perpres 46/2025 Pasal 66" in page
    data = {"idempotency_key": "k-123", "rup_code": "40123456", "funding_source": "5.1.02.01.01.0024",
            "delivery_address": "Kantor", "requested_date": (timezone.localdate() + timedelta(days=5)).isoformat(),
            "ppk": w.ppk.pk}
    page = client.post(url, data).content.decode()
    assert "Wajib diisi" in page and not Order.objects.exists()
    data[f"alasan_{w.product.pk}"] = "Harus sama dengan stok kertas printer lama."
    first = client.post(url, data)
    again = client.post(url, data)  # double click
    order = Order.objects.get()
    assert first.url == again.url == reverse("purchasing:order_detail", args=[order.number])
    assert "Harus sama dengan stok kertas printer lama." in _detail(client, order)


def test_checkout_page_refuses_a_key_sent_again_with_other_fields_or_for_another_cart(client):
    w = make_world()
    client.force_login(w.pp)
    client.post(reverse("purchasing:cart_add", args=[w.product.pk]), {"quantity": 3})
    first_url = reverse("purchasing:checkout", args=[Cart.objects.get().pk])
    data = {"idempotency_key": "k-456", "rup_code": "40123456", "funding_source": "5.1.02.01.01.0024",
            "delivery_address": "Kantor", "requested_date": (timezone.localdate() + timedelta(days=5)).isoformat(),
            "ppk": w.ppk.pk}
    assert client.post(first_url, data).status_code == 302
    order = Order.objects.get()
    # The same form sent again lands on its order; with another RUP code it is refused.
    assert client.post(first_url, data).url == reverse("purchasing:order_detail", args=[order.number])
    page = client.post(first_url, {**data, "rup_code": "40999999"}, follow=True).content.decode()
    assert "sudah pernah dikirim dengan isian yang berbeda" in page
    # The key reused for a new cart: refused, no order made, the cart still there.
    client.post(reverse("purchasing:cart_add", args=[w.product.pk]), {"quantity": 1})
    second = Cart.objects.get()
    response = client.post(reverse("purchasing:checkout", args=[second.pk]), data)
    page = response.content.decode()
    assert response.status_code == 200 and "sudah pernah dikirim dengan isian yang berbeda" in page
    assert f"Pesanan {order.number} dibuat" not in page
    assert Order.objects.count() == 1 and Cart.objects.filter(pk=second.pk).exists()


def test_cart_page_changes_quantities_and_removes_lines(client):
    w = make_world()
    client.force_login(w.pp)
    client.post(reverse("purchasing:cart_add", args=[w.product.pk]), {"quantity": 2})
    line = Cart.objects.get().lines.get()
    client.post(reverse("purchasing:cart_line_update", args=[line.pk]), {"quantity": 7})
    assert "Rp350.000" in client.get(reverse("purchasing:cart_list")).content.decode()
    client.post(reverse("purchasing:cart_line_update", args=[line.pk]), {"quantity": 0})
    assert "Keranjang Anda kosong" in client.get(reverse("purchasing:cart_list")).content.decode()


def test_only_a_pp_has_a_cart(client):
    client.force_login(make_user(Role.PPK))
    assert client.get(reverse("purchasing:cart_list")).status_code == 403


def test_competition_form_lists_suppliers_of_the_chosen_category(client):
    w = make_world()
    client.force_login(w.pp)
    page = client.get(reverse("purchasing:competition_create")).content.decode()
    assert w.category.name in page
    page = client.get(reverse("purchasing:competition_create") + f"?kategori={w.category.slug}").content.decode()
    assert w.supplier.name in page and "Batas akhir penawaran" in page


def test_a_local_product_without_a_tkdn_value_is_domestic_at_checkout_not_an_import_nor_zero(client):
    w = make_world(tkdn=None)
    make_product(make_supplier(), w.category, name="Kertas impor murah", origin="impor", tkdn=None)
    client.force_login(w.pp)
    client.post(reverse("purchasing:cart_add", args=[w.product.pk]), {"quantity": 3})
    page = client.get(reverse("purchasing:checkout", args=[Cart.objects.get().pk])).content.decode()
    assert "belum ada nilai TKDN" in page
    assert "None%" not in page and "0.00%" not in page and "0,00%" not in page
    # Nothing outranks a domestic product without TKDN here (the other is an import): no reason is asked.
    assert "prioritas lebih tinggi" not in page and "alasan_" not in page

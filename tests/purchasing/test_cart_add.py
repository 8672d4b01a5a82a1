"""Adding to the cart from the card, the product page and the compare page: refused at once when the
stock cannot cover it, confirmed in place with htmx, back to the same page without JavaScript."""

import pytest
from django.urls import reverse

from katalog.purchasing import services
from katalog.purchasing.errors import InsufficientStock, InvalidInput
from katalog.purchasing.models import CartLine
from tests.purchasing.helpers import make_world

pytestmark = pytest.mark.django_db


def test_adding_more_than_the_stock_is_refused_with_the_number_available_and_nothing_is_added():
    w = make_world(stock=20)
    with pytest.raises(InsufficientStock, match="tersedia 20 rim"):
        services.cart_add_product(user=w.pp, product=w.product, quantity=21)
    assert not CartLine.objects.exists()
    services.cart_add_product(user=w.pp, product=w.product, quantity=20)  # exactly the stock is fine


def test_adding_to_a_line_counts_what_is_already_in_the_cart():
    w = make_world(stock=20)
    services.cart_add_product(user=w.pp, product=w.product, quantity=15)
    with pytest.raises(InsufficientStock, match="15 rim sudah ada di keranjang Anda; tambahkan paling banyak 5 rim"):
        services.cart_add_product(user=w.pp, product=w.product, quantity=6)
    assert CartLine.objects.get().quantity == 15


def test_adding_less_than_the_minimum_order_is_refused():
    w = make_world()
    w.product.min_order = 10
    w.product.save()
    with pytest.raises(InvalidInput, match="minimal"):
        services.cart_add_product(user=w.pp, product=w.product, quantity=9)
    services.cart_add_product(user=w.pp, product=w.product, quantity=10)


def test_a_cart_quantity_above_the_stock_is_refused():
    w = make_world(stock=8)
    line = services.cart_add_product(user=w.pp, product=w.product, quantity=2)
    with pytest.raises(InsufficientStock, match="tersedia 8 rim"):
        services.cart_set_quantity(user=w.pp, line=line, quantity=9)
    assert CartLine.objects.get().quantity == 2


def _logged_in(client, user):
    client.force_login(user)
    return client


def test_htmx_add_answers_a_confirmation_and_the_new_cart_count_in_place(client):
    w = make_world(stock=20)
    response = _logged_in(client, w.pp).post(reverse("purchasing:cart_add", args=[w.product.pk]),
                                             {"quantity": 4, "next": "/katalog/"}, HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert response.status_code == 200
    assert "masuk keranjang: 4 rim" in html
    assert 'id="cart-link"' in html and 'hx-swap-oob="true"' in html
    assert '<span class="count">1</span>' in html
    assert CartLine.objects.get().quantity == 4


def test_htmx_add_above_the_stock_answers_the_reason_in_place(client):
    w = make_world(stock=3)
    response = _logged_in(client, w.pp).post(reverse("purchasing:cart_add", args=[w.product.pk]),
                                             {"quantity": 4}, HTTP_HX_REQUEST="true")
    assert "tersedia 3 rim" in response.content.decode()
    assert not CartLine.objects.exists()


def test_without_javascript_adding_goes_back_to_the_page_it_came_from_but_never_off_site(client):
    w = make_world(stock=20)
    url = reverse("purchasing:cart_add", args=[w.product.pk])
    _logged_in(client, w.pp)
    back = client.post(url, {"quantity": 1, "next": "/katalog/?q=kertas"})
    assert back.status_code == 302 and back["Location"] == "/katalog/?q=kertas"
    away = client.post(url, {"quantity": 1, "next": "https://contoh.invalid/"})
    assert away["Location"] == reverse("purchasing:cart_list")
    assert CartLine.objects.get().quantity == 2


def test_the_buy_box_shows_for_a_buyer_only_and_a_visitor_is_asked_to_log_in(client):
    w = make_world(stock=20)
    page = reverse("catalogue:product_detail", args=[w.product.pk])
    visitor = client.get(page).content.decode()
    assert "Masuk untuk membeli" in visitor and "Masukkan keranjang" not in visitor
    for user in (w.ppk, w.treasurer, w.seller):
        html = _logged_in(client, user).get(page).content.decode()
        assert "Masukkan keranjang" not in html and "Masuk untuk membeli" not in html
    html = _logged_in(client, w.pp).get(page).content.decode()
    assert "Masukkan keranjang" in html and "minimal 1 · stok 20 rim" in html
    assert 'id="cart-link"' in html


def test_a_product_out_of_stock_offers_no_button(client):
    w = make_world(stock=0)
    html = _logged_in(client, w.pp).get(reverse("catalogue:product_detail", args=[w.product.pk])).content.decode()
    assert "Masukkan keranjang" not in html and "Stok habis" in html

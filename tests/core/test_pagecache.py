"""Cached public pages (core/pagecache.py): the same page for every anonymous visitor, never a signed-in person's
page, and never a stale price, stock or figure once a change has committed."""

import re

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.test import Client
from django.urls import reverse

from katalog.catalogue.models import PriceTier, Product
from katalog.core.pagecache import content_version
from katalog.core.roles import Role
from katalog.purchasing import services
from katalog.suppliers.models import Supplier
from tests.factories import PASSWORD, make_agency, make_category, make_product, make_supplier, make_user
from tests.purchasing.helpers import accepted, checkout, make_world

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.page_cache]

TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([A-Za-z0-9]+)"')


def _page(client, url) -> str:
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def _detail(product) -> str:
    return reverse("catalogue:product_detail", args=[product.pk])


def test_a_second_anonymous_visitor_gets_the_page_from_the_cache(django_assert_max_num_queries):
    product = make_product(name="Kertas HVS A4 70 gram", price=48_500)
    first = _page(Client(), _detail(product))
    with django_assert_max_num_queries(1):  # the content version, nothing else
        second = _page(Client(), _detail(product))
    assert TOKEN.sub("", first) == TOKEN.sub("", second)
    assert "Rp48.500" in second


def test_a_price_change_shows_at_once_on_a_cached_product_page_and_in_the_catalogue():
    product = make_product(name="Kertas HVS A4 70 gram", price=48_500)
    assert "Rp48.500" in _page(Client(), _detail(product))
    assert "Rp48.500" in _page(Client(), reverse("catalogue:product_list") + "?q=kertas")
    assert re.search(r'data-figure="products">1<', _page(Client(), "/"))
    make_product()
    assert re.search(r'data-figure="products">2<', _page(Client(), "/"))  # the home page's figures follow
    product.price = 51_000
    product.save()
    assert "Rp51.000" in _page(Client(), _detail(product))
    listing = _page(Client(), reverse("catalogue:product_list") + "?q=kertas")
    assert "Rp51.000" in listing and "Rp48.500" not in listing


def test_stock_taken_by_an_accepted_order_shows_at_once_on_the_cached_product_page():
    w = make_world(stock=10)
    assert "10 rim" in _page(Client(), _detail(w.product))
    accepted(w, checkout(w, [(w.product, 4)]))  # the stock leaves by an UPDATE, which sends no post_save
    assert "6 rim" in _page(Client(), _detail(w.product))


def test_a_signed_in_buyer_never_gets_a_cached_page_and_never_leaves_one():
    w = make_world(stock=10)
    catalogue = reverse("catalogue:product_list")
    anonymous = _page(Client(), catalogue)
    assert "Masuk untuk membeli" in anonymous
    buyer = Client()
    assert buyer.post(reverse("login"), {"username": w.pp.username, "password": PASSWORD}).status_code == 302
    services.cart_add_product(user=w.pp, product=w.product, quantity=2)
    page = _page(buyer, catalogue)
    assert "Rina Pengadaan" in page and "Masukkan keranjang" in page and "stok 10 rim" in page
    again = _page(Client(), catalogue)
    assert "Rina Pengadaan" not in again and "Masukkan keranjang" not in again


def test_each_anonymous_visitor_gets_a_csrf_token_that_matches_their_own_cookie():
    make_product()
    first, second = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)
    _page(first, "/")
    page = _page(second, "/")  # from the cache, rendered for the first visitor
    token = TOKEN.search(page).group(1)
    response = second.post(reverse("set_language"), {"csrfmiddlewaretoken": token, "language": "en", "next": "/"})
    assert response.status_code == 302
    english = _page(second, "/")
    assert '<html lang="en">' in english  # the language is part of the key: no Indonesian page served to her


def test_the_version_rises_once_per_committed_change_not_for_a_rolled_back_one_nor_a_login():
    supplier, category, agency = make_supplier(), make_category(), make_agency()
    start = content_version()
    with transaction.atomic():
        for _ in range(3):
            make_product(supplier, category)
    assert content_version() == start + 1
    with pytest.raises(RuntimeError), transaction.atomic():
        make_product(supplier, category)
        raise RuntimeError("rolled back")
    assert content_version() == start + 1
    user = make_user(Role.PP, agency=agency)  # accounts, sessions and carts show on no public page
    assert Client().post(reverse("login"), {"username": user.username, "password": PASSWORD}).status_code == 302
    assert content_version() == start + 1
    make_product(supplier, category)
    assert content_version() == start + 2


def _signed_in(user) -> Client:
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    return client


def test_a_second_buyer_gets_the_search_results_from_the_cache_with_her_own_working_token():
    w = make_world(stock=10)
    other = make_user(Role.PP, agency=w.agency, full_name="Dewi Pengadaan")
    search = reverse("catalogue:product_list") + "?q=kertas"
    first_buyer = _signed_in(w.pp)
    _page(first_buyer, search)  # the first search brings the new product into the index: a new content version
    first = _page(first_buyer, search)
    second_buyer = _signed_in(other)
    with CaptureQueriesContext(connection) as queries:
        second = _page(second_buyer, search)
    read = " ".join(q["sql"] for q in queries.captured_queries)
    assert "catalogue_search" not in read and "catalogue_product" not in read  # no search, no product read
    assert "Dewi Pengadaan" in second and "Rina Pengadaan" not in second
    assert TOKEN.sub("", first).replace("Rina", "Dewi") == TOKEN.sub("", second)
    form = re.search(r'<form class="buy compact" method="post" action="([^"]+)".*?name="csrfmiddlewaretoken" '
                     r'value="([A-Za-z0-9]+)"', second, re.S)
    response = second_buyer.post(form.group(1), {"csrfmiddlewaretoken": form.group(2), "quantity": 1,
                                                "next": search})
    assert response.status_code == 302  # her own token: accepted; another buyer's would be refused


def test_a_price_or_stock_change_shows_at_once_in_a_signed_in_buyers_cached_search_results():
    w = make_world(price=48_500, stock=10)
    buyer = _signed_in(w.pp)
    search = reverse("catalogue:product_list") + "?q=kertas"
    page = _page(buyer, search)
    assert "Rp48.500" in page and "stok 10 rim" in page
    w.product.price = 51_000
    w.product.save()
    page = _page(buyer, search)
    assert "Rp51.000" in page and "Rp48.500" not in page
    accepted(w, checkout(w, [(w.product, 4)]))  # the stock leaves by an UPDATE, which sends no post_save
    page = _page(buyer, search)
    assert "stok 6 rim" in page and "stok 10 rim" not in page


def test_whoever_may_not_buy_never_gets_the_buyers_results_nor_the_reverse():
    w = make_world(stock=10)
    search = reverse("catalogue:product_list") + "?q=kertas"
    assert "Masukkan keranjang" in _page(_signed_in(w.pp), search)
    seller_page = _page(_signed_in(w.seller), search)  # signed in, may not buy: no buy box, no login link
    assert "Masukkan keranjang" not in seller_page and "Masuk untuk membeli" not in seller_page
    anonymous = _page(Client(), search + "&urut=relevansi")  # a new address: not the anonymous page cache
    assert "Masuk untuk membeli" in anonymous and "Masukkan keranjang" not in anonymous
    assert "Masukkan keranjang" in _page(_signed_in(w.pp), search)


def _showcase(client, district=None) -> str:
    return _page(client, reverse("catalogue:showcase") + (f"?kecamatan={district.code}" if district else ""))


def _count_of(page: str, district) -> int:
    return int(re.search(rf'\?kecamatan={re.escape(district.code)}"[^>]*>[^<]*</a> <span class="count">(\d+)<',
                         page).group(1))


def test_a_new_price_shows_at_once_on_every_showcase_page_for_visitors_and_buyers():
    w = make_world(stock=10)
    w.product.featured_at = w.product.created_at
    w.product.save()
    district = w.product.supplier.district
    buyer = Client()
    buyer.force_login(w.pp)
    for client in (Client(), buyer):  # the shared card face, kecamatan figures and picks are kept, both pages
        assert w.product.name in _showcase(client) and w.product.name in _showcase(client, district)
    face = rf"{re.escape(w.product.name)}</strong></a>\s*<span class=\"price\">Rp51\.000"
    assert not re.search(face, _showcase(Client()))
    w.product.price = 51_000
    w.product.save()
    for client in (Client(), buyer):
        assert re.search(face, _showcase(client)) and re.search(face, _showcase(client, district))


def test_a_newly_verified_business_shows_at_once_in_the_showcase_figures_and_cards():
    first = make_product(name="Keripik Singkong Balado")
    district = first.supplier.district
    all_page, district_page = _showcase(Client()), _showcase(Client(), district)
    assert "Keripik Singkong Balado" in all_page and "Keripik Singkong Balado" in district_page
    assert _count_of(all_page, district) == 1 and "Gula Aren Cair" not in district_page
    business = make_supplier(district=district, status=Supplier.Status.SUBMITTED)
    prepared = make_product(business, name="Gula Aren Cair", status=Product.Status.DRAFT)
    assert _count_of(_showcase(Client()), district) == 1
    with transaction.atomic():  # verified, and the product it prepared approved with it
        business.status = Supplier.Status.VERIFIED
        business.save()
        prepared.status = Product.Status.ACTIVE
        prepared.save()
    all_page, district_page = _showcase(Client()), _showcase(Client(), district)
    assert _count_of(all_page, district) == 2 and _count_of(district_page, district) == 2
    assert "Gula Aren Cair" in all_page and "Gula Aren Cair" in district_page


def test_a_new_wholesale_price_shows_at_once_on_the_product_page_of_a_buyer_and_a_visitor():
    w = make_world(stock=10)
    buyer = Client()
    buyer.force_login(w.pp)
    for client in (Client(), buyer):  # the photos, tiers, history and ceiling are kept for both
        assert "Harga grosir" not in _page(client, _detail(w.product))
    PriceTier.objects.create(product=w.product, min_quantity=50, price=9_000)
    for client in (Client(), buyer):
        page = _page(client, _detail(w.product))
        assert "Harga grosir" in page and "Rp9.000" in page

"""Updates through the API are version-checked like the forms: a stale one is refused (409), nothing is lost,
and stock moves by adjustments only, so stock reserved by an order is never given back."""

from datetime import timedelta

import pytest
from django.utils import timezone

from katalog.catalogue import services as catalogue
from katalog.catalogue.models import Product
from katalog.core.roles import Role
from katalog.purchasing import services as purchasing
from tests.factories import make_agency, make_category, make_product, make_supplier, make_user
from tests.opendata.api_helpers import assert_error_shape, get, post, token_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def shop():
    supplier = make_supplier()
    seller = make_user(Role.SUPPLIER, supplier=supplier)
    product = make_product(supplier, make_category("Kopi"), name="Kopi bubuk robusta 250 g", price=45_000, stock=20)
    return seller, product


def _version(client, raw, product):
    items = get(client, "/api/v1/my/products", raw).json()["items"]
    return next(item for item in items if item["id"] == product.pk)["version"]


def test_a_stale_api_update_is_refused_and_nothing_is_saved(client, shop):
    seller, product = shop
    raw = token_for(seller)
    read = _version(client, raw, product)
    # Meanwhile the product form changes the minimum order.
    catalogue.product_update(actor=seller, product=product, data={"min_order": 5})
    response = post(client, f"/api/v1/my/products/{product.pk}", raw, {"version": read, "price": 40_000},
                    method="patch")
    error = assert_error_shape(response, 409)
    assert "diubah orang lain" in error["message"]
    product.refresh_from_db()
    assert (product.price, product.min_order) == (45_000, 5)
    # With the version read now it goes through.
    response = post(client, f"/api/v1/my/products/{product.pk}", raw,
                    {"version": _version(client, raw, product), "price": 40_000}, method="patch")
    assert response.status_code == 200 and response.json()["price"] == 40_000
    assert response.json()["version"] != read


def test_api_stock_changes_are_adjustments_so_reserved_stock_is_never_given_back(client, shop):
    seller, product = shop
    raw = token_for(seller)
    read = _version(client, raw, product)  # the client saw 20 in stock
    agency = make_agency()
    pp, ppk = make_user(Role.PP, agency=agency), make_user(Role.PPK, agency=agency)
    purchasing.cart_add_product(user=pp, product=product, quantity=3)
    order = purchasing.order_checkout(user=pp, cart=pp.carts.get(), idempotency_key="api-stok", rup_code="40123456",
                                      funding_source="5.1.02", delivery_address="Kantor", ppk=ppk,
                                      requested_date=timezone.localdate() + timedelta(days=7))
    order = purchasing.order_place(order=order, user=pp, expected_version=order.version)
    purchasing.order_accept(order=order, user=seller, expected_version=order.version)  # 3 reserved: 17 left
    response = post(client, f"/api/v1/my/products/{product.pk}", raw, {"version": read, "stock_change": 5},
                    method="patch")
    assert response.status_code == 200 and response.json()["stock"] == 22
    assert Product.objects.get(pk=product.pk).stock == 22
    # Removing more than there is now is refused with a clear message, not clamped.
    response = post(client, f"/api/v1/my/products/{product.pk}", raw,
                    {"version": _version(client, raw, product), "stock_change": -30}, method="patch")
    assert "Stok tidak dapat dikurangi 30" in assert_error_shape(response, 422)["message"]
    assert Product.objects.get(pk=product.pk).stock == 22


def test_only_the_owner_updates_a_product_through_the_api(client, shop):
    _seller, product = shop
    other = make_user(Role.SUPPLIER)
    response = post(client, f"/api/v1/my/products/{product.pk}", token_for(other), {"version": "x", "price": 1},
                    method="patch")
    assert_error_shape(response, 404)

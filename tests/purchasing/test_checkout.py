"""Cart per supplier and checkout into an order: snapshots, totals, idempotency, the rules a buyer can break."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from katalog.core.models import AuditEvent
from katalog.core.roles import Role
from katalog.purchasing import services
from katalog.purchasing.errors import InsufficientStock, InvalidInput, KeyReused, NotAllowed
from katalog.purchasing.models import Cart, Order
from katalog.purchasing.states import OrderStatus
from tests.factories import make_agency, make_product, make_supplier, make_user
from tests.purchasing.helpers import checkout, key, make_world

pytestmark = pytest.mark.django_db


def test_each_supplier_gets_its_own_cart_and_repeated_adds_sum_up():
    w = make_world()
    other = make_product(make_supplier(), w.category, name="Map plastik")
    services.cart_add_product(user=w.pp, product=w.product, quantity=2)
    services.cart_add_product(user=w.pp, product=w.product, quantity=3)
    services.cart_add_product(user=w.pp, product=other, quantity=1)
    carts = {c.supplier_id: c for c in Cart.objects.filter(buyer=w.pp)}
    assert set(carts) == {w.supplier.pk, other.supplier_id}
    assert carts[w.supplier.pk].lines.get().quantity == 5


def test_checkout_snapshots_the_products_and_totals_equal_the_sum_of_lines():
    w = make_world(price=33_333, ppn_percent=12)
    second = make_product(w.supplier, w.category, name="Pulpen", price=2_501, ppn_percent=12, stock=50,
                          tkdn=Decimal("40.00"))
    order = checkout(w, [(w.product, 3), (second, 7)])
    assert order.status == OrderStatus.NEGOTIATION
    lines = list(order.lines.all())
    assert [(l.name, l.quantity, l.unit_price, l.subtotal, l.list_price) for l in lines] == [
        ("Kertas HVS A4 70 gram", 3, 33_333, 99_999, 33_333), ("Pulpen", 7, 2_501, 17_507, 2_501),
    ]
    # PMK 131/2024: PPN 12% of DPP 11/12 per line, each rounded half-up to whole rupiah:
    # DPP 91 665.75 → 91 666, PPN 10 999.89 → 11 000; DPP 16 048.08 → 16 048, PPN 1 925.77 → 1 926.
    assert [(l.dpp, l.ppn, l.ppn_percent, l.dpp_numerator, l.dpp_denominator) for l in lines] == [
        (91_666, 11_000, 12, 11, 12), (16_048, 1_926, 12, 11, 12)]
    assert (order.subtotal, order.ppn, order.total) == (117_506, 12_926, 130_432)
    assert order.total == sum(l.subtotal for l in lines) + sum(l.ppn for l in lines)
    assert (order.rup_code, order.ppk, order.buyer, order.agency) == ("40123456", w.ppk, w.pp, w.agency)
    assert order.supplier_is_umk and order.supplier_is_local
    assert not Cart.objects.filter(buyer=w.pp).exists()
    # A later price change in the catalogue does not touch the order.
    w.product.price = 40_000
    w.product.save()
    assert order.lines.get(name="Kertas HVS A4 70 gram").unit_price == 33_333


def test_submitting_the_same_checkout_twice_creates_one_order():
    w = make_world()
    services.cart_add_product(user=w.pp, product=w.product, quantity=2)
    cart = w.pp.carts.get()
    fields = dict(idempotency_key=key(), rup_code="40123456", funding_source="5.1.02", delivery_address="Kantor",
                  requested_date=timezone.localdate() + timedelta(days=7), ppk=w.ppk)
    first = services.order_checkout(user=w.pp, cart=cart, **fields)
    again = services.order_checkout(user=w.pp, cart=cart, **fields)  # double click: the cart is gone by now
    assert again.pk == first.pk
    assert Order.objects.count() == 1
    assert AuditEvent.objects.filter(action="order.checkout").count() == 1


def test_the_same_key_with_other_fields_or_another_cart_is_refused_not_answered_with_the_first_order():
    w = make_world()
    services.cart_add_product(user=w.pp, product=w.product, quantity=2)
    first_cart = w.pp.carts.get()
    fields = dict(idempotency_key=key(), rup_code="40123456", funding_source="5.1.02", delivery_address="Kantor",
                  requested_date=timezone.localdate() + timedelta(days=7), ppk=w.ppk)
    first = services.order_checkout(user=w.pp, cart=first_cart, **fields)
    # Sent again for the same (now gone) cart but with another RUP code: not the same request.
    with pytest.raises(KeyReused) as refused:
        services.order_checkout(user=w.pp, cart=first_cart.pk, **{**fields, "rup_code": "40999999"})
    assert "isian yang berbeda" in str(refused.value)
    # The same key for another cart: refused, and that cart stays to be checked out properly.
    services.cart_add_product(user=w.pp, product=w.product, quantity=1)
    second_cart = w.pp.carts.get()
    with pytest.raises(KeyReused):
        services.order_checkout(user=w.pp, cart=second_cart, **fields)
    assert list(Order.objects.values_list("pk", flat=True)) == [first.pk]
    assert Cart.objects.filter(pk=second_cart.pk).exists()
    # The very same request again still gets its order back.
    assert services.order_checkout(user=w.pp, cart=first_cart.pk, **fields).pk == first.pk
    assert services.order_checkout(user=w.pp, cart=second_cart, **{**fields, "idempotency_key": key()}).pk != first.pk


def test_someone_elses_idempotency_key_does_not_reveal_their_order():
    w = make_world()
    order = checkout(w)
    intruder = make_user(Role.PP, agency=make_agency())
    services.cart_add_product(user=intruder, product=w.product, quantity=1)
    with pytest.raises(NotAllowed):
        services.order_checkout(user=intruder, cart=intruder.carts.get(), idempotency_key=order.idempotency_key,
                                rup_code="40123456", funding_source="x", delivery_address="x",
                                requested_date=timezone.localdate(), ppk=make_user(Role.PPK, agency=intruder.agency))


@pytest.mark.parametrize("field, value, message", [
    ("rup_code", "RUP-1", "Kode RUP harus berupa 5–20 angka"),
    ("funding_source", "  ", "sumber dana"),
    ("delivery_address", "", "alamat pengiriman"),
    ("requested_date", timezone.localdate() - timedelta(days=1), "tidak boleh sebelum hari ini"),
])
def test_checkout_refuses_incomplete_package_data_with_a_clear_message(field, value, message):
    w = make_world()
    with pytest.raises(InvalidInput, match=message):
        checkout(w, **{field: value})
    assert not Order.objects.exists()
    assert Cart.objects.filter(buyer=w.pp).exists()  # nothing lost: the cart is still there


def test_the_ppk_must_belong_to_the_buyers_opd():
    w = make_world()
    with pytest.raises(InvalidInput, match="Pilih PPK dari OPD Anda"):
        checkout(w, ppk=make_user(Role.PPK))


def test_checkout_refuses_more_than_the_stock_and_less_than_the_minimum_when_they_changed_after_adding():
    w = make_world(stock=6)
    services.cart_add_product(user=w.pp, product=w.product, quantity=6)
    w.product.stock = 5  # sold elsewhere meanwhile
    w.product.save()
    with pytest.raises(InsufficientStock, match="tinggal 5 rim"):
        checkout(w, [])
    w.pp.carts.all().delete()
    w.product.stock = 100
    w.product.save()
    services.cart_add_product(user=w.pp, product=w.product, quantity=3)
    w.product.min_order = 10  # the supplier raised its minimum meanwhile
    w.product.save()
    with pytest.raises(InvalidInput, match="minimal"):
        checkout(w, [])


def test_only_a_pp_may_shop():
    w = make_world()
    for user in (w.ppk, w.treasurer, w.seller):
        with pytest.raises(NotAllowed):
            services.cart_add_product(user=user, product=w.product, quantity=1)


def test_a_buyer_cannot_order_from_a_business_they_belong_to():
    w = make_world()
    own = make_supplier(email="rina@contoh.id")
    product = make_product(own, w.category)
    w.pp.email = "Rina@Contoh.id"
    w.pp.save()
    with pytest.raises(NotAllowed, match="Benturan kepentingan"):
        services.cart_add_product(user=w.pp, product=product, quantity=1)


def test_a_declared_conflict_of_interest_also_bars_ordering():
    from django.apps import apps

    try:
        declaration = apps.get_model("suppliers", "ConflictDeclaration")
    except LookupError:
        pytest.skip("suppliers app has no ConflictDeclaration model")
    w = make_world()
    declaration.objects.create(supplier=w.supplier, user=w.pp)
    with pytest.raises(NotAllowed, match="Benturan kepentingan"):
        services.cart_add_product(user=w.pp, product=w.product, quantity=1)


def test_a_product_that_left_the_catalogue_cannot_be_checked_out():
    w = make_world()
    services.cart_add_product(user=w.pp, product=w.product, quantity=1)
    w.product.status = "inactive"
    w.product.save()
    with pytest.raises(InvalidInput, match="tidak tayang"):
        checkout(w, [])


def test_emptying_a_cart_removes_it():
    w = make_world()
    line = services.cart_add_product(user=w.pp, product=w.product, quantity=4)
    services.cart_set_quantity(user=w.pp, line=line, quantity=0)
    assert not Cart.objects.exists()


def test_a_high_tkdn_local_line_needs_no_justification():
    w = make_world(tkdn=Decimal("45.00"))
    order = checkout(w)
    assert not order.justifications.exists()

"""Many buyers racing for the last units of stock, each in its own thread with its own database
connection: zero oversell, zero lost, zero duplicate orders.

On SQLite, threads cannot share Django's in-memory test database, so when the suite runs on one the
`file_database` fixture copies it to a temporary file and points every connection there for this test
(a file test database, KATALOG_TEST_SQLITE=path, is used as it is). PostgreSQL:
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/purchasing .venv/bin/python -m pytest tests/purchasing/test_concurrency.py
"""

import sqlite3
import threading
import uuid
from datetime import timedelta

import pytest
from django.db import connection, connections
from django.utils import timezone

from katalog.catalogue.models import Product
from katalog.core.audit import first_broken_link
from katalog.core.models import AuditEvent
from katalog.core.roles import Role
from katalog.purchasing import services
from katalog.purchasing.errors import InsufficientStock
from katalog.purchasing.models import Order, OrderDocument, StockReservation
from katalog.purchasing.states import OrderStatus
from tests.factories import make_agency, make_category, make_product, make_supplier, make_user

pytestmark = pytest.mark.django_db(transaction=True)

BUYERS = 20
STOCK = 12
QUANTITIES = (1, 2, 1, 3)  # buyer i wants QUANTITIES[i % 4] units: 35 wanted, 12 in stock


def _parallel(calls):
    """Run every call in its own thread, all released at once; return ("ok", value) or ("error", exc)."""
    barrier = threading.Barrier(len(calls))
    results = [None] * len(calls)

    def work(i, call):
        try:
            barrier.wait(timeout=30)
            results[i] = ("ok", call())
        except Exception as error:  # collected and asserted on below
            results[i] = ("error", error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=work, args=(i, call)) for i, call in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=180)
    assert not any(thread.is_alive() for thread in threads), "a worker hung"
    return results


@pytest.fixture
def file_database(transactional_db, tmp_path):
    """On an in-memory SQLite test database, run this test on a file copy of it (schema and reference data),
    so that each thread opens a real connection of its own, as the web server's workers do."""
    if not (connection.vendor == "sqlite" and connection.is_in_memory_db()):
        yield
        return
    memory = connections["default"]
    memory.ensure_connection()
    path = tmp_path / "race.sqlite3"
    target = sqlite3.connect(path)
    memory.connection.backup(target)
    target.close()
    original = connections.settings
    connections.settings = {**original, "default": {**memory.settings_dict, "NAME": str(path)}}
    connections["default"] = connections.create_connection("default")
    try:
        yield
    finally:
        connections["default"].close()
        connections.settings = original
        connections["default"] = memory


@pytest.fixture
def race(file_database):
    assert not (connection.vendor == "sqlite" and connections["default"].is_in_memory_db())
    supplier = make_supplier(name="UD Kopi Robusta Abung")
    seller = make_user(Role.SUPPLIER, supplier=supplier)
    product = make_product(supplier, make_category("Kopi"), name="Kopi bubuk robusta 250 g", unit="bungkus",
                           price=45_000, stock=STOCK, tkdn=80)
    agencies = [make_agency() for _ in range(4)]
    buyers = []
    for i in range(BUYERS):
        agency = agencies[i % len(agencies)]
        pp = make_user(Role.PP, agency=agency)
        ppk = make_user(Role.PPK, agency=agency)
        services.cart_add_product(user=pp, product=product, quantity=QUANTITIES[i % len(QUANTITIES)])
        buyers.append({"pp": pp, "ppk": ppk, "cart": pp.carts.get(), "key": uuid.uuid4().hex,
                       "quantity": QUANTITIES[i % len(QUANTITIES)]})
    return product, seller, buyers


def _checkout(buyer):
    return services.order_checkout(
        user=buyer["pp"], cart=buyer["cart"].pk, idempotency_key=buyer["key"], rup_code="48120001",
        funding_source="5.1.02.01.01.0052", delivery_address="Kantor", ppk=buyer["ppk"],
        requested_date=timezone.localdate() + timedelta(days=10),
    ).pk


def _place_and_accept(buyer, seller, order_pk):
    order = Order.objects.get(pk=order_pk)
    order = services.order_place(order=order, user=buyer["pp"], expected_version=order.version)
    return services.order_accept(order=order, user=seller, expected_version=order.version).pk


def test_parallel_buyers_never_oversell_lose_or_duplicate_an_order(race):
    product, seller, buyers = race

    # Every buyer submits checkout twice at the same moment (double click / retry): 2 × 20 threads.
    checkouts = _parallel([lambda b=b: _checkout(b) for b in buyers for _ in range(2)])
    assert [r[0] for r in checkouts] == ["ok"] * (2 * BUYERS), [r for r in checkouts if r[0] == "error"]
    order_of = {}
    for i, buyer in enumerate(buyers):
        first, second = checkouts[2 * i][1], checkouts[2 * i + 1][1]
        assert first == second, "a double submit created two orders"
        order_of[buyer["key"]] = first
    assert Order.objects.count() == BUYERS
    assert set(Order.objects.values_list("idempotency_key", flat=True)) == {b["key"] for b in buyers}

    # Then all of them go for the stock at once: the supplier's acceptance reserves it.
    outcomes = _parallel([lambda b=b: _place_and_accept(b, seller, order_of[b["key"]]) for b in buyers])
    unexpected = [r[1] for r in outcomes if r[0] == "error" and not isinstance(r[1], InsufficientStock)]
    assert unexpected == []
    won = [b for b, r in zip(buyers, outcomes) if r[0] == "ok"]
    lost = [b for b, r in zip(buyers, outcomes) if r[0] == "error"]

    stock_left = Product.objects.get(pk=product.pk).stock
    reserved = sum(StockReservation.objects.values_list("quantity", flat=True))
    # Zero oversell: what was reserved plus what is left is exactly what there was.
    assert stock_left >= 0 and reserved + stock_left == STOCK
    assert reserved == sum(b["quantity"] for b in won)
    # Nobody was refused who would still have fitted: the refusals are real.
    assert all(b["quantity"] > stock_left for b in lost)
    # Zero lost: every winner's order is accepted with its Surat Pesanan; every loser's order still waits.
    for buyer in won:
        order = Order.objects.get(pk=order_of[buyer["key"]])
        assert order.status == OrderStatus.SIGNING and order.documents.filter(kind="sp").exists()
    for buyer in lost:
        order = Order.objects.get(pk=order_of[buyer["key"]])
        assert order.status == OrderStatus.SUPPLIER_CONFIRMATION and not order.documents.exists()
    assert len(won) + len(lost) == BUYERS and won
    # The letters' numbers are unique and gap-free per OPD; the audit chain is whole and complete.
    numbers = list(OrderDocument.objects.values_list("order__agency_id", "number"))
    assert len({n for _a, n in numbers}) == len(won)
    for agency in {a for a, _n in numbers}:
        sequence = sorted(int(n.split("/")[1]) for a, n in numbers if a == agency)
        assert sequence == list(range(1, len(sequence) + 1))
    assert AuditEvent.objects.filter(action="order.checkout").count() == BUYERS
    assert AuditEvent.objects.filter(action="order.accept").count() == len(won)
    assert first_broken_link() is None


# --- eight OPD at one supplier: add to cart and check out at once ------------------------------------

SHOPPERS = 8
ROUNDS = 4


@pytest.fixture
def shoppers(file_database):
    supplier = make_supplier(name="CV Keripik Pisang Kotabumi")
    product = make_product(supplier, make_category("Makanan ringan"), name="Keripik pisang 500 g", unit="bungkus",
                           price=30_000, stock=10_000, tkdn=90)
    people = []
    for _ in range(SHOPPERS):
        agency = make_agency()
        people.append({"pp": make_user(Role.PP, agency=agency), "ppk": make_user(Role.PPK, agency=agency)})
    return product, people


def _shop(person, product):
    """One buyer's session: put the product in a (new) cart, check it out, again and again."""
    numbers = []
    for _ in range(ROUNDS):
        line = services.cart_add_product(user=person["pp"], product=product, quantity=1)
        order = services.order_checkout(
            user=person["pp"], cart=line.cart_id, idempotency_key=uuid.uuid4().hex, rup_code="48120002",
            funding_source="5.1.02.01.01.0052", delivery_address="Kantor", ppk=person["ppk"],
            requested_date=timezone.localdate() + timedelta(days=10),
        )
        numbers.append(order.number)
    return numbers


def test_buyers_of_eight_opd_at_one_supplier_never_deadlock(shoppers):
    """Checkout used to lock the supplier row while an add-to-cart that created a cart held the audit lock
    and, at commit, needed that supplier row for its foreign-key check: a deadlock (HTTP 500) on PostgreSQL.
    Every write path now takes its row locks (and its deferred key checks) before the audit chain's lock."""
    product, people = shoppers
    results = _parallel([lambda p=p: _shop(p, product) for p in people])
    assert [r for r in results if r[0] == "error"] == []
    numbers = [n for _ok, batch in results for n in batch]
    assert len(numbers) == len(set(numbers)) == SHOPPERS * ROUNDS
    assert Order.objects.count() == SHOPPERS * ROUNDS
    assert AuditEvent.objects.filter(action="cart.add").count() == SHOPPERS * ROUNDS
    assert AuditEvent.objects.filter(action="order.checkout").count() == SHOPPERS * ROUNDS
    assert first_broken_link() is None

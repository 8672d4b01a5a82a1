import pytest
from django.core.management import call_command
from django.db import transaction
from django.test import Client
from django.urls import reverse

from katalog.agencies.models import Agency, User
from katalog.catalogue.models import Product
from katalog.core.roles import Role
from katalog.demo.generator import DEMO_LOGINS, DEMO_PASSWORD, DemoGenerator
from katalog.purchasing.models import Order
from katalog.purchasing.states import OrderStatus
from katalog.suppliers.models import Supplier


def _fingerprint():
    return (
        list(Product.objects.order_by("name", "price", "tkdn", "stock", "lead_time_days").values_list("name", "price", "tkdn", "stock")[:200]),
        list(Order.objects.order_by("number").values_list("number", "status", "total", "agency__code")),
        list(Supplier.objects.order_by("nib", "name", "owner_name").values_list("nib", "name", "scale", "district_id")),
    )


@pytest.fixture
def small_demo(db):
    return DemoGenerator(seed=7, products=400, suppliers=60, orders_per_year=120).run()


def test_demo_has_the_kabupatens_agencies_and_kecamatan_offices(small_demo):
    assert Agency.objects.filter(kind=Agency.Kind.SUBDISTRICT).count() == 23
    assert Agency.objects.exclude(kind=Agency.Kind.SUBDISTRICT).count() >= 30


def test_demo_orders_cover_every_status_and_add_up(small_demo):
    assert set(Order.objects.values_list("status", flat=True)) == set(OrderStatus.values)
    for order in Order.objects.prefetch_related("lines")[:50]:
        assert order.subtotal == sum(line.quantity * line.unit_price for line in order.lines.all())
        assert order.total == order.subtotal + order.ppn


def test_demo_mixes_scales_and_places(small_demo):
    scales = set(Supplier.objects.values_list("scale", flat=True))
    assert {"mikro", "kecil"} <= scales
    assert Supplier.objects.local().count() > Supplier.objects.exclude(regency_id="18.03").count() > 0
    assert Product.objects.filter(origin="impor").exists()


def test_demo_has_businesses_without_an_nib_that_are_not_selling(small_demo):
    """An officer's worklist needs them: micro businesses still registering, helped to get an NIB through OSS."""
    without = Supplier.objects.without_nib()
    assert without.exists()
    assert set(without.values_list("scale", flat=True)) == {"mikro"}
    assert not without.filter(status="verified").exists()
    assert not Product.objects.filter(supplier__in=without, status="active").exists()


def test_demo_is_the_same_every_time(db):
    with transaction.atomic():
        point = transaction.savepoint()
        DemoGenerator(seed=3, products=150, suppliers=30, orders_per_year=40).run()
        first = _fingerprint()
        transaction.savepoint_rollback(point)
    DemoGenerator(seed=3, products=150, suppliers=30, orders_per_year=40).run()
    assert _fingerprint() == first


def test_every_demo_login_works_and_lands_on_its_role_page(small_demo):
    for username, role, _agency in DEMO_LOGINS:
        client = Client()
        response = client.post(reverse("login"), {"username": username, "password": DEMO_PASSWORD}, follow=True)
        assert response.redirect_chain[-1][0] == reverse("dashboard"), username
        assert f'data-role="{role}"' in response.content.decode()


def test_supplier_demo_login_belongs_to_a_local_micro_business_with_orders(small_demo):
    supplier = User.objects.get(username="penyedia").supplier
    assert supplier.is_local and supplier.scale == "mikro" and supplier.orders.exists()


def test_seed_demo_command_is_safe_to_run_twice(db, capsys):
    call_command("seed_demo", products=120, suppliers=20, orders_per_year=30)
    call_command("seed_demo", products=120, suppliers=20, orders_per_year=30)
    out = capsys.readouterr().out
    assert "sudah ada" in out and DEMO_PASSWORD in out
    assert User.objects.filter(role=Role.ADMIN, username="admin").count() == 1

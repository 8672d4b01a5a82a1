import pytest
from django.urls import reverse

from katalog.core.roles import Role
from katalog.purchasing.selectors import orders_visible_to
from tests.factories import make_agency, make_order, make_product, make_supplier, make_user


@pytest.fixture
def two_opds_orders(db):
    own_agency, other_agency = make_agency(), make_agency()
    own_supplier, other_supplier = make_supplier(), make_supplier()
    buyer = make_user(Role.PP, agency=own_agency)
    other_buyer = make_user(Role.PP, agency=other_agency)
    own = make_order(agency=own_agency, supplier=own_supplier, buyer=buyer, lines=[(make_product(own_supplier), 2)])
    other = make_order(agency=other_agency, supplier=other_supplier, buyer=other_buyer,
                       lines=[(make_product(other_supplier), 1)])
    return own, other


def test_opd_staff_see_only_their_opds_orders(client, two_opds_orders):
    own, other = two_opds_orders
    for role in (Role.PP, Role.PPK, Role.TREASURER):
        user = make_user(role, agency=own.agency)
        assert list(orders_visible_to(user)) == [own]
        client.force_login(user)
        assert client.get(reverse("purchasing:order_detail", args=[own.number])).status_code == 200
        assert client.get(reverse("purchasing:order_detail", args=[other.number])).status_code == 404


def test_supplier_sees_only_orders_placed_with_it(client, two_opds_orders):
    own, other = two_opds_orders
    user = make_user(Role.SUPPLIER, supplier=own.supplier)
    assert list(orders_visible_to(user)) == [own]
    client.force_login(user)
    page = client.get(reverse("purchasing:order_list")).content.decode()
    assert own.number in page and other.number not in page
    assert client.get(reverse("purchasing:order_detail", args=[other.number])).status_code == 404


@pytest.mark.parametrize("role", [Role.LEADERSHIP, Role.AUDITOR, Role.ADMIN])
def test_oversight_roles_see_every_order(two_opds_orders, role):
    assert set(orders_visible_to(make_user(role))) == set(two_opds_orders)


@pytest.mark.parametrize("role", [Role.UMKM_OFFICER, Role.CATALOGUE_MANAGER])
def test_roles_without_purchasing_duties_see_no_order(two_opds_orders, role):
    assert not orders_visible_to(make_user(role)).exists()


def test_order_detail_shows_totals_and_terbilang(client, two_opds_orders):
    own, _ = two_opds_orders
    client.force_login(make_user(Role.PP, agency=own.agency))
    html = client.get(reverse("purchasing:order_detail", args=[own.number])).content.decode()
    assert "Rp20.000" in html and "Dua puluh ribu rupiah" in html

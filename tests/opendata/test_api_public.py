"""Public read operations: the catalogue's own search, categories, public supplier profiles, figures."""

import pytest

from katalog.catalogue.models import Product
from katalog.catalogue.search import SearchFilters, search_products
from katalog.purchasing.states import OrderStatus
from katalog.suppliers.models import Supplier
from tests.factories import home_district, make_agency, make_category, make_order, make_product, make_supplier, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def catalogue():
    food = make_category("Makanan Ringan")
    office = make_category("Alat Tulis Kantor")
    local_micro = make_supplier(name="UD Keripik Kemuning", scale="mikro", owner_name="Siti Aminah",
                                owner_nik="1803010101010001", phone="081234567890", email="siti@example.id",
                                bank_account_number="1234567890", address="Jl. Mawar 3, Kemuning")
    big = make_supplier(name="PT Besar Sejahtera", scale="besar", district=home_district(2))
    make_supplier(name="CV Belum Diverifikasi", status=Supplier.Status.SUBMITTED)
    products = [
        make_product(local_micro, food, name="Keripik pisang manis 250 gram", price=15_000),
        make_product(local_micro, food, name="Keripik singkong balado", price=12_000),
        make_product(big, office, name="Kertas HVS A4 70 gram", price=55_000),
        make_product(big, food, name="Keripik pisang impor", price=30_000, status=Product.Status.DRAFT),
    ]
    return {"local_micro": local_micro, "big": big, "products": products, "food": food}


@pytest.mark.parametrize("params", [
    {"q": "keripik"}, {"q": "kripik pisng"}, {"q": "keripik", "skala": "mikro"}, {"kategori": "x"},
    {"q": "", "urut": "harga_termurah"}, {"umk": "ya"}, {"harga": "10000-20000"},
])
def test_product_search_is_the_pages_search(client, catalogue, params):
    response = client.get("/api/v1/products", params)
    assert response.status_code == 200
    body = response.json()
    expected = search_products(query=params.get("q", ""), filters=SearchFilters.from_params(params),
                               sort=params.get("urut", "relevansi"), page=1, page_size=20)
    assert [item["id"] for item in body["items"]] == [hit.product_id for hit in expected.hits]
    assert body["count"] == expected.total
    assert [f["name"] for f in body["facets"]] == [f.name for f in expected.facets]


def test_search_results_carry_supplier_facts_but_no_personal_data(client, catalogue):
    body = client.get("/api/v1/products", {"q": "keripik"}).json()
    assert body["items"] and all(item["status"] == "active" for item in body["items"])
    supplier = body["items"][0]["supplier"]
    assert supplier["is_umk"] is True and supplier["is_local"] is True and supplier["scale"] == "mikro"
    text = client.get("/api/v1/products", {"q": "keripik"}).content.decode()
    for secret in ("Siti Aminah", "1803010101010001", "081234567890", "siti@example.id", "1234567890", "Mawar"):
        assert secret not in text


def test_an_unpublished_product_is_404_for_the_public(client, catalogue):
    draft = catalogue["products"][3]
    assert client.get(f"/api/v1/products/{draft.pk}").status_code == 404
    assert client.get(f"/api/v1/products/{catalogue['products'][0].pk}").json()["price"] == 15_000


def test_categories_list_the_tree(client, catalogue):
    body = client.get("/api/v1/categories").json()
    assert {"Makanan Ringan", "Alat Tulis Kantor"} <= {c["name"] for c in body}
    assert all(c["level"] == 1 for c in client.get("/api/v1/categories", {"level": 1}).json())


def test_supplier_profiles_are_public_verified_and_without_personal_data(client, catalogue):
    body = client.get("/api/v1/suppliers").json()
    names = {s["name"] for s in body["items"]}
    assert names == {"UD Keripik Kemuning", "PT Besar Sejahtera"}
    text = client.get("/api/v1/suppliers").content.decode()
    for secret in ("Siti Aminah", "1803010101010001", "081234567890", "siti@example.id", "1234567890", "Mawar",
                   catalogue["local_micro"].nib, catalogue["local_micro"].npwp):
        assert secret not in text
    umk_only = client.get("/api/v1/suppliers", {"umk": "true"}).json()
    assert [s["name"] for s in umk_only["items"]] == ["UD Keripik Kemuning"]
    hidden = Supplier.objects.get(name="CV Belum Diverifikasi")
    assert client.get(f"/api/v1/suppliers/{hidden.pk}").status_code == 404


def test_pages_link_to_each_other_with_the_same_filters(client, catalogue):
    first = client.get("/api/v1/suppliers", {"page_size": 1, "q": "e"}).json()
    assert first["count"] == 2 and first["pages"] == 2 and first["previous"] is None
    assert "q=e" in first["next"] and "page=2" in first["next"]
    second = client.get(first["next"]).json()
    assert second["next"] is None and second["previous"]
    assert {first["items"][0]["name"], second["items"][0]["name"]} == {"UD Keripik Kemuning", "PT Besar Sejahtera"}
    beyond = client.get("/api/v1/suppliers", {"page_size": 1, "page": 9}).json()
    assert beyond["items"] == []


def test_statistics_count_only_committed_orders(client, catalogue):
    agency = make_agency()
    buyer = make_user("pp", agency=agency)
    product = catalogue["products"][0]
    make_order(agency=agency, supplier=catalogue["local_micro"], buyer=buyer, lines=[(product, 10)],
               status=OrderStatus.PROCESSING)
    make_order(agency=agency, supplier=catalogue["big"], buyer=buyer, lines=[(catalogue["products"][2], 1)],
               status=OrderStatus.NEGOTIATION)
    body = client.get("/api/v1/statistics").json()
    assert body["suppliers"] == 2
    year = body["years"][0]
    assert year["total"] == 150_000 and year["umk"] == 150_000 and year["umk_share"] == 100.0

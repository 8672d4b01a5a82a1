"""An API token can do exactly what its owner can do in the pages, and no more — for every role."""

import pytest
from django.urls import reverse

from katalog.catalogue.models import Product
from katalog.core.roles import Role
from katalog.opendata.api.access import REGISTRY
from katalog.purchasing.models import CartLine, Order
from katalog.purchasing.selectors import orders_visible_to
from katalog.purchasing.states import OrderStatus
from katalog.suppliers.models import Supplier
from tests.factories import make_agency, make_category, make_order, make_product, make_supplier, make_user
from tests.opendata.api_helpers import assert_error_shape, get, post, token_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    agency, other_agency = make_agency(), make_agency()
    supplier, other_supplier = make_supplier(), make_supplier()
    category = make_category()
    product = make_product(supplier, category)
    draft = make_product(supplier, category, status=Product.Status.SUBMITTED, name="Produk menunggu verifikasi")
    buyer = make_user(Role.PP, agency=agency)
    own = make_order(agency=agency, supplier=supplier, buyer=buyer, lines=[(product, 2)])
    other = make_order(agency=other_agency, supplier=other_supplier, buyer=make_user(Role.PP, agency=other_agency),
                       lines=[(make_product(other_supplier, category), 1)])
    waiting = make_supplier(status=Supplier.Status.SUBMITTED, name="CV Menunggu Verifikasi")
    return {"agency": agency, "supplier": supplier, "product": product, "draft": draft, "own": own,
            "other": other, "waiting": waiting, "buyer": buyer}


def person(role, world):
    if role in (Role.PP, Role.PPK, Role.TREASURER):
        return make_user(role, agency=world["agency"])
    if role == Role.SUPPLIER:
        return make_user(role, supplier=world["supplier"])
    return make_user(role)


def pairs(world):
    own, other = world["own"].number, world["other"].number
    return [
        ("/api/v1/me", reverse("dashboard")),
        ("/api/v1/my/products", reverse("catalogue:my_products")),
        ("/api/v1/orders", reverse("purchasing:order_list")),
        (f"/api/v1/orders/{own}", reverse("purchasing:order_detail", args=[own])),
        (f"/api/v1/orders/{other}", reverse("purchasing:order_detail", args=[other])),
        ("/api/v1/carts", reverse("purchasing:cart_list")),
        ("/api/v1/verification/suppliers", reverse("suppliers:verification_queue")),
        ("/api/v1/verification/products", reverse("catalogue:verification_queue")),
        ("/api/v1/products", reverse("catalogue:product_list")),
        (f"/api/v1/products/{world['product'].pk}", reverse("catalogue:product_detail", args=[world["product"].pk])),
        (f"/api/v1/products/{world['draft'].pk}", reverse("catalogue:product_detail", args=[world["draft"].pk])),
        (f"/api/v1/suppliers/{world['supplier'].pk}", reverse("suppliers:supplier_public", args=[world["supplier"].pk])),
        (f"/api/v1/suppliers/{world['waiting'].pk}", reverse("suppliers:supplier_public", args=[world["waiting"].pk])),
    ]


@pytest.mark.parametrize("role", Role.values)
def test_every_read_answers_as_the_page_does_for_the_same_person(client, world, role):
    user = person(role, world)
    raw = token_for(user)
    client.force_login(user)
    for api_path, page_path in pairs(world):
        page_status = client.get(page_path).status_code
        api_status = get(client, api_path, raw).status_code
        assert api_status == page_status, (role, api_path, api_status, page_status)


@pytest.mark.parametrize("role", Role.values)
def test_the_order_list_holds_exactly_the_orders_the_selector_allows(client, world, role):
    user = person(role, world)
    response = get(client, "/api/v1/orders", token_for(user))
    if response.status_code == 403:
        return
    assert {o["number"] for o in response.json()["items"]} == set(orders_visible_to(user).values_list("number", flat=True))


def test_anonymous_reaches_public_operations_and_gets_401_for_the_rest(client, world):
    for api_path, page_path in pairs(world):
        api = get(client, api_path)
        page = client.get(page_path)
        if page.status_code == 302:  # the page sends a visitor to log in; the API asks for a token
            assert_error_shape(api, 401)
        else:
            assert api.status_code == page.status_code, api_path


@pytest.mark.parametrize("role", Role.values)
def test_adding_to_a_cart_is_for_the_pp_only_as_on_the_pages(client, world, role):
    user = person(role, world)
    response = post(client, "/api/v1/carts/lines", token_for(user),
                    {"product_id": world["product"].pk, "quantity": 3})
    client.force_login(user)
    page = client.post(reverse("purchasing:cart_add", args=[world["product"].pk]), {"quantity": 3})
    if role == Role.PP:
        assert response.status_code == 201 and page.status_code == 302
        assert response.json()["lines"][0]["quantity"] in (3, 6)
        assert CartLine.objects.get(cart__buyer=user).quantity == 6  # once through the API, once the page
    else:
        assert_error_shape(response, 403)
        assert page.status_code == 403


@pytest.mark.parametrize("role", Role.values)
def test_cancelling_an_order_through_the_api_is_decided_by_the_same_rules(client, world, role):
    user = person(role, world)
    order = world["own"]
    response = post(client, f"/api/v1/orders/{order.number}/actions/cancel", token_for(user),
                    {"version": order.version, "reason": "Kebutuhan berubah"})
    cancelled = Order.objects.get(pk=order.pk).status == OrderStatus.CANCELLED
    if role in (Role.PP, Role.PPK):  # the transition table: the OPD's PP or PPK cancels in negotiation
        assert response.status_code == 200 and cancelled
        assert response.json()["status"] == "cancelled"
    else:
        assert response.status_code in (403, 404, 409) and not cancelled, (role, response.status_code)
        assert_error_shape(response, response.status_code)
        client.force_login(user)
        client.post(reverse("purchasing:order_action", args=[order.number, "cancel"]),
                    {"version": order.version, "reason": "Kebutuhan berubah"})
        assert Order.objects.get(pk=order.pk).status != OrderStatus.CANCELLED  # the page refuses too


def test_a_supplier_cannot_act_on_another_suppliers_order(client, world):
    seller = make_user(Role.SUPPLIER, supplier=world["supplier"])
    other = world["other"]
    assert_error_shape(post(client, f"/api/v1/orders/{other.number}/actions/accept", token_for(seller),
                            {"version": other.version}), 404)


def test_a_stale_version_is_409_with_the_pages_message(client, world):
    order = world["own"]
    response = post(client, f"/api/v1/orders/{order.number}/actions/cancel", token_for(world["buyer"]),
                    {"version": order.version + 5, "reason": "x"})
    error = assert_error_shape(response, 409)
    assert "diubah oleh orang lain" in error["message"]


@pytest.mark.parametrize("role", Role.values)
def test_verifying_a_supplier_is_for_catalogue_managers_only(client, world, role):
    user = person(role, world)
    waiting = world["waiting"]
    response = post(client, f"/api/v1/verification/suppliers/{waiting.pk}/start_review", token_for(user))
    if role == Role.CATALOGUE_MANAGER:
        assert response.status_code == 200 and response.json()["status"] == "in_review"
    else:
        assert_error_shape(response, 403)


def test_a_catalogue_manager_decides_on_a_waiting_product(client, world):
    manager = make_user(Role.CATALOGUE_MANAGER)
    raw = token_for(manager)
    queue = get(client, "/api/v1/verification/products", raw).json()
    assert [p["id"] for p in queue["items"]] == [world["draft"].pk]
    response = post(client, f"/api/v1/verification/products/{world['draft'].pk}", raw, {"action": "verify_publish"})
    assert response.status_code == 200 and response.json()["status"] == "active"
    assert_error_shape(post(client, f"/api/v1/verification/products/{world['product'].pk}", raw,
                            {"action": "launch"}), 422)


def test_every_operation_names_a_permission():
    from katalog.opendata.api.main import api

    schema = api.get_openapi_schema(path_params={})
    operation_ids = {op["operationId"] for methods in schema["paths"].values() for op in methods.values()}
    assert operation_ids == set(REGISTRY)

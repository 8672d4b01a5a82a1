"""Schemathesis against the API's own OpenAPI document: no operation answers with a server error (5xx).

The document is the one /api/v1/openapi.json serves (django-ninja); the requests go in-process through
Django's WSGI handler, so every middleware and the API gateway (token, rate limit, error shape) is on the
path, against the test database holding an agency, a supplier with products, orders in several states and
a cart. Each example is sent with the token of one role (read and write scopes) or with none, and
schemathesis generates both valid input and input that breaks the schema (negative mode); its path
parameters are, half the time, ids and numbers of real records, so an operation gets past its 404 too.

Kept small and deterministic (`derandomize`, a few examples per operation) so the suite stays fast;
tests/opendata/test_api_fuzz.py adds arbitrary bodies and garbage tokens on top.
"""

from __future__ import annotations

import pytest
import schemathesis
from django.core import signals
from django.core.handlers.wsgi import WSGIHandler
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error

from katalog.catalogue.models import Product
from katalog.core.roles import Role
from katalog.opendata.api.main import api
from katalog.purchasing.models import CartLine, Order
from katalog.purchasing.states import OrderStatus
from katalog.purchasing.services import cart_add_product
from tests.factories import make_agency, make_category, make_order, make_product, make_supplier, make_user
from tests.opendata.api_helpers import token_for

pytestmark = pytest.mark.django_db

SCHEMA = schemathesis.openapi.from_dict(api.get_openapi_schema(path_params={}))
SCHEMA.app = WSGIHandler()  # in-process: schemathesis calls the app through its WSGI transport
OPERATIONS = [result.ok() for result in SCHEMA.get_all_operations()]
EXAMPLES = 16  # per operation, valid and invalid input together


@pytest.fixture
def world():
    """Records for every role to act on, and one token per role (the ids feed the path parameters)."""
    agency, supplier = make_agency(), make_supplier()
    category = make_category()
    products = [make_product(supplier, category, name=f"Kopi robusta {n}") for n in range(2)]
    buyer = make_user(Role.PP, agency=agency)
    ppk = make_user(Role.PPK, agency=agency)
    orders = [make_order(agency=agency, supplier=supplier, buyer=buyer, ppk=ppk, lines=[(products[0], 2)],
                         status=status) for status in (OrderStatus.NEGOTIATION, OrderStatus.SUPPLIER_CONFIRMATION,
                                                       OrderStatus.PROCESSING)]
    cart_add_product(user=buyer, product=products[1], quantity=3)
    tokens = [None]
    for role in Role.values:
        user = {Role.PP: buyer, Role.PPK: ppk}.get(role) or make_user(
            role, agency=agency if role == Role.TREASURER else None,
            supplier=supplier if role == Role.SUPPLIER else None)
        tokens.append(token_for(user, scopes=["read", "write"]))
    real = {
        "product_id": [p.pk for p in Product.objects.all()],
        "supplier_id": [supplier.pk],
        "number": [o.number for o in orders],
        "line_id": list(CartLine.objects.values_list("pk", flat=True)),
        "year": [orders[0].fiscal_year],
    }
    return tokens, real


@pytest.fixture
def one_connection():
    """Django's WSGI handler closes the database connection when a request ends; the test client leaves that
    out, and so must these requests, or the test's transaction (and its records) would go with it."""
    for signal in (signals.request_started, signals.request_finished):
        signal.disconnect(close_old_connections)
    yield
    for signal in (signals.request_started, signals.request_finished):
        signal.connect(close_old_connections)


def _real_path_parameters(operation, real):
    names = [p.name for p in operation.path_parameters]
    known = {name: st.sampled_from(real[name]) for name in names if real.get(name)}
    return st.fixed_dictionaries(known) if known else st.just({})


@pytest.mark.parametrize("operation", OPERATIONS, ids=[op.label for op in OPERATIONS])
def test_no_operation_answers_with_a_server_error(world, generous_rate_limits, one_connection, operation):
    tokens, real = world

    @settings(max_examples=EXAMPLES, deadline=None, derandomize=True, database=None,
              suppress_health_check=list(HealthCheck))
    @given(data=st.data(), mode=st.sampled_from([GenerationMode.POSITIVE, GenerationMode.NEGATIVE]),
           token=st.sampled_from(tokens), use_real=st.booleans())
    def run(data, mode, token, use_real):
        path_parameters = data.draw(_real_path_parameters(operation, real)) if use_real else None
        case = data.draw(operation.as_strategy(generation_mode=mode, path_parameters=path_parameters or None))
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        response = case.call(headers=headers)
        case.validate_response(response, checks=[not_a_server_error], headers=headers)

    run()


def test_the_fuzz_reaches_past_404_with_real_records(world, generous_rate_limits, client):
    """Guard against a fuzz that only ever sees 'not found': real ids and a real token reach the records."""
    tokens, real = world
    supplier_token = tokens[1 + list(Role.values).index(Role.SUPPLIER)]
    response = client.get(f"/api/v1/orders/{real['number'][0]}", HTTP_AUTHORIZATION=f"Bearer {supplier_token}")
    assert response.status_code == 200
    assert Order.objects.count() == 3

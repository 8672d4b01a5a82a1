"""Property-based: generated input sent to every API operation never gets a 5xx, and every error has the shape.

For each operation in the OpenAPI document, hypothesis draws path parameters, any subset of the documented
query parameters (well-formed or not), a body (shaped like the documented one, or arbitrary JSON, or not JSON
at all) and a credential (none, a garbage token, or a read/write token of any role).
"""

import json
import string
from urllib.parse import quote, urlencode

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from katalog.core.roles import Role
from katalog.opendata.api.main import api
from tests.factories import make_agency, make_category, make_order, make_product, make_supplier, make_user
from tests.opendata.api_helpers import token_for

pytestmark = pytest.mark.django_db

DOCUMENT = api.get_openapi_schema(path_params={})
OPERATIONS = [(path, method, spec) for path, methods in DOCUMENT["paths"].items() for method, spec in methods.items()]

scalars = st.one_of(
    st.none(), st.booleans(), st.integers(min_value=-(2**63), max_value=2**63),
    st.floats(allow_nan=False, allow_infinity=False), st.text(max_size=40),
)
json_values = st.recursive(scalars, lambda inner: st.one_of(
    st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=10), inner, max_size=4)), max_leaves=12)
param_text = st.one_of(
    st.text(max_size=60),
    st.sampled_from(["", "0", "1", "-1", "ya", "true", "abc", "99999999999999999999", "18.03.01", "mikro", "lokal",
                     "10000-", "5-1", "negotiation", "relevansi", "tkdn", "'; DROP TABLE x;--", "%00", "\u0000"]),
    st.integers(min_value=-(10**12), max_value=10**12).map(str),
)
path_text = st.one_of(
    st.text(alphabet=string.ascii_letters + string.digits + "-_.~ ", min_size=1, max_size=30),
    st.sampled_from(["1", "0", "-5", "99999999999999999999", "-99999999999999999999", "EP-2026-000001", "cancel",
                     "accept", "verify", "start_review", "sign"]),
    st.integers(min_value=-(10**12), max_value=10**12).map(str),
)


def _component(ref: str) -> dict:
    return DOCUMENT["components"]["schemas"][ref.rsplit("/", 1)[-1]]


def _body_strategy(spec):
    content = spec.get("requestBody", {}).get("content", {}).get("application/json")
    if not content:
        return st.none()
    schema = content["schema"]
    if "$ref" in schema:
        schema = _component(schema["$ref"])
    properties = schema.get("properties", {})
    shaped = st.fixed_dictionaries({}, optional={name: st.one_of(scalars, json_values) for name in properties})
    return st.one_of(shaped, json_values, st.just("{not json"), st.binary(max_size=30).map(lambda b: b.decode("latin-1")))


@pytest.fixture
def credentials():
    agency, supplier = make_agency(), make_supplier()
    product = make_product(supplier, make_category())
    buyer = make_user(Role.PP, agency=agency)
    make_order(agency=agency, supplier=supplier, buyer=buyer, lines=[(product, 1)], number="EP-2026-000001")
    make_order(agency=agency, supplier=supplier, buyer=buyer, lines=[(product, 2)], status="processing")
    tokens = [None, "kl_garbage"]
    for role in Role.values:
        user = buyer if role == Role.PP else make_user(
            role, agency=agency if role in (Role.PPK, Role.TREASURER) else None,
            supplier=supplier if role == Role.SUPPLIER else None)
        tokens.append(token_for(user, scopes=["read", "write"]))
    return tokens


@pytest.mark.parametrize("path,method,spec", OPERATIONS, ids=[f"{m.upper()} {p}" for p, m, _ in OPERATIONS])
def test_generated_input_never_gets_a_server_error(client, credentials, path, method, spec):
    path_names = [p["name"] for p in spec.get("parameters", []) if p["in"] == "path"]
    query_names = [p["name"] for p in spec.get("parameters", []) if p["in"] == "query"]

    @settings(max_examples=30, deadline=None, derandomize=True,
              suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
    @given(
        path_values=st.fixed_dictionaries({name: path_text for name in path_names}),
        query=st.fixed_dictionaries({}, optional={name: param_text for name in query_names}),
        extra=st.dictionaries(st.text(string.ascii_lowercase, min_size=1, max_size=8), param_text, max_size=2),
        body=_body_strategy(spec),
        credential=st.sampled_from(credentials),
    )
    def run(path_values, query, extra, body, credential):
        url = path
        for name, value in path_values.items():
            url = url.replace("{" + name + "}", quote(value, safe=""))
        query_string = urlencode({**extra, **query})
        headers = {"HTTP_AUTHORIZATION": f"Bearer {credential}"} if credential else {}
        full = f"{url}?{query_string}" if query_string else url
        if method == "get":
            response = client.get(full, **headers)
        else:
            data = body if isinstance(body, str) else json.dumps(body)
            response = getattr(client, method)(full, data=data, content_type="application/json", **headers)
        assert response.status_code < 500, (method, full, body, response.content[:300])
        if response.status_code >= 400:
            error = response.json()["error"]
            assert error["status"] == response.status_code and error["message"]

    run()

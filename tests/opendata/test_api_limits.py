"""Rate limits (429 with Retry-After) and the one error shape, including for a server error."""

import pytest

from katalog.core.roles import Role
from katalog.opendata.api import gateway
from tests.factories import make_user
from tests.opendata.api_helpers import assert_error_shape, auth, token_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def tight(settings):
    settings.KATALOG_RULES = {**settings.KATALOG_RULES, "api_rate_limit_anonymous": 3, "api_rate_limit_token": 5,
                              "api_rate_window_seconds": 60}


def test_the_fourth_anonymous_request_in_a_window_gets_429_with_retry_after(client, tight):
    for _ in range(3):
        response = client.get("/api/v1/categories")
        assert response.status_code == 200
    assert response["X-RateLimit-Remaining"] == "0"
    refused = client.get("/api/v1/categories")
    error = assert_error_shape(refused, 429)
    assert error["code"] == "rate_limited"
    assert 1 <= int(refused["Retry-After"]) <= 60


def test_a_token_has_its_own_larger_allowance(client, tight):
    raw = token_for(make_user(Role.AUDITOR))
    for _ in range(3):
        client.get("/api/v1/categories")
    assert client.get("/api/v1/categories").status_code == 429
    statuses = [client.get("/api/v1/categories", **auth(raw)).status_code for _ in range(6)]
    assert statuses == [200] * 5 + [429]


def test_two_clients_do_not_share_a_window(client, tight):
    for _ in range(4):
        client.get("/api/v1/categories", REMOTE_ADDR="10.0.0.1")
    assert client.get("/api/v1/categories", REMOTE_ADDR="10.0.0.1").status_code == 429
    assert client.get("/api/v1/categories", REMOTE_ADDR="10.0.0.2").status_code == 200


def test_the_window_resets():
    assert gateway.take("x", 1, 60, now=120.0)[0] is True
    allowed, remaining, reset = gateway.take("x", 1, 60, now=150.0)
    assert (allowed, remaining, reset) == (False, 0, 30)
    assert gateway.take("x", 1, 60, now=180.0)[0] is True


def test_a_server_error_keeps_the_shape_and_hides_the_details(client, monkeypatch):
    from katalog.opendata import selectors

    def explode(*args, **kwargs):
        raise RuntimeError("database password is hunter2")

    monkeypatch.setattr(selectors, "catalogue_categories", explode)
    response = client.get("/api/v1/categories")
    error = assert_error_shape(response, 500)
    assert error["code"] == "server_error" and "hunter2" not in response.content.decode()


def test_unknown_addresses_and_methods_keep_the_shape(client):
    assert assert_error_shape(client.get("/api/v1/tidak-ada"), 404)["code"] == "not_found"
    response = client.delete("/api/v1/products")
    assert assert_error_shape(response, 405)["code"] == "method_not_allowed"


def test_a_malformed_json_body_is_a_shaped_400_or_422(client):
    raw = token_for(make_user(Role.PP))
    response = client.post("/api/v1/carts/lines", data="{not json", content_type="application/json", **auth(raw))
    assert response.status_code in (400, 422)
    assert_error_shape(response, response.status_code)


def test_a_failure_before_the_operation_runs_keeps_the_shape_too(client, monkeypatch):
    from katalog.opendata import services

    def broken(raw):
        raise RuntimeError("token table unreadable")

    monkeypatch.setattr(services, "token_authenticate", broken)
    response = client.get("/api/v1/me", HTTP_AUTHORIZATION="Bearer kl_x")
    assert assert_error_shape(response, 500)["code"] == "server_error"

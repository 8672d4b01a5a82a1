"""Shortcuts for API tests: a token for a person, and requests carrying it."""

from __future__ import annotations

import json

from katalog.opendata import services


def token_for(user, scopes=("read", "write"), name="uji") -> str:
    _token, raw = services.token_create(user=user, name=name, scopes=list(scopes))
    return raw


def auth(raw: str | None) -> dict:
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"} if raw else {}


def get(client, path: str, raw: str | None = None, **params):
    return client.get(path, params, **auth(raw))


def post(client, path: str, raw: str | None = None, body: dict | None = None, method: str = "post"):
    send = getattr(client, method)
    return send(path, data=json.dumps(body or {}), content_type="application/json", **auth(raw))


def assert_error_shape(response, status: int) -> dict:
    assert response.status_code == status, (response.status_code, response.content[:500])
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    assert set(body) == {"error"}
    error = body["error"]
    assert set(error) == {"status", "code", "message", "details"}
    assert error["status"] == status and error["message"]
    return error

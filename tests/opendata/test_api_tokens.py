"""Personal API tokens: stored hashed, shown once, scoped, revocable, and managed on a page."""

import hashlib
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from katalog.core.models import AuditEvent
from katalog.core.roles import Role
from katalog.opendata import services
from katalog.opendata.models import ApiToken
from tests.factories import make_user
from tests.opendata.api_helpers import assert_error_shape, auth, get, token_for

pytestmark = pytest.mark.django_db


def test_only_the_sha256_of_a_token_is_stored_and_its_prefix_is_shown():
    user = make_user(Role.PP)
    token, raw = services.token_create(user=user, name="Skrip laporan", scopes=["read"])
    stored = ApiToken.objects.get(pk=token.pk)
    assert stored.token_hash == hashlib.sha256(raw.encode()).hexdigest()
    assert raw not in {stored.token_hash, stored.prefix, stored.name}
    assert raw.startswith("kl_") and stored.prefix == raw[:11]
    assert not ApiToken.objects.filter(token_hash=raw).exists()
    event = AuditEvent.objects.get(action="api_token.create")
    assert raw not in str(event.after) and event.after["prefix"] == stored.prefix


def test_a_token_acts_as_its_owner(client):
    user = make_user(Role.PP, full_name="Rina Pengadaan")
    raw = token_for(user, scopes=["read"])
    response = get(client, "/api/v1/me", raw)
    assert response.status_code == 200
    body = response.json()
    assert body["role"] == "pp" and body["full_name"] == "Rina Pengadaan"
    assert body["token"]["scopes"] == ["read"]
    assert ApiToken.objects.get().last_used_at is not None


@pytest.mark.parametrize("spoil", ["revoke", "expire", "deactivate_owner", "garble"])
def test_a_spoiled_token_gets_401_everywhere_even_on_public_operations(client, spoil):
    user = make_user(Role.SUPPLIER)
    token, raw = services.token_create(user=user, name="uji", scopes=["read"])
    if spoil == "revoke":
        services.token_revoke(token=token, actor=user)
    elif spoil == "expire":
        ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    elif spoil == "deactivate_owner":
        user.is_active = False
        user.save()
    else:
        raw = raw[:-1] + ("A" if raw[-1] != "A" else "B")
    for path in ("/api/v1/me", "/api/v1/products"):
        error = assert_error_shape(client.get(path, **auth(raw)), 401)
        assert error["code"] == "unauthorized"


def test_another_scheme_or_an_empty_bearer_is_401(client):
    for header in ("Basic dXNlcjpwYXNz", "Bearer ", "Token abc"):
        response = client.get("/api/v1/products", HTTP_AUTHORIZATION=header)
        assert_error_shape(response, 401)
        assert response["WWW-Authenticate"].startswith("Bearer")


def test_the_session_cookie_gives_the_api_nothing(client):
    client.force_login(make_user(Role.AUDITOR))
    assert_error_shape(client.get("/api/v1/orders"), 401)


def test_a_read_token_cannot_act(client):
    from tests.factories import make_product

    pp = make_user(Role.PP)
    product = make_product()
    raw = token_for(pp, scopes=["read"])
    response = client.post("/api/v1/carts/lines", data={"product_id": product.pk, "quantity": 1},
                           content_type="application/json", **auth(raw))
    error = assert_error_shape(response, 403)
    assert "write" in error["message"]
    assert get(client, "/api/v1/carts", raw).status_code == 200


def test_a_write_only_token_cannot_read_private_data(client):
    raw = token_for(make_user(Role.AUDITOR), scopes=["write"])
    assert_error_shape(get(client, "/api/v1/orders", raw), 403)


def test_revoking_is_audited_and_idempotent():
    user = make_user(Role.PPK)
    token, _raw = services.token_create(user=user, name="uji", scopes=["read"])
    services.token_revoke(token=token, actor=user)
    services.token_revoke(token=token, actor=user)
    assert AuditEvent.objects.filter(action="api_token.revoke").count() == 1


def test_nobody_revokes_someone_elses_token():
    owner, other = make_user(Role.PP), make_user(Role.PP)
    token, _raw = services.token_create(user=owner, name="uji", scopes=["read"])
    with pytest.raises(services.TokenError):
        services.token_revoke(token=token, actor=other)


@pytest.mark.parametrize("name,scopes", [("", ["read"]), ("x" * 101, ["read"]), ("ok", []), ("ok", ["admin"])])
def test_a_token_needs_a_name_and_known_scopes(name, scopes):
    with pytest.raises(services.TokenError):
        services.token_create(user=make_user(Role.PP), name=name, scopes=scopes)


def test_the_token_page_creates_shows_once_and_revokes(client):
    user = make_user(Role.TREASURER)
    client.force_login(user)
    page = client.post(reverse("opendata:tokens"), {"name": "Rekap SP2D", "scopes": ["read"]})
    assert page.status_code == 200
    token = ApiToken.objects.get(user=user)
    html = page.content.decode()
    raw = html.split('data-token>')[1].split("<")[0]
    assert services.token_hash(raw) == token.token_hash
    again = client.get(reverse("opendata:tokens")).content.decode()
    assert raw not in again and token.prefix in again
    assert get(client, "/api/v1/me", raw).status_code == 200
    client.post(reverse("opendata:token_revoke", args=[token.pk]))
    assert ApiToken.objects.get(pk=token.pk).revoked_at is not None
    assert get(client, "/api/v1/me", raw).status_code == 401


def test_the_token_page_needs_a_login_and_hides_other_peoples_tokens(client):
    owner = make_user(Role.PP)
    token, _raw = services.token_create(user=owner, name="Milik orang lain", scopes=["read"])
    assert client.get(reverse("opendata:tokens")).status_code == 302
    client.force_login(make_user(Role.PP))
    assert "Milik orang lain" not in client.get(reverse("opendata:tokens")).content.decode()
    assert client.post(reverse("opendata:token_revoke", args=[token.pk])).status_code == 404
    assert ApiToken.objects.get(pk=token.pk).revoked_at is None

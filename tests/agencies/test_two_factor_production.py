"""In production every role that can see someone else's identity data (full NIK, NPWP, bank account) or
download identity documents must use a second factor, pendamping and auditor included; API tokens of such
a person are refused until they enrol, and a token made before the authenticator was confirmed is refused."""

from datetime import timedelta

import pytest
from django.urls import reverse

from katalog.agencies.models import TwoFactorDevice
from katalog.core.permissions import PERMISSIONS, identity_roles
from katalog.core.roles import Role
from katalog.opendata import services as tokens
from tests.agencies.helpers import enrol, log_in
from tests.factories import make_user
from tests.opendata.api_helpers import assert_error_shape, auth, get

IDENTITY = sorted(identity_roles())


@pytest.fixture
def production(settings):
    """Production mode with the switch for the other roles off: the identity roles need a factor regardless."""
    settings.PRODUCTION = True
    settings.KATALOG_REQUIRE_2FA = False


def test_the_identity_roles_are_everyone_who_sees_another_persons_identity_data():
    assert set(IDENTITY) == {Role.UMKM_OFFICER, Role.CATALOGUE_MANAGER, Role.AUDITOR, Role.ADMIN}
    assert all(role in PERMISSIONS["supplier.detail"] or role in PERMISSIONS["account.export_any"] for role in IDENTITY)
    assert Role.SUPPLIER not in IDENTITY  # a supplier's people see only their own business


@pytest.mark.django_db
@pytest.mark.parametrize("role", IDENTITY)
def test_in_production_an_identity_role_without_an_authenticator_reaches_only_the_enrolment_page(client, production,
                                                                                                 role):
    user = make_user(role)
    response = log_in(client, user)
    assert response.status_code == 302 and response.url == reverse("accounts:two_factor_enrol")
    blocked = client.get(reverse("dashboard"))
    assert blocked.status_code == 302 and blocked.url == reverse("accounts:two_factor_enrol")


@pytest.mark.django_db
@pytest.mark.parametrize("role", [Role.SUPPLIER, Role.PP, Role.LEADERSHIP])
def test_in_production_roles_that_see_no_identity_data_follow_the_switch(client, production, role):
    user = make_user(role)
    response = log_in(client, user)
    assert response.status_code == 302 and response.url != reverse("accounts:two_factor_enrol")
    assert client.get(reverse("dashboard")).status_code == 200


@pytest.mark.django_db
def test_outside_production_the_auditor_follows_the_switch(client, settings):
    settings.PRODUCTION = False
    settings.KATALOG_REQUIRE_2FA = False
    log_in(client, make_user(Role.AUDITOR))
    assert client.get(reverse("dashboard")).status_code == 200
    settings.KATALOG_REQUIRE_2FA = True  # the shipped list names pendamping and auditor too
    assert client.get(reverse("dashboard")).url == reverse("accounts:two_factor_enrol")


@pytest.mark.django_db
@pytest.mark.parametrize("role", IDENTITY)
def test_a_token_of_an_identity_role_without_an_authenticator_is_refused_until_they_enrol(client, production,
                                                                                        generous_rate_limits, role):
    user = make_user(role)
    token, raw = tokens.token_create(user=user, name="skrip", scopes=["read"])
    error = assert_error_shape(get(client, "/api/v1/me", raw), 401)
    assert "autentikasi dua langkah" in error["message"]
    enrol(user)
    # Made before the authenticator: still refused, for good.
    error = assert_error_shape(get(client, "/api/v1/me", raw), 401)
    assert "sebelum autentikasi dua langkah" in error["message"]
    _, fresh = tokens.token_create(user=user, name="skrip baru", scopes=["read"])
    assert get(client, "/api/v1/me", fresh).status_code == 200


@pytest.mark.django_db
def test_a_token_made_before_an_optional_authenticator_is_refused_and_one_made_after_works(client, production,
                                                                                          generous_rate_limits):
    user = make_user(Role.PP)
    _, before = tokens.token_create(user=user, name="lama", scopes=["read"])
    assert get(client, "/api/v1/me", before).status_code == 200  # no factor required for a PP
    enrol(user)
    assert assert_error_shape(client.get("/api/v1/me", **auth(before)), 401)
    _, after = tokens.token_create(user=user, name="baru", scopes=["read"])
    assert get(client, "/api/v1/me", after).status_code == 200


@pytest.mark.django_db
def test_re_enrolling_after_a_reset_refuses_the_tokens_made_with_the_old_authenticator(client, production,
                                                                                     generous_rate_limits):
    from katalog.agencies import services

    user = make_user(Role.AUDITOR)
    enrol(user)
    TwoFactorDevice.objects.filter(user=user).update(confirmed_at=TwoFactorDevice.objects.get(user=user).confirmed_at
                                                     - timedelta(seconds=5))
    _, raw = tokens.token_create(user=user, name="skrip", scopes=["read"])
    assert get(client, "/api/v1/me", raw).status_code == 200
    services.two_factor_reset(user=user, actor=None, reason="ponsel hilang")
    assert get(client, "/api/v1/me", raw).status_code == 401  # required and no authenticator now
    enrol(user)
    assert get(client, "/api/v1/me", raw).status_code == 401  # tied to the authenticator it was made under

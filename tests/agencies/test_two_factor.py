"""Two-factor authentication (TOTP): enrolment, the code step after the password, recovery codes,
and the rule that catalogue managers, PPK, treasurers and administrators must use it."""

import hashlib
import re

import pytest
from django.test import Client
from django.urls import reverse

from katalog.agencies import totp
from katalog.agencies.models import RecoveryCode, TwoFactorDevice
from katalog.core.models import AuditEvent
from katalog.core.roles import Role
from tests.agencies.helpers import code_for, enrol, log_in
from tests.factories import make_user

REQUIRED = [Role.CATALOGUE_MANAGER, Role.PPK, Role.TREASURER, Role.ADMIN, Role.UMKM_OFFICER, Role.AUDITOR]
OPTIONAL = [r for r in Role.values if r not in REQUIRED]


@pytest.fixture
def required_2fa(settings):
    settings.KATALOG_REQUIRE_2FA = True


@pytest.fixture
def optional_2fa(settings):
    settings.KATALOG_REQUIRE_2FA = False


def _secret_on_page(html: str) -> str:
    match = re.search(r'<code class="secret">([A-Z2-7 ]+)</code>', html)
    return match.group(1).replace(" ", "")


def _enrol_through_the_page(client) -> list[str]:
    html = client.get(reverse("accounts:two_factor_enrol")).content.decode()
    secret = _secret_on_page(html)
    code = totp.totp(totp.decode_secret(secret), __import__("time").time())
    response = client.post(reverse("accounts:two_factor_enrol"), {"code": code})
    assert response.status_code == 200
    return re.findall(r"<code>([A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4})</code>", response.content.decode())


def test_the_required_roles_are_a_setting():
    from katalog import settings as shipped

    assert set(shipped.KATALOG_2FA_REQUIRED_ROLES) == {"catalogue_manager", "ppk", "treasurer", "admin", "umkm_officer",
                                                       "auditor"}


@pytest.mark.django_db
def test_the_enrolment_page_shows_the_otpauth_link_and_the_secret_and_sends_no_store(client):
    user = make_user(Role.PP)
    client.force_login(user)
    response = client.get(reverse("accounts:two_factor_enrol"))
    html = response.content.decode()
    secret = _secret_on_page(html)
    assert len(totp.decode_secret(secret)) == 20
    assert f"otpauth://totp/Katalog%20Lokal%3A{user.username}?secret={secret}" in html
    assert "no-store" in response.headers["Cache-Control"]
    # Reloading shows the same secret until it is confirmed (the phone may have scanned it already).
    assert _secret_on_page(client.get(reverse("accounts:two_factor_enrol")).content.decode()) == secret
    assert not TwoFactorDevice.objects.exists()  # nothing is stored by looking at the page


@pytest.mark.django_db
def test_confirming_enrolment_shows_ten_recovery_codes_stored_only_as_hashes(client):
    user = make_user(Role.PP)
    client.force_login(user)
    codes = _enrol_through_the_page(client)
    assert len(codes) == 10 and len(set(codes)) == 10
    device = TwoFactorDevice.objects.get(user=user)
    assert device.confirmed_at is not None
    stored = set(RecoveryCode.objects.filter(user=user).values_list("code_hash", flat=True))
    assert stored == {hashlib.sha256(c.replace("-", "").encode()).hexdigest() for c in codes}
    assert AuditEvent.objects.filter(action="account.2fa_enrol", actor=user).exists()
    assert client.get(reverse("dashboard")).status_code == 200


@pytest.mark.django_db
def test_a_wrong_code_does_not_enrol(client):
    client.force_login(make_user(Role.PP))
    client.get(reverse("accounts:two_factor_enrol"))
    response = client.post(reverse("accounts:two_factor_enrol"), {"code": "000000"})
    assert "Kode tidak cocok" in response.content.decode()
    assert not TwoFactorDevice.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("role", REQUIRED)
def test_a_required_role_without_enrolment_goes_to_enrolment_right_after_login(client, required_2fa, role):
    user = make_user(role)
    response = log_in(client, user)
    assert response.status_code == 302 and response.url == reverse("accounts:two_factor_enrol")
    for url in (reverse("dashboard"), reverse("catalogue:product_list"), reverse("accounts:security")):
        blocked = client.get(url)
        assert blocked.status_code == 302 and blocked.url == reverse("accounts:two_factor_enrol"), url
    _enrol_through_the_page(client)
    assert client.get(reverse("dashboard")).status_code == 200


@pytest.mark.django_db
def test_logging_out_is_possible_before_enrolment(client, required_2fa):
    log_in(client, make_user(Role.PPK))
    assert client.post(reverse("logout")).status_code == 302
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
@pytest.mark.parametrize("role", OPTIONAL)
def test_other_roles_may_log_in_without_enrolment(client, required_2fa, role):
    response = log_in(client, make_user(role))
    assert response.status_code == 302 and response.url == reverse("dashboard")
    assert client.get(reverse("dashboard")).status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize("role", REQUIRED)
def test_with_the_switch_off_required_roles_log_in_with_a_password_as_in_the_demo(client, optional_2fa, role):
    response = log_in(client, make_user(role))
    assert response.url == reverse("dashboard")
    assert client.get(reverse("dashboard")).status_code == 200


def test_the_switch_is_on_in_production_and_off_for_a_local_demo(monkeypatch):
    import importlib

    import katalog.settings as shipped

    try:
        for env, expected in (
            ({"KATALOG_PRODUCTION": "1", "SECRET_KEY": "x" * 60, "DEBUG": ""}, True),
            ({"KATALOG_PRODUCTION": "", "DEBUG": "1"}, False),
            ({"KATALOG_PRODUCTION": "1", "SECRET_KEY": "x" * 60, "KATALOG_REQUIRE_2FA": "0"}, False),
        ):
            for name, value in env.items():
                monkeypatch.setenv(name, value)
            assert importlib.reload(shipped).KATALOG_REQUIRE_2FA is expected, env
            monkeypatch.undo()
    finally:
        importlib.reload(shipped)


@pytest.mark.django_db
def test_deploy_check_warns_when_production_runs_without_two_factor(settings):
    from katalog.agencies.checks import account_security_check

    settings.PRODUCTION = True
    settings.KATALOG_REQUIRE_2FA = False
    assert [w.id for w in account_security_check()] == ["katalog.W001"]
    settings.KATALOG_REQUIRE_2FA = True
    assert account_security_check() == []


@pytest.mark.django_db
@pytest.mark.parametrize("switch", [True, False])
def test_an_enrolled_person_is_logged_in_only_after_the_code(client, settings, switch):
    settings.KATALOG_REQUIRE_2FA = switch
    user = make_user(Role.PPK)
    enrol(user)
    response = log_in(client, user)
    assert response.status_code == 302 and response.url == reverse("accounts:login_verify")
    assert "_auth_user_id" not in client.session
    assert client.get(reverse("dashboard")).status_code == 302  # not logged in yet
    before_code = client.session.session_key
    response = client.post(reverse("accounts:login_verify"), {"code": code_for(user)})
    assert response.status_code == 302 and response.url == reverse("dashboard")
    assert client.session.session_key != before_code  # a new key at the moment of login
    assert client.get(reverse("dashboard")).status_code == 200
    assert AuditEvent.objects.get(action="login.succeeded").after["second_factor"] == "totp"


@pytest.mark.django_db
def test_the_code_step_returns_to_the_page_asked_for(client):
    user = make_user(Role.PPK)
    enrol(user)
    client.post(reverse("login"), {"username": user.username, "password": __import__("tests.factories").factories.PASSWORD,
                                   "next": reverse("purchasing:order_list")})
    response = client.post(reverse("accounts:login_verify"), {"code": code_for(user)})
    assert response.url == reverse("purchasing:order_list")


@pytest.mark.django_db
def test_a_code_cannot_be_used_twice(client):
    user = make_user(Role.PPK)
    enrol(user)
    code = code_for(user)
    log_in(client, user)
    client.post(reverse("accounts:login_verify"), {"code": code})
    other = Client()
    log_in(other, user)
    response = other.post(reverse("accounts:login_verify"), {"code": code})
    assert response.status_code == 200 and "Kode tidak cocok" in response.content.decode()
    assert other.post(reverse("accounts:login_verify"), {"code": code_for(user, offset_steps=1)}).status_code == 302


@pytest.mark.django_db
def test_a_recovery_code_works_once(client):
    user = make_user(Role.TREASURER)
    codes = enrol(user)
    log_in(client, user)
    response = client.post(reverse("accounts:login_verify"), {"code": codes[3].lower()})
    assert response.status_code == 302
    assert "Sisa kode: 9" in client.get(response.url).content.decode()
    assert AuditEvent.objects.filter(action="account.2fa_recovery_code_used").count() == 1
    again = Client()
    log_in(again, user)
    assert again.post(reverse("accounts:login_verify"), {"code": codes[3]}).status_code == 200


@pytest.mark.django_db
def test_wrong_codes_count_as_failed_logins_and_send_back_to_the_password(client, settings):
    settings.KATALOG_LOGIN_THROTTLE = {
        "username_failures": 2, "ip_failures": 50, "account_failures": 10, "window_minutes": 15,
        "base_delay_seconds": 60, "max_delay_minutes": 15, "account_max_delay_seconds": 60,
    }
    user = make_user(Role.PPK)
    enrol(user)
    log_in(client, user)
    for _ in range(2):
        assert client.post(reverse("accounts:login_verify"), {"code": "000000"}).status_code == 200
    response = client.post(reverse("accounts:login_verify"), {"code": "000000"})
    assert response.status_code == 302 and response.url == reverse("login")
    failures = AuditEvent.objects.filter(action="login.failed")
    assert failures.count() == 3 and {e.after["reason"] for e in failures} == {"second_factor"}
    assert AuditEvent.objects.filter(action="login.throttled").exists()
    # Waiting now: even the right password and the right code do not get in.
    assert "Terlalu banyak percobaan" in log_in(client, user).content.decode()


@pytest.mark.django_db
def test_the_code_step_expires(client):
    user = make_user(Role.PPK)
    enrol(user)
    log_in(client, user)
    session = client.session
    pending = session["_katalog_2fa_pending"]
    pending["at"] -= 301
    session["_katalog_2fa_pending"] = pending
    session.save()
    response = client.post(reverse("accounts:login_verify"), {"code": code_for(user)})
    assert response.status_code == 302 and response.url == reverse("login")
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_a_session_opened_without_the_code_is_sent_to_the_code_step(client):
    user = make_user(Role.ADMIN)
    enrol(user)
    client.force_login(user)  # as any other login path would
    response = client.get(reverse("audit_log"))
    assert response.status_code == 302 and response.url == reverse("accounts:login_verify")
    response = client.post(reverse("accounts:login_verify"), {"code": code_for(user)})
    assert response.url == reverse("audit_log")


@pytest.mark.django_db
def test_an_optional_role_can_turn_two_factor_off_with_a_code_but_a_required_role_cannot(client, required_2fa):
    supplier_person = make_user(Role.SUPPLIER)
    enrol(supplier_person)
    log_in(client, supplier_person)
    client.post(reverse("accounts:login_verify"), {"code": code_for(supplier_person)})
    client.post(reverse("accounts:two_factor_disable"), {"code": code_for(supplier_person, offset_steps=1)})
    assert not TwoFactorDevice.objects.filter(user=supplier_person).exists()

    ppk = make_user(Role.PPK)
    enrol(ppk)
    other = Client()
    log_in(other, ppk)
    other.post(reverse("accounts:login_verify"), {"code": code_for(ppk)})
    response = other.post(reverse("accounts:two_factor_disable"), {"code": code_for(ppk, offset_steps=1)}, follow=True)
    assert "wajib memakai autentikasi dua langkah" in response.content.decode()
    assert TwoFactorDevice.objects.filter(user=ppk).exists()


@pytest.mark.django_db
def test_new_recovery_codes_replace_the_old_ones(client):
    user = make_user(Role.PP)
    old = enrol(user)
    log_in(client, user)
    client.post(reverse("accounts:login_verify"), {"code": code_for(user)})
    response = client.post(reverse("accounts:recovery_codes_regenerate"), {"code": code_for(user, offset_steps=1)})
    new = re.findall(r"<code>([A-Z0-9-]{19})</code>", response.content.decode())
    assert len(new) == 10 and not set(new) & set(old)
    assert "no-store" in response.headers["Cache-Control"]
    assert RecoveryCode.objects.filter(user=user).count() == 10


@pytest.mark.django_db
def test_an_administrator_resets_a_lost_phone_and_the_person_enrols_again(client, required_2fa):
    from django.core.management import call_command

    user = make_user(Role.PPK)
    enrol(user)
    log_in(client, user)
    client.post(reverse("accounts:login_verify"), {"code": code_for(user)})
    call_command("accounts", "reset-2fa", user.username, "--by", make_user(Role.ADMIN).username)
    assert client.get(reverse("dashboard")).status_code == 302  # the old session ended
    assert not TwoFactorDevice.objects.filter(user=user).exists()
    assert log_in(Client(), user).url == reverse("accounts:two_factor_enrol")
    assert AuditEvent.objects.filter(action="account.2fa_reset").exists()


@pytest.mark.django_db
def test_the_security_page_tells_the_state_and_offers_the_actions(client):
    user = make_user(Role.PP)
    client.force_login(user)
    html = client.get(reverse("accounts:security")).content.decode()
    assert "Belum aktif" in html and reverse("accounts:two_factor_enrol") in html
    enrol(user)
    assert client.get(reverse("accounts:security")).url == reverse("accounts:login_verify")
    client.post(reverse("accounts:login_verify"), {"code": code_for(user)})
    html = client.get(reverse("accounts:security")).content.decode()
    assert "Tersisa 10 kode pemulihan" in html

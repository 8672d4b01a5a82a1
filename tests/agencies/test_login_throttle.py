"""Login throttling: delays that grow per address and account, per address and per account, audited without
passwords; nobody can keep a known person out from elsewhere."""

import json
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from katalog.agencies import services
from katalog.agencies.models import LoginFailure, LoginLock
from katalog.core.models import AuditEvent
from katalog.core.roles import Role
from tests.agencies.helpers import log_in
from tests.factories import make_user

WRONG = "salah-kata-sandi-123"


def _audit(action):
    return list(AuditEvent.objects.filter(action=action).order_by("id"))


@pytest.fixture(autouse=True)
def throttle(settings):
    settings.KATALOG_LOGIN_THROTTLE = {
        "username_failures": 3, "ip_failures": 6, "account_failures": 5, "window_minutes": 15,
        "base_delay_seconds": 2, "max_delay_minutes": 15, "account_max_delay_seconds": 60,
    }
    return settings.KATALOG_LOGIN_THROTTLE



def _wait_over():
    LoginLock.objects.update(locked_until=timezone.now() - timedelta(seconds=1))


@pytest.mark.django_db
def test_a_failed_login_is_audited_with_the_account_and_address_but_never_the_password(client):
    user = make_user(Role.PP)
    response = log_in(client, user, WRONG, REMOTE_ADDR="10.1.2.3")
    assert response.status_code == 200
    assert "Nama pengguna atau kata sandi salah" in response.content.decode()
    [event] = _audit("login.failed")
    assert event.object_id == str(user.pk) and event.actor_id is None
    # The account is named by its number (the event's object), never by its user name: an erasure leaves nothing.
    assert event.after == {"ip": "10.1.2.3", "reason": "password"}
    assert WRONG not in json.dumps([e.after for e in AuditEvent.objects.all()])
    assert user.username not in json.dumps([e.after for e in AuditEvent.objects.all()])


@pytest.mark.django_db
def test_a_user_name_nobody_holds_is_not_written_down_it_may_be_a_password(client):
    client.post(reverse("login"), {"username": "Rahasia-Budi-2026", "password": WRONG})
    [event] = _audit("login.failed")
    assert event.after["username_known"] is False
    assert "Rahasia-Budi-2026" not in json.dumps(event.after).lower()
    assert event.object_id == ""


def test_the_delay_doubles_after_the_free_failures_up_to_its_cap(throttle):
    delays = [services.backoff_delay(n, free=3, cap_seconds=900) for n in range(1, 15)]
    assert delays[:3] == [0, 0, 0]
    assert delays[3:10] == [2, 4, 8, 16, 32, 64, 128]
    assert delays[-1] == 900 and max(delays) == 900
    assert services.backoff_delay(10_000, free=3, cap_seconds=60) == 60


@pytest.mark.django_db
def test_guessing_from_one_address_makes_that_address_wait_longer_after_each_failure(client, password):
    user = make_user(Role.PP)
    for _ in range(3):
        response = log_in(client, user, WRONG)
    assert "Terlalu banyak" not in response.content.decode()  # the free failures: no wait yet
    waits = []
    for _ in range(3):
        _wait_over()
        response = log_in(client, user, WRONG)
        assert "Terlalu banyak percobaan" in response.content.decode()
        lock = LoginLock.objects.get(scope="pair")
        waits.append(round((lock.locked_until - lock.created_at).total_seconds()))
    assert waits == [2, 4, 8]
    # During the wait even the right password is refused before it is checked, and nothing is counted.
    response = log_in(client, user, password)
    assert response.status_code == 200 and "Terlalu banyak percobaan" in response.content.decode()
    assert "_auth_user_id" not in client.session
    assert len(_audit("login.failed")) == 6
    # Each backoff is audited once, when it starts: this address at this account, then the account as a whole.
    assert [e.after["scope"] for e in _audit("login.throttled")] == ["pair", "username"]
    _wait_over()
    response = log_in(client, user, password)
    assert response.status_code == 302 and response.url == reverse("dashboard")


@pytest.mark.django_db
def test_guesses_from_many_addresses_never_keep_the_owner_out_at_their_own_browser(client, password):
    from django.test import Client

    user = make_user(Role.PP, username="budi.pp")
    assert log_in(client, user, password, REMOTE_ADDR="10.9.9.9").status_code == 302  # the owner's browser
    client.post(reverse("logout"))
    attacker = Client()
    for n in range(40):
        _wait_over()  # as if the attacker waited out every delay
        attacker.post(reverse("login"), {"username": "budi.pp", "password": WRONG}, REMOTE_ADDR=f"10.0.{n}.1")
    account_wait = LoginLock.objects.get(scope="username")
    assert (account_wait.locked_until - account_wait.created_at).total_seconds() == 60  # the account-wide cap
    # A new browser somewhere else waits at most a minute...
    elsewhere = Client()
    response = elsewhere.post(reverse("login"), {"username": "BUDI.PP", "password": password}, REMOTE_ADDR="10.7.7.7")
    assert "Terlalu banyak percobaan" in response.content.decode()
    # ...but the owner at the browser they used before is let in at once.
    response = log_in(client, user, password, REMOTE_ADDR="10.9.9.9")
    assert response.status_code == 302 and response.url == reverse("dashboard")


@pytest.mark.django_db
def test_a_forged_known_device_cookie_is_ignored(client, password):
    from katalog.agencies.http import DEVICE_COOKIE

    user = make_user(Role.PP)
    for n in range(6):
        log_in(client, user, WRONG, REMOTE_ADDR=f"10.0.{n}.1")
    client.cookies[DEVICE_COOKIE] = f"[{user.pk}]:forged:signature"
    response = log_in(client, user, password, REMOTE_ADDR="10.7.7.7")
    assert "Terlalu banyak percobaan" in response.content.decode()


@pytest.mark.django_db
def test_one_address_trying_many_user_names_waits_but_others_do_not(client, password):
    victims = [make_user(Role.PP) for _ in range(7)]
    for victim in victims:
        log_in(client, victim, WRONG, REMOTE_ADDR="203.0.113.7")
    assert LoginLock.objects.filter(scope="ip", key="203.0.113.7").count() == 1
    assert any(e.after.get("scope") == "ip" for e in _audit("login.throttled"))
    someone = make_user(Role.PPK)
    assert "Terlalu banyak" in log_in(client, someone, password, REMOTE_ADDR="203.0.113.7").content.decode()
    assert log_in(client, someone, password, REMOTE_ADDR="198.51.100.1").status_code == 302


@pytest.mark.django_db
def test_a_successful_login_starts_the_count_again_and_is_audited(client, password):
    user = make_user(Role.PP)
    log_in(client, user, WRONG)
    log_in(client, user, WRONG)
    assert log_in(client, user, password).status_code == 302
    assert LoginFailure.objects.filter(username=user.username).count() == 0
    [event] = _audit("login.succeeded")
    assert event.actor_id == user.pk and event.after["second_factor"] == ""
    client.post(reverse("logout"))
    log_in(client, user, WRONG)
    log_in(client, user, WRONG)
    assert log_in(client, user, password).status_code == 302  # two failures again are still below the limit


@pytest.mark.django_db
def test_failures_older_than_the_window_do_not_count(client, password):
    user = make_user(Role.PP)
    for _ in range(3):
        log_in(client, user, WRONG)
    LoginFailure.objects.update(at=timezone.now() - timedelta(minutes=16))
    log_in(client, user, WRONG)
    assert not LoginLock.objects.exists()


@pytest.mark.django_db
def test_the_proxy_header_names_the_address_when_configured(client, settings):
    settings.KATALOG_CLIENT_IP_HEADER = "HTTP_X_FORWARDED_FOR"
    user = make_user(Role.PP)
    log_in(client, user, WRONG, REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="1.1.1.1, 192.0.2.44")
    assert _audit("login.failed")[0].after["ip"] == "192.0.2.44"


@pytest.mark.django_db
def test_an_administrator_can_lift_a_wait_from_the_command_line(client, password):
    from django.core.management import call_command

    admin = make_user(Role.ADMIN)
    user = make_user(Role.PP)
    for _ in range(4):
        log_in(client, user, WRONG)
    assert "Terlalu banyak" in log_in(client, user, password).content.decode()
    call_command("accounts", "unlock", user.username, "--by", admin.username)
    assert log_in(client, user, password).status_code == 302
    [event] = _audit("login.unlocked")
    assert event.actor_id == admin.pk and event.object_id == str(user.pk)


@pytest.mark.django_db
def test_settings_describe_the_throttle(settings):
    from katalog import settings as shipped

    assert shipped.KATALOG_LOGIN_THROTTLE == {
        "username_failures": 5, "ip_failures": 20, "account_failures": 10, "window_minutes": 15,
        "base_delay_seconds": 2, "max_delay_minutes": 15, "account_max_delay_seconds": 60,
    }

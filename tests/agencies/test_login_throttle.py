"""Login throttling and lock-out: per user name and per IP address, audited without passwords."""

import json
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

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
    settings.KATALOG_LOGIN_THROTTLE = {"username_failures": 3, "ip_failures": 6, "window_minutes": 15, "lockout_minutes": 15}
    return settings.KATALOG_LOGIN_THROTTLE


@pytest.mark.django_db
def test_a_failed_login_is_audited_with_the_account_and_address_but_never_the_password(client):
    user = make_user(Role.PP)
    response = log_in(client, user, WRONG, REMOTE_ADDR="10.1.2.3")
    assert response.status_code == 200
    assert "Nama pengguna atau kata sandi salah" in response.content.decode()
    [event] = _audit("login.failed")
    assert event.object_id == str(user.pk) and event.actor_id is None
    assert event.after == {"username": user.username, "ip": "10.1.2.3", "reason": "password"}
    assert WRONG not in json.dumps([e.after for e in AuditEvent.objects.all()])


@pytest.mark.django_db
def test_a_user_name_nobody_holds_is_not_written_down_it_may_be_a_password(client):
    client.post(reverse("login"), {"username": "Rahasia-Budi-2026", "password": WRONG})
    [event] = _audit("login.failed")
    assert event.after["username_known"] is False
    assert "Rahasia-Budi-2026" not in json.dumps(event.after).lower()
    assert event.object_id == ""


@pytest.mark.django_db
def test_too_many_failures_lock_the_user_name_even_for_the_right_password(client, password):
    user = make_user(Role.PP)
    for _ in range(3):
        response = log_in(client, user, WRONG)
    assert "Terlalu banyak percobaan" in response.content.decode()
    [lock] = _audit("login.locked")
    assert lock.after["scope"] == "username" and lock.after["failures"] == 3
    response = log_in(client, user, password)
    assert response.status_code == 200 and "Terlalu banyak percobaan" in response.content.decode()
    assert "_auth_user_id" not in client.session
    # A lock refuses before the password is checked: no further failures are counted while it lasts.
    assert len(_audit("login.failed")) == 3


@pytest.mark.django_db
def test_the_lock_ends_after_the_lockout_time(client, password):
    user = make_user(Role.PP)
    for _ in range(3):
        log_in(client, user, WRONG)
    LoginLock.objects.update(locked_until=timezone.now() - timedelta(seconds=1))
    response = log_in(client, user, password)
    assert response.status_code == 302 and response.url == reverse("dashboard")


@pytest.mark.django_db
def test_the_user_name_lock_holds_from_every_address_and_for_any_letter_case(client, password):
    user = make_user(Role.PP, username="budi.pp")
    for n in range(3):
        log_in(client, user, WRONG, REMOTE_ADDR=f"10.0.0.{n + 1}")
    response = client.post(reverse("login"), {"username": "BUDI.PP", "password": password}, REMOTE_ADDR="10.9.9.9")
    assert "Terlalu banyak percobaan" in response.content.decode()
    assert log_in(client, user, password, REMOTE_ADDR="10.9.9.9").status_code == 200


@pytest.mark.django_db
def test_one_address_trying_many_user_names_is_locked_but_others_are_not(client, password):
    victims = [make_user(Role.PP) for _ in range(6)]
    for victim in victims:
        log_in(client, victim, WRONG, REMOTE_ADDR="203.0.113.7")
    ip_locks = LoginLock.objects.filter(scope="ip", key="203.0.113.7")
    assert ip_locks.count() == 1
    assert any(e.after.get("scope") == "ip" for e in _audit("login.locked"))
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
    log_in(client, user, WRONG)
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
def test_an_administrator_can_lift_a_lock_from_the_command_line(client, password):
    from django.core.management import call_command

    admin = make_user(Role.ADMIN)
    user = make_user(Role.PP)
    for _ in range(3):
        log_in(client, user, WRONG)
    call_command("accounts", "unlock", user.username, "--by", admin.username)
    assert log_in(client, user, password).status_code == 302
    [event] = _audit("login.unlocked")
    assert event.actor_id == admin.pk and event.object_id == str(user.pk)


@pytest.mark.django_db
def test_settings_describe_the_throttle(settings):
    from katalog import settings as shipped

    assert shipped.KATALOG_LOGIN_THROTTLE == {
        "username_failures": 5, "ip_failures": 20, "window_minutes": 15, "lockout_minutes": 15,
    }

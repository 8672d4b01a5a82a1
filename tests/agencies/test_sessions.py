"""Sessions: a new key at login, an idle timeout, and no session outliving a deactivated account."""

import time

import pytest
from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse

from katalog.agencies import services
from katalog.agencies.http import SESSION_LAST_SEEN, SESSION_LOGIN_AT
from katalog.agencies.models import UserSession
from katalog.core.models import AuditEvent
from katalog.core.roles import Role
from tests.agencies.helpers import log_in
from tests.factories import PASSWORD, make_user


def _session_key(client):
    return client.cookies["sessionid"].value


@pytest.mark.django_db
def test_logging_in_gives_the_session_a_new_key_and_drops_the_old_one(client):
    user = make_user(Role.PP)
    client.get(reverse("login"))
    client.post(reverse("set_language"), {"language": "id", "next": "/"})  # something stored before login
    anonymous_key = client.session.session_key
    assert anonymous_key and Session.objects.filter(session_key=anonymous_key).exists()
    assert log_in(client, user).status_code == 302
    assert _session_key(client) != anonymous_key
    assert not Session.objects.filter(session_key=anonymous_key).exists()
    assert UserSession.objects.filter(user=user, session_key=_session_key(client)).exists()


@pytest.mark.django_db
def test_a_session_left_idle_longer_than_the_setting_ends(client, settings):
    settings.KATALOG_SESSION_IDLE_MINUTES = 30
    user = make_user(Role.PP)
    log_in(client, user)
    assert client.get(reverse("dashboard")).status_code == 200
    session = client.session
    session[SESSION_LAST_SEEN] = int(time.time()) - 31 * 60
    session.save()
    response = client.get(reverse("dashboard"))
    assert response.status_code == 302 and response.url.startswith(reverse("login"))
    page = client.get(response.url).content.decode()
    assert "Sesi Anda berakhir" in page


@pytest.mark.django_db
def test_activity_within_the_idle_time_keeps_the_session(client, settings):
    settings.KATALOG_SESSION_IDLE_MINUTES = 30
    log_in(client, make_user(Role.PP))
    session = client.session
    session[SESSION_LAST_SEEN] = int(time.time()) - 29 * 60
    session.save()
    assert client.get(reverse("dashboard")).status_code == 200
    assert client.session[SESSION_LAST_SEEN] >= int(time.time()) - 5  # the clock was reset by this request


@pytest.mark.django_db
def test_no_session_lasts_longer_than_the_cookie_age_even_when_busy(client, settings):
    log_in(client, make_user(Role.PP))
    session = client.session
    session[SESSION_LOGIN_AT] = int(time.time()) - settings.SESSION_COOKIE_AGE - 1
    session.save()
    assert client.get(reverse("dashboard")).status_code == 302


@pytest.mark.django_db
def test_the_idle_timeout_defaults_to_thirty_minutes():
    from katalog import settings as shipped

    assert shipped.KATALOG_SESSION_IDLE_MINUTES == 30


@pytest.mark.django_db
def test_deactivating_a_user_ends_every_session_they_hold():
    user = make_user(Role.PPK)
    admin = make_user(Role.ADMIN)
    laptop, phone = Client(), Client()
    log_in(laptop, user)
    log_in(phone, user)
    keys = {_session_key(laptop), _session_key(phone)}
    assert Session.objects.filter(session_key__in=keys).count() == 2
    assert services.user_deactivate(user=user, actor=admin, reason="pindah tugas") == 2
    assert not Session.objects.filter(session_key__in=keys).exists()
    for client in (laptop, phone):
        response = client.get(reverse("dashboard"))
        assert response.status_code == 302 and response.url.startswith(reverse("login"))
    event = AuditEvent.objects.get(action="account.deactivate")
    assert event.actor_id == admin.pk and event.after["sessions_ended"] == 2


@pytest.mark.django_db
def test_deactivating_through_a_plain_save_also_ends_the_sessions(client):
    user = make_user(Role.PP)
    log_in(client, user)
    key = _session_key(client)
    user.is_active = False
    user.save()
    assert not Session.objects.filter(session_key=key).exists()
    assert log_in(Client(), user).status_code == 200  # and the password no longer lets them in


@pytest.mark.django_db
def test_the_deactivate_command_ends_sessions_and_names_the_administrator(client):
    from django.core.management import call_command

    user = make_user(Role.PP)
    admin = make_user(Role.ADMIN)
    log_in(client, user)
    call_command("accounts", "deactivate", user.username, "--by", admin.username, "--reason", "pensiun")
    user.refresh_from_db()
    assert not user.is_active
    assert client.get(reverse("dashboard")).status_code == 302
    assert AuditEvent.objects.get(action="account.deactivate").after["reason"] == "pensiun"


@pytest.mark.django_db
def test_logging_out_forgets_the_session(client):
    user = make_user(Role.PP)
    log_in(client, user)
    client.post(reverse("logout"))
    assert not UserSession.objects.filter(user=user).exists()


@pytest.mark.django_db
def test_changing_the_password_keeps_this_session_and_ends_the_others():
    user = make_user(Role.PP)
    here, elsewhere = Client(), Client()
    log_in(here, user)
    log_in(elsewhere, user)
    new_password = "Kopi-Robusta-Lampung-77"
    response = here.post(reverse("accounts:password_change"), {
        "old_password": PASSWORD, "new_password1": new_password, "new_password2": new_password,
    })
    assert response.status_code == 302
    assert here.get(reverse("dashboard")).status_code == 200
    assert elsewhere.get(reverse("dashboard")).status_code == 302
    assert AuditEvent.objects.filter(action="account.password_change", actor=user).exists()


@pytest.mark.django_db
def test_a_weak_new_password_is_refused_by_the_validators(client):
    user = make_user(Role.PP)
    log_in(client, user)
    response = client.post(reverse("accounts:password_change"), {
        "old_password": PASSWORD, "new_password1": "12345678", "new_password2": "12345678",
    })
    assert response.status_code == 200
    user.refresh_from_db()
    assert user.check_password(PASSWORD)

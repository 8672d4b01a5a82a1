"""Password reset: Django's signed, expiring, single-use link by e-mail (no account enumeration), and the
officer-assisted link (pendamping for business owners, administrator for staff), audited and shown once."""

import re
from datetime import timedelta

import pytest
from django.contrib.auth.tokens import PasswordResetTokenGenerator
from django.core import mail
from django.test import Client
from django.urls import reverse

from katalog.agencies.models import UserSession
from katalog.core.models import AuditEvent
from katalog.core.roles import Role
from tests.agencies.helpers import log_in
from tests.factories import make_user

NEW = "Kopi-Robusta-Lampung-2026"
pytestmark = pytest.mark.django_db


def _link_in(text: str) -> str:
    return re.search(r"https?://[^/\s]+(/akun/atur-ulang/[^\s<]+/)", text).group(1)


def _set_new_password(client, path):
    response = client.get(path)  # Django moves the token into the session and redirects to the form
    assert response.status_code == 302
    form_url = response.url
    assert "Buat kata sandi baru" in client.get(form_url).content.decode()
    return client.post(form_url, {"new_password1": NEW, "new_password2": NEW})


def test_the_login_page_links_to_the_reset(client):
    assert reverse("accounts:password_reset") in client.get(reverse("login")).content.decode()


def test_a_reset_by_e_mail_sets_a_new_password_ends_old_sessions_and_is_audited(client):
    user = make_user(Role.SUPPLIER, email="pemilik@contoh.id")
    other_device = Client()
    log_in(other_device, user)
    assert UserSession.objects.filter(user=user).count() == 1
    response = client.post(reverse("accounts:password_reset"), {"email": "PEMILIK@contoh.id"})
    assert response.status_code == 302 and response.url == reverse("accounts:password_reset_done")
    [message] = mail.outbox
    assert message.to == ["pemilik@contoh.id"] and "kata sandi" in message.subject.lower()
    assert "berlaku 24 jam" in message.body and user.username in message.body
    response = _set_new_password(client, _link_in(message.body))
    assert response.status_code == 302 and response.url == reverse("accounts:password_reset_complete")
    assert log_in(Client(), user, NEW).status_code == 302
    assert other_device.get(reverse("dashboard")).status_code == 302  # the old session is gone
    actions = list(AuditEvent.objects.filter(object_id=str(user.pk)).values_list("action", flat=True))
    assert "account.password_reset_requested" in actions and "account.password_reset" in actions


def test_an_unknown_address_gets_the_same_answer_and_no_mail(client):
    make_user(Role.PP, email="ada@contoh.id")
    known = client.post(reverse("accounts:password_reset"), {"email": "ada@contoh.id"})
    unknown = client.post(reverse("accounts:password_reset"), {"email": "tidak-ada@contoh.id"})
    assert (known.status_code, known.url) == (unknown.status_code, unknown.url)
    assert len(mail.outbox) == 1
    assert client.get(unknown.url).content.decode().count("Bila alamat itu milik sebuah akun") == 1


def test_the_link_works_once(client):
    user = make_user(Role.PP, email="pp@contoh.id")
    client.post(reverse("accounts:password_reset"), {"email": "pp@contoh.id"})
    path = _link_in(mail.outbox[0].body)
    _set_new_password(client, path)
    again = Client().get(path, follow=True).content.decode()
    assert "tidak berlaku lagi" in again
    assert log_in(Client(), user, NEW).status_code == 302


def test_the_link_expires(client, monkeypatch, settings):
    make_user(Role.PP, email="pp@contoh.id")
    client.post(reverse("accounts:password_reset"), {"email": "pp@contoh.id"})
    path = _link_in(mail.outbox[0].body)
    later = PasswordResetTokenGenerator._now
    monkeypatch.setattr(PasswordResetTokenGenerator, "_now",
                        lambda self: later(self) + timedelta(seconds=settings.PASSWORD_RESET_TIMEOUT + 60))
    assert "tidak berlaku lagi" in client.get(path, follow=True).content.decode()


def test_a_pendamping_makes_a_one_time_link_for_a_business_owner_audited(client):
    officer = make_user(Role.UMKM_OFFICER)
    owner = make_user(Role.SUPPLIER)
    client.force_login(officer)
    page = client.get(reverse("suppliers:supplier_detail", args=[owner.supplier_id])).content.decode()
    action = reverse("accounts:password_reset_assisted", args=[owner.pk])
    assert action in page
    response = client.post(action)
    assert response.status_code == 200 and "no-store" in response.headers["Cache-Control"]
    path = _link_in(response.content.decode())
    [event] = AuditEvent.objects.filter(action="account.password_reset_assisted")
    assert event.actor_id == officer.pk and event.object_id == str(owner.pk)
    assert path not in str(event.after)
    owner_browser = Client()
    assert _set_new_password(owner_browser, path).status_code == 302
    assert log_in(Client(), owner, NEW).status_code == 302


@pytest.mark.parametrize("actor_role,person_role,allowed", [
    (Role.UMKM_OFFICER, Role.SUPPLIER, True),
    (Role.UMKM_OFFICER, Role.PP, False),
    (Role.ADMIN, Role.PPK, True),
    (Role.ADMIN, Role.AUDITOR, True),
    (Role.ADMIN, Role.SUPPLIER, False),
])
def test_who_may_make_a_reset_link_for_whom(client, actor_role, person_role, allowed):
    actor = make_user(actor_role)
    person = make_user(person_role)
    client.force_login(actor)
    response = client.post(reverse("accounts:password_reset_assisted", args=[person.pk]))
    made = AuditEvent.objects.filter(action="account.password_reset_assisted").exists()
    assert made is allowed
    if allowed:
        assert "/akun/atur-ulang/" in response.content.decode()
    else:
        assert response.status_code == 302
        assert "tidak dapat mengatur ulang" in client.get(response.url).content.decode()


@pytest.mark.parametrize("role", [Role.PP, Role.SUPPLIER, Role.AUDITOR, Role.CATALOGUE_MANAGER])
def test_other_roles_cannot_make_reset_links(client, role):
    client.force_login(make_user(role))
    victim = make_user(Role.SUPPLIER)
    assert client.post(reverse("accounts:password_reset_assisted", args=[victim.pk])).status_code == 403


def test_an_officer_cannot_reset_their_own_password_this_way(client):
    admin = make_user(Role.ADMIN)
    client.force_login(admin)
    client.post(reverse("accounts:password_reset_assisted", args=[admin.pk]))
    assert not AuditEvent.objects.filter(action="account.password_reset_assisted").exists()


def test_the_message_about_a_forgotten_password_links_to_the_reset(client):
    officer = make_user(Role.UMKM_OFFICER)
    owner = make_user(Role.SUPPLIER)
    client.force_login(officer)
    response = client.post(reverse("suppliers:invitation_reissue", args=[owner.supplier_id]), follow=True)
    assert "http://testserver" + reverse("accounts:password_reset") in response.content.decode()


# --- Limits on reset requests (KATALOG_PASSWORD_RESET_LIMITS) -------------------------------------------------

@pytest.fixture
def reset_limits(settings):
    from django.core.cache import cache

    cache.clear()
    settings.KATALOG_PASSWORD_RESET_LIMITS = {"per_ip": 5, "per_email": 3, "window_minutes": 60}
    yield settings.KATALOG_PASSWORD_RESET_LIMITS
    cache.clear()


def _ask(client, email, ip="10.1.2.3"):
    return client.post(reverse("accounts:password_reset"), {"email": email}, REMOTE_ADDR=ip)


def test_one_address_gets_three_links_an_hour_then_a_message_in_indonesian(client, reset_limits):
    make_user(Role.SUPPLIER, email="pemilik@contoh.id")
    for _ in range(3):
        assert _ask(client, "pemilik@contoh.id").status_code == 302
    refused = _ask(client, "Pemilik@Contoh.id")  # the same address, however it is typed
    assert refused.status_code == 200
    page = refused.content.decode()
    assert "sudah beberapa kali diminta" in page and re.search(r"coba lagi dalam \d+ menit", page)
    assert len(mail.outbox) == 3
    make_user(Role.PP, email="lain@contoh.id")
    assert _ask(client, "lain@contoh.id").status_code == 302  # another address is not held back
    assert len(mail.outbox) == 4


def test_an_unknown_address_is_limited_the_same_way(client, reset_limits):
    for _ in range(3):
        assert _ask(client, "tidak-ada@contoh.id").status_code == 302
    assert "sudah beberapa kali diminta" in _ask(client, "tidak-ada@contoh.id").content.decode()
    assert mail.outbox == []


def test_one_network_asking_for_many_addresses_is_stopped_others_are_not(client, reset_limits):
    make_user(Role.PP, email="korban@contoh.id")
    for n in range(reset_limits["per_ip"]):
        assert _ask(client, f"coba{n}@contoh.id", ip="203.0.113.9").status_code == 302
    refused = _ask(client, "korban@contoh.id", ip="203.0.113.9")
    assert refused.status_code == 200
    assert "dari jaringan Anda" in refused.content.decode()
    assert mail.outbox == []
    assert _ask(client, "korban@contoh.id", ip="198.51.100.7").status_code == 302  # the owner, elsewhere
    assert len(mail.outbox) == 1


def test_the_limit_lifts_when_the_window_ends(client, reset_limits, monkeypatch):
    import time

    from katalog.core import ratelimit

    make_user(Role.PP, email="pp@contoh.id")
    start = (time.time() // 3600 + 1) * 3600  # the start of a window
    monkeypatch.setattr(ratelimit.time, "time", lambda: start + 10)
    for _ in range(3):
        _ask(client, "pp@contoh.id")
    assert _ask(client, "pp@contoh.id").status_code == 200
    monkeypatch.setattr(ratelimit.time, "time", lambda: start + 3600 + 10)
    assert _ask(client, "pp@contoh.id").status_code == 302
    assert len(mail.outbox) == 4

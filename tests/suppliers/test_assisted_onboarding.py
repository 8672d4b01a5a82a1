"""Assisted onboarding: a UMKM officer registers a business and hands the account over with a single-use link."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone

from katalog.core.models import AuditEvent
from katalog.core.roles import Role
from katalog.suppliers.models import Invitation, RegistrationDraft, Supplier
from katalog.suppliers.services import token_hash
from tests.factories import make_supplier, make_user

from .flows import assisted_step, business, fill_assisted_registration

pytestmark = pytest.mark.django_db


@pytest.fixture
def officer(client):
    user = make_user(Role.UMKM_OFFICER)
    client.force_login(user)
    return user


def _link_from_issued_page(client, response) -> str:
    page = client.get(response.url)
    html = page.content.decode()
    start = html.index("/penyedia/undangan/")
    return html[start:html.index('"', start)]


def test_officer_registers_a_business_and_sees_the_owner_link_once(client, officer):
    _key, response = fill_assisted_registration(client)
    supplier = Supplier.objects.get(nib="9120001234567")
    assert response.url == reverse("suppliers:invitation_issued", args=[supplier.pk])
    assert supplier.status == Supplier.Status.SUBMITTED and supplier.registered_by == officer
    owner = get_user_model().objects.get(username="siti.kopi")
    assert owner.supplier == supplier and not owner.has_usable_password()
    link = _link_from_issued_page(client, response)
    assert link.startswith("/penyedia/undangan/")
    # Shown once only: reloading the page no longer shows it.
    assert "/penyedia/undangan/" not in client.get(response.url).content.decode().replace(
        reverse("suppliers:invitation_reissue", args=[supplier.pk]), "")
    assert not RegistrationDraft.objects.exists()


def test_only_a_hash_of_the_invitation_token_is_stored(client, officer):
    _key, response = fill_assisted_registration(client)
    token = _link_from_issued_page(client, response).rstrip("/").split("/")[-1]
    invitation = Invitation.objects.get()
    assert invitation.token_hash == token_hash(token) and token not in invitation.token_hash
    assert token not in str(list(AuditEvent.objects.values_list("after", flat=True)))


def test_owner_sets_their_own_password_through_the_link_which_then_stops_working(client, officer):
    _key, response = fill_assisted_registration(client)
    link = _link_from_issued_page(client, response)
    client.logout()
    opened = client.get(link)
    # The token leaves the address bar at once.
    assert opened.status_code == 302 and opened.url == reverse("suppliers:invitation", args=["atur-sandi"])
    form = client.get(opened.url)
    assert "siti.kopi" in form.content.decode() and "no-store" in form["Cache-Control"]
    done = client.post(opened.url, {"new_password1": "gula-Aren-Manis-26", "new_password2": "gula-Aren-Manis-26"})
    supplier = Supplier.objects.get()
    assert done.url == reverse("suppliers:supplier_detail", args=[supplier.pk])
    owner = get_user_model().objects.get(username="siti.kopi")
    assert owner.check_password("gula-Aren-Manis-26")
    assert Invitation.objects.get().used_at is not None
    client.logout()
    assert client.get(link).status_code == 404
    assert client.login(username="siti.kopi", password="gula-Aren-Manis-26")


def test_expired_invitation_is_refused(client, officer):
    _key, response = fill_assisted_registration(client)
    link = _link_from_issued_page(client, response)
    Invitation.objects.update(expires_at=timezone.now() - datetime.timedelta(minutes=1))
    client.logout()
    response = client.get(link)
    assert response.status_code == 404 and "kedaluwarsa" in response.content.decode()


def test_a_new_link_replaces_the_old_one(client, officer):
    _key, response = fill_assisted_registration(client)
    old = _link_from_issued_page(client, response)
    supplier = Supplier.objects.get()
    again = client.post(reverse("suppliers:invitation_reissue", args=[supplier.pk]))
    new = _link_from_issued_page(client, again)
    assert new != old
    client.logout()
    assert client.get(old).status_code == 404
    assert client.get(new).status_code == 302


def test_no_invitation_can_be_made_for_an_account_already_in_use(client, officer):
    supplier = make_supplier()
    make_user(Role.SUPPLIER, supplier=supplier)  # has a password of its own
    response = client.post(reverse("suppliers:invitation_reissue", args=[supplier.pk]))
    assert response.url == reverse("suppliers:supplier_detail", args=[supplier.pk])
    assert not Invitation.objects.exists()


def test_officer_drafts_are_private_to_the_officer(client, officer):
    key, _response = fill_assisted_registration(client, submit=False)
    assert client.get(reverse("suppliers:assisted_step", args=[key, "ringkasan"])).status_code == 200
    client.force_login(make_user(Role.UMKM_OFFICER))
    assert client.get(reverse("suppliers:assisted_step", args=[key, "usaha"])).status_code == 404
    assert client.post(reverse("suppliers:assisted_draft_delete", args=[key])).status_code == 404
    assert RegistrationDraft.objects.filter(key=key).exists()


def test_officer_can_keep_several_drafts_and_come_back_later(client, officer):
    first = client.post(reverse("suppliers:assisted_drafts")).url.split("/")[-3]
    assisted_step(client, first, "usaha", business(name="Keripik Pisang Bu Tini"))
    client.post(reverse("suppliers:assisted_drafts"))
    page = client.get(reverse("suppliers:assisted_drafts")).content.decode()
    assert "Keripik Pisang Bu Tini" in page and "(tanpa nama)" in page


@pytest.mark.parametrize("role", [Role.SUPPLIER, Role.CATALOGUE_MANAGER, Role.PP, Role.LEADERSHIP])
def test_other_roles_cannot_register_on_someone_elses_behalf(client, role):
    client.force_login(make_user(role))
    assert client.get(reverse("suppliers:assisted_drafts")).status_code == 403
    assert client.post(reverse("suppliers:assisted_drafts")).status_code == 403


def test_invitation_accepted_is_audited(client, officer):
    _key, response = fill_assisted_registration(client)
    link = _link_from_issued_page(client, response)
    client.logout()
    client.get(link)
    client.post(reverse("suppliers:invitation", args=["atur-sandi"]),
                {"new_password1": "gula-Aren-Manis-26", "new_password2": "gula-Aren-Manis-26"})
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {"supplier.registered", "supplier.invitation_created", "supplier.invitation_accepted"} <= actions


def test_a_made_up_invitation_link_is_not_found(client):
    assert client.get(reverse("suppliers:invitation", args=["bukan-token"])).status_code == 404
    assert client.get(reverse("suppliers:invitation", args=["atur-sandi"])).status_code == 404
    assert client.post(reverse("suppliers:invitation", args=["atur-sandi"]),
                       {"new_password1": "x", "new_password2": "x"}).status_code == 404


def test_the_owner_link_is_also_emailed_when_an_address_is_known(client, officer, mailoutbox, run_on_commit):
    with run_on_commit():
        fill_assisted_registration(client)
    invitation_mail = next(m for m in mailoutbox if "kata sandi" in m.subject)
    assert invitation_mail.to == ["siti@contoh.id"] and "/penyedia/undangan/" in invitation_mail.body

"""Self-registration wizard: nothing → a submitted application and a supplier account."""

import logging
import re

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import identify_hasher
from django.test import Client
from django.urls import reverse

from katalog.core.models import AuditEvent
from katalog.core.roles import Role
from katalog.suppliers.models import RegistrationDraft, Supplier
from katalog.suppliers.wizard import SESSION_KEY
from tests.factories import make_supplier, make_user

from .flows import GOOD_NIK, account, address, business, fill_self_registration, self_step

pytestmark = pytest.mark.django_db


def test_owner_registers_alone_and_goes_on_to_a_first_product_logged_in(client):
    response = fill_self_registration(client)
    supplier = Supplier.objects.get(nib="9120001234567")
    assert response.status_code == 302
    assert response.url == reverse("catalogue:my_product_create")
    assert supplier.status == Supplier.Status.SUBMITTED and supplier.submitted_at is not None
    assert supplier.owner_nik == GOOD_NIK and supplier.npwp == "012345678912000"
    assert supplier.phone == "+6281234567890" and supplier.email == "siti@contoh.id"
    assert supplier.bank_account_number == ""  # asked later, under "Lengkapi profil"
    assert supplier.kbli_codes == ["10761", "47211"]
    assert supplier.village_id == "18.03.02.1001" and supplier.district_id == "18.03.02"
    user = get_user_model().objects.get(username="siti.kopi")
    assert user.role == Role.SUPPLIER and user.supplier == supplier and user.check_password("kopi-Robusta-2026")
    assert not RegistrationDraft.objects.exists()
    page = client.get(response.url).content.decode()
    assert "Produk baru" in page and "dikirim ke surel Anda" in page
    own = client.get(reverse("suppliers:supplier_detail", args=[supplier.pk])).content.decode()
    assert "Diajukan" in own and "Lengkapi profil" in own and "Rekening bank" in own


def test_without_an_email_no_message_claims_one_was_sent(client):
    fill_self_registration(client, akun={"email": ""})
    page = client.get(reverse("catalogue:my_product_create")).content.decode()
    assert "Pendaftaran terkirim" in page and "surel" not in page.split("Pendaftaran terkirim")[1][:300]


def test_the_kampung_decides_the_kecamatan(client):
    self_step(client, "akun", account())
    self_step(client, "usaha", business())
    page = client.get(reverse("suppliers:register_step", args=["alamat"])).content.decode()
    # The home kabupaten is already chosen and its kampung are offered at once, grouped by kecamatan.
    assert 'value="18.03" selected' in page and 'optgroup label="Kec. Abung Timur"' in page
    response = self_step(client, "alamat", address(district=""))
    assert response.status_code == 302
    assert RegistrationDraft.objects.get().data["alamat"]["district"] == "18.03.02"


def test_pkp_follows_the_npwp_answer_and_kbli_may_come_later(client):
    self_step(client, "akun", account())
    response = self_step(client, "usaha", business(npwp="", is_pkp="on", kbli_codes=""))
    assert response.status_code == 302
    usaha = RegistrationDraft.objects.get().data["usaha"]
    assert usaha["is_pkp"] is False and usaha["kbli_codes"] == []


def test_the_owner_name_is_taken_from_the_account_and_an_over_long_name_gets_a_message(client):
    self_step(client, "akun", account(full_name="Siti Aminah"))
    page = client.get(reverse("suppliers:register_step", args=["usaha"])).content.decode()
    assert 'name="owner_name" value="Siti Aminah"' in page
    # The browser would cut a pasted name without a word: no maxlength on the name fields.
    assert not re.search(r'<input[^>]*name="(name|owner_name)"[^>]*maxlength', page)
    response = self_step(client, "usaha", business(name="UD " + "Kopi Robusta " * 20))
    assert response.status_code == 200 and "Terlalu panjang" in response.content.decode()


def test_help_texts_are_tied_to_ids_that_exist(client):
    self_step(client, "akun", account())
    for step in ("akun", "usaha", "alamat"):
        page = client.get(reverse("suppliers:register_step", args=[step])).content.decode()
        described = re.findall(r'aria-describedby="([^"]+)"', page)
        assert described, step
        for ids in described:
            for one in ids.split():
                assert f'id="{one}"' in page, (step, one)
        if step != "alamat":
            self_step(client, step, account() if step == "akun" else business())


def test_local_is_derived_from_the_address_never_typed(client):
    fill_self_registration(client, alamat={"regency": "18.04", "district": "18.04.04", "village": "18.04.04.1001"})
    supplier = Supplier.objects.get()
    assert supplier.regency_id == "18.04" and not supplier.is_local
    other = make_supplier()
    assert other.is_local


def test_registration_is_audited_without_personal_data(client):
    fill_self_registration(client)
    event = AuditEvent.objects.get(action="supplier.registered")
    stored = str(event.before) + str(event.after)
    for secret in (GOOD_NIK, "012345678912000", "+6281234567890", "siti@contoh.id"):
        assert secret not in stored
    assert event.after["status"] == "submitted" and event.after["is_local"] is True


def test_each_step_is_kept_on_the_server_so_a_dropped_connection_loses_nothing(client):
    self_step(client, "akun", account())
    # Half of the business step typed, with a wrong NIK; then the signal drops.
    response = self_step(client, "usaha", business(owner_nik="12345", nib=""))
    assert response.status_code == 200
    draft = RegistrationDraft.objects.get(key=client.session[SESSION_KEY])
    assert draft.raw["usaha"]["name"] == "UD Kopi Robusta Bukit"
    assert "password1" not in str(draft.raw) and "kopi-Robusta-2026" not in str(draft.data)
    assert identify_hasher(draft.data["akun"]["password_hash"])  # a hash, never the password
    # Later, the same phone opens the wizard again: it resumes on the business step with what was typed.
    resumed = client.get(reverse("suppliers:register"))
    assert resumed.url == reverse("suppliers:register_step", args=["usaha"])
    html = client.get(resumed.url).content.decode()
    assert 'value="UD Kopi Robusta Bukit"' in html and 'value="12345"' in html


def test_going_back_keeps_what_was_typed_on_the_current_step(client):
    self_step(client, "akun", account())
    self_step(client, "usaha", {**business(), "back": "1"})
    html = client.get(reverse("suppliers:register_step", args=["usaha"])).content.decode()
    assert 'value="Siti Aminah"' in html


def test_returning_to_the_account_step_keeps_the_password_unless_a_new_one_is_typed(client):
    self_step(client, "akun", account())
    response = self_step(client, "akun", account(password1="", password2=""))
    assert response.status_code == 302
    fill_self_registration(client, akun={"password1": "", "password2": ""})
    assert get_user_model().objects.get(username="siti.kopi").check_password("kopi-Robusta-2026")


def test_steps_cannot_be_skipped(client):
    response = client.get(reverse("suppliers:register_step", args=["ringkasan"]))
    assert response.url == reverse("suppliers:register_step", args=["akun"])
    assert client.get(reverse("suppliers:register_step", args=["tidak-ada"])).status_code == 404


def test_bad_input_on_every_field_gets_an_indonesian_message_and_nothing_is_saved(client):
    self_step(client, "akun", account())
    response = self_step(client, "usaha", business(owner_nik="1803021713850001", nib="123", npwp="12",
                                                   kbli_codes="1076"))
    html = response.content.decode()
    assert "tanggal lahir" in html and "NIB harus 13 digit" in html and "NPWP harus 15 digit" in html
    assert "KBLI 1076 harus 5 digit" in html
    assert "usaha" not in RegistrationDraft.objects.get().data
    assert not Supplier.objects.exists()


def test_weak_or_mismatched_passwords_are_refused(client):
    response = self_step(client, "akun", account(password1="12345678", password2="12345678"))
    assert response.status_code == 200 and "akun" not in RegistrationDraft.objects.get().data
    response = self_step(client, "akun", account(password2="lain-sama-sekali-2026"))
    assert "tidak sama" in response.content.decode()


def test_scale_choices_show_the_official_criteria(client):
    self_step(client, "akun", account())
    html = client.get(reverse("suppliers:register_step", args=["usaha"])).content.decode()
    for text in ("Rp1 miliar", "Rp2 miliar", "Rp5 miliar", "Rp15 miliar", "Rp10 miliar", "Rp50 miliar", "PP 7/2021"):
        assert text in html


def test_region_pickers_refresh_without_javascript(client):
    self_step(client, "akun", account())
    self_step(client, "usaha", business())
    # The owner switches the province to DKI Jakarta and presses "Perbarui pilihan wilayah".
    response = self_step(client, "alamat", {**address(province="31"), "refresh": "1"})
    html = response.content.decode()
    assert response.status_code == 200 and "<html" in html
    assert "Jakarta Selatan" in html and 'value="18.03"' not in html
    assert "Jl. Soekarno-Hatta No. 12" in html  # the street typed is still there
    assert "alamat" not in RegistrationDraft.objects.get().data


def test_region_pickers_refresh_a_fragment_with_htmx(client):
    self_step(client, "akun", account())
    self_step(client, "usaha", business())
    response = self_step(client, "alamat", {**address(district="18.03.05", village=""), "refresh": "1"},
                         headers={"HX-Request": "true"})
    html = response.content.decode()
    assert "<html" not in html and 'id="wilayah"' in html
    assert 'value="18.03.05.2001"' in html  # villages of Abung Timur now offered
    assert 'hx-post="/penyedia/daftar/alamat/"' in html


def test_address_outside_the_region_lists_is_refused(client):
    self_step(client, "akun", account())
    self_step(client, "usaha", business())
    response = self_step(client, "alamat", address(village="18.04.04.1001"))  # a village of another kecamatan
    assert response.status_code == 200
    assert "tidak ada di daftar wilayah" in response.content.decode()
    response = self_step(client, "alamat", address(regency="99.99"))
    assert "tidak ada di daftar wilayah" in response.content.decode()
    assert "alamat" not in RegistrationDraft.objects.get().data


def test_nib_registered_meanwhile_sends_the_owner_back_with_a_message_and_nothing_half_saved(client):
    fill_self_registration(client, submit=False)
    make_supplier(nib="9120001234567")
    response = self_step(client, "ringkasan", {"confirm": "on"})
    assert response.url == reverse("suppliers:register_step", args=["usaha"])
    html = client.get(response.url).content.decode()
    assert "sudah terdaftar" in html and 'value="UD Kopi Robusta Bukit"' in html
    assert Supplier.objects.count() == 1 and not get_user_model().objects.filter(username="siti.kopi").exists()
    assert RegistrationDraft.objects.filter(key=client.session[SESSION_KEY]).exists()


def test_username_taken_meanwhile_sends_the_owner_back_to_the_account_step(client):
    fill_self_registration(client, submit=False)
    make_user(Role.SUPPLIER, username="Siti.Kopi")
    response = self_step(client, "ringkasan", {"confirm": "on"})
    assert response.url == reverse("suppliers:register_step", args=["akun"])
    assert "sudah dipakai" in client.get(response.url).content.decode()
    assert not Supplier.objects.filter(nib="9120001234567").exists()


def test_summary_needs_consent_and_masks_personal_data(client):
    fill_self_registration(client, submit=False)
    page = client.get(reverse("suppliers:register_step", args=["ringkasan"])).content.decode()
    assert GOOD_NIK not in page and "************0001" in page
    assert "012301000456509" not in page
    response = self_step(client, "ringkasan", {})
    assert response.status_code == 200 and "Centang pernyataan" in response.content.decode()
    assert not Supplier.objects.exists()


def test_wizard_pages_are_never_cached(client):
    self_step(client, "akun", account())
    response = client.get(reverse("suppliers:register_step", args=["usaha"]))
    assert "no-store" in response["Cache-Control"]


def test_a_logged_in_person_is_not_offered_a_second_registration(client):
    client.force_login(make_user(Role.PP))
    response = client.get(reverse("suppliers:register"))
    assert response.url == reverse("dashboard")


def test_personal_data_never_appears_in_urls_or_logs(client, caplog):
    caplog.set_level(logging.DEBUG)
    visited = []
    response = fill_self_registration(client)
    while response.status_code == 302:
        visited.append(response.url)
        response = client.get(response.url)
    for secret in (GOOD_NIK, "012345678912000", "012301000456509", "6281234567890"):
        assert secret not in caplog.text
        assert all(secret not in url for url in visited)


def test_registration_confirmation_is_sent_in_app_and_by_email(client, mailoutbox, run_on_commit):
    with run_on_commit():
        fill_self_registration(client)
    supplier = Supplier.objects.get()
    assert supplier.notifications.filter(title__icontains="Pendaftaran diterima").exists()
    subjects = [m.subject for m in mailoutbox]
    assert any("Pendaftaran diterima" in s for s in subjects)
    assert any("Periksa alamat surel" in s for s in subjects)
    assert all(m.to == ["siti@contoh.id"] for m in mailoutbox)


def test_stale_drafts_are_deleted_after_the_configured_days(client):
    import datetime

    from django.utils import timezone

    from katalog.suppliers.services import purge_stale_registration_drafts

    self_step(client, "akun", account())
    fresh = RegistrationDraft.objects.create()
    RegistrationDraft.objects.exclude(pk=fresh.pk).update(updated_at=timezone.now() - datetime.timedelta(days=31))
    assert purge_stale_registration_drafts(timezone.localdate()) == 1
    assert list(RegistrationDraft.objects.all()) == [fresh]
    # The owner whose draft expired simply starts again.
    assert client.get(reverse("suppliers:register")).url == reverse("suppliers:register_step", args=["akun"])


def test_submitting_the_same_draft_twice_from_two_tabs_registers_once(client):
    fill_self_registration(client, submit=False)
    key = client.session[SESSION_KEY]
    other_tab = Client()
    other_tab.cookies = client.cookies
    first = self_step(client, "ringkasan", {"confirm": "on"})
    assert first.status_code == 302 and Supplier.objects.count() == 1
    # The second tab still holds the old session (draft key) and presses "Ajukan" too.
    session = other_tab.session
    session[SESSION_KEY] = key
    session.save()
    second = self_step(other_tab, "ringkasan", {"confirm": "on"})
    assert second.status_code == 302 and Supplier.objects.count() == 1

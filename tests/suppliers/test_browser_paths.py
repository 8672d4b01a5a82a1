"""Issue 3, "Done when": a business goes from nothing to verified supplier through the web on a
360-px phone screen, alone or with a UMKM officer, in a real browser (Debian's chromium through
Playwright; nothing is downloaded). The catalogue manager verifies on a desktop screen.

The same values as the client-based tests (tests/suppliers/flows.py) are typed into the real form
controls, including the province → kabupaten → kecamatan → desa pickers (refreshed by htmx).
"""

import re

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from katalog.core.roles import Role
from katalog.suppliers.models import Invitation, Notification, RegistrationDraft, Supplier
from katalog.suppliers.services import token_hash
from tests.browser.conftest import log_in
from tests.factories import PASSWORD, make_user
from tests.journeys.clicks import follow

from .flows import GOOD_NIK, account, address, business, contact

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

BUSINESS, ADDRESS, CONTACT, ACCOUNT = business(), address(), contact(), account()


def field(page, label: str):
    """The form control labelled `label`; optional fields carry "(boleh kosong)" after it."""
    return page.get_by_label(re.compile(rf"^{re.escape(label)}( \(boleh kosong\))?$"))


def save_and_continue(page, next_heading: str):
    page.get_by_role("button", name="Simpan & lanjut", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(re.compile(re.escape(next_heading)))


def pick(page, label: str, option: str):
    """Choose a region as a person does; htmx then refreshes the pickers below it. Waits until every
    refresh the change started has been answered and swapped in, then checks the choice stuck."""
    in_flight = {"started": 0, "open": 0}

    def is_refresh(request):
        return request.method == "POST" and request.url.endswith("/alamat/")

    def started(request):
        if is_refresh(request):
            in_flight["started"] += 1
            in_flight["open"] += 1

    def finished(request):
        if is_refresh(request):
            in_flight["open"] -= 1

    page.on("request", started)
    page.on("requestfinished", finished)
    page.on("requestfailed", finished)
    try:
        field(page, label).select_option(label=option)
        for _ in range(300):
            if in_flight["started"] and not in_flight["open"]:
                break
            page.wait_for_timeout(50)
        assert in_flight["started"], f"choosing {option} did not refresh the pickers"
        expect(page.locator("#wilayah.htmx-swapping, #wilayah.htmx-settling, #wilayah.htmx-added")).to_have_count(0)
    finally:
        page.remove_listener("request", started)
        page.remove_listener("requestfinished", finished)
        page.remove_listener("requestfailed", finished)
    expect(field(page, label).locator("option:checked")).to_have_text(option)


def fill_business(page):
    field(page, "Nama usaha").fill(BUSINESS["name"])
    field(page, "Nama pemilik (sesuai KTP)").fill(BUSINESS["owner_name"])
    field(page, "NIK pemilik").fill(BUSINESS["owner_nik"])
    field(page, "NIB").fill(BUSINESS["nib"])
    field(page, "NPWP").fill(BUSINESS["npwp"])
    page.get_by_role("radio", name=re.compile(r"^Mikro")).check()
    field(page, "Kode KBLI").fill(BUSINESS["kbli_codes"])


def fill_address(page, *, wander: bool):
    """Kotabumi Udik, Kecamatan Kotabumi, Kabupaten Lampung Utara, Lampung."""
    regency = field(page, "Kabupaten/kota")
    if wander:
        # Another province first: the kabupaten list follows it, then back to Lampung.
        pick(page, "Provinsi", "Aceh")
        expect(regency.locator('option[value="18.03"]')).to_have_count(0)
        expect(regency.locator('option[value^="11."]').first).to_be_attached()
        pick(page, "Provinsi", "Lampung")
        pick(page, "Kabupaten/kota", "Kabupaten Lampung Utara")
    else:
        # Pickers start at the home kabupaten.
        expect(field(page, "Provinsi")).to_have_value("18")
        expect(regency).to_have_value("18.03")
    expect(field(page, "Kecamatan").locator('option[value="18.03.02"]')).to_have_count(1)
    pick(page, "Kecamatan", "Kotabumi")
    expect(field(page, "Desa/kelurahan (kampung)").locator('option[value="18.03.02.1001"]')).to_have_count(1)
    pick(page, "Desa/kelurahan (kampung)", "Kotabumi Udik")
    field(page, "Alamat jalan").fill(ADDRESS["address"])


def fill_contact(page, *, email: str, phone_label: str = "Nomor HP / WhatsApp"):
    """Phone and e-mail, asked on the account step (the bank account comes later, under "Lengkapi profil")."""
    field(page, phone_label).fill(CONTACT["phone"])
    field(page, "Surel (e-mail)").fill(email)


def confirm_summary(page):
    summary = page.locator("main")
    for shown in (BUSINESS["name"], "Kotabumi Udik", "Kotabumi", "Kabupaten Lampung Utara", "Lampung"):
        expect(summary).to_contain_text(shown)
    expect(summary).not_to_contain_text(GOOD_NIK)  # masked on the summary
    page.get_by_role("checkbox", name=re.compile(r"^Data ini benar, dan saya setuju")).check()
    page.get_by_role("button", name="Ajukan pendaftaran", exact=True).click()


def open_menu(page):
    summary = page.locator("details.nav > summary")
    if summary.is_visible() and page.locator("details.nav[open]").count() == 0:
        summary.click()  # folded away on a phone
    return page.get_by_role("navigation", name="Menu utama")


def open_menu_item(page, name: str):
    menu = open_menu(page)
    link = menu.get_by_role("link", name=name, exact=True)
    if not link.is_visible():  # inside a closed drop-down group on a wide screen
        # A role locator skips hidden links, so the group is found by the link's text.
        menu.locator(".menu-group", has=page.locator(f'a:text-is("{name}")')).locator("summary").click()
    link.click()


def log_out(page):
    follow(page, open_menu(page).get_by_role("button", name="Keluar", exact=True))


def verify_as_manager(desktop, live_server, supplier_name: str):
    """A catalogue manager takes the application from the queue, reviews it and verifies it."""
    manager = make_user(Role.CATALOGUE_MANAGER)
    log_in(desktop, live_server, manager.username, PASSWORD)
    desktop.wait_for_url(f"{live_server.url}/beranda/")
    open_menu_item(desktop, "Verifikasi penyedia")
    expect(desktop.get_by_role("heading", level=1)).to_have_text("Antrean verifikasi penyedia")
    row = desktop.get_by_role("row").filter(has_text=supplier_name)
    expect(row).to_contain_text("Diajukan")
    expect(row).to_contain_text("Kotabumi")
    row.get_by_role("link", name=supplier_name).click()
    desktop.get_by_role("button", name="Mulai periksa", exact=True).click()
    expect(desktop.locator(".messages")).to_contain_text("Anda mulai memeriksa usaha ini.")
    expect(desktop.locator(".status")).to_have_text("Sedang diperiksa")
    assert Supplier.objects.get(name=supplier_name).reviewer == manager
    # Registered on a phone without the documents yet: the manager verifies with a recorded reason.
    desktop.get_by_label("Alasan memverifikasi tanpa dokumen wajib").fill(
        "NIB, NPWP dan buku tabungan diperiksa asli di kantor Dinas; salinan menyusul.")
    desktop.get_by_role("button", name="Verifikasi dengan alasan", exact=True).click()
    expect(desktop.locator(".messages")).to_contain_text("Usaha ini terverifikasi dan tampil di katalog.")
    expect(desktop.get_by_role("heading", level=1)).to_have_text("Antrean verifikasi penyedia")
    expect(desktop.get_by_role("cell", name="Tidak ada yang menunggu.")).to_be_visible()
    return manager


def owner_sees_verified(phone, live_server, username: str, password: str, supplier: Supplier):
    log_in(phone, live_server, username, password)
    phone.wait_for_url(f"{live_server.url}/beranda/")
    open_menu_item(phone, "Usaha saya")
    phone.wait_for_url(f"{live_server.url}/penyedia/{supplier.pk}/rincian/")
    expect(phone.get_by_role("heading", level=1)).to_have_text(supplier.name)
    expect(phone.locator(".status")).to_have_text("Terverifikasi")
    expect(phone.locator("main")).to_contain_text("Selamat, usaha Anda terverifikasi")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360  # nothing runs off the phone screen
    phone.get_by_role("link", name="Lihat halaman publik").click()
    expect(phone.get_by_role("heading", level=1)).to_have_text(supplier.name)


def test_an_owner_alone_goes_from_nothing_to_verified_supplier_on_a_phone(phone, desktop, live_server):
    phone.goto(f"{live_server.url}/")  # the owner opens the site's address and finds the way in from there
    phone.get_by_role("link", name="Punya usaha? Daftar sebagai penyedia.").click()
    expect(phone.get_by_role("heading", level=1)).to_have_text("Langkah 1 dari 4: Akun & kontak")

    field(phone, "Nama lengkap (sesuai KTP)").fill(ACCOUNT["full_name"])
    field(phone, "Nama pengguna untuk masuk").fill(ACCOUNT["username"])
    field(phone, "Kata sandi").fill(ACCOUNT["password1"])
    field(phone, "Ulangi kata sandi").fill(ACCOUNT["password2"])
    fill_contact(phone, email=CONTACT["email"])
    save_and_continue(phone, "Langkah 2 dari 4: Usaha")
    fill_business(phone)
    save_and_continue(phone, "Langkah 3 dari 4: Alamat")
    fill_address(phone, wander=True)
    save_and_continue(phone, "Langkah 4 dari 4: Ringkasan & ajukan")
    confirm_summary(phone)

    # Registered, logged in, straight on to a first product while the catalogue manager checks the business.
    phone.wait_for_url(f"{live_server.url}/katalog/produk-saya/baru/")  # the submit has been answered
    supplier = Supplier.objects.get(nib=BUSINESS["nib"])
    expect(phone.locator(".messages")).to_contain_text("Pendaftaran terkirim.")
    assert supplier.status == Supplier.Status.SUBMITTED and supplier.registered_by is None
    assert (supplier.owner_nik, supplier.npwp, supplier.phone) == (GOOD_NIK, "012345678912000", "+6281234567890")
    assert supplier.regency.province_id == "18"
    assert (supplier.regency_id, supplier.district_id, supplier.village_id) == ("18.03", "18.03.02", "18.03.02.1001")
    assert supplier.kbli_codes == ["10761", "47211"] and supplier.scale == "mikro" and supplier.is_local
    owner = get_user_model().objects.get(username=ACCOUNT["username"])
    assert owner.role == Role.SUPPLIER and owner.supplier == supplier and owner.check_password(ACCOUNT["password1"])
    assert not RegistrationDraft.objects.exists()
    log_out(phone)

    verify_as_manager(desktop, live_server, supplier.name)
    supplier.refresh_from_db()
    assert supplier.status == Supplier.Status.VERIFIED and supplier.verified_at is not None
    assert supplier.public_snapshot

    owner_sees_verified(phone, live_server, ACCOUNT["username"], ACCOUNT["password1"], supplier)


def test_an_officer_registers_a_business_and_its_owner_takes_it_over_on_a_phone(phone, desktop, live_server):
    officer = make_user(Role.UMKM_OFFICER)
    log_in(desktop, live_server, officer.username, PASSWORD)
    desktop.wait_for_url(f"{live_server.url}/beranda/")
    open_menu_item(desktop, "Daftarkan UMKM")
    desktop.get_by_role("button", name="Mulai pendaftaran baru", exact=True).click()
    expect(desktop.get_by_role("heading", level=1)).to_have_text("Langkah 1 dari 4: Usaha")
    assert RegistrationDraft.objects.get().created_by == officer

    fill_business(desktop)
    save_and_continue(desktop, "Langkah 2 dari 4: Alamat")
    fill_address(desktop, wander=False)
    save_and_continue(desktop, "Langkah 3 dari 4: Akun & kontak")
    field(desktop, "Nama lengkap pemilik (sesuai KTP)").fill(ACCOUNT["full_name"])
    field(desktop, "Nama pengguna untuk pemilik").fill(ACCOUNT["username"])
    # Many owners have no e-mail: the link goes by hand (WhatsApp).
    fill_contact(desktop, email="", phone_label="Nomor HP / WhatsApp pemilik")
    expect(desktop.get_by_label("Kata sandi", exact=True)).to_have_count(0)  # the owner chooses it
    save_and_continue(desktop, "Langkah 4 dari 4: Ringkasan & ajukan")
    confirm_summary(desktop)

    # The link is shown once; only its hash is stored.
    expect(desktop.get_by_role("heading", level=1)).to_have_text("Tautan undangan pemilik")
    link = desktop.get_by_label("Tautan undangan").input_value()
    assert link.startswith(f"{live_server.url}/penyedia/undangan/")
    token = link.rstrip("/").rsplit("/", 1)[1]
    supplier = Supplier.objects.get(nib=BUSINESS["nib"])
    owner = get_user_model().objects.get(username=ACCOUNT["username"])
    assert supplier.status == Supplier.Status.SUBMITTED and supplier.registered_by == officer
    assert owner.supplier == supplier and owner.role == Role.SUPPLIER and not owner.has_usable_password()
    invitation = Invitation.objects.get(user=owner)
    assert invitation.token_hash == token_hash(token) and invitation.used_at is None
    desktop.reload()
    expect(desktop.get_by_label("Tautan undangan")).to_have_count(0)
    expect(desktop.locator("main")).to_contain_text("Tautan hanya ditampilkan sekali.")
    assert token not in desktop.content()
    log_out(desktop)

    # The owner opens the link on their phone and chooses a password.
    phone.goto(link)  # a shared link: the invitation the officer handed to the owner
    expect(phone.get_by_role("heading", level=1)).to_have_text("Buat kata sandi Anda")
    expect(phone.locator("main")).to_contain_text(f"Nama pengguna Anda: {ACCOUNT['username']}")
    assert token not in phone.url  # moved out of the address bar
    new_password = "gula-Aren-Manis-26"
    passwords = phone.locator('input[type="password"]')
    expect(passwords).to_have_count(2)
    passwords.nth(0).fill(new_password)
    passwords.nth(1).fill(new_password)
    phone.get_by_role("button", name="Simpan kata sandi", exact=True).click()
    phone.wait_for_url(f"{live_server.url}/penyedia/{supplier.pk}/rincian/")
    expect(phone.locator(".messages")).to_contain_text(f"masuk dengan nama pengguna {ACCOUNT['username']}")
    expect(phone.locator(".status")).to_have_text("Diajukan")
    invitation.refresh_from_db()
    owner.refresh_from_db()
    assert invitation.used_at is not None and owner.check_password(new_password)
    log_out(phone)
    phone.goto(link)  # the same shared link again: single use
    expect(phone.locator("main")).not_to_contain_text("Buat kata sandi Anda")

    verify_as_manager(desktop, live_server, supplier.name)
    supplier.refresh_from_db()
    assert supplier.status == Supplier.Status.VERIFIED and supplier.verified_at is not None
    assert Notification.objects.filter(supplier=supplier, title__icontains="terverifikasi").exists()

    owner_sees_verified(phone, live_server, ACCOUNT["username"], new_password, supplier)

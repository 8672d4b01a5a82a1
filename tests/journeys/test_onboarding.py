"""Getting a business into the catalogue, as people do it: a micro-business owner on a 360-px phone starts
from the home page, registers and lists a first product with a phone photo, in at most six screens; a UMKM
officer (pendamping) logs in and registers a business for its owner, on a phone and at a desk. After the
home page (or the login form) there are only clicks, typing, choices and an upload: no URL is opened."""

import re

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from katalog.catalogue.models import Product
from katalog.core.roles import Role
from katalog.suppliers.models import Supplier
from tests.factories import make_category, make_user
from tests.journeys.clicks import log_in, no_horizontal_overflow, open_menu_item, press
from tests.suppliers.flows import GOOD_NIK
from tests.suppliers.test_browser_paths import field, pick

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

MAX_SCREENS = 6


def camera_photo(tmp_path) -> tuple[str, int]:
    """A phone-camera-sized JPEG (2400 × 1800, detailed like a real photo): a few megabytes."""
    from PIL import Image

    noise = Image.effect_noise((2400, 1800), 48).convert("RGB")
    path = tmp_path / "keripik.jpg"
    noise.save(path, "JPEG", quality=92)
    return str(path), path.stat().st_size


def product_field(page, label: str):
    """A control of the product form; a required one's label ends in a "*" marker."""
    return page.get_by_label(re.compile(rf"^{re.escape(label)}( \*)?$"))


def count_screens(page) -> list[str]:
    """Every page the browser loads from now on (a redirect after a form counts once, an htmx swap not)."""
    screens: list[str] = []
    page.on("framenavigated", lambda frame: frame == page.main_frame and screens.append(frame.url))
    return screens


def next_step(page, heading: str) -> None:
    page.get_by_role("button", name="Simpan & lanjut", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(re.compile(re.escape(heading)))


def choose_kampung(page) -> None:
    """The home kabupaten is already chosen; picking the kampung sets its kecamatan."""
    expect(field(page, "Kabupaten/kota")).to_have_value("18.03")
    pick(page, "Desa/kelurahan (kampung)", "Kotabumi Udik")
    expect(field(page, "Kecamatan")).to_have_value("18.03.02")
    field(page, "Alamat jalan").fill("Jl. Soekarno-Hatta No. 12, RT 03")


def test_a_micro_business_registers_and_lists_its_first_product_on_a_phone_in_six_screens(
        browse_as, live_server, tmp_path):
    make_category("Makanan Ringan")
    photo, photo_bytes = camera_photo(tmp_path)
    owner = browse_as(phone=True)
    owner.set_default_navigation_timeout(60_000)  # a first page on a busy test machine can take a while
    owner.goto(f"{live_server.url}/")  # a person opens the site; everything after is clicks
    screens = count_screens(owner)
    owner.get_by_role("link", name="Punya usaha? Daftar sebagai penyedia.").click()

    expect(owner.get_by_role("heading", level=1)).to_have_text(re.compile("Akun & kontak"))
    field(owner, "Nama lengkap (sesuai KTP)").fill("Siti Aminah")
    field(owner, "Nama pengguna untuk masuk").fill("siti.keripik")
    field(owner, "Nomor HP / WhatsApp").fill("0812 3456 7890")
    field(owner, "Kata sandi").fill("keripik-Pisang-2026")
    field(owner, "Ulangi kata sandi").fill("keripik-Pisang-2026")
    next_step(owner, "Usaha")

    expect(field(owner, "Nama pemilik (sesuai KTP)")).to_have_value("Siti Aminah")  # known from the account
    field(owner, "Nama usaha").fill("UD Keripik Pisang Kemuning")
    field(owner, "NIK pemilik").fill(GOOD_NIK)
    field(owner, "NIB").fill("9120001234567")
    owner.get_by_role("radio", name=re.compile(r"^Mikro")).check()
    next_step(owner, "Alamat")

    choose_kampung(owner)
    assert no_horizontal_overflow(owner)
    next_step(owner, "Ringkasan")

    owner.get_by_label(re.compile("Data ini benar")).check()
    press(owner, "Ajukan pendaftaran")

    # Straight on to the first product, while the business waits for verification.
    expect(owner.get_by_role("heading", level=1)).to_have_text("Produk baru")
    told = owner.locator(".msg-success").first
    expect(told).to_contain_text("diajukan otomatis")
    assert "surel" not in told.inner_text()  # no e-mail was given, so none is claimed to be sent
    product_field(owner, "Nama produk").fill("Keripik Pisang Manis 250 gram")
    product_field(owner, "Kategori").select_option(label="Makanan Ringan")
    product_field(owner, "Harga satuan (Rp, sebelum PPN)").fill("15.000")
    product_field(owner, "Satuan").fill("bungkus")
    product_field(owner, "Stok").fill("40")
    upload = product_field(owner, "Foto produk (JPEG, PNG atau WebP)")
    assert upload.get_attribute("accept").startswith("image/")
    upload.set_input_files(photo)
    expect(upload).to_have_attribute("data-shrunk", re.compile(r"^\d+$"))  # made smaller in the browser
    shrunk = int(upload.get_attribute("data-shrunk"))
    assert shrunk < photo_bytes / 2, (shrunk, photo_bytes)
    assert no_horizontal_overflow(owner)
    press(owner, "Simpan produk")

    expect(owner.get_by_role("heading", level=1)).to_have_text("Keripik Pisang Manis 250 gram")
    expect(owner.locator(".callout")).to_contain_text("diajukan untuk verifikasi produk secara otomatis")
    expect(owner.get_by_role("button", name="Ajukan verifikasi")).to_have_count(0)  # it could only fail now
    assert len(screens) <= MAX_SCREENS, screens
    assert len(screens) == 6, screens  # akun, usaha, alamat, ringkasan, first product, the product saved

    supplier = Supplier.objects.get(nib="9120001234567")
    assert supplier.status == Supplier.Status.SUBMITTED and supplier.district_id == "18.03.02"
    assert supplier.is_pkp is False and supplier.email == ""
    product = Product.objects.get(supplier=supplier)
    assert product.status == "draft" and product.tkdn is None and product.origin == "lokal"
    assert product.production_district_id == "18.03.02"
    assert product.photos.get().width == 1600  # the server keeps its own limit on what arrived


@pytest.mark.parametrize("phone, has_nib", [(True, True), (False, False)], ids=["phone", "desk-belum-ber-NIB"])
def test_a_pendamping_registers_a_business_for_its_owner(browse_as, live_server, phone, has_nib):
    """At the desk the business has no NIB yet: the officer ticks "Belum punya NIB" instead."""
    officer = make_user(Role.UMKM_OFFICER)
    page = browse_as(phone=phone)
    page.set_default_navigation_timeout(60_000)  # a first page on a busy test machine can take a while
    log_in(page, live_server, officer)
    open_menu_item(page, "Daftarkan UMKM")
    press(page, "Mulai pendaftaran baru")

    expect(page.get_by_role("heading", level=1)).to_have_text(re.compile("Usaha"))
    field(page, "Nama usaha").fill("KWT Gula Aren Sukamaju")
    field(page, "Nama pemilik (sesuai KTP)").fill("Marlina")
    field(page, "NIK pemilik").fill(GOOD_NIK)
    if has_nib:
        field(page, "NIB").fill("9120007654321")
    else:
        page.get_by_role("checkbox", name="Belum punya NIB", exact=True).check()
    field(page, "NPWP").fill("01.234.567.8-912.000")
    page.get_by_role("checkbox", name=re.compile(r"^Pengusaha Kena Pajak")).check()
    page.get_by_role("radio", name=re.compile(r"^Kecil")).check()
    next_step(page, "Alamat")
    choose_kampung(page)
    next_step(page, "Akun & kontak")
    field(page, "Nama lengkap pemilik (sesuai KTP)").fill("Marlina")
    field(page, "Nama pengguna untuk pemilik").fill("marlina.aren")
    field(page, "Nomor HP / WhatsApp pemilik").fill("0813 1111 2222")
    next_step(page, "Ringkasan")
    if not has_nib:
        expect(page.get_by_text("Belum punya NIB", exact=True)).to_be_visible()
    page.get_by_label(re.compile("Data ini benar")).check()
    press(page, "Ajukan pendaftaran")

    expect(page.get_by_role("heading", level=1)).to_have_text("Tautan undangan pemilik")
    expect(page.get_by_label("Tautan undangan")).to_have_value(re.compile(r"/undangan/|/invitation/|http"))
    assert no_horizontal_overflow(page)
    supplier = Supplier.objects.get(name="KWT Gula Aren Sukamaju")
    assert supplier.nib == ("9120007654321" if has_nib else None)
    assert supplier.registered_by == officer and supplier.status == Supplier.Status.SUBMITTED
    assert supplier.is_pkp is True and supplier.scale == "kecil" and supplier.district_id == "18.03.02"
    owner = get_user_model().objects.get(username="marlina.aren")
    assert owner.supplier == supplier and not owner.has_usable_password()
    assert supplier.phone == "+6281311112222"

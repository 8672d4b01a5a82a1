"""The buying journey as people make it: a Pejabat Pengadaan on a phone finds a product with a misspelt
query, compares two, puts one in the cart from the compare page and checks out; the PPK approves and signs;
the supplier, on a phone, accepts, ships and signs the BAST; the bendahara records the payment; the PP rates
the supplier. Everyone logs in through the form and then only clicks, types and selects."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from katalog.purchasing.models import CartLine, Order
from katalog.purchasing.states import OrderStatus
from tests.factories import make_product, make_supplier
from tests.journeys.clicks import follow, log_in, no_horizontal_overflow, open_menu_item, open_order_from_home, press
from tests.purchasing.helpers import make_world

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def world():
    w = make_world(price=1_500_000, stock=20)
    other = make_supplier(name="CV Kertas Abung", scale="kecil")
    w.other_product = make_product(other, w.category, name="Kertas HVS A4 80 gram", unit="rim", price=1_650_000,
                                   stock=50)
    return w


def test_pp_on_a_phone_finds_compares_adds_to_cart_and_the_order_goes_to_payment(browse_as, live_server, world):
    w = world
    pp = browse_as(phone=True)
    log_in(pp, live_server, w.pp)

    # Find with a misspelt word, then compare two results.
    open_menu_item(pp, "Katalog")
    pp.get_by_label("Cari", exact=True).fill("kertaz hvs")
    press(pp, "Cari")
    assert "dikoreksi menjadi “kertas”" in pp.locator(".search-notes").inner_text()
    for card in (pp.locator(".card", has_text=w.product.name), pp.locator(".card", has_text=w.other_product.name)):
        card.get_by_label("Bandingkan", exact=True).check()
    press(pp, "Bandingkan yang dipilih (maks. 4)")
    assert pp.locator("table.compare thead th").count() == 3
    assert no_horizontal_overflow(pp)

    # More than the stock is refused right away, with the number available; the page stays.
    buy = pp.locator("form.buy").nth(0)
    buy.get_by_label("Jumlah").fill("25")
    buy.get_by_role("button", name="Masukkan keranjang").click()
    expect(buy.locator(".buy-result")).to_contain_text("tersedia 20 rim")
    assert CartLine.objects.count() == 0
    buy.get_by_label("Jumlah").fill("4")
    buy.get_by_role("button", name="Masukkan keranjang").click()
    expect(buy.locator(".buy-result .msg-success")).to_contain_text("masuk keranjang: 4 rim")
    expect(pp.locator("#cart-link .count")).to_have_text("1")
    assert "/bandingkan/" in pp.url  # stayed on the page

    # Checkout from the header's cart link.
    follow(pp, pp.locator("#cart-link"))
    assert "Rp6.000.000" in pp.content()
    follow(pp, pp.get_by_role("link", name="Checkout"))
    pp.get_by_label("Kode RUP").fill("48123456")
    pp.get_by_label("Sumber dana / kode rekening belanja").fill("5.1.02.01.01.0024 Belanja ATK")
    pp.get_by_label("Tanggal diminta tiba").fill((timezone.localdate() + timedelta(days=10)).isoformat())
    pp.get_by_label("PPK yang menyetujui dan menandatangani").select_option(label=f"{w.ppk.full_name} ({w.ppk.nip})")
    press(pp, "Buat pesanan")
    # The click only starts the request: read the order once the order page has answered.
    expect(pp.get_by_role("heading", level=1)).to_contain_text("Pesanan ")
    order = Order.objects.get()
    assert pp.get_by_role("heading", level=1).inner_text() == f"Pesanan {order.number}"
    press(pp, "Kirim ke PPK untuk direviu")
    assert "Menunggu reviu PPK" in pp.content()

    # PPK at the office: the order waits on the landing page.
    ppk = browse_as(phone=False)
    log_in(ppk, live_server, w.ppk)
    follow(ppk, ppk.get_by_role("link", name=order.number, exact=True).first)
    press(ppk, "Setujui pesanan")

    # The supplier, on a phone.
    seller = browse_as(phone=True)
    log_in(seller, live_server, w.seller)
    follow(seller, seller.get_by_role("link", name=order.number, exact=True).first)
    assert "Menunggu tanggapan penyedia" in seller.content()
    press(seller, "Terima pesanan")
    press(seller, "Tandatangani Surat Pesanan")

    open_order_from_home(ppk, order.number)
    press(ppk, "Tandatangani Surat Pesanan")

    open_order_from_home(seller, order.number)
    press(seller, "Catat pengiriman")  # quantities and date come prefilled

    open_order_from_home(pp, order.number)
    press(pp, "Catat barang diterima")

    open_order_from_home(ppk, order.number)
    ppk.locator("form", has_text="Pemeriksaan barang").get_by_label("Catatan").fill("Kertas lengkap dan baik.")
    press(ppk, "Barang sesuai; terbitkan BAST")
    press(ppk, "Tandatangani BAST")

    open_order_from_home(seller, order.number)
    press(seller, "Tandatangani BAST")
    assert "Selesai, menunggu pembayaran" in seller.content()

    treasurer = browse_as(phone=False)
    log_in(treasurer, live_server, w.treasurer)
    follow(treasurer, treasurer.get_by_role("link", name=order.number, exact=True).first)
    treasurer.get_by_label("Nomor SP2D").fill("00123/SP2D/LS/2026")
    press(treasurer, "Simpan pembayaran")
    assert treasurer.locator(".status").inner_text() == "Lunas"
    assert Order.objects.get().status == OrderStatus.PAID

    # The PP rates the supplier from its own order page.
    open_order_from_home(pp, order.number)
    rating = pp.locator("form", has_text="Nilai penyedia")
    rating.get_by_label("★★★★★", exact=True).check()
    rating.get_by_label("Komentar").fill("Tepat waktu, kertas baik.")
    press(pp, "Kirim penilaian")
    assert "5/5" in pp.locator("section", has_text="Penilaian penyedia").inner_text()


def test_a_visitor_sees_masuk_untuk_membeli_and_roles_that_may_not_buy_see_no_button(browse_as, live_server, world):
    visitor = browse_as(phone=True)
    visitor.goto(f"{live_server.url}/")  # a visitor opens the site's address; everything after is clicks
    open_menu_item(visitor, "Katalog")
    follow(visitor, visitor.locator(".card", has_text=world.product.name).get_by_role("link", name=world.product.name))
    assert visitor.get_by_role("heading", level=1).inner_text() == world.product.name
    assert visitor.get_by_role("link", name="Masuk untuk membeli").count() == 1
    assert visitor.get_by_role("button", name="Masukkan keranjang").count() == 0
    ppk = browse_as(phone=True)
    log_in(ppk, live_server, world.ppk)
    open_menu_item(ppk, "Katalog")
    follow(ppk, ppk.locator(".card", has_text=world.product.name).get_by_role("link", name=world.product.name))
    assert ppk.get_by_role("heading", level=1).inner_text() == world.product.name
    assert ppk.get_by_role("button", name="Masukkan keranjang").count() == 0
    assert ppk.get_by_role("link", name="Masuk untuk membeli").count() == 0

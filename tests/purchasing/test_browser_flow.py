"""One order from cart to payment in a real browser: PP, PPK, supplier and treasurer each in their own
browser session (Debian's chromium through Playwright; nothing is downloaded)."""

from datetime import timedelta

import pytest
from django.utils import timezone

from katalog.purchasing.models import Order
from katalog.purchasing.states import OrderStatus
from tests.factories import PASSWORD
from tests.purchasing.helpers import make_world

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def session(browser, live_server):
    contexts = []

    def open_as(user, *, phone=False):
        viewport = {"width": 360, "height": 740} if phone else {"width": 1280, "height": 900}
        context = browser.new_context(viewport=viewport, locale="id-ID")
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(15_000)
        page.goto(f"{live_server.url}/masuk/")
        page.get_by_label("Nama pengguna").fill(user.username)
        page.get_by_label("Kata sandi").fill(PASSWORD)
        page.get_by_role("button", name="Masuk").click()
        page.wait_for_url(f"{live_server.url}/beranda/")
        return page

    yield open_as
    for context in contexts:
        context.close()


def _click(page, name):
    page.get_by_role("button", name=name, exact=True).click()
    page.wait_for_load_state()


def test_one_order_from_cart_to_payment(session, live_server):
    w = make_world(price=1_500_000, stock=20)
    pp, ppk, seller, treasurer = session(w.pp), session(w.ppk), session(w.seller, phone=True), session(w.treasurer)

    # PP: cart → checkout → send to the PPK.
    pp.goto(f"{live_server.url}/pesanan/keranjang/tambah/{w.product.pk}/")
    pp.get_by_label("Jumlah").fill("4")
    _click(pp, "Masukkan ke keranjang")
    assert "Rp6.000.000" in pp.content()
    pp.get_by_role("link", name="Checkout").click()
    pp.get_by_label("Kode RUP").fill("48123456")
    pp.get_by_label("Sumber dana / kode rekening belanja").fill("5.1.02.01.01.0024 Belanja ATK")
    pp.get_by_label("Tanggal diminta tiba").fill((timezone.localdate() + timedelta(days=10)).isoformat())
    pp.get_by_label("PPK yang menyetujui dan menandatangani").select_option(label=f"{w.ppk.full_name} ({w.ppk.nip})")
    _click(pp, "Buat pesanan")
    order = Order.objects.get()
    assert pp.get_by_role("heading", level=1).inner_text() == f"Pesanan {order.number}"
    _click(pp, "Kirim ke PPK untuk direviu")
    assert "Menunggu reviu PPK" in pp.content()

    url = f"{live_server.url}/pesanan/{order.number}/"
    ppk.goto(url)
    _click(ppk, "Setujui pesanan")
    seller.goto(url)
    assert "Menunggu tanggapan penyedia" in seller.content()  # the countdown
    _click(seller, "Terima pesanan")
    _click(seller, "Tandatangani Surat Pesanan")
    ppk.goto(url)
    _click(ppk, "Tandatangani Surat Pesanan")
    pdf = ppk.request.get(f"{url}dokumen/sp/")
    assert pdf.status == 200 and pdf.body().startswith(b"%PDF")

    seller.goto(url)
    _click(seller, "Catat pengiriman")  # quantities and date come prefilled
    pp.goto(url)
    _click(pp, "Catat barang diterima")
    ppk.goto(url)
    ppk.locator("form", has_text="Pemeriksaan barang").get_by_label("Catatan").fill("Kertas lengkap dan baik.")
    _click(ppk, "Barang sesuai; terbitkan BAST")
    _click(ppk, "Tandatangani BAST")
    seller.goto(url)
    _click(seller, "Tandatangani BAST")
    assert "Selesai, menunggu pembayaran" in seller.content()

    treasurer.goto(url)
    treasurer.get_by_label("Nomor SP2D").fill("00123/SP2D/LS/2026")
    _click(treasurer, "Simpan pembayaran")
    assert "Pesanan lunas" in treasurer.content()
    assert treasurer.locator(".status").inner_text() == "Lunas"
    assert Order.objects.get().status == OrderStatus.PAID
    timeline = treasurer.locator(".timeline").inner_text()
    for step in ("Pesanan disetujui PPK", "Surat Pesanan ditandatangani kedua pihak", "Barang tiba",
                 "BAST ditandatangani kedua pihak", "Pembayaran (SP2D) dicatat"):
        assert step in timeline

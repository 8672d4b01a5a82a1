"""The issue's "done when", in a real browser on a phone screen (Debian chromium via Playwright)."""

import pytest

from tests.journeys.clicks import follow, open_menu_item


pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_buyer_on_a_phone_finds_filters_compares_and_sees_why(phone, live_server, catalogue):  # noqa: F811
    page = phone
    page.goto(f"{live_server.url}/")  # a visitor opens the site's address, then follows the menu
    open_menu_item(page, "Katalog")
    page.get_by_label("Cari", exact=True).fill("kripik pisng")
    follow(page, page.get_by_role("button", name="Cari"))
    notes = page.locator(".search-notes")
    assert "“pisng” dikoreksi menjadi “pisang”" in notes.inner_text()
    first = page.locator(".cards .card").first
    assert "Pisang" in first.locator("strong").inner_text()
    first.get_by_text("Mengapa di urutan ini?").click()
    assert "Nama produk memuat" in first.locator(".why").inner_text()
    # UMK only, then one kecamatan (the facet links; no JavaScript needed).
    follow(page, page.get_by_role("link", name="Usaha mikro/kecil (UMK)"))
    umk_district = catalogue["suppliers"]["local_umk2"].district.name
    follow(page, page.locator("#saring").get_by_role("link", name=umk_district, exact=True))
    assert page.locator(".cards .card").count() >= 1
    assert "Kripik Pisang Coklat" not in page.locator(".cards").inner_text()  # a large supplier's product
    # Compare three products from a wider search.
    # Clear the filters and search again for a wider word.
    follow(page, page.get_by_role("link", name="Hapus semua saringan"))
    page.get_by_label("Cari", exact=True).fill("keripik")
    follow(page, page.get_by_role("button", name="Cari"))
    boxes = page.get_by_label("Bandingkan", exact=True)
    for i in range(3):
        boxes.nth(i).check()
    follow(page, page.get_by_role("button", name="Bandingkan yang dipilih (maks. 4)"))
    table = page.locator("table.compare")
    assert table.locator("thead th").count() == 4  # a label column and three products
    for row in ("Harga", "Satuan", "TKDN", "Skala usaha", "Kecamatan", "Waktu kirim", "Sertifikat"):
        assert table.get_by_role("rowheader", name=row, exact=True).count() == 1

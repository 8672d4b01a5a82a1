"""The oversight and public journeys as people make them, by clicks alone after the login form:

- the pimpinan finds the OPD below the 40% UMK target, and by how much, from the page it lands on;
- the auditor reviews an integrity flag and records the outcome;
- a visitor, without logging in, goes from the home page to a product through the kecamatan showcase.

Phone size (360 px) for every journey, a 1280-px office screen too for the office roles.

Hand-checked figures: Dinas Perhubungan's catalogue spend this year is Rp4.000.000, of which Rp1.000.000 went
to a micro business → 25,0%, 15,0 points below 40%. New UMK spend x that reaches 40%:
(1.000.000 + x)·100 >= 40·(4.000.000 + x) → x >= 60.000.000 / 60 = Rp1.000.000.
"""

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from katalog.core.roles import Role
from katalog.monitoring.models import Flag
from katalog.purchasing.states import OrderStatus
from tests.factories import make_agency, make_category, make_order, make_product, make_supplier, make_user
from tests.journeys.clicks import follow, log_in, no_horizontal_overflow, open_menu_item, press

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCREENS = [pytest.param(True, id="360px"), pytest.param(False, id="1280px")]


@pytest.fixture
def below_target():
    """One OPD at 25% UMK (below 40%) and one at 100%."""
    category = make_category("Alat Tulis Kantor")
    transport = make_agency(name="Dinas Perhubungan", short_name="Dishub")
    pp = make_user(Role.PP, agency=transport)
    medium = make_supplier(name="PT Sarana Menengah", scale="menengah")
    micro = make_supplier(name="UD Kopi Abung", scale="mikro")
    make_order(agency=transport, supplier=medium, buyer=pp, status=OrderStatus.PAID,
               lines=[(make_product(medium, category, name="Rambu lalu lintas", price=1_000_000), 3)])
    make_order(agency=transport, supplier=micro, buyer=pp, status=OrderStatus.PAID,
               lines=[(make_product(micro, category, name="Kopi bubuk robusta", price=100_000), 10)])
    fine = make_agency(name="Dinas Koperasi dan UMKM", short_name="Diskop")
    make_order(agency=fine, supplier=micro, buyer=make_user(Role.PP, agency=fine), status=OrderStatus.PAID,
               lines=[(make_product(micro, category, name="Gula aren", price=50_000), 10)])
    return transport


@pytest.mark.parametrize("phone", SCREENS)
def test_the_pimpinan_finds_the_opd_below_40_percent_and_by_how_much(browse_as, live_server, below_target, phone):
    page = browse_as(phone=phone)
    log_in(page, live_server, make_user(Role.LEADERSHIP))
    section = page.locator('[data-section="below-target"]')
    expect(section.get_by_role("heading")).to_have_text("1 OPD di bawah target UMK 40%")
    card = section.locator(".gap-card", has_text="Dinas Perhubungan")
    expect(card).to_contain_text("25,0% dari belanja katalog")
    expect(card).to_contain_text("kurang 15,0 poin")
    expect(card).to_contain_text("Rp1.000.000 belanja UMK tambahan")
    assert "Dinas Koperasi dan UMKM" not in section.inner_text()
    # The answer is on the first screen, without scrolling sideways.
    box = card.bounding_box()
    assert box["y"] + box["height"] <= page.viewport_size["height"], "the gap is below the first screen"
    assert no_horizontal_overflow(page)
    # The detail is one tap away.
    follow(page, card.get_by_role("link", name="Dinas Perhubungan"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("Dinas Perhubungan")
    assert no_horizontal_overflow(page)
    # The full monitoring page leads with the same answer.
    open_menu_item(page, "Pemantauan")
    expect(page.locator('[data-section="below-target"] .gap-card').first).to_contain_text("Dinas Perhubungan")


@pytest.fixture
def open_flag(below_target):
    return Flag.objects.create(kind=Flag.Kind.SPLIT, key="uji-jurnal-pecah", agency=below_target,
                               reason="Tiga pesanan ATK pada hari yang sama, masing-masing tepat di bawah batas.",
                               amount=3_000_000, fiscal_year=timezone.localdate().year)


@pytest.mark.parametrize("phone", SCREENS)
def test_the_auditor_reviews_an_integrity_flag_and_records_the_outcome(browse_as, live_server, open_flag, phone):
    auditor = make_user(Role.AUDITOR)
    page = browse_as(phone=phone)
    log_in(page, live_server, auditor)
    open_menu_item(page, "Tanda integritas")
    follow(page, page.get_by_role("link", name="Satu kebutuhan dipecah menjadi beberapa pesanan di bawah batas").first)
    expect(page.locator('[data-field="reason"]')).to_contain_text("tepat di bawah batas")
    page.get_by_label("Terbukti, perlu tindak lanjut").check()
    page.get_by_label("Catatan hasil penelaahan").fill("Dicocokkan dengan DPA: satu kebutuhan, dipecah. Diteruskan ke PPK.")
    press(page, "Simpan hasil penelaahan")
    expect(page.locator(".messages")).to_contain_text("Tanda ditandai sudah ditelaah.")
    expect(page.locator('[data-field="outcome"]')).to_have_text("Terbukti, perlu tindak lanjut")
    assert no_horizontal_overflow(page)
    open_flag.refresh_from_db()
    assert (open_flag.status, open_flag.outcome, open_flag.reviewed_by) == (
        Flag.Status.REVIEWED, Flag.Outcome.CONFIRMED, auditor)


def test_a_visitor_finds_a_product_from_the_kecamatan_showcase(browse_as, live_server, below_target):
    supplier = make_supplier(name="KWT Sinar Abung", scale="mikro")
    product = make_product(supplier, make_category("Makanan Ringan"), name="Keripik Pisang Kepok Manis",
                           featured_at=timezone.now())
    page = browse_as(phone=True)
    page.goto(f"{live_server.url}/")  # a visitor opens the site's address; no login
    follow(page, page.get_by_role("link", name="Etalase produk lokal per kecamatan"))
    follow(page, page.get_by_role("navigation", name="Kecamatan").get_by_role("link", name=supplier.district.name,
                                                                             exact=True))
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Produk lokal Kecamatan {supplier.district.name}")
    assert no_horizontal_overflow(page)
    follow(page, page.locator(".card", has_text=product.name).first.get_by_role("link", name=product.name).first)
    expect(page.get_by_role("heading", level=1)).to_have_text(product.name)
    assert no_horizontal_overflow(page)

"""The leakage page, every figure rebuilt from hand-built orders.

Fiscal year 2025. Category tree: Pangan › Gula Aren (KBKI 23210), Pangan › Kopi; Pemanis › Gula Merah (KBKI 23210,
so its offers stand in for palm sugar too).

Local offers:
  KWT Aren (mikro, local)      Gula Aren Cetak 1 kg, per kg, Rp30.000            → Rp30.000 per kg
                               Gula Aren Cair 500 ml, per botol, Rp40.000        → Rp80.000 per liter
  UD Semut (kecil, local)      Gula Semut 250 gr, per bungkus, Rp10.000 (Gula Merah) → Rp40.000 per kg
  PT Gula Besar (besar, local) Gula Aren 5 kg, per karung, Rp200.000              (not UMK: never an alternative)

Orders (committed unless said):
  A1 PAID        Dinas Alpha ← CV Luar (menengah, Bandar Lampung): Gula Aren 1 kg × 100 @45.000 = 4.500.000  leaks (outside)
                                                                 Parsel Gula Aren × 2 @150.000 per paket = 300.000  no comparable unit: unmet
  A2 SIGNING     Dinas Alpha ← PT Gula Besar (local, besar): Gula Aren 5 kg × 10 @200.000 = 2.000.000  leaks (local non-UMK), 50 kg
  A3 NEGOTIATION Dinas Alpha ← CV Luar: 1 kg × 50 (not committed: never counts)
  A4 CANCELLED   Dinas Alpha ← CV Luar: 1 kg × 70 (never counts)
  A5 PAID        Dinas Alpha ← KWT Aren: Gula Aren Cetak × 20 @30.000 = 600.000 (local UMK: not leakage)
  B1 PAID        Badan Beta ← UD Luar Kecil (kecil, outside): Gula Aren Cair 1 liter × 10 @70.000 = 700.000  leaks (outside), 10 l
  B2 PAID        Badan Beta ← CV Luar: Kopi Bubuk 500 gr × 20 @50.000 = 1.000.000  no local UMKM sells coffee: unmet
  B3 PAID, fiscal year 2024: CV Luar 1 kg × 10 (another year)

Expected 2025:
  goods 4.800.000 + 2.000.000 + 600.000 + 700.000 + 1.000.000 = 9.100.000
  leaked 4.500.000 + 2.000.000 + 700.000 = 7.200.000 (79,1%): outside 5.200.000, local non-UMK 2.000.000
  unmet 300.000 + 1.000.000 = 1.300.000
  Alpha × Gula Aren per kg: 6.500.000 over 150 kg → Rp43.333 per kg; alternatives Cetak (30.000/kg), Semut (40.000/kg)
  Beta × Gula Aren per liter: 700.000 over 10 l → Rp70.000 per liter; alternative Cair 500 ml (80.000/l)
"""

from datetime import date

import pytest
from django.urls import reverse

from katalog.catalogue.models import Category
from katalog.core.roles import Role
from katalog.monitoring import leakage
from katalog.purchasing.states import CancelKind, OrderStatus
from katalog.regions.models import District
from tests.factories import PASSWORD, make_agency, make_category, make_order, make_product, make_supplier, make_user

pytestmark = pytest.mark.django_db
YEAR = 2025


@pytest.fixture
def market():
    food, sweet = make_category("Pangan"), make_category("Pemanis")
    palm = make_category("Gula Aren", parent=food)
    coffee = make_category("Kopi", parent=food)
    brown = make_category("Gula Merah", parent=sweet)
    Category.objects.filter(pk__in=[palm.pk, brown.pk]).update(kbki_id="23210")
    outside = District.objects.get(code="18.71.01")
    alpha, beta = make_agency(name="Dinas Alpha"), make_agency(name="Badan Beta")
    pp_a, pp_b = make_user(Role.PP, agency=alpha), make_user(Role.PP, agency=beta)
    kwt = make_supplier(name="KWT Aren", scale="mikro")
    semut = make_supplier(name="UD Semut", scale="kecil")
    besar = make_supplier(name="PT Gula Besar", scale="besar")
    luar = make_supplier(name="CV Luar", scale="menengah", district=outside)
    luar_kecil = make_supplier(name="UD Luar Kecil", scale="kecil", district=outside)
    cetak = make_product(kwt, palm, name="Gula Aren Cetak 1 kg", unit="kg", price=30_000)
    cair = make_product(kwt, palm, name="Gula Aren Cair 500 ml", unit="botol", price=40_000)
    make_product(semut, brown, name="Gula Semut 250 gr", unit="bungkus", price=10_000)
    karung = make_product(besar, palm, name="Gula Aren 5 kg", unit="karung", price=200_000)
    kilo = make_product(luar, palm, name="Gula Aren 1 kg", unit="kg", price=45_000)
    parsel = make_product(luar, palm, name="Parsel Gula Aren", unit="paket", price=150_000)
    liter = make_product(luar_kecil, palm, name="Gula Aren Cair 1 liter", unit="botol", price=70_000)
    kopi = make_product(luar, coffee, name="Kopi Bubuk 500 gr", unit="bungkus", price=50_000)
    paid = {"status": OrderStatus.PAID, "fiscal_year": YEAR}
    orders = {
        "a1": make_order(agency=alpha, supplier=luar, buyer=pp_a, lines=[(kilo, 100), (parsel, 2)], **paid),
        "a2": make_order(agency=alpha, supplier=besar, buyer=pp_a, lines=[(karung, 10)], status=OrderStatus.SIGNING,
                         fiscal_year=YEAR),
        "a3": make_order(agency=alpha, supplier=luar, buyer=pp_a, lines=[(kilo, 50)], status=OrderStatus.NEGOTIATION,
                         fiscal_year=YEAR),
        "a4": make_order(agency=alpha, supplier=luar, buyer=pp_a, lines=[(kilo, 70)], status=OrderStatus.CANCELLED,
                         cancel_kind=CancelKind.BY_REQUEST, fiscal_year=YEAR),
        "a5": make_order(agency=alpha, supplier=kwt, buyer=pp_a, lines=[(cetak, 20)], **paid),
        "b1": make_order(agency=beta, supplier=luar_kecil, buyer=pp_b, lines=[(liter, 10)], **paid),
        "b2": make_order(agency=beta, supplier=luar, buyer=pp_b, lines=[(kopi, 20)], **paid),
        "b3": make_order(agency=beta, supplier=luar, buyer=pp_b, lines=[(kilo, 10)], status=OrderStatus.PAID,
                         fiscal_year=YEAR - 1),
    }
    return {"alpha": alpha, "beta": beta, "palm": palm, "orders": orders, "cetak": cetak, "cair": cair,
            "pp_b": pp_b}


def test_totals_count_only_committed_goods_with_a_comparable_local_umkm_offer(market):
    report = leakage.leakage(YEAR)
    assert report.goods == 9_100_000
    assert (report.leaked.amount, report.leaked.outside, report.leaked.not_umk) == (7_200_000, 5_200_000, 2_000_000)
    assert report.unmet == 1_300_000
    assert str(report.leaked_share) == "79.1"


def test_each_opd_and_category_row_says_what_was_paid_per_kg_and_who_sells_it_locally(market):
    rows = {(r.agency_name, r.dimension): r for r in leakage.leakage(YEAR).rows}
    assert set(rows) == {("Dinas Alpha", "kg"), ("Badan Beta", "liter")}
    alpha = rows[("Dinas Alpha", "kg")]
    assert (alpha.amount, alpha.outside, alpha.not_umk, alpha.lines) == (6_500_000, 4_500_000, 2_000_000, 2)
    assert alpha.path == "Pangan › Gula Aren"
    assert alpha.paid_per_base == 43_333
    assert [(o.name, o.supplier_name, o.per_base) for o in alpha.alternatives] == [
        ("Gula Aren Cetak 1 kg", "KWT Aren", 30_000), ("Gula Semut 250 gr", "UD Semut", 40_000)]
    assert alpha.local_umkm == 2
    beta = rows[("Badan Beta", "liter")]
    assert (beta.amount, beta.outside, beta.paid_per_base) == (700_000, 700_000, 70_000)
    assert [(o.name, o.per_base) for o in beta.alternatives] == [("Gula Aren Cair 500 ml", 80_000)]


def test_totals_per_opd_and_per_category_add_up_to_the_kabupaten(market):
    report = leakage.leakage(YEAR)
    assert [(a.agency_name, a.amount, a.category_count) for a in report.by_agency] == [
        ("Dinas Alpha", 6_500_000, 1), ("Badan Beta", 700_000, 1)]
    assert [(c.path, c.dimension, c.amount, c.agency_count) for c in report.by_category] == [
        ("Pangan › Gula Aren", "kg", 6_500_000, 1), ("Pangan › Gula Aren", "liter", 700_000, 1)]
    assert sum(r.amount for r in report.rows) == report.leaked.amount


def test_one_opd_alone(market):
    report = leakage.leakage(YEAR, agency_id=market["beta"].pk)
    assert (report.goods, report.leaked.amount, report.unmet) == (1_700_000, 700_000, 1_000_000)


def test_the_lines_behind_a_figure_add_up_to_it(market):
    lines = leakage.leaked_lines(YEAR, agency_id=market["alpha"].pk, category_id=market["palm"].pk, dimension="kg")
    assert sorted(line.order.number for line in lines) == sorted([market["orders"]["a1"].number,
                                                                   market["orders"]["a2"].number])
    assert sum(line.subtotal for line in lines) == 6_500_000
    assert {line.per_base for line in lines} == {45_000, 40_000}


def test_a_local_offer_withdrawn_turns_the_leak_into_unmet_demand(market):
    for product in (market["cair"],):
        product.status = "inactive"
        product.save(update_fields=["status"])
    report = leakage.leakage(YEAR)
    assert (report.leaked.amount, report.unmet) == (6_500_000, 2_000_000)


def test_the_page_shows_the_figures_and_an_opd_sees_only_its_own_orders(client, market):
    make_user(Role.LEADERSHIP, username="sekda")
    client.login(username="sekda", password=PASSWORD)
    page = client.get(reverse("monitoring:leakage"), {"tahun": YEAR}).content.decode()
    for figure in ("Rp7.200.000", "Rp5.200.000", "Rp2.000.000", "Rp1.300.000", "Rp43.333", "KWT Aren",
                   "Gula Aren Cetak 1 kg", "Rp30.000 per kg", "79,1%"):
        assert figure in page, figure
    drill = client.get(reverse("monitoring:leakage_lines"), {"tahun": YEAR, "opd": market["alpha"].pk,
                                                            "kategori": market["palm"].pk, "satuan": "kg"})
    assert drill.status_code == 200 and "Rp6.500.000" in drill.content.decode()
    client.logout()
    client.login(username=market["pp_b"].username, password=PASSWORD)
    assert client.get(reverse("monitoring:leakage"), {"tahun": YEAR}).status_code == 200
    assert client.get(reverse("monitoring:leakage_lines"), {"tahun": YEAR, "opd": market["alpha"].pk}).status_code == 404
    assert client.get(reverse("monitoring:leakage_lines"), {"tahun": YEAR, "opd": market["beta"].pk}).status_code == 200


def test_on_the_demo_data_palm_sugar_bought_outside_is_on_the_list():
    from katalog.demo.generator import DemoGenerator

    DemoGenerator(seed=2025, products=3000, orders_per_year=900, today=date(2026, 12, 3)).run()
    report = leakage.leakage(2026)
    palm = [c for c in report.by_category if c.path.endswith("Gula Aren dan Gula Semut") and c.dimension == "kg"]
    assert palm and palm[0].outside > 100_000_000
    assert palm[0].local_umkm >= 10

"""The 40% rule (Perpres 12/2021 Pasal 65) on a small kabupaten worked out by hand, checked on the dashboard,
the Excel export, the PDF brief, the API and the leadership landing page.

Fiscal year 2025, all money in whole rupiah.

Dinas Uji (budget imported: Rp40.000.000, DPA)
  o1 PAID        micro supplier:  10 × 100.000 domestic + 4 × 250.000 IMPORTED, shipping 100.000
                 subtotal 2.000.000, total 2.100.000. Realised 2.100.000.
                 UMK = domestic goods + their share of shipping = 1.000.000 + 100.000 × ½ = 1.050.000
  o2 SIGNING     koperasi (scale menengah): 20 × 50.000 domestic = 1.000.000 → UMK 1.000.000
  o3 PEMUTUSAN   small supplier, 10 × 200.000 with PPN 12% = 2.000.000 + 240.000 = 2.240.000;
                 received 3 of 10 before the end (a second shipment of 2 never received):
                 counted 600.000 + 240.000 × 600.000/2.000.000 = 672.000, all UMK
  o4 PAID        medium supplier, 1 × 1.000.000 domestic → realised, not UMK
  o5 PAID        micro supplier (PKP), checked out through the cart on 20 December 2025 and charged to the
                 RUP line 50126001 of 2026 (imported plan, pagu 20.000.000): fiscal year 2026, not in 2025.
                 50 × 100.000 books (no PPN) + 1 × 1.000.000 ink with PPN 12% of DPP 11/12:
                 DPP 1.000.000 × 11/12 = 916.666,67 → 916.667; PPN 12% × 916.667 = 110.000,04 → 110.000;
                 total 5.000.000 + 1.000.000 + 110.000 = 6.110.000, all UMK → 100,0%.
  Catalogue:     realised 2.100.000 + 1.000.000 + 672.000 + 1.000.000 = 4.772.000
                 UMK 1.050.000 + 1.000.000 + 672.000 = 2.722.000 → 57,04% → 57,0%
  Outside:       tender 5.000.000 small, domestic        → UMK
                 pengadaan langsung 2.000.000 micro, IMPORTED → spend, not UMK
                 Toko Daring 500.000, NIB of a registered koperasi, no scale in the file → UMK
                 outside 7.500.000, UMK 5.500.000
  Headline:      UMK all channels 2.722.000 + 5.500.000 = 8.222.000 of 40.000.000 → 20,555% → 20,6% (red)
  DPP, PPN:      only o3 carries PPN: received 3 × 200.000 = 600.000 (recorded at 12% of the full price,
                 factor 1/1) → DPP 600.000, PPN 72.000 (= 672.000 − 600.000).
Kantor Tanpa Anggaran (no budget imported)
  p1 PAID        micro supplier 1 × 1.000.000 → catalogue share 100,0%; budget share: none
Kabupaten:       budget 40.000.000 (1 OPD), UMK of budgeted OPDs 8.222.000 → 20,6%
                 catalogue realised 5.772.000, UMK 3.722.000 → 64,48% → 64,5%; DPP 600.000, PPN 72.000
Fiscal year 2026: Dinas Uji o5 only: realised 6.110.000, UMK 6.110.000 → 100,0%, DPP 916.667, PPN 110.000,
                 no budget imported.
"""

from __future__ import annotations

from datetime import date, datetime, timezone as dt_timezone
from decimal import Decimal

import pytest
from django.db.models import F
from django.urls import reverse

from katalog.core import rules
from katalog.core.roles import Role
from katalog.monitoring import figures, services
from katalog.monitoring.models import RupPackage
from katalog.purchasing import services as purchasing
from katalog.purchasing.models import Delivery, DeliveryLine, Order
from katalog.purchasing.states import CancelKind, OrderStatus
from tests.factories import make_agency, make_category, make_order, make_product, make_supplier, make_user
from tests.jobs.drive import download, run_jobs  # noqa: F401  (fixture)

from .pages import cells, figure, pdf_strings, sheet_rows

pytestmark = pytest.mark.django_db
YEAR = 2025


def _utc(*args):
    return datetime(*args, tzinfo=dt_timezone.utc)


def build():
    opd = make_agency(name="Dinas Uji", short_name="Uji", code="opd-uji")
    other = make_agency(name="Kantor Tanpa Anggaran", short_name="TanpaAnggaran", code="opd-tanpa")
    pp, pp2 = make_user(Role.PP, agency=opd), make_user(Role.PP, agency=other)
    ppk = make_user(Role.PPK, agency=opd)
    category = make_category("Alat Tulis Kantor")
    micro = make_supplier(name="UD Mikro", scale="mikro", is_pkp=True)
    small = make_supplier(name="CV Kecil", scale="kecil")
    medium = make_supplier(name="PT Menengah", scale="menengah")
    koperasi = make_supplier(name="Koperasi Tani", scale="menengah", is_cooperative=True, nib="9200000000001")

    book = make_product(micro, category, name="Buku", price=100_000, tkdn=Decimal("40"))
    printer = make_product(micro, category, name="Printer impor", price=250_000, origin="impor", tkdn=Decimal("0"))
    sugar = make_product(koperasi, category, name="Gula aren", price=50_000, tkdn=Decimal("10"))
    desk = make_product(small, category, name="Meja", price=200_000, tkdn=Decimal("30"), ppn_percent=12)
    chair = make_product(medium, category, name="Kursi", price=1_000_000, tkdn=Decimal("30"))

    o1 = make_order(agency=opd, supplier=micro, buyer=pp, lines=[(book, 10), (printer, 4)], status=OrderStatus.PAID,
                    fiscal_year=YEAR, created_at=_utc(2025, 3, 3, 3))
    Order.objects.filter(pk=o1.pk).update(shipping_cost=100_000, total=F("total") + 100_000)
    make_order(agency=opd, supplier=koperasi, buyer=pp, lines=[(sugar, 20)], status=OrderStatus.SIGNING,
               fiscal_year=YEAR, created_at=_utc(2025, 4, 3, 3))
    o3 = make_order(agency=opd, supplier=small, buyer=pp, lines=[(desk, 10)], status=OrderStatus.CANCELLED,
                    cancel_kind=CancelKind.PEMUTUSAN, fiscal_year=YEAR, created_at=_utc(2025, 5, 3, 3))
    line = o3.lines.get()
    received = Delivery.objects.create(order=o3, number=1, shipped_on=date(2025, 5, 10), shipped_by=pp,
                                       received_on=date(2025, 5, 12), received_by=pp)
    DeliveryLine.objects.create(delivery=received, order_line=line, quantity=3)
    lost = Delivery.objects.create(order=o3, number=2, shipped_on=date(2025, 5, 20), shipped_by=pp)
    DeliveryLine.objects.create(delivery=lost, order_line=line, quantity=2)
    make_order(agency=opd, supplier=medium, buyer=pp, lines=[(chair, 1)], status=OrderStatus.PAID,
               fiscal_year=YEAR, created_at=_utc(2025, 6, 3, 3))
    # o5: the PP checks out on 20 December 2025 and charges next year's RUP line.
    ink = make_product(micro, category, name="Tinta", price=1_000_000, tkdn=Decimal("40"), ppn_percent=12)
    RupPackage.objects.create(year=YEAR + 1, rup_code="50126001", agency=opd, name="ATK 2026", pagu=20_000_000)
    purchasing.cart_add_product(user=pp, product=book, quantity=50)
    purchasing.cart_add_product(user=pp, product=ink, quantity=1)
    o5 = purchasing.order_checkout(
        user=pp, cart=pp.carts.get(), idempotency_key="desember-2025", rup_code="50126001",
        funding_source="5.1.02.01.01.0024", delivery_address="Jl. Uji", requested_date=date(2025, 12, 30), ppk=ppk,
        budget_year=YEAR + 1, now=_utc(2025, 12, 20, 3))
    assert (rules.order_fiscal_year(o5), o5.total, o5.ppn) == (YEAR + 1, 6_110_000, 110_000)
    Order.objects.filter(pk=o5.pk).update(status=OrderStatus.PAID)
    make_order(agency=other, supplier=micro, buyer=pp2, lines=[(chair_of(micro, category), 1)],
               status=OrderStatus.PAID, fiscal_year=YEAR, created_at=_utc(2025, 7, 3, 3))

    admin = make_user(Role.LEADERSHIP)
    budget = ("OPD;Tahun Anggaran;Anggaran Belanja Barang/Jasa;Sumber\n"
              f"Dinas Uji;{YEAR};40.000.000;DPA\n").encode()
    report = services.goods_budget_import(actor=admin, data=budget, filename="anggaran.csv", year=YEAR)
    assert report.saved, report.errors
    outside = ("OPD;Tahun Anggaran;Kode RUP;Cara Pengadaan;Nama Paket;Nilai Realisasi;NIB Penyedia;Skala;Koperasi;"
               "Asal Produk\n"
               f"Dinas Uji;{YEAR};50110001;Tender;Rehab meja;5.000.000;;Kecil;Tidak;Dalam negeri\n"
               f"Dinas Uji;{YEAR};50110002;Pengadaan Langsung;Laptop;2.000.000;;Mikro;Tidak;Impor\n"
               f"Dinas Uji;{YEAR};50110003;Toko Daring;Kopi;500.000;9200000000001;;;Dalam negeri\n").encode()
    report = services.outside_packages_import(actor=admin, data=outside, filename="luar.csv", year=YEAR)
    assert report.saved, report.errors
    return opd, other


def chair_of(supplier, category):
    return make_product(supplier, category, name="Kursi lokal", price=1_000_000, tkdn=Decimal("30"))


def _row(rows, agency):
    return next(r for r in rows if r.agency.pk == agency.pk)


def test_pro_rata_keeps_whole_rupiah_and_rounds_half_up():
    assert rules.pro_rata(2_100_000, 1_000_000, 2_000_000) == 1_050_000
    assert rules.pro_rata(2_240_000, 600_000, 2_000_000) == 672_000
    assert rules.pro_rata(1_000_001, 1, 2) == 500_001  # 0,5 rupiah of extra rounds up
    assert rules.pro_rata(5, 0, 4) == 0 and rules.pro_rata(5, 4, 4) == 5
    assert rules.percent(8_222_000, 40_000_000) == Decimal("20.6")
    assert rules.percent(1, 40) == Decimal("2.5") and rules.percent(1, 3) == Decimal("33.3")


def test_umk_definition_includes_koperasi_and_only_domestic_goods_count():
    assert rules.is_umk(scale="menengah", is_cooperative=True)
    assert rules.is_umk(scale="mikro", is_cooperative=False) and not rules.is_umk(scale="besar", is_cooperative=False)
    assert not rules.counts_as_umk_spend(supplier_is_umk=True, origin="impor")
    assert rules.counts_as_umk_spend(supplier_is_umk=True, origin="lokal")


def test_hand_computed_figures():
    opd, other = build()
    board = figures.dashboard(YEAR)
    uji, bare = _row(board.rows, opd), _row(board.rows, other)
    assert (uji.realised, uji.umk, uji.orders) == (4_772_000, 2_722_000, 4)
    assert uji.umk_share == Decimal("57.0")
    assert (uji.outside, uji.outside_umk, uji.umk_all) == (7_500_000, 5_500_000, 8_222_000)
    assert (uji.budget, uji.budget_share, uji.rag_budget) == (40_000_000, Decimal("20.6"), "red")
    assert (bare.realised, bare.umk_share, bare.budget, bare.budget_share) == (1_000_000, Decimal("100.0"), None, None)
    t = board.total
    assert (t.budget, t.budget_umk, t.budget_opds, t.budget_share) == (40_000_000, 8_222_000, 1, Decimal("20.6"))
    assert (t.realised, t.umk, t.umk_share) == (5_772_000, 3_722_000, Decimal("64.5"))
    assert (uji.dpp, uji.ppn, t.dpp, t.ppn) == (600_000, 72_000, 600_000, 72_000)
    # The December order charged to next year's RUP line counts in 2026 only.
    next_year = _row(figures.agency_rows(YEAR + 1), opd)
    assert (next_year.realised, next_year.umk, next_year.umk_share) == (6_110_000, 6_110_000, Decimal("100.0"))
    assert (next_year.dpp, next_year.ppn, next_year.budget) == (916_667, 110_000, None)
    # The monthly trend adds the same adjustments: March carries o1's UMK without the printers, May o3.
    months = {m.month: m for m in board.months}
    assert (months[3].realised, months[3].umk) == (2_100_000, 1_050_000)
    assert (months[5].realised, months[5].umk, months[5].orders) == (672_000, 672_000, 1)
    # Where the money lands (every supplier here is in the home kecamatan) counts the same way.
    from katalog.monitoring.impact import impact_by_district

    places = impact_by_district(YEAR, with_funnel=False).total
    assert (places.realised, places.umk, places.orders) == (5_772_000, 3_722_000, 5)
    # The orders behind each figure add up to it (the SQL twin of the Python adjustments).
    for measure, value in (("realised", 4_772_000), ("umk", 2_722_000), ("non_umk", 2_050_000)):
        assert sum(o.counted for o in figures.orders_behind(year=YEAR, measure=measure, agency_id=opd.pk)) == value


def test_the_screen_the_excel_export_the_pdf_brief_and_the_api_show_the_same_numbers(client, run_jobs):
    opd, other = build()
    client.force_login(make_user(Role.LEADERSHIP))
    html = client.get(reverse("monitoring:dashboard"), {"tahun": YEAR}).content.decode()
    assert figure(html, "budget_share").startswith("20,6%")
    assert figure(html, "umk_share").startswith("64,5%")
    row = cells(html, "data-agency", opd.pk)
    assert "Rp4.772.000" in row and "Rp40.000.000" in row and "Rp8.222.000" in row
    assert any(c.startswith("57,0%") for c in row) and any(c.startswith("20,6%") for c in row)
    bare = cells(html, "data-agency", other.pk)
    assert "belum diimpor" in bare and any(c.startswith("100,0%") for c in bare)

    content = download(client, run_jobs(client.post(reverse("monitoring:dashboard_export") + f"?tahun={YEAR}")))
    opd_sheet = sheet_rows(content, "OPD")
    rows = {r[1]: dict(zip(opd_sheet[2], r)) for r in opd_sheet[3:]}
    uji = rows["Dinas Uji"]
    assert (uji["Realisasi"], uji["Ke UMK"], uji["Porsi UMK katalog (%)"]) == (4_772_000, 2_722_000, 57.0)
    assert (uji["Anggaran barang/jasa"], uji["Di luar katalog"], uji["UMK semua kanal"]) == (
        40_000_000, 7_500_000, 8_222_000)
    assert uji["Porsi UMK thd anggaran (%)"] == 20.6
    assert rows["Kantor Tanpa Anggaran"]["Porsi UMK thd anggaran (%)"] is None
    summary = {r[0]: r[1] for r in sheet_rows(content, "Kabupaten")[3:]}
    assert summary["Porsi UMK terhadap anggaran (%)"] == 20.6
    assert summary["Porsi UMK dari belanja katalog (%)"] == 64.5

    strings = pdf_strings(download(client, run_jobs(client.post(reverse("monitoring:brief") + f"?tahun={YEAR}"))))
    assert "20,6% - Jauh di bawah target" in strings and "57,0% - Tercapai" in strings
    assert "Rp40.000.000" in strings and "Rp8.222.000" in strings and "Rp4.772.000" in strings
    assert "anggaran belum diimpor" in strings  # the OPD without a budget says so
    assert "DPP Rp600.000, PPN Rp72.000" in strings
    assert figure(html, "ppn").startswith("Rp72.000") and "atas DPP Rp600.000" in figure(html, "ppn")
    assert (summary["DPP barang kena PPN dalam realisasi"], summary["PPN dalam realisasi"]) == (600_000, 72_000)

    body = client.get(f"/api/v1/statistics/{YEAR}").json()
    api = {a["agency_name"]: a for a in body["agencies"]}
    assert (api["Dinas Uji"]["total"], api["Dinas Uji"]["umk"], api["Dinas Uji"]["umk_share"]) == (
        4_772_000, 2_722_000, 57.0)
    assert (api["Dinas Uji"]["budget"], api["Dinas Uji"]["budget_umk"], api["Dinas Uji"]["budget_share"]) == (
        40_000_000, 8_222_000, 20.6)
    assert api["Kantor Tanpa Anggaran"]["budget_share"] is None
    assert (body["total"]["budget_share"], body["total"]["umk_share"]) == (20.6, 64.5)
    assert (body["total"]["dpp"], body["total"]["ppn"]) == (600_000, 72_000)
    years = {y["year"]: y for y in client.get("/api/v1/statistics").json()["years"]}
    assert (years[YEAR]["total"], years[YEAR]["umk_share"], years[YEAR]["budget_share"]) == (5_772_000, 64.5, 20.6)

    # The December 2025 order charged to the 2026 RUP line: the same numbers for 2026 in every output.
    html = client.get(reverse("monitoring:dashboard"), {"tahun": YEAR + 1}).content.decode()
    assert figure(html, "realised").startswith("Rp6.110.000") and figure(html, "umk_share").startswith("100,0%")
    assert figure(html, "ppn").startswith("Rp110.000") and "atas DPP Rp916.667" in figure(html, "ppn")
    assert "Rp6.110.000" in cells(html, "data-agency", opd.pk)
    content = download(client, run_jobs(client.post(reverse("monitoring:dashboard_export") + f"?tahun={YEAR + 1}")))
    summary = {r[0]: r[1] for r in sheet_rows(content, "Kabupaten")[3:]}
    assert (summary["Realisasi"], summary["Porsi UMK dari belanja katalog (%)"]) == (6_110_000, 100.0)
    assert (summary["DPP barang kena PPN dalam realisasi"], summary["PPN dalam realisasi"]) == (916_667, 110_000)
    strings = pdf_strings(download(client, run_jobs(client.post(reverse("monitoring:brief") + f"?tahun={YEAR + 1}"))))
    assert "Rp6.110.000" in strings and "DPP Rp916.667, PPN Rp110.000" in strings
    body = client.get(f"/api/v1/statistics/{YEAR + 1}").json()
    api = {a["agency_name"]: a for a in body["agencies"]}
    assert (api["Dinas Uji"]["total"], api["Dinas Uji"]["umk_share"], api["Dinas Uji"]["budget_share"]) == (
        6_110_000, 100.0, None)
    assert (body["total"]["dpp"], body["total"]["ppn"]) == (916_667, 110_000)
    assert years[YEAR + 1]["total"] == 6_110_000

    from katalog.home.dashboards import agency_shares

    shares = {r["agency"].pk: r for r in agency_shares(YEAR)}
    assert (shares[opd.pk]["budget_share"], shares[opd.pk]["umk_share"]) == (Decimal("20.6"), Decimal("57.0"))
    assert shares[other.pk]["has_budget"] is False


def test_the_leadership_home_shows_both_shares_side_by_side(client):
    from django.utils import timezone

    opd, other = build()
    # The landing page shows the current year: move the figures there.
    this_year = timezone.localdate().year
    Order.objects.filter(fiscal_year=YEAR + 1).update(fiscal_year=2000)  # keep only the 2025 story
    Order.objects.filter(fiscal_year=YEAR).update(fiscal_year=this_year)
    from katalog.monitoring.models import GoodsBudget, OutsidePackage

    GoodsBudget.objects.update(year=this_year)
    OutsidePackage.objects.update(year=this_year)
    client.force_login(make_user(Role.LEADERSHIP))
    html = client.get(reverse("dashboard")).content.decode()
    assert cells(html, "data-agency", opd.pk)[2:4] == ["20,6%", "57,0%"]
    assert cells(html, "data-agency", other.pk)[2:4] == ["anggaran belum diimpor", "100,0%"]


def test_an_import_with_a_wrong_row_saves_nothing_and_says_where():
    opd = make_agency(name="Dinas Uji", short_name="Uji", code="opd-uji")
    admin = make_user(Role.LEADERSHIP)
    data = ("OPD;Tahun Anggaran;Kode RUP;Cara Pengadaan;Nilai Realisasi;Skala;Asal Produk\n"
            f"Dinas Uji;{YEAR};50110001;Tender;5.000.000;Kecil;Dalam negeri\n"
            f"Dinas Uji;{YEAR};50110002;Arisan;2.000.000;;Impor\n").encode()
    report = services.outside_packages_import(actor=admin, data=data, filename="luar.csv", year=YEAR)
    assert not report.saved
    assert {(e["row"], e["column"]) for e in report.errors} == {(3, "kanal"), (3, "skala")}
    budget = f"OPD;Anggaran\nDinas Uji;-5\nDinas Entah;10.000\n".encode()
    report = services.goods_budget_import(actor=admin, data=budget, filename="a.csv", year=YEAR)
    assert not report.saved and {(e["row"], e["column"]) for e in report.errors} == {(2, "anggaran"), (3, "opd")}
    assert figures.agency_rows(YEAR)[0].budget is None and opd.goods_budgets.count() == 0

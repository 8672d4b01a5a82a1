"""Plan and realisation per RUP package, rebuilt from hand-built packages and orders.

Fiscal year 2025; every order line is priced Rp100.000 without PPN, so an order of n units totals n × 100.000.

Dinas Alpha, RUP: 111 "E-Purchasing" pagu 10.000.000 (UMK); 112 "e-Katalog" pagu 5.000.000 (PDN);
                  113 "Tender" pagu 500.000.000 (apart, never in the catalogue plan)
  o1 PAID 111 (30 units)            3.000.000  realised on 111
  o2 PROCESSING " 111 " (10 units)  1.000.000  realised on 111 (spaces ignored)
  o3 SIGNING 112 (20 units)         2.000.000  being signed: not realised
  o4 NEGOTIATION 112, o5 CANCELLED 111: nothing
  o6 PAID 113 (7 units)               700.000  charged to the tender package: no catalogue package
  o7 PAID 999 (3 units)               300.000  code not in the RUP
Badan Beta, RUP: 211 "E-Purchasing" pagu 2.000.000; o9 PAID 211 (25 units) 2.500.000 → 125,0%
Kantor Gamma: no RUP; o10 PAID (8 units) 800.000

Expected: Alpha planned 15.000.000 (UMK 10.000.000, PDN 5.000.000), realised 4.000.000 (26,7%),
signing 2.000.000, without a matching package 1.000.000 in 2 orders, tender and others 500.000.000.
Kabupaten (Alpha and Beta only): planned 17.000.000, realised 6.500.000 (38,2%); 1 OPD realised 800.000
without a plan.
"""

import pytest
from django.urls import reverse

from katalog.core.roles import Role
from katalog.monitoring import plan
from katalog.monitoring.models import RupPackage
from katalog.purchasing.states import CancelKind, OrderStatus
from tests.factories import PASSWORD, make_agency, make_order, make_product, make_supplier, make_user

pytestmark = pytest.mark.django_db
YEAR = 2025


@pytest.fixture
def plans():
    alpha, beta, gamma = (make_agency(name=n) for n in ("Dinas Alpha", "Badan Beta", "Kantor Gamma"))
    supplier = make_supplier()
    product = make_product(supplier, price=100_000)

    def rup(agency, code, method, pagu, **flags):
        return RupPackage.objects.create(year=YEAR, rup_code=code, agency=agency, name=f"Paket {code}", pagu=pagu,
                                         method=method, **flags)

    def buy(agency, code, units, status=OrderStatus.PAID, **extra):
        return make_order(agency=agency, supplier=supplier, buyer=make_user(Role.PP, agency=agency),
                          lines=[(product, units)], status=status, fiscal_year=YEAR, rup_code=code, **extra)

    p111 = rup(alpha, "111", "E-Purchasing", 10_000_000, is_umk=True)
    rup(alpha, "112", "e-Katalog", 5_000_000, is_pdn=True)
    rup(alpha, "113", "Tender", 500_000_000)
    rup(beta, "211", "E-Purchasing", 2_000_000)
    buy(alpha, "111", 30)
    buy(alpha, " 111 ", 10, OrderStatus.PROCESSING)
    buy(alpha, "112", 20, OrderStatus.SIGNING)
    buy(alpha, "112", 40, OrderStatus.NEGOTIATION)
    buy(alpha, "111", 50, OrderStatus.CANCELLED, cancel_kind=CancelKind.BY_REQUEST)
    buy(alpha, "113", 7)
    buy(alpha, "999", 3)
    buy(beta, "211", 25)
    buy(gamma, "311", 8)
    return {"alpha": alpha, "beta": beta, "p111": p111}


def test_each_package_counts_only_orders_whose_surat_pesanan_is_signed(plans):
    report = plan.plan_and_realisation(YEAR)
    alpha = next(a for a in report.agencies if a.agency == plans["alpha"])
    rows = {r.package.rup_code: r for r in alpha.packages}
    assert set(rows) == {"111", "112"} and [p.rup_code for p in alpha.others] == ["113"]
    assert (rows["111"].realised, rows["111"].orders, str(rows["111"].share)) == (4_000_000, 2, "40.0")
    assert (rows["112"].realised, rows["112"].signing) == (0, 2_000_000)
    assert (alpha.planned, alpha.planned_umk, alpha.planned_pdn) == (15_000_000, 10_000_000, 5_000_000)
    assert (alpha.realised, str(alpha.share), alpha.signing) == (4_000_000, "26.7", 2_000_000)
    assert (alpha.unmatched, alpha.unmatched_orders, alpha.others_pagu) == (1_000_000, 2, 500_000_000)


def test_kabupaten_totals_cover_only_opd_with_a_plan_and_say_what_is_left_out(plans):
    report = plan.plan_and_realisation(YEAR)
    assert [a.agency.name for a in report.agencies] == ["Dinas Alpha", "Badan Beta"]
    assert (report.planned, report.realised, str(report.share)) == (17_000_000, 6_500_000, "38.2")
    assert (report.without_plan, report.without_plan_realised) == (1, 800_000)
    beta = report.agencies[1]
    assert str(beta.share) == "125.0"


def test_the_page_says_in_words_which_opd_the_totals_cover(client, plans):
    make_user(Role.LEADERSHIP, username="bappeda")
    client.login(username="bappeda", password=PASSWORD)
    page = client.get(reverse("monitoring:plan"), {"tahun": YEAR}).content.decode()
    assert "hanya mencakup 2 OPD" in page and "1 OPD lain merealisasikan Rp800.000" in page
    assert "Rp17.000.000" in page and "Rp6.500.000" in page and "38,2%" in page
    detail = client.get(reverse("monitoring:plan"), {"tahun": YEAR, "opd": plans["alpha"].pk}).content.decode()
    assert "Paket 113" in detail and "Rp500.000.000" in detail and "26,7%" in detail
    package = client.get(reverse("monitoring:plan_package", args=[plans["p111"].pk])).content.decode()
    assert "Rp3.000.000" in package and "Rp1.000.000" in package  # the " 111 " order too
    assert "Rp5.000.000" not in package  # the cancelled order is not listed


def test_an_opd_sees_the_orders_of_its_own_packages_only(client, plans):
    pp_beta = make_user(Role.PP, agency=plans["beta"])
    client.force_login(pp_beta)
    page = client.get(reverse("monitoring:plan_package", args=[plans["p111"].pk])).content.decode()
    assert "Pesanan dengan kode RUP ini" not in page

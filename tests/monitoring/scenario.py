"""A small kabupaten built by hand, whose every dashboard figure is worked out in the comments.

Fiscal year 2025. All money in whole rupiah.

OPD A (Dinas Alpha):
  a1  PAID         UMK, local supplier      1 line  tier1 (TKDN 40, BMP 0)   10 × 100.000          = 1.000.000, PPN 0
                   checked out 2025-03-31 20:00 UTC = 1 April 03:00 WIB → month 4
  a2  IN_DELIVERY  menengah, outside supplier, partly delivered
                   line tier2 (TKDN 30, BMP 5)  2 × 500.000 = 1.000.000, PPN 12% = 120.000
                   line import                 4 × 250.000 = 1.000.000, PPN 12% = 120.000
                   + shipping 60.000 → total 2.300.000; goods 2.000.000; month 5
  a3  CANCELLED    UMK local 5 × 100.000 (never counts)
  a4  NEGOTIATION  UMK local 3 × 100.000 (not committed yet)
  a5  PAID, fiscal year 2024 (another year)
OPD B (Badan Beta):
  b1  SIGNING      koperasi (scale menengah, is_cooperative) local, tier3 (TKDN 10): 20 × 50.000 = 1.000.000; month 5
  RUP: 2 packages, pagu 5.000.000 (UMK, PDN) and 3.000.000 (neither)
OPD C (Kantor Gamma): no orders; RUP 1 package pagu 2.000.000 (PDN)

Expected, 2025:
  A: realised 3.300.000, orders 2, UMK 1.000.000 (30,3%), local 1.000.000 (30,3%)
     goods 3.000.000: tier1 1.000.000, tier2 1.000.000, tier3 0, import 1.000.000 → domestic 66,7%
  B: realised 1.000.000, UMK 1.000.000 (100%), local 100%, goods 1.000.000 all tier3, domestic 100%
     planned 8.000.000 (UMK 5.000.000, PDN 5.000.000), 2 packages
  C: planned 2.000.000, nothing realised → unranked, last
  Kabupaten: realised 4.300.000, UMK 2.000.000 (46,5%), local 2.000.000 (46,5%),
     goods 4.000.000 (import 1.000.000 → domestic 75,0%), planned 10.000.000
  Months: April 1.000.000 (UMK 1.000.000); May 3.300.000 (UMK 1.000.000)
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timezone as dt_timezone
from decimal import Decimal

from django.db.models import F

from katalog.core.roles import Role
from katalog.monitoring.models import RupPackage
from katalog.purchasing.models import Delivery, DeliveryLine, Order
from katalog.purchasing.states import CancelKind, OrderStatus
from katalog.regions.models import District
from tests.factories import make_agency, make_category, make_order, make_product, make_supplier, make_user

YEAR = 2025


def utc(*args) -> datetime:
    return datetime(*args, tzinfo=dt_timezone.utc)


@dataclass
class Scenario:
    a: object
    b: object
    c: object
    umk_local: object
    big_outside: object
    koperasi: object
    orders: dict
    pp_a: object
    category: object


def build() -> Scenario:
    a = make_agency(name="Dinas Alpha", short_name="Alpha")
    b = make_agency(name="Badan Beta", short_name="Beta")
    c = make_agency(name="Kantor Gamma", short_name="Gamma")
    pp_a, pp_b = make_user(Role.PP, agency=a), make_user(Role.PP, agency=b)
    category = make_category("Alat Tulis Kantor")
    umk_local = make_supplier(name="UD Lokal Kecil", scale="mikro")
    outside = District.objects.get(code="18.71.01")
    big_outside = make_supplier(name="PT Besar Luar", scale="menengah", district=outside)
    koperasi = make_supplier(name="Koperasi Tani", scale="menengah", is_cooperative=True)

    tier1 = make_product(umk_local, category, name="Buku tulis", price=100_000, tkdn=Decimal("40"), bmp=Decimal("0"))
    tier2 = make_product(big_outside, category, name="Map plastik", price=500_000, tkdn=Decimal("30"),
                         bmp=Decimal("5"), ppn_percent=12)
    imported = make_product(big_outside, category, name="Printer impor", price=250_000, origin="impor",
                            tkdn=Decimal("0"), ppn_percent=12)
    tier3 = make_product(koperasi, category, name="Gula aren", price=50_000, tkdn=Decimal("10"))

    orders = {}
    orders["a1"] = make_order(agency=a, supplier=umk_local, buyer=pp_a, lines=[(tier1, 10)], status=OrderStatus.PAID,
                              fiscal_year=YEAR, created_at=utc(2025, 3, 31, 20, 0))
    a2 = make_order(agency=a, supplier=big_outside, buyer=pp_a, lines=[(tier2, 2), (imported, 4)],
                    status=OrderStatus.IN_DELIVERY, fiscal_year=YEAR, created_at=utc(2025, 5, 10, 3, 0))
    Order.objects.filter(pk=a2.pk).update(shipping_cost=60_000, total=F("total") + 60_000)
    a2.refresh_from_db()
    delivery = Delivery.objects.create(order=a2, number=1, shipped_on=date(2025, 5, 20), shipped_by=pp_a)
    DeliveryLine.objects.create(delivery=delivery, order_line=a2.lines.first(), quantity=1)
    orders["a2"] = a2
    orders["a3"] = make_order(agency=a, supplier=umk_local, buyer=pp_a, lines=[(tier1, 5)], status=OrderStatus.CANCELLED,
                              cancel_kind=CancelKind.PEMUTUSAN, fiscal_year=YEAR, created_at=utc(2025, 5, 2, 3, 0))
    orders["a4"] = make_order(agency=a, supplier=umk_local, buyer=pp_a, lines=[(tier1, 3)],
                              status=OrderStatus.NEGOTIATION, fiscal_year=YEAR, created_at=utc(2025, 6, 2, 3, 0))
    orders["a5"] = make_order(agency=a, supplier=umk_local, buyer=pp_a, lines=[(tier1, 7)], status=OrderStatus.PAID,
                              fiscal_year=YEAR - 1, created_at=utc(2024, 6, 2, 3, 0))
    orders["b1"] = make_order(agency=b, supplier=koperasi, buyer=pp_b, lines=[(tier3, 20)], status=OrderStatus.SIGNING,
                              fiscal_year=YEAR, created_at=utc(2025, 5, 15, 3, 0))

    RupPackage.objects.create(year=YEAR, rup_code="50000001", agency=b, name="Belanja ATK", pagu=5_000_000,
                              method="E-Purchasing", is_pdn=True, is_umk=True, category=category)
    RupPackage.objects.create(year=YEAR, rup_code="50000002", agency=b, name="Belanja printer", pagu=3_000_000,
                              method="E-Purchasing")
    RupPackage.objects.create(year=YEAR, rup_code="50000003", agency=c, name="Belanja kertas", pagu=2_000_000,
                              method="Pengadaan Langsung", is_pdn=True)
    return Scenario(a=a, b=b, c=c, umk_local=umk_local, big_outside=big_outside, koperasi=koperasi, orders=orders,
                    pp_a=pp_a, category=category)

"""Local economic impact: where in the kabupaten the money lands, per kecamatan and per kampung.

- Spend per kecamatan: realised spend (figures.py definitions) on orders whose supplier was located in
  that kecamatan at checkout (`Order.supplier_district`, a snapshot).
- Spend per kampung: orders do not copy the supplier's village, so the kampung is the supplier's
  *current* one (`Supplier.village`); a business that moved shows under its new kampung.
- Active UMKM: verified micro/small businesses and koperasi of the kecamatan with at least one listed
  (active) product; "sold" = those among them with a realised order this year. For a past fiscal year,
  the businesses that had a product listed during that year (published before its end, and still active or
  taken down only after its start), so a past year's page shows that year's count, not today's.
- The readiness funnel registered → ready → verified → listed → has sold comes from readiness.py, which owns
  the readiness checklist; each step counts the businesses that reached it or a later one. Readiness is a
  state of today, so the funnel is shown for the current year only.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.db.models import Count, Exists, OuterRef, Q, Sum
from django.utils import timezone

from katalog.catalogue.models import Product
from katalog.regions.models import District, Village
from katalog.core.rules import umk_q
from katalog.suppliers.models import Supplier

from .readiness import STAGES, funnel_by_district, funnel_by_village

from .figures import committed_orders, counted_orders, counted_value, umk_value
from .states import percent
from django.utils.translation import gettext as _


@dataclass
class AreaRow:
    code: str
    name: str
    realised: int = 0
    umk: int = 0
    orders: int = 0
    suppliers_paid: int = 0
    active_umkm: int = 0
    umkm_sold: int = 0
    funnel: dict = field(default_factory=dict)

    @property
    def umk_share(self) -> Decimal | None:
        return percent(self.umk, self.realised)


@dataclass
class Impact:
    year: int
    rows: list[AreaRow]
    total: AreaRow
    outside: int  # realised spend to suppliers outside the kabupaten
    stages: tuple = STAGES

    @property
    def local_share(self) -> Decimal | None:
        return percent(self.total.realised, self.total.realised + self.outside)

    def share_of_local(self, row: AreaRow) -> Decimal | None:
        return percent(row.realised, self.total.realised)


def is_current_year(year: int) -> bool:
    return year >= timezone.localdate().year


def _listed_during(year: int):
    """Products listed at some time in a past fiscal year: published before it ended, and either still active
    or changed status (taken down) after it began. Products from before `published_at` count by creation."""
    start = timezone.make_aware(datetime.datetime(year, 1, 1))
    end = timezone.make_aware(datetime.datetime(year + 1, 1, 1))
    published = Q(published_at__lt=end) | Q(published_at__isnull=True, created_at__lt=end)
    still_or_after = Q(status=Product.Status.ACTIVE) | Q(status_changed_at__gte=start)
    return Product.objects.filter(published, still_or_after, supplier=OuterRef("pk"))


def _active_umkm(filter_q: Q, group: str, year: int) -> tuple[dict, dict]:
    sold = committed_orders(year).filter(supplier=OuterRef("pk"))
    if is_current_year(year):
        listed = Product.objects.filter(supplier=OuterRef("pk"), status=Product.Status.ACTIVE)
        suppliers = Supplier.objects.verified()
    else:
        # Verified then (a listing needs a verified business), possibly back in review since a data change.
        listed = _listed_during(year)
        suppliers = Supplier.objects.filter(Q(status=Supplier.Status.VERIFIED) | Q(verified_at__isnull=False))
    qs = (suppliers.filter(filter_q).filter(umk_q())
          .filter(Exists(listed)).annotate(sold=Exists(sold)))
    active = {row[group]: row["n"] for row in qs.order_by().values(group).annotate(n=Count("id"))}
    sold_counts = {row[group]: row["n"] for row in qs.filter(sold=True).order_by().values(group).annotate(n=Count("id"))}
    return active, sold_counts


def _spend(qs, group: str) -> dict:
    """Realised and UMK spend per area, each order counted as figures.py counts it (a contract ended early
    with what it delivered, a UMK supplier's imported goods outside UMK spend)."""
    qs = qs.annotate(counted=counted_value(), counted_umk=umk_value()).filter(counted__gt=0)
    return {row[group]: row for row in qs.order_by().values(group).annotate(
        realised=Sum("counted"), umk=Sum("counted_umk"), orders=Count("id"),
        suppliers_paid=Count("supplier_id", distinct=True))}


def _fill(row: AreaRow, spend: dict | None, active: int, sold: int, funnel) -> AreaRow:
    if spend:
        row.realised, row.umk = spend["realised"] or 0, spend["umk"] or 0
        row.orders, row.suppliers_paid = spend["orders"], spend["suppliers_paid"]
    row.active_umkm, row.umkm_sold = active, sold
    row.funnel = dict(funnel.counts) if funnel is not None else {}
    return row


def _total(rows: list[AreaRow], name: str) -> AreaRow:
    total = AreaRow(code="", name=name, funnel={key: 0 for key, _label in STAGES})
    for row in rows:
        total.realised += row.realised
        total.umk += row.umk
        total.orders += row.orders
        total.suppliers_paid += row.suppliers_paid
        total.active_umkm += row.active_umkm
        total.umkm_sold += row.umkm_sold
        for key in total.funnel:
            total.funnel[key] += row.funnel.get(key, 0)
    return total


def impact_by_district(year: int, *, with_funnel: bool = True) -> Impact:
    """Every kecamatan of the kabupaten (also those without spend), ranked by realised spend."""
    home = list(District.objects.filter(regency_id=settings.KATALOG_REGION).order_by("name"))
    orders = counted_orders(year)
    spend = _spend(orders.filter(supplier_district__regency_id=settings.KATALOG_REGION), "supplier_district_id")
    active, sold = _active_umkm(Q(regency_id=settings.KATALOG_REGION), "district_id", year)
    with_funnel = with_funnel and is_current_year(year)
    funnel = {row.code: row for row in funnel_by_district()[0]} if with_funnel else {}
    rows = [_fill(AreaRow(d.code, d.name), spend.get(d.code), active.get(d.code, 0), sold.get(d.code, 0),
                  funnel.get(d.code)) for d in home]
    rows.sort(key=lambda r: (-r.realised, r.name))
    outside = (orders.exclude(supplier_district__regency_id=settings.KATALOG_REGION).annotate(counted=counted_value())
               .aggregate(s=Sum("counted"))["s"] or 0)
    return Impact(year=year, rows=rows, total=_total(rows, _("Jumlah")), outside=outside,
                  stages=STAGES if with_funnel else ())


def impact_by_village(year: int, district: District, *, with_funnel: bool = True) -> Impact:
    """Every kampung of one kecamatan, plus businesses whose kampung is not recorded."""
    orders = counted_orders(year).filter(supplier_district=district)
    spend = _spend(orders, "supplier__village_id")
    active, sold = _active_umkm(Q(district=district), "village_id", year)
    with_funnel = with_funnel and is_current_year(year)
    funnel = {row.code: row for row in funnel_by_village(district)[0]} if with_funnel else {}
    rows = [_fill(AreaRow(v.code, v.name), spend.get(v.code), active.get(v.code, 0), sold.get(v.code, 0),
                  funnel.get(v.code)) for v in Village.objects.filter(district=district).order_by("name")]
    if spend.get(None) or active.get(None) or "-" in funnel:
        rows.append(_fill(AreaRow("", _("(kampung belum diisi)")), spend.get(None), active.get(None, 0),
                          sold.get(None, 0), funnel.get("-")))
    rows.sort(key=lambda r: (-r.realised, r.name))
    return Impact(year=year, rows=rows, total=_total(rows, _("Jumlah")), outside=0,
                  stages=STAGES if with_funnel else ())

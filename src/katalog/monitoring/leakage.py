"""Leakage: money that went to suppliers outside the kabupaten, or to local businesses that are not UMK,
for things a local UMKM offers too. The Sekda's instruction list: per OPD and per category, what was bought
elsewhere, for how much, and which local businesses sell a comparable product at what price.

What each number means (tests/monitoring/test_leakage.py rebuilds every one from hand-built orders):

- **Spend** is goods value, `OrderLine.subtotal` (quantity × unit price, before PPN and shipping): the price of
  the product is what a local alternative competes on. Lines of the fiscal year's orders from the signing of
  the Surat Pesanan on (`purchasing.states.COMMITTED_STATUSES`); cancelled orders never count.
- A line **leaks** when its supplier, as recorded at checkout (`Order.supplier_is_local`,
  `Order.supplier_is_umk`), was outside the kabupaten ("ke luar kabupaten") or local but neither micro, small
  nor a koperasi ("lokal non-UMK"), *and* a local UMKM offers a product that can stand in for it today
  (matching.py: same category, a category below it or the same KBKI code; the same thing counted per kg,
  litre, sheet or piece). Lines with no such offer are not leakage but unmet demand (demand.py), and the page
  gives their total beside it.
- **Paid per unit** is the leaked amount divided by the kilograms / litres / sheets / pieces bought
  (units.py reads the size from the unit and the product name); the local alternatives' prices are their
  current catalogue prices per the same unit.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction

from django.db.models import Count, Sum

from katalog.agencies.models import Agency
from katalog.purchasing.models import OrderLine
from katalog.purchasing.states import COMMITTED_STATUSES

from .matching import LocalSupply, Offer, Tree
from .states import percent
from .units import measure, per_label

COMMITTED = sorted(COMMITTED_STATUSES)
ALTERNATIVES_SHOWN = 3


def committed_lines(year: int):
    return OrderLine.objects.filter(order__fiscal_year=year, order__status__in=COMMITTED)


def outside_lines(year: int):
    """Committed lines whose supplier was not a local micro/small business or koperasi at checkout."""
    return committed_lines(year).exclude(order__supplier_is_local=True, order__supplier_is_umk=True)


@dataclass
class _Money:
    amount: int = 0
    outside: int = 0     # supplier outside the kabupaten
    not_umk: int = 0     # local supplier, but medium or large and not a koperasi
    lines: int = 0
    base: Fraction = field(default_factory=Fraction)  # kg / litres / sheets / pieces bought

    def add(self, *, amount: int, local: bool, lines: int, base: Fraction) -> None:
        self.amount += amount
        if local:
            self.not_umk += amount
        else:
            self.outside += amount
        self.lines += lines
        self.base += base

    @property
    def per(self) -> str:
        return per_label(getattr(self, "dimension", "") or "")

    @property
    def paid_per_base(self) -> int | None:
        if not self.base:
            return None
        return int(Fraction(self.amount) / self.base + Fraction(1, 2))


@dataclass
class _Alternatives(_Money):
    """Money spent elsewhere in one category and unit of count, beside the local UMKM offers for it."""

    category_id: int = 0
    path: str = ""
    dimension: str = ""
    alternatives: list[Offer] = field(default_factory=list)
    local_umkm: int = 0

    @property
    def cheapest(self) -> Offer | None:
        return self.alternatives[0] if self.alternatives else None

    @property
    def shown(self) -> list[Offer]:
        return self.alternatives[:ALTERNATIVES_SHOWN]


@dataclass
class LeakRow(_Alternatives):
    """One OPD × category × unit of count: what it bought elsewhere and the local alternatives."""

    agency_id: int = 0
    agency_name: str = ""


@dataclass
class CategoryLeak(_Alternatives):
    """One category × unit of count over every OPD."""

    agencies: set = field(default_factory=set)

    @property
    def agency_count(self) -> int:
        return len(self.agencies)


@dataclass
class AgencyLeak(_Money):
    agency_id: int = 0
    agency_name: str = ""
    categories: set = field(default_factory=set)

    @property
    def category_count(self) -> int:
        return len(self.categories)


@dataclass
class LeakageReport:
    year: int
    goods: int = 0            # all committed goods value of the year (or of the OPD chosen)
    leaked: _Money = field(default_factory=_Money)
    unmet: int = 0            # spent outside / non-UMK with no local alternative (demand.py)
    rows: list[LeakRow] = field(default_factory=list)
    by_agency: list[AgencyLeak] = field(default_factory=list)
    by_category: list[CategoryLeak] = field(default_factory=list)

    @property
    def leaked_share(self):
        return percent(self.leaked.amount, self.goods)


def _groups(year: int, agency_id: int | None):
    qs = outside_lines(year)
    if agency_id is not None:
        qs = qs.filter(order__agency_id=agency_id)
    return (qs.order_by().values("order__agency_id", "category_id", "name", "unit", "order__supplier_is_local")
            .annotate(amount=Sum("subtotal"), quantity=Sum("quantity"), lines=Count("id")))


def leakage(year: int, *, agency_id: int | None = None) -> LeakageReport:
    """The leakage of one fiscal year (of one OPD when `agency_id` is given), largest first."""
    goods = committed_lines(year)
    if agency_id is not None:
        goods = goods.filter(order__agency_id=agency_id)
    report = LeakageReport(year=year, goods=goods.aggregate(s=Sum("subtotal"))["s"] or 0)
    groups = list(_groups(year, agency_id))
    tree = Tree()
    supply = LocalSupply({g["category_id"] for g in groups}, tree)
    rows: dict[tuple, LeakRow] = {}
    categories: dict[tuple, CategoryLeak] = {}
    agencies: dict[int, AgencyLeak] = {}
    names = dict(Agency.objects.filter(pk__in={g["order__agency_id"] for g in groups}).values_list("id", "name"))
    for group in groups:
        unit_measure = measure(group["name"], group["unit"])
        offers = supply.offers_for(group["category_id"], unit_measure)
        if not offers:
            report.unmet += group["amount"]
            continue
        agency, category, dimension = group["order__agency_id"], group["category_id"], unit_measure.dimension
        money = {"amount": group["amount"], "local": group["order__supplier_is_local"], "lines": group["lines"],
                 "base": unit_measure.amount * group["quantity"]}
        report.leaked.add(**money)
        row = rows.get((agency, category, dimension))
        if row is None:
            row = rows[(agency, category, dimension)] = LeakRow(
                agency_id=agency, agency_name=names.get(agency, ""), category_id=category, path=tree.path(category),
                dimension=dimension, alternatives=offers, local_umkm=len({o.supplier_id for o in offers}))
        row.add(**money)
        by_category = categories.get((category, dimension))
        if by_category is None:
            by_category = categories[(category, dimension)] = CategoryLeak(
                category_id=category, path=tree.path(category), dimension=dimension, alternatives=offers,
                local_umkm=len({o.supplier_id for o in offers}))
        by_category.add(**money)
        by_category.agencies.add(agency)
        by_agency = agencies.setdefault(agency, AgencyLeak(agency_id=agency, agency_name=names.get(agency, "")))
        by_agency.add(**money)
        by_agency.categories.add(category)
    report.rows = sorted(rows.values(), key=lambda r: (-r.amount, r.agency_name, r.path, r.dimension))
    report.by_category = sorted(categories.values(), key=lambda r: (-r.amount, r.path, r.dimension))
    report.by_agency = sorted(agencies.values(), key=lambda r: (-r.amount, r.agency_name))
    return report


def leaked_lines(year: int, *, agency_id: int | None = None, category_id: int | None = None,
                 dimension: str | None = None, unmet: bool = False) -> list[OrderLine]:
    """The order lines behind one figure of the page: their subtotals add up to it. With `unmet`, the lines
    of the same suppliers that no local UMKM offer can stand in for (the demand page's spend)."""
    qs = outside_lines(year).select_related("order", "order__agency", "order__supplier")
    if agency_id is not None:
        qs = qs.filter(order__agency_id=agency_id)
    if category_id is not None:
        qs = qs.filter(category_id=category_id)
    lines = list(qs.order_by("-subtotal", "order__number", "id"))
    supply = LocalSupply({line.category_id for line in lines})
    found = []
    for line in lines:
        unit_measure = measure(line.name, line.unit)
        if dimension is not None and unit_measure.dimension != dimension:
            continue
        if bool(supply.offers_for(line.category_id, unit_measure)) != unmet:
            line.measure = unit_measure
            line.per_base = unit_measure.per_base(line.unit_price)
            found.append(line)
    return found

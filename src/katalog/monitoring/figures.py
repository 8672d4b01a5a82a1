"""The dashboard's figures per fiscal year and per OPD, computed from the orders on every read.

What each number means (one place; the tests in tests/monitoring/test_figures.py hold it):

- **Realised spend** (realisasi): `Order.total` (goods + PPN + shipping: what the APBD pays) of the orders
  of the fiscal year (`Order.fiscal_year`) whose status is in `purchasing.states.COMMITTED_STATUSES`, i.e.
  from the signing of the Surat Pesanan on. Cancelled orders never count, also those ended after signing
  (penghentian / pemutusan).
- **Partly delivered orders count at their committed (contract) value**, not at what has been delivered so
  far: Inpres 2/2022 asks agencies to plan, allocate and realise 40% of the budget, and the budget is bound
  when the Surat Pesanan is signed. An agreed adendum changes `Order.total`.
- **A contract ended early (pemutusan)** counts what was received and accepted before it ended: the goods
  value of the received deliveries plus the same fraction of PPN and shipping (core.rules.pro_rata).
  Other cancellations (penghentian for force majeure included) count nothing.
- **UMK spend** (Perpres 12/2021 Pasal 65 ayat 2, core.rules): what suppliers that were micro, small or a
  koperasi at checkout (`Order.supplier_is_umk`, a snapshot) were paid for *domestic* goods: an order's
  imported lines are taken out, pro rata with their PPN and shipping (core.rules.pro_rata). Imported goods
  still count as realised spend.
- **UMK share of catalogue spend** (`umk_share`): catalogue UMK spend over catalogue realised spend.
- **UMK share of budget** (`budget_share`, the headline of Pasal 65 ayat 3): UMK spend of every channel
  (this catalogue + packages realised elsewhere, models.OutsidePackage) over the OPD's goods/services
  budget (models.GoodsBudget, imported from the DPA or RUP). Without an imported budget it is None and the
  pages say so, showing the catalogue share only, labelled as such.
- **DPP and PPN** inside realised spend: the tax base (DPP) and the PPN of its lines (PMK 131/2024; each line
  keeps the rate and DPP factor it was made with); a contract ended early counts them on what was received.
  Realised spend = goods + PPN + shipping; DPP is the base of the taxed goods only.
- **Local share**: the same with `Order.supplier_is_local` (supplier located in the kabupaten at checkout).
- **Fiscal year**: `Order.fiscal_year`, read through core.rules.order_fiscal_year for a single order.
- **Domestic share and TKDN tiers**: on goods value, `OrderLine.subtotal` (quantity × unit price, before
  PPN and shipping, because TKDN belongs to the product), by the line's snapshot of origin, TKDN and BMP
  (Perpres 46/2025 Pasal 66): TKDN ≥ 25% with TKDN+BMP ≥ 40%; TKDN ≥ 25%; domestic with TKDN < 25%;
  import. Domestic = every tier but import.
- **Planned** (rencana): pagu of the year's SiRUP packages (`RupPackage`), with the pagu flagged PDN / UMK.
- **Month**: the month (local time) in which the order was checked out (`Order.created_at`).

Speed: the goods value per OPD and tier is read from `LineCell`, a summary that database triggers keep
exact (summary.py); order-level sums read covering indexes on purchasing_order (migrations 0002, 0005).
benchmarks/dashboard.py times all of it on 1,000,000 order lines against hand-written SQL.
"""

from __future__ import annotations

import datetime
import logging
from dataclasses import dataclass, field
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import BigIntegerField, Case, Count, ExpressionWrapper, Exists, F, Func, IntegerField, OuterRef, Q, QuerySet, Subquery, Sum, Value, When
from django.db.models.functions import Coalesce
from django.db.models.functions import ExtractMonth
from django.utils.translation import gettext_lazy as _lazy

from katalog.agencies.models import Agency
from katalog.core import rules as core_rules
from katalog.core.money import line_tax_with
from katalog.purchasing.models import DeliveryLine, Order, OrderLine
from katalog.purchasing.states import COMMITTED_STATUSES, CancelKind, OrderStatus

from .models import GoodsBudget, LineCell, OutsidePackage, RupPackage, Target
from .summary import thresholds as summary_thresholds
from .states import TIER1, TIER2, TIER3, TIER_IMPORT, TIERS, IMPORT_ORIGIN, Rag, Targets, default_targets, percent, rag
from katalog.purchasing import rules as purchasing_rules
from django.utils import timezone

TIER_KEYS = tuple(key for key, _label in TIERS)
logger = logging.getLogger(__name__)
COMMITTED = sorted(COMMITTED_STATUSES)


# --- building blocks ----------------------------------------------------------------


def targets_for(year: int) -> Targets:
    row = Target.objects.filter(year=year).first()
    if row is None:
        return default_targets(year)
    return Targets(year=year, umk=row.umk_percent, domestic=row.domestic_percent, local=row.local_percent,
                   from_settings=False)


def committed_orders(year: int) -> QuerySet[Order]:
    return Order.objects.filter(fiscal_year=year, status__in=COMMITTED)


def terminated_orders(year: int) -> QuerySet[Order]:
    """Contracts ended early by the PPK (pemutusan): they count what was received before the end."""
    return Order.objects.filter(fiscal_year=year, status=OrderStatus.CANCELLED, cancel_kind=CancelKind.PEMUTUSAN)


def counted_orders(year: int) -> QuerySet[Order]:
    """Every order that may add to the year's spend: committed ones and contracts ended early."""
    return Order.objects.filter(Q(status__in=COMMITTED) | Q(status=OrderStatus.CANCELLED,
                                                           cancel_kind=CancelKind.PEMUTUSAN), fiscal_year=year)


def committed_lines(year: int) -> QuerySet[OrderLine]:
    return OrderLine.objects.filter(order__fiscal_year=year, order__status__in=COMMITTED)


def tier_q(tier: str, prefix: str = "") -> Q:
    """The lines of one TKDN tier, as a filter (prefix "lines__" when filtering orders): purchasing's one
    definition of the Pasal 66 tiers (rules.domestic_tier_q); this page's TIER3 holds every domestic line under
    25% TKDN (states.tier_of)."""
    imported = Q(**{f"{prefix}origin": purchasing_rules.IMPORT})
    if tier == TIER_IMPORT:
        return imported
    # Tier 5 also ranks last domestic goods without TKDN or SIINas record; this page counts them as domestic.
    tiers = {TIER1: [1], TIER2: [2], TIER3: [3, 4, 5]}
    if tier not in tiers:
        raise ValueError(tier)
    return purchasing_rules.domestic_tier_q(tiers[tier], prefix) & ~imported


class LocalMonth(Func):
    """Month (1-12) of a timestamp in the installation's time zone.

    On SQLite Django's own ExtractMonth calls back into Python for every row; this keeps the work in SQL
    with the zone's UTC offset (Indonesian zones have had no daylight saving since 1964).
    """

    output_field = IntegerField()

    def as_sql(self, compiler, connection, **extra):
        sql, params = compiler.compile(ExtractMonth(self.source_expressions[0], tzinfo=ZoneInfo(settings.TIME_ZONE)))
        return sql, params

    def as_sqlite(self, compiler, connection, **extra):
        sql, params = compiler.compile(self.source_expressions[0])
        offset = ZoneInfo(settings.TIME_ZONE).utcoffset(datetime.datetime(2000, 1, 1))
        minutes = int(offset.total_seconds() // 60)
        return f"CAST(strftime('%%m', {sql}, '{minutes:+d} minutes') AS INTEGER)", params

    def as_postgresql(self, compiler, connection, **extra):
        sql, params = compiler.compile(self.source_expressions[0])
        return f"CAST(EXTRACT(MONTH FROM {sql} AT TIME ZONE %s) AS INTEGER)", (*params, settings.TIME_ZONE)


# --- figures ------------------------------------------------------------------------


@dataclass
class Figures:
    """Money figures of one OPD (or the kabupaten) for one year, and their shares against the targets."""

    targets: Targets
    realised: int = 0
    orders: int = 0
    umk: int = 0
    local: int = 0
    goods: int = 0
    tiers: dict = field(default_factory=lambda: dict.fromkeys(TIER_KEYS, 0))
    planned: int = 0
    planned_umk: int = 0
    planned_pdn: int = 0
    packages: int = 0
    # Spend realised outside this catalogue (imported), and its UMK part (domestic goods of UMK suppliers).
    outside: int = 0
    outside_umk: int = 0
    # The goods/services budget (imported); None when no budget was imported. For the kabupaten: the sum
    # over the OPDs that have one, with `budget_umk` the UMK spend of those same OPDs.
    budget: int | None = None
    budget_umk: int = 0
    budget_opds: int = 0
    # Inside `realised`: the tax base (DPP) of the taxed lines and their PPN.
    dpp: int = 0
    ppn: int = 0

    SUMMED = ("realised", "orders", "umk", "local", "goods", "planned", "planned_umk", "planned_pdn", "packages",
              "outside", "outside_umk", "budget_umk", "budget_opds", "dpp", "ppn")

    def add(self, other: Figures) -> None:
        for name in self.SUMMED:
            setattr(self, name, getattr(self, name) + getattr(other, name))
        for key in TIER_KEYS:
            self.tiers[key] += other.tiers[key]
        if other.budget is not None:
            self.budget = (self.budget or 0) + other.budget

    @property
    def has_budget(self) -> bool:
        return self.budget is not None

    @property
    def umk_all(self) -> int:
        """UMK spend of every channel: this catalogue and the imported outside packages."""
        return self.umk + self.outside_umk

    @property
    def spend_all(self) -> int:
        return self.realised + self.outside

    @property
    def budget_share(self) -> Decimal | None:
        """The headline of Perpres 12/2021 Pasal 65 ayat (3): UMK spend over the goods/services budget."""
        return percent(self.budget_umk, self.budget) if self.budget is not None else None

    @property
    def rag_budget(self) -> str:
        return rag(self.budget_umk, self.budget, self.targets.umk) if self.budget else Rag.NONE

    @property
    def has_spend(self) -> bool:
        return self.realised > 0

    @property
    def domestic(self) -> int:
        return self.goods - self.tiers[TIER_IMPORT]

    @property
    def umk_share(self) -> Decimal | None:
        return percent(self.umk, self.realised)

    @property
    def local_share(self) -> Decimal | None:
        return percent(self.local, self.realised)

    @property
    def domestic_share(self) -> Decimal | None:
        return percent(self.domestic, self.goods)

    @property
    def realisation_share(self) -> Decimal | None:
        """Realised spend as a share of the planned pagu."""
        return percent(self.realised, self.planned)

    @property
    def rag_umk(self) -> str:
        return rag(self.umk, self.realised, self.targets.umk)

    @property
    def rag_local(self) -> str:
        return rag(self.local, self.realised, self.targets.local)

    @property
    def rag_domestic(self) -> str:
        return rag(self.domestic, self.goods, self.targets.domestic)

    @property
    def tier_rows(self) -> list[tuple[str, str, int, Decimal | None]]:
        return [(key, label, self.tiers[key], percent(self.tiers[key], self.goods)) for key, label in TIERS]


@dataclass
class AgencyRow(Figures):
    agency: Agency | None = None
    rank: int | None = None


@dataclass
class MonthRow:
    month: int
    realised: int = 0
    umk: int = 0
    local: int = 0
    orders: int = 0

    @property
    def umk_share(self) -> Decimal | None:
        return percent(self.umk, self.realised)

    @property
    def local_share(self) -> Decimal | None:
        return percent(self.local, self.realised)


@dataclass
class Dashboard:
    year: int
    targets: Targets
    total: Figures
    rows: list[AgencyRow]
    months: list[MonthRow]

    @property
    def rag_counts(self) -> dict[str, int]:
        counts = dict.fromkeys(Rag.values, 0)
        for row in self.rows:
            counts[row.rag_umk] += 1
        return counts


# --- orders that count differently from their total ----------------------------------------


@dataclass
class Adjustment:
    """What one order adds beyond (or instead of) its plain total in the order-level sums."""

    agency_id: int
    month: int
    realised: int = 0
    umk: int = 0
    local: int = 0
    orders: int = 0
    dpp: int = 0
    ppn: int = 0


def _local_month(moment) -> int:
    return timezone.localtime(moment, ZoneInfo(settings.TIME_ZONE)).month


def adjustments(year: int) -> list[Adjustment]:
    """The orders the fast sums (`_order_sums`, plain `Order.total`) get wrong, and by how much:

    - committed orders of a UMK supplier with imported lines: the imported part is not UMK spend;
    - contracts ended early (pemutusan): they count what was received (they are not in the fast sums).

    Both are few, so they are computed here in Python with core.rules, exactly.
    """
    out = []
    mixed = (committed_orders(year).filter(supplier_is_umk=True)
             .filter(Exists(OrderLine.objects.filter(order=OuterRef("pk"), origin=IMPORT_ORIGIN)))
             .annotate(domestic=Coalesce(Sum("lines__subtotal", filter=~Q(lines__origin=IMPORT_ORIGIN)), 0))
             .values_list("agency_id", "created_at", "total", "subtotal", "domestic"))
    for agency_id, created_at, total, subtotal, domestic in mixed:
        umk = core_rules.pro_rata(total, domestic, subtotal)
        out.append(Adjustment(agency_id=agency_id, month=_local_month(created_at), umk=umk - total))
    ended = {o.pk: o for o in terminated_orders(year).only(
        "id", "agency_id", "created_at", "total", "subtotal", "supplier_is_umk", "supplier_is_local")}
    # [goods received, of which domestic, DPP received, PPN received]
    received: dict[int, list[int]] = {pk: [0, 0, 0, 0] for pk in ended}
    for order_id, quantity, unit_price, origin, rate, numerator, denominator in (
            DeliveryLine.objects.filter(delivery__order_id__in=list(ended), delivery__received_on__isnull=False)
            .values_list("delivery__order_id", "quantity", "order_line__unit_price", "order_line__origin",
                         "order_line__ppn_percent", "order_line__dpp_numerator", "order_line__dpp_denominator")):
        received[order_id][0] += quantity * unit_price
        if origin != IMPORT_ORIGIN:
            received[order_id][1] += quantity * unit_price
        tax = line_tax_with(quantity * unit_price, rate, numerator, denominator)
        received[order_id][2] += tax.dpp
        received[order_id][3] += tax.ppn
    for pk, order in ended.items():
        goods, domestic, dpp, ppn = received[pk]
        counted = core_rules.pro_rata(order.total, goods, order.subtotal)
        if not counted:
            continue
        out.append(Adjustment(
            agency_id=order.agency_id, month=_local_month(order.created_at), realised=counted, orders=1,
            dpp=dpp, ppn=ppn,
            umk=core_rules.pro_rata(order.total, domestic, order.subtotal) if order.supplier_is_umk else 0,
            local=counted if order.supplier_is_local else 0))
    return out


def _apply(target, adjustment: Adjustment) -> None:
    if hasattr(target, "dpp"):
        target.dpp += adjustment.dpp
        target.ppn += adjustment.ppn
    target.realised += adjustment.realised
    target.umk += adjustment.umk
    target.local += adjustment.local
    target.orders += adjustment.orders


def _order_sums():
    return {
        "realised": Sum("total"),
        "orders": Count("*"),  # not Count("id"): "id" is not in the covering index (PostgreSQL index-only scan)
        "umk": Sum("total", filter=Q(supplier_is_umk=True)),
        "local": Sum("total", filter=Q(supplier_is_local=True)),
    }


def goods_by_agency(year: int) -> dict[int, dict]:
    """Goods value per OPD and TKDN tier: {agency_id: {"goods_sum", "tier_<key>"...}}.

    Read from the trigger-maintained line cells (models.LineCell, summary.py): the same sums as
    committed_lines(year) grouped by OPD, without joining every line to its order. Should the cells have
    been made with other TKDN thresholds than today's settings, read the lines themselves instead.
    """
    minimum, with_bmp = summary_thresholds()
    cells = LineCell.objects.filter(fiscal_year=year)
    if cells.exclude(tkdn_min=minimum, tkdn_bmp_min=with_bmp).exists():
        logger.warning("monitoring line cells were made with other TKDN thresholds: run `katalog rebuild-line-cells`")
        sums = {"goods_sum": Sum("subtotal")}
        sums.update({f"tier_{key}": Sum("subtotal", filter=tier_q(key)) for key in TIER_KEYS})
        return {row.pop("order__agency_id"): row for row in
                committed_lines(year).order_by().values("order__agency_id").annotate(**sums)}
    sums = {"goods_sum": Sum("goods")}  # not "goods": that is the cell's own column
    sums.update({f"tier_{key}": Sum("goods", filter=Q(tier=key)) for key in TIER_KEYS})
    return {row.pop("agency_id"): row for row in
            cells.filter(status__in=COMMITTED).order_by().values("agency_id").annotate(**sums)}


def _fill(figures: Figures, orders: dict | None, lines: dict | None, plans: dict | None) -> Figures:
    if orders:
        figures.realised, figures.orders = orders["realised"] or 0, orders["orders"] or 0
        figures.umk, figures.local = orders["umk"] or 0, orders["local"] or 0
    if lines:
        figures.goods = lines["goods_sum"] or 0
        figures.tiers = {key: lines[f"tier_{key}"] or 0 for key in TIER_KEYS}
    if plans:
        figures.planned, figures.packages = plans["planned"] or 0, plans["packages"] or 0
        figures.planned_umk, figures.planned_pdn = plans["planned_umk"] or 0, plans["planned_pdn"] or 0
    return figures


def _plan_sums():
    return {
        "planned": Sum("pagu"), "packages": Count("id"),
        "planned_umk": Sum("pagu", filter=Q(is_umk=True)), "planned_pdn": Sum("pagu", filter=Q(is_pdn=True)),
    }


def agency_rows(year: int, targets: Targets | None = None) -> list[AgencyRow]:
    """One row per OPD (every active OPD, and any other with orders or plans that year), ranked.

    Ranked by UMK share (the 40% rule is the headline), then by realised spend, then by name;
    OPDs without realised spend come last, unranked.
    """
    targets = targets or targets_for(year)
    by_orders = {row.pop("agency_id"): row for row in
                 committed_orders(year).order_by().values("agency_id").annotate(**_order_sums())}
    by_lines = goods_by_agency(year)
    by_plans = {row.pop("agency_id"): row for row in
                RupPackage.objects.filter(year=year).order_by().values("agency_id").annotate(**_plan_sums())}
    by_outside = {row.pop("agency_id"): row for row in
                  OutsidePackage.objects.filter(year=year).order_by().values("agency_id").annotate(
                      outside=Sum("value"), outside_umk=Sum("value", filter=outside_umk_q()))}
    budgets = dict(GoodsBudget.objects.filter(year=year).values_list("agency_id", "amount"))
    taxes = {row.pop("order__agency_id"): row for row in
             committed_lines(year).filter(ppn__gt=0).order_by().values("order__agency_id")
             .annotate(dpp=Sum("dpp"), ppn=Sum("ppn"))}
    extra = adjustments(year)
    ids = set(by_orders) | set(by_lines) | set(by_plans) | set(by_outside) | set(budgets) | {a.agency_id for a in extra}
    agencies = Agency.objects.filter(Q(is_active=True) | Q(pk__in=ids)).order_by("name")
    rows = {a.pk: _fill(AgencyRow(targets=targets, agency=a), by_orders.get(a.pk), by_lines.get(a.pk),
                        by_plans.get(a.pk)) for a in agencies}
    for adjustment in extra:
        _apply(rows[adjustment.agency_id], adjustment)
    for pk, row in rows.items():
        tax = taxes.get(pk) or {}
        row.dpp += tax.get("dpp") or 0
        row.ppn += tax.get("ppn") or 0
        outside = by_outside.get(pk) or {}
        row.outside, row.outside_umk = outside.get("outside") or 0, outside.get("outside_umk") or 0
        if pk in budgets:
            row.budget, row.budget_umk, row.budget_opds = budgets[pk], row.umk_all, 1
    return rank(list(rows.values()))


def outside_umk_q() -> Q:
    """Outside packages that are UMK spend: a UMK supplier (core.rules) and domestic goods."""
    return core_rules.umk_q("supplier_") & Q(is_domestic=True)


def rank(rows: list[AgencyRow]) -> list[AgencyRow]:
    """OPDs with a budget first, by UMK share of budget (the headline); then the others with catalogue
    spend, by UMK share of catalogue spend; then the rest, unranked."""
    def key(r):
        if r.budget:
            return (0, -(r.budget_umk * 10**6 // r.budget), -r.realised, r.agency.name)
        return (1, -(r.umk * 10**6 // r.realised), -r.realised, r.agency.name)

    spending = sorted((r for r in rows if r.has_spend or r.budget), key=key)
    for position, row in enumerate(spending, start=1):
        row.rank = position
    idle = sorted((r for r in rows if not (r.has_spend or r.budget)), key=lambda r: (-r.planned, r.agency.name))
    return spending + idle


def kabupaten_total(rows: list[AgencyRow], targets: Targets) -> Figures:
    total = Figures(targets=targets)
    for row in rows:
        total.add(row)
    return total


def monthly_trend(year: int, agency_id: int | None = None) -> list[MonthRow]:
    """Realised, UMK and local spend per month of checkout, all twelve months."""
    qs = committed_orders(year)
    if agency_id is not None:
        qs = qs.filter(agency_id=agency_id)
    found = {row["month"]: row for row in
             qs.order_by().annotate(month=LocalMonth("created_at")).values("month").annotate(**_order_sums())}
    months = []
    for month in range(1, 13):
        row = found.get(month) or {}
        months.append(MonthRow(month=month, realised=row.get("realised") or 0, umk=row.get("umk") or 0,
                               local=row.get("local") or 0, orders=row.get("orders") or 0))
    for adjustment in adjustments(year):
        if agency_id is None or adjustment.agency_id == agency_id:
            _apply(months[adjustment.month - 1], adjustment)
    return months


def dashboard(year: int) -> Dashboard:
    """Everything the leadership dashboard shows: kabupaten totals, OPDs ranked, the monthly trend."""
    targets = targets_for(year)
    rows = agency_rows(year, targets)
    return Dashboard(year=year, targets=targets, total=kabupaten_total(rows, targets), rows=rows,
                     months=monthly_trend(year))


def kabupaten_figures(year: int) -> Figures:
    """The kabupaten's figures for one fiscal year (the dashboard's total, without the monthly trend)."""
    targets = targets_for(year)
    return kabupaten_total(agency_rows(year, targets), targets)


def agency_figures(year: int, agency: Agency) -> AgencyRow:
    """One OPD's figures (with its rank among all OPDs)."""
    for row in agency_rows(year):
        if row.agency.pk == agency.pk:
            return row
    return AgencyRow(targets=targets_for(year), agency=agency)


def fiscal_years() -> list[int]:
    """Years with orders or plans, newest first, always including the current year."""
    years = set(Order.objects.order_by().values_list("fiscal_year", flat=True).distinct())
    years |= set(RupPackage.objects.order_by().values_list("year", flat=True).distinct())
    years.add(datetime.date.today().year)
    return sorted(years, reverse=True)


# --- drill-down: the orders behind a number -----------------------------------------

def _line_measure(key: str):
    if key == "goods":
        return lambda prefix: Q()
    if key == "domestic":
        return lambda prefix: ~Q(**{f"{prefix}origin": IMPORT_ORIGIN})
    return lambda prefix: tier_q(key, prefix)


class ProRata(Func):
    """core.rules.pro_rata in SQL: part + (2·(total − whole)·part + whole) div (2·whole), whole > 0.

    Integer arithmetic on SQLite; numeric on PostgreSQL (no bigint overflow on very large orders).
    """

    output_field = BigIntegerField()

    def __init__(self, total, part, whole):
        super().__init__(total, part, whole)

    def as_sql(self, compiler, connection, **extra):
        (total, tp), (part, pp), (whole, wp) = (compiler.compile(e) for e in self.source_expressions)
        sql = f"({part} + (2 * ({total} - {whole}) * {part} + {whole}) / (2 * {whole}))"
        return sql, (*pp, *tp, *wp, *pp, *wp, *wp)

    def as_postgresql(self, compiler, connection, **extra):
        (total, tp), (part, pp), (whole, wp) = (compiler.compile(e) for e in self.source_expressions)
        sql = (f"({part} + FLOOR((2 * ({total} - {whole})::numeric * {part} + {whole}) "
               f"/ (2 * {whole}::numeric))::bigint)")
        return sql, (*pp, *tp, *wp, *pp, *wp, *wp)


def _received(domestic_only: bool):
    lines = DeliveryLine.objects.filter(delivery__order=OuterRef("pk"), delivery__received_on__isnull=False)
    if domestic_only:
        lines = lines.exclude(order_line__origin=IMPORT_ORIGIN)
    value = lines.order_by().values("delivery__order").annotate(
        s=Sum(ExpressionWrapper(F("quantity") * F("order_line__unit_price"),
                                   output_field=BigIntegerField()))).values("s")
    return Coalesce(Subquery(value, output_field=BigIntegerField()), Value(0, output_field=BigIntegerField()))


def _domestic_goods():
    value = (OrderLine.objects.filter(order=OuterRef("pk")).exclude(origin=IMPORT_ORIGIN).order_by()
             .values("order").annotate(s=Sum("subtotal")).values("s"))
    return Coalesce(Subquery(value, output_field=BigIntegerField()), Value(0, output_field=BigIntegerField()))


_ENDED = Q(status=OrderStatus.CANCELLED)  # within counted_orders(): a pemutusan


def counted_value():
    """What an order adds to realised spend (SQL twin of `adjustments` + the fast sums)."""
    return Case(When(_ENDED, subtotal__gt=0, then=ProRata(F("total"), _received(False), F("subtotal"))),
                When(_ENDED, then=Value(0, output_field=BigIntegerField())), default=F("total"), output_field=BigIntegerField())


def umk_value():
    """What an order adds to UMK spend: its domestic goods with their share of PPN and shipping."""
    return Case(When(supplier_is_umk=False, then=Value(0, output_field=BigIntegerField())),
                When(subtotal__lte=0, then=Case(When(_ENDED, then=Value(0, output_field=BigIntegerField())), default=F("total"))),
                When(_ENDED, then=ProRata(F("total"), _received(True), F("subtotal"))),
                default=ProRata(F("total"), _domestic_goods(), F("subtotal")), output_field=BigIntegerField())


# measure → (label, filter on orders, None when an order counts with an order-level value, else its lines' filter)
ORDER_VALUES = {
    "realised": lambda: counted_value(),
    "umk": lambda: umk_value(),
    "non_umk": lambda: ExpressionWrapper(counted_value() - umk_value(), output_field=BigIntegerField()),
    "local": lambda: Case(When(supplier_is_local=True, then=counted_value()), default=Value(0, output_field=BigIntegerField()),
                          output_field=BigIntegerField()),
    "non_local": lambda: Case(When(supplier_is_local=False, then=counted_value()), default=Value(0, output_field=BigIntegerField()),
                              output_field=BigIntegerField()),
}
MEASURES: dict[str, tuple] = {
    "realised": (_lazy("Realisasi"), None, None),
    "umk": (_lazy("Usaha mikro, kecil dan koperasi (produk dalam negeri)"), Q(supplier_is_umk=True), None),
    "non_umk": (_lazy("Usaha menengah dan besar, dan barang impor dari UMK"), None, None),
    "local": (_lazy("Penyedia lokal"), Q(supplier_is_local=True), None),
    "non_local": (_lazy("Penyedia luar kabupaten"), Q(supplier_is_local=False), None),
    "goods": (_lazy("Nilai barang"), None, _line_measure("goods")),
    "domestic": (_lazy("Produk dalam negeri"), None, _line_measure("domestic")),
    **{key: (label, None, _line_measure(key)) for key, label in TIERS},
}


def orders_behind(*, year: int, measure: str, agency_id: int | None = None, month: int | None = None,
                  district: str | None = None, village: str | None = None,
                  category_id: int | None = None) -> QuerySet[Order]:
    """The orders behind one figure, each annotated with `counted`: what it adds to that figure.

    The sum of `counted` over the list is exactly the figure on the dashboard. A category narrows a
    goods-value measure to the lines of that category (the demand view); order-level measures
    (realised, UMK, local) have no category, so asking for one is a KeyError. Order-level measures include
    contracts ended early with what they delivered; goods-value measures read committed orders only.
    """
    _label, order_filter, line_filter = MEASURES[measure]
    if category_id is not None and line_filter is None:
        raise KeyError(measure)
    qs = (counted_orders(year) if line_filter is None else committed_orders(year)).select_related("agency", "supplier")
    if agency_id is not None:
        qs = qs.filter(agency_id=agency_id)
    if month is not None:
        qs = qs.annotate(month=LocalMonth("created_at")).filter(month=month)
    if district:
        qs = qs.filter(supplier_district_id=district)
    if village:
        qs = qs.filter(supplier__village_id=village)
    if order_filter is not None:
        qs = qs.filter(order_filter)
    if line_filter is None:
        return qs.annotate(counted=ORDER_VALUES[measure]()).filter(counted__gt=0).order_by("-created_at", "-id")
    lines = line_filter("lines__")
    if category_id is not None:
        lines &= Q(lines__category_id=category_id)
    counted = Sum("lines__subtotal", filter=lines) if lines else Sum("lines__subtotal")
    return (qs.annotate(counted=counted).filter(counted__gt=0)
            .order_by("-created_at", "-id"))


def measure_label(measure: str) -> str:
    return str(MEASURES[measure][0])

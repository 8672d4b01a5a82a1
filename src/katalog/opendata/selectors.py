"""Reads for open data: the orders (with everything their OCDS releases need, in a few queries), the
suppliers admitted to the catalogue, and public aggregate figures. Nothing here returns personal data."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from functools import cached_property

from django.conf import settings
from django.db.models import Count, Prefetch, Q, QuerySet, Sum

from katalog.catalogue.models import Category, Product
from katalog.core.models import AuditEvent
from katalog.core.rules import percent_float
from katalog.monitoring import figures
from katalog.purchasing.models import Amendment, Delivery, Order, OrderLine
from katalog.purchasing.states import COMMITTED_STATUSES, OrderStatus
from katalog.suppliers.models import Supplier
from katalog.regions.models import Regency
from django.db.models import Max

# Audit actions (purchasing services record them on the order) whose time dates an OCDS release.
EVENT_ACTIONS = (
    "order.place", "order.approve", "order.accept", "order.sign", "order.sign_bast", "order.cancel",
    "order.expire", "order.reject", "order.halt", "order.terminate", "order.record_payment",
    "order.record_outside_payment",
)
# Statuses an order reaches only after it was sent to the supplier (the award).
AWARDED_STATUSES = frozenset({OrderStatus.SUPPLIER_CONFIRMATION}) | COMMITTED_STATUSES
_CHUNK = 500


@dataclass
class OrderFacts:
    """One order and the dated facts its releases are built from."""

    order: Order
    # action → [(when, status before the action)], oldest first (from the audit chain).
    audit: dict[str, list[tuple[datetime, str]]] = field(default_factory=dict)
    tenderers: int | None = None  # mini-kompetisi: suppliers with a current quote
    items_cache: dict = field(default_factory=dict)  # OCDS items per set of terms (ocds/releases.py)

    # Each related list read once per order (the releases of one order look at them many times).
    @cached_property
    def lines(self) -> list:
        return list(self.order.lines.all())

    @cached_property
    def deliveries(self) -> list:
        return list(self.order.deliveries.all())

    @cached_property
    def documents(self) -> dict:
        return {document.kind: document for document in self.order.documents.all()}

    @cached_property
    def amendments(self) -> list:
        return list(self.order.amendments.all())

    @cached_property
    def payment(self):
        try:
            return self.order.payment
        except Exception:  # RelatedObjectDoesNotExist: not paid (yet), or paid before payments were recorded
            return None

    def first(self, *actions: str) -> datetime | None:
        times = [at for action in actions for at, _before in self.audit.get(action, [])]
        return min(times) if times else None

    def cancelled_from(self) -> str | None:
        """The status an order was in when it was cancelled, when the audit chain says so."""
        for action in ("order.cancel", "order.expire", "order.reject", "order.halt", "order.terminate"):
            for _at, before in self.audit.get(action, []):
                if before:
                    return before
        return None


def _order_queryset() -> QuerySet[Order]:
    return (
        Order.objects.select_related(
            "agency", "agency__regency", "agency__district", "supplier", "supplier_district",
            "supplier_district__regency", "payment", "competition",
        )
        .prefetch_related(
            Prefetch("lines", queryset=OrderLine.objects.select_related("category", "category__kbki").order_by("id")),
            Prefetch("deliveries", queryset=Delivery.objects.order_by("number")),
            "documents",
            Prefetch("amendments", queryset=Amendment.objects.filter(status=Amendment.Status.AGREED).order_by("number")),
        )
        .annotate(current_quotes=Count("competition__quotes", filter=Q(competition__quotes__is_current=True)))
    )


def publishable_orders() -> QuerySet[Order]:
    """Orders that may have reached the award: sent to the supplier, or cancelled (checked per order)."""
    return _order_queryset().filter(Q(status__in=AWARDED_STATUSES) | Q(status=OrderStatus.CANCELLED))


def orders_of_year(year: int) -> QuerySet[Order]:
    return publishable_orders().filter(fiscal_year=year).order_by("created_at", "id")


def order_by_lookup(lookup: dict) -> Order | None:
    return publishable_orders().filter(**lookup).first()


def fiscal_years() -> list[int]:
    return sorted(set(
        Order.objects.filter(Q(status__in=AWARDED_STATUSES) | Q(status=OrderStatus.CANCELLED))
        .values_list("fiscal_year", flat=True).distinct()
    ), reverse=True)


def _audit_for(order_ids: list[int]) -> dict[int, dict[str, list[tuple[datetime, str]]]]:
    found: dict[int, dict[str, list[tuple[datetime, str]]]] = defaultdict(lambda: defaultdict(list))
    label = Order._meta.label_lower
    for start in range(0, len(order_ids), _CHUNK):
        chunk = [str(pk) for pk in order_ids[start:start + _CHUNK]]
        rows = (AuditEvent.objects.filter(object_type=label, object_id__in=chunk, action__in=EVENT_ACTIONS)
                .order_by("id").values_list("object_id", "action", "at", "before"))
        for object_id, action, at, before in rows:
            status = (before or {}).get("status", "") if isinstance(before, dict) else ""
            found[int(object_id)][action].append((at, status))
    return found


def order_facts(orders: Iterable[Order]) -> Iterator[OrderFacts]:
    """The facts of each order, with the audit times of all of them fetched in a few queries."""
    orders = list(orders)
    audit = _audit_for([o.pk for o in orders])
    for order in orders:
        quotes = getattr(order, "current_quotes", None) if _has_competition(order) else None
        yield OrderFacts(order=order, audit={k: list(v) for k, v in audit.get(order.pk, {}).items()},
                         tenderers=quotes)


def _has_competition(order: Order) -> bool:
    try:
        return order.competition is not None
    except Exception:  # RelatedObjectDoesNotExist: an order from the catalogue, not from a mini-kompetisi
        return False


# --- the catalogue as a framework ------------------------------------------------------------


def admitted_suppliers() -> QuerySet[Supplier]:
    """Suppliers the public may see (verified, or back in review with a verified snapshot)."""
    return Supplier.objects.publicly_visible().select_related("district", "regency").order_by("verified_at", "id")


def catalogue_categories() -> QuerySet[Category]:
    return Category.objects.select_related("kbki").order_by("level", "name", "id")


def catalogue_started_at() -> datetime | None:
    """The first dated fact of the catalogue: a supplier verified, a product published or an order placed."""
    candidates = [
        Supplier.objects.filter(verified_at__isnull=False).order_by("verified_at").values_list("verified_at", flat=True).first(),
        Product.objects.filter(published_at__isnull=False).order_by("published_at").values_list("published_at", flat=True).first(),
        Order.objects.order_by("created_at").values_list("created_at", flat=True).first(),
    ]
    candidates = [c for c in candidates if c is not None]
    return min(candidates) if candidates else None


def regency_name() -> str:
    return Regency.objects.filter(code=settings.KATALOG_REGION).values_list("name", flat=True).first() or settings.KATALOG_REGION


# --- public figures ------------------------------------------------------------------------


def kabupaten_figures(year: int) -> figures.Figures:
    """The kabupaten's figures for one fiscal year: the monitoring app's own computation."""
    return figures.kabupaten_figures(year)


def figures_dict(row: figures.Figures) -> dict:
    """One OPD's (or the kabupaten's) figures for the API; shares through core.rules (one rounding)."""
    return {"orders": row.orders, "total": row.realised, "dpp": row.dpp, "ppn": row.ppn, "umk": row.umk,
            "local": row.local,
            "umk_share": _share(row.umk_share), "local_share": _share(row.local_share),
            "outside": row.outside, "outside_umk": row.outside_umk, "budget": row.budget,
            "budget_umk": row.budget_umk, "budget_share": _share(row.budget_share)}


def year_agency_figures(year: int) -> dict:
    board = figures.dashboard(year)
    return {"year": year, "target_umk_percent": board.targets.umk,
            "total": {"year": year, **figures_dict(board.total)},
            "agencies": [{"year": year, "agency_code": r.agency.code, "agency_name": r.agency.name, "rank": r.rank,
                          **figures_dict(r)} for r in board.rows]}


# --- the public transparency page -------------------------------------------------------------


@dataclass
class ShareRow:
    """One OPD (or the kabupaten) on the transparency page. Shares are percents (one decimal) or None."""

    name: str
    realised: int
    orders: int
    umk_share: float | None
    domestic_share: float | None
    local_share: float | None
    budget_share: float | None = None  # UMK share of the goods/services budget (None: no budget imported)


@dataclass
class CategoryRow:
    name: str
    spend: int
    share: float


@dataclass
class Transparency:
    year: int
    years: list[int]
    total: ShareRow
    rows: list[ShareRow]
    categories: list[CategoryRow]
    targets: dict


def _share(value) -> float | None:
    """A share already rounded by core.rules.percent, as a JSON number (no second rounding)."""
    return None if value is None else float(value)


def _share_row(name: str, row: figures.Figures) -> ShareRow:
    return ShareRow(name=name, realised=row.realised, orders=row.orders, umk_share=_share(row.umk_share),
                    domestic_share=_share(row.domestic_share), local_share=_share(row.local_share),
                    budget_share=_share(row.budget_share))


def transparency(year: int) -> Transparency:
    """Totals, UMK / domestic / local shares per OPD and the top categories of one fiscal year.

    The figures come from the monitoring app (monitoring.figures, the leadership dashboard's own numbers)
    so that the public and the leadership never see two versions.
    """
    board = figures.dashboard(year)
    rows = [_share_row(r.agency.name, r) for r in board.rows if r.has_spend]
    total = _share_row(regency_name(), board.total)
    targets = {"umk": board.targets.umk, "domestic": board.targets.domestic, "local": board.targets.local}
    return Transparency(year=year, years=figures.fiscal_years(), total=total, rows=rows,
                        categories=top_categories(year), targets=targets)


def top_categories(year: int, limit: int = 8) -> list[CategoryRow]:
    """Committed goods value (OrderLine.subtotal) per top-level category, largest first."""
    by_category = dict(
        figures.committed_lines(year).order_by().values_list("category_id").annotate(spend=Sum("subtotal"))
    )
    if not by_category:
        return []
    parents = dict(Category.objects.values_list("pk", "parent_id"))
    names = dict(Category.objects.values_list("pk", "name"))

    def root(pk):
        seen = 0
        while parents.get(pk) and seen < 5:
            pk, seen = parents[pk], seen + 1
        return pk

    totals: dict[int, int] = defaultdict(int)
    for category_id, spend in by_category.items():
        totals[root(category_id)] += spend or 0
    whole = sum(totals.values())
    ranked = sorted(totals.items(), key=lambda kv: (-kv[1], names.get(kv[0], "")))[:limit]
    return [CategoryRow(name=names.get(pk, ""), spend=spend, share=percent_float(spend, whole) or 0.0)
            for pk, spend in ranked]


def publication_fingerprint(year: int | None = None) -> str:
    """Changes whenever anything published may have changed: every service write appends an audit event;
    records written without one (imports, demo data) still move the orders' and suppliers' own columns."""
    last_event = AuditEvent.objects.order_by("-id").values_list("id", flat=True).first() or 0
    orders = Order.objects.filter(fiscal_year=year) if year is not None else Order.objects.all()
    o = orders.aggregate(n=Count("id"), last=Max("id"), changed=Max("status_changed_at"))
    s = Supplier.objects.aggregate(n=Count("id"), changed=Max("status_changed_at"), verified=Max("verified_at"))
    return "|".join(str(part) for part in (last_event, o["n"], o["last"], o["changed"], s["n"], s["changed"],
                                            s["verified"], Category.objects.count()))

"""Integrity flags from the known abuse patterns (KPK 2024, docs/domain-notes.md), found in the data.

`detect_flags()` runs every detector and stores what is new; `katalog detect-flags` and any scheduler
call it. Each detector yields candidates with a `key` naming the situation (kind + the records it is
about): a situation already flagged, open or reviewed, is never flagged again, so running it twice (or
every night) adds nothing. Thresholds are KATALOG_RULES settings (flag_*). A flag is a reason to look,
not an accusation: its text says in plain words what was seen, and its evidence links to the records.
"""

from __future__ import annotations

import statistics
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from urllib.parse import urlencode

from django.db import IntegrityError, transaction
from django.db.models import Count, F, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from katalog.catalogue.models import Category, Product
from katalog.catalogue.references import ceilings_for, current_year_references
from katalog.core.audit import record_event
from katalog.core.money import format_rupiah
from katalog.purchasing.models import Justification, Order, OrderLine
from katalog.purchasing.states import COMMITTED_STATUSES, OrderStatus

from .models import DetectionRun, Flag
from .states import FlagKind, percent, rule
from .units import measure


@dataclass
class Candidate:
    kind: str
    key: str
    reason: str
    evidence: list[dict] = field(default_factory=list)
    amount: int | None = None
    fiscal_year: int | None = None
    agency_id: int | None = None
    supplier_id: int | None = None
    product_id: int | None = None
    order_id: int | None = None


@dataclass
class DetectionReport:
    created: dict = field(default_factory=lambda: dict.fromkeys(FlagKind.values, 0))
    seen: int = 0

    @property
    def total(self) -> int:
        return sum(self.created.values())


def _local(moment: datetime) -> datetime:
    return timezone.localtime(moment)


def _when(moment: datetime) -> str:
    return _local(moment).strftime("%d-%m-%Y %H:%M")


def _day(moment: datetime) -> str:
    return _local(moment).strftime("%d-%m-%Y")


def _pct(value) -> str:
    return f"{value}".replace(".", ",") + "%"


def _order_evidence(number: str, label: str | None = None) -> dict:
    return {"type": "order", "ref": number, "label": label or _("Pesanan %(n)s") % {"n": number}}


def _live_orders(since: datetime):
    """Orders that could be gaming: everything checked out in the window that was not cancelled."""
    return Order.objects.filter(created_at__gte=since).exclude(status=OrderStatus.CANCELLED)


# --- 1. listed and bought the same day --------------------------------------------------


def same_day(since: datetime) -> Iterator[Candidate]:
    """A product published and ordered on the same (local) day."""
    lines = (OrderLine.objects.filter(order__in=_live_orders(since))
             .filter(product__published_at__isnull=False,
                     product__published_at__lte=F("order__created_at"),
                     product__published_at__gt=F("order__created_at") - timedelta(days=1))
             .select_related("order", "order__agency", "product"))
    for line in lines:
        order, product = line.order, line.product
        if _local(product.published_at).date() != _local(order.created_at).date():
            continue
        sold_out = _(" Stoknya kini habis.") if product.stock == 0 else ""
        yield Candidate(
            kind=FlagKind.SAME_DAY, key=f"order:{order.pk}:product:{product.pk}",
            reason=_("Produk “%(p)s” tayang di katalog pada %(listed)s dan dipesan %(opd)s pada hari yang sama "
                     "(%(ordered)s, pesanan %(n)s, %(amount)s).%(sold_out)s Pola yang dikenal (KPK 2024): produk "
                     "diunggah lalu langsung dibeli, kemudian tampak habis.")
            % {"p": product.name, "listed": _when(product.published_at), "opd": order.agency.name,
               "ordered": _when(order.created_at), "n": order.number, "amount": format_rupiah(line.subtotal),
               "sold_out": sold_out},
            evidence=[_order_evidence(order.number), {"type": "product", "ref": product.pk, "label": product.name}],
            amount=line.subtotal, fiscal_year=order.fiscal_year, agency_id=order.agency_id,
            supplier_id=order.supplier_id, product_id=product.pk, order_id=order.pk,
        )


# --- 2. price raised shortly before an order ----------------------------------------------


def price_rise(since: datetime) -> Iterator[Candidate]:
    """A price raised by at least flag_price_rise_min_percent within flag_price_rise_days before an order."""
    days, minimum = rule("flag_price_rise_days"), rule("flag_price_rise_min_percent")
    rows = (OrderLine.objects.filter(order__in=_live_orders(since))
            .filter(product__price_changes__old_price__isnull=False,
                    product__price_changes__new_price__gt=F("product__price_changes__old_price"),
                    product__price_changes__changed_at__lte=F("order__created_at"),
                    product__price_changes__changed_at__gt=F("order__created_at") - timedelta(days=days))
            .values("order_id", "order__number", "order__created_at", "order__fiscal_year", "order__agency_id",
                    "order__agency__name", "order__supplier_id", "product_id", "name", "quantity",
                    "product__price_changes__id", "product__price_changes__old_price",
                    "product__price_changes__new_price", "product__price_changes__changed_at"))
    for row in rows:
        old, new = row["product__price_changes__old_price"], row["product__price_changes__new_price"]
        if (new - old) * 100 < minimum * old:
            continue
        rise = percent(new - old, old)
        extra = (new - old) * row["quantity"]
        yield Candidate(
            kind=FlagKind.PRICE_RISE, key=f"order:{row['order_id']}:change:{row['product__price_changes__id']}",
            reason=_("Harga “%(p)s” naik %(rise)s dari %(old)s menjadi %(new)s pada %(changed)s, %(days)s hari "
                     "atau kurang sebelum %(opd)s memesannya (%(ordered)s, pesanan %(n)s, %(q)s unit: selisih "
                     "%(extra)s). Pola yang dikenal (KPK 2024): harga dinaikkan sesaat sebelum pembelian.")
            % {"p": row["name"], "rise": _pct(rise), "old": format_rupiah(old), "new": format_rupiah(new),
               "changed": _when(row["product__price_changes__changed_at"]), "days": days,
               "opd": row["order__agency__name"], "ordered": _when(row["order__created_at"]),
               "n": row["order__number"], "q": row["quantity"], "extra": format_rupiah(extra)},
            evidence=[_order_evidence(row["order__number"]),
                      {"type": "product", "ref": row["product_id"], "label": _("Riwayat harga “%(p)s”") % {"p": row["name"]}}],
            amount=extra, fiscal_year=row["order__fiscal_year"], agency_id=row["order__agency_id"],
            supplier_id=row["order__supplier_id"], product_id=row["product_id"], order_id=row["order_id"],
        )


# --- 3. one supplier taking a large share of an OPD's spend --------------------------------


def concentration(years: list[int]) -> Iterator[Candidate]:
    """Per OPD and fiscal year: the top supplier's share of realised spend, and the HHI (0-10,000)."""
    share_limit, hhi_limit = rule("flag_concentration_share_percent"), rule("flag_concentration_hhi")
    min_spend, min_orders = rule("flag_concentration_min_spend"), rule("flag_concentration_min_orders")
    rows = (Order.objects.filter(fiscal_year__in=years, status__in=sorted(COMMITTED_STATUSES)).order_by()
            .values("fiscal_year", "agency_id", "agency__name", "supplier_id", "supplier__name")
            .annotate(spend=Sum("total"), orders=Count("id")))
    groups = defaultdict(list)
    for row in rows:
        groups[(row["fiscal_year"], row["agency_id"])].append(row)
    for (year, agency_id), suppliers in groups.items():
        total = sum(r["spend"] for r in suppliers)
        orders = sum(r["orders"] for r in suppliers)
        if total < min_spend or orders < min_orders or not total:
            continue
        # HHI on shares in percent: sum of squares, 10,000 when one supplier takes everything.
        hhi = round(sum((r["spend"] * 100 / total) ** 2 for r in suppliers))
        top = max(suppliers, key=lambda r: (r["spend"], -r["supplier_id"]))
        if top["spend"] * 100 < share_limit * total and hhi < hhi_limit:
            continue
        if top["orders"] < rule("flag_concentration_min_supplier_orders"):
            continue  # one large order is not "repeatedly buying from the same supplier"
        drill = urlencode({"tahun": year, "ukuran": "realised", "opd": agency_id})
        yield Candidate(
            kind=FlagKind.CONCENTRATION, key=f"agency:{agency_id}:year:{year}:supplier:{top['supplier_id']}",
            reason=_("%(s)s menerima %(share)s (%(spend)s, %(n)s pesanan) dari belanja %(opd)s tahun %(y)s "
                     "(%(total)s, %(k)s penyedia). Indeks konsentrasi (HHI) %(hhi)s dari 10.000. Pola yang dikenal "
                     "(KPK 2024): pembeli yang sama berulang kali membeli dari penyedia yang sama.")
            % {"s": top["supplier__name"], "share": _pct(percent(top["spend"], total)),
               "spend": format_rupiah(top["spend"]), "n": top["orders"], "opd": top["agency__name"], "y": year,
               "total": format_rupiah(total), "k": len(suppliers), "hhi": f"{hhi:,}".replace(",", ".")},
            evidence=[{"type": "drill", "ref": drill, "label": _("Semua pesanan %(opd)s tahun %(y)s")
                       % {"opd": top["agency__name"], "y": year}},
                      {"type": "supplier", "ref": top["supplier_id"], "label": top["supplier__name"]}],
            amount=top["spend"], fiscal_year=year, agency_id=agency_id, supplier_id=top["supplier_id"],
        )


# --- 4. one need split into orders just under a threshold -----------------------------------


def _thresholds() -> list[tuple[int, str]]:
    return [(rule("pp_checkout_limit"), _("batas kewenangan PP")),
            (rule("toko_daring_limit"), _("batas Toko Daring"))]


def _main_categories(orders) -> dict[int, int]:
    """Each order's category: that of its largest line (goods value), the lowest line id breaking a tie."""
    best: dict[int, tuple[int, int, int]] = {}
    for order_id, line_id, category_id, subtotal in (OrderLine.objects.filter(order__in=orders).order_by()
                                                     .values_list("order_id", "id", "category_id", "subtotal")):
        current = best.get(order_id)
        if current is None or (subtotal, -line_id) > (current[0], -current[1]):
            best[order_id] = (subtotal, line_id, category_id)
    return {order_id: value[2] for order_id, value in best.items()}


def split_orders(since: datetime) -> Iterator[Candidate]:
    """Two or more orders of one OPD in one category, from any suppliers, within flag_split_days, each just
    under a threshold (at least flag_split_floor_percent of it) and together above it.

    Perpres 16/2018 Pasal 20 ayat (2) huruf d forbids splitting procurement into several packages to
    avoid a tender (Tender/Seleksi); the thresholds are the PP's limit (pp_checkout_limit) and the Toko Daring ceiling
    (toko_daring_limit). An order belongs to the category of its largest line.
    """
    days, floor = rule("flag_split_days"), rule("flag_split_floor_percent")
    live = _live_orders(since)
    main = _main_categories(live)
    orders = list(live.select_related("agency", "supplier").order_by("agency_id", "created_at", "id"))
    names = dict(Category.objects.filter(pk__in=set(main.values())).values_list("id", "name"))
    by_need = defaultdict(list)
    for order in orders:
        if order.pk in main:
            by_need[(order.agency_id, main[order.pk])].append(order)
    for limit, label in _thresholds():
        for (agency_id, category_id), need_orders in by_need.items():
            near = [o for o in need_orders if limit * floor <= o.total * 100 and o.total < limit]
            start = 0
            while start < len(near):
                end = start
                while end + 1 < len(near) and near[end + 1].created_at - near[start].created_at <= timedelta(days=days):
                    end += 1
                group = near[start:end + 1]
                total = sum(o.total for o in group)
                if len(group) >= 2 and total > limit:
                    first = group[0]
                    span = (_local(group[-1].created_at).date() - _local(first.created_at).date()).days
                    suppliers = list({o.supplier_id: o.supplier for o in group}.values())
                    yield Candidate(
                        kind=FlagKind.SPLIT, key=f"limit:{limit}:agency:{agency_id}:category:{category_id}:first:{first.pk}",
                        reason=_("%(opd)s memesan “%(c)s” %(n)s kali dalam %(span)s hari dari %(k)s penyedia "
                                 "(%(dates)s). Tiap pesanan di bawah %(label)s %(limit)s, tetapi bersama %(total)s. "
                                 "Pola yang dikenal (KPK 2024): satu kebutuhan dipecah menjadi beberapa pesanan agar "
                                 "tetap di bawah batas.")
                        % {"opd": first.agency.name, "c": names.get(category_id, ""), "n": len(group), "span": span,
                           "k": len(suppliers),
                           "dates": ", ".join(f"{o.number} {_day(o.created_at)} {o.supplier.name} {format_rupiah(o.total)}"
                                              for o in group),
                           "label": label, "limit": format_rupiah(limit), "total": format_rupiah(total)},
                        evidence=[_order_evidence(o.number) for o in group]
                        + [{"type": "supplier", "ref": s.pk, "label": s.name} for s in suppliers],
                        amount=total, fiscal_year=first.fiscal_year, agency_id=agency_id,
                        supplier_id=suppliers[0].pk if len(suppliers) == 1 else None, order_id=first.pk,
                    )
                    start = end + 1
                else:
                    start += 1


# --- 5. offers above the SSH ceiling or far above the category median -----------------------


def _active_products():
    return Product.objects.active().only("id", "name", "unit", "price", "category_id", "supplier_id")


def above_ssh() -> Iterator[Candidate]:
    """Active offers priced above the matching SSH ceiling (catalogue/references.py decides the match)."""
    references = current_year_references()
    if not references:
        return
    chunk: list[Product] = []

    def flush():
        for product_id, ceiling in ceilings_for(chunk, references).items():
            if not ceiling.above:
                continue
            product = by_id[product_id]
            ref = ceiling.reference
            yield Candidate(
                kind=FlagKind.ABOVE_SSH, key=f"product:{product.pk}:ref:{ref.pk}:price:{product.price}",
                reason=_("“%(p)s” ditawarkan %(price)s per %(unit)s, di atas harga tertinggi SSH %(y)s untuk "
                         "“%(item)s” (%(ceiling)s per %(ref_unit)s): %(excess)s lebih mahal.")
                % {"p": product.name, "price": format_rupiah(product.price), "unit": product.unit, "y": ref.year,
                   "item": str(ref), "ceiling": format_rupiah(ref.ceiling_price), "ref_unit": ref.unit,
                   "excess": _pct(percent(product.price - ref.ceiling_price, ref.ceiling_price))},
                evidence=[{"type": "product", "ref": product.pk, "label": product.name},
                          {"type": "price_reference", "ref": ref.pk, "label": _("SSH %(y)s: %(item)s")
                           % {"y": ref.year, "item": str(ref)}}],
                amount=product.price - ref.ceiling_price, supplier_id=product.supplier_id, product_id=product.pk,
            )

    by_id: dict[int, Product] = {}
    for product in _active_products().iterator(chunk_size=2000):
        chunk.append(product)
        by_id[product.pk] = product
        if len(chunk) >= 2000:
            yield from flush()
            chunk, by_id = [], {}
    if chunk:
        yield from flush()


def _pack_label(unit_measure, unit: str) -> str:
    """How the pack compared is described: "per karung (25 kg)", "per pcs", "per rim (500 lembar)"."""
    if not unit_measure.known or (unit_measure.amount == 1 and unit_measure.dimension in (unit, "buah")):
        return _("per %(unit)s") % {"unit": unit}
    amount = f"{float(unit_measure.amount):g}".replace(".", ",")
    return _("per %(unit)s (%(amount)s %(dim)s)") % {"unit": unit, "amount": amount, "dim": unit_measure.dimension}


def above_median() -> Iterator[Candidate]:
    """Active offers priced above flag_median_multiple_percent of the median of the same pack in their category
    (only where at least flag_median_min_offers such offers can be compared).

    Like with like only (units.py): the size is read from the unit and the name, and an offer is compared only
    with offers counting the same thing (kg, litre, sheet, piece) in the same amount per unit and with the
    same other sizes (60x160 cm, 10 inch): a 25 kg sack never with a 5 kg sack, a pack of 10 tissues never
    with a single one. An offer whose size cannot be read is compared only with offers of the same unit whose
    size cannot be read either.
    """
    multiple, minimum = rule("flag_median_multiple_percent"), rule("flag_median_min_offers")
    groups: dict[tuple, list[tuple[int, int]]] = defaultdict(list)
    measures = {}
    for pk, category_id, name, unit, price in _active_products().values_list(
            "id", "category_id", "name", "unit", "price").iterator(chunk_size=5000):
        unit_key = (unit or "").strip().lower()
        pack = measure(name, unit_key)
        measures[pk] = pack
        groups[(category_id, pack.dimension, pack.amount, pack.spec, pack.known)].append((pk, price))
    outliers = []
    for offers in groups.values():
        if len(offers) < minimum:
            continue
        median = statistics.median_low(price for _pk, price in offers)
        outliers += [(pk, price, median, len(offers)) for pk, price in offers if price * 100 > median * multiple]
    products = Product.objects.select_related("category").in_bulk([pk for pk, *_rest in outliers]) if outliers else {}
    for pk, price, median, count in outliers:
        product = products[pk]
        pack = measures[pk]
        per = _pack_label(pack, product.unit)
        base = ""
        if pack.known and pack.amount != 1:
            base = _(" (%(p)s dibanding %(m)s per %(dim)s)") % {
                "p": format_rupiah(pack.per_base(price)), "m": format_rupiah(pack.per_base(median)), "dim": pack.dimension}
        yield Candidate(
            kind=FlagKind.ABOVE_MEDIAN, key=f"product:{pk}:price:{price}",
            reason=_("“%(p)s” ditawarkan %(price)s %(per)s: %(times)s kali median kategori “%(c)s” (%(median)s, "
                     "dari %(n)s penawaran dengan kemasan dan ukuran yang sama)%(base)s.")
            % {"p": product.name, "price": format_rupiah(price), "per": per,
               "times": f"{percent(price, median) / 100:.1f}".replace(".", ","), "c": product.category.name,
               "median": format_rupiah(median), "n": count, "base": base},
            evidence=[{"type": "product", "ref": pk, "label": product.name}],
            amount=price - median, supplier_id=product.supplier_id, product_id=pk,
        )


# --- 6. orders repeatedly justified past a UMK / domestic alternative -----------------------


def repeated_justification(since: datetime) -> Iterator[Candidate]:
    """One OPD buying from the same supplier flag_justification_count times within flag_justification_days,
    each time writing a reason for passing over the UMK or domestic alternative it was shown."""
    count, days = rule("flag_justification_count"), rule("flag_justification_days")
    rows = (Justification.objects.filter(order__in=_live_orders(since))
            .values("order_id", "order__number", "order__created_at", "order__agency_id", "order__agency__name",
                    "order__supplier_id", "order__supplier__name", "order__fiscal_year", "order__total")
            .distinct().order_by("order__agency_id", "order__supplier_id", "order__created_at", "order_id"))
    by_pair = defaultdict(list)
    for row in rows:  # one row per order: .distinct() over columns that all belong to the order
        by_pair[(row["order__agency_id"], row["order__supplier_id"])].append(row)
    for orders in by_pair.values():
        start = 0
        while start + count <= len(orders):
            end = start
            while end + 1 < len(orders) and \
                    orders[end + 1]["order__created_at"] - orders[start]["order__created_at"] <= timedelta(days=days):
                end += 1
            group = orders[start:end + 1]
            if len(group) >= count:
                first = group[0]
                yield Candidate(
                    kind=FlagKind.REPEATED_JUSTIFICATION,
                    key=f"agency:{first['order__agency_id']}:supplier:{first['order__supplier_id']}:first:{first['order_id']}",
                    reason=_("%(opd)s memesan dari %(s)s %(n)s kali dalam %(days)s hari dengan alasan tertulis untuk "
                             "melewati alternatif usaha kecil atau produk dalam negeri yang ditampilkan (%(orders)s). "
                             "Periksa apakah alasannya masuk akal dan tidak berulang kata demi kata.")
                    % {"opd": first["order__agency__name"], "s": first["order__supplier__name"], "n": len(group),
                       "days": days, "orders": ", ".join(r["order__number"] for r in group)},
                    evidence=[_order_evidence(r["order__number"]) for r in group]
                    + [{"type": "supplier", "ref": first["order__supplier_id"], "label": first["order__supplier__name"]}],
                    amount=sum(r["order__total"] for r in group), fiscal_year=first["order__fiscal_year"],
                    agency_id=first["order__agency_id"], supplier_id=first["order__supplier_id"],
                    order_id=first["order_id"],
                )
                start = end + 1
            else:
                start += 1


# --- running them -----------------------------------------------------------------------------


def candidates(*, now: datetime | None = None) -> Iterator[Candidate]:
    now = now or timezone.now()
    since = now - timedelta(days=rule("flag_lookback_days"))
    years = sorted({since.year, _local(now).year})
    years = list(range(years[0], years[-1] + 1))
    yield from same_day(since)
    yield from price_rise(since)
    yield from concentration(years)
    yield from split_orders(since)
    yield from above_ssh()
    yield from above_median()
    yield from repeated_justification(since)


def detect_flags(*, now: datetime | None = None) -> DetectionReport:
    """Run every detector and store the flags not seen before (idempotent; safe to schedule)."""
    report = DetectionReport()
    known = set(Flag.objects.values_list("kind", "key"))
    detected_at = now or timezone.now()
    for candidate in candidates(now=now):
        report.seen += 1
        if (candidate.kind, candidate.key) in known:
            continue
        known.add((candidate.kind, candidate.key))
        try:
            with transaction.atomic():
                Flag.objects.create(
                    kind=candidate.kind, key=candidate.key[:200], reason=candidate.reason, evidence=candidate.evidence,
                    amount=candidate.amount, fiscal_year=candidate.fiscal_year, agency_id=candidate.agency_id,
                    supplier_id=candidate.supplier_id, product_id=candidate.product_id, order_id=candidate.order_id,
                    detected_at=detected_at,
                )
        except IntegrityError:  # another run stored it in the meantime
            continue
        report.created[candidate.kind] += 1
    if report.total:
        record_event(actor=None, action="monitoring.flags_detected",
                     after={"created": {k: v for k, v in report.created.items() if v}})
    DetectionRun.objects.create(ran_at=detected_at, created=report.total)
    return report


def detect_flags_if_due(*, now: datetime | None = None) -> DetectionReport | None:
    """Run the detectors when flag_detection_interval_minutes have passed since the last run (`katalog tick`
    calls this every minute; the detectors read every active offer, so not that often)."""
    now = now or timezone.now()
    since = now - timedelta(minutes=rule("flag_detection_interval_minutes"))
    if DetectionRun.objects.filter(ran_at__gt=since, ran_at__lte=now).exists():
        return None
    return detect_flags(now=now)

"""Benchmark: the leadership dashboard's queries on 1,000,000 order lines, against hand-written SQL.

    .venv/bin/python benchmarks/dashboard.py                    # SQLite, var/bench-dashboard.sqlite3
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_dashboard .venv/bin/python benchmarks/dashboard.py

Options: --lines N (default 1,000,000), --repeat N (timed runs, default 9), --rebuild (drop and refill).

The first run builds the data: the demo generator's agencies, suppliers and products (no orders), then
orders and lines written with bulk inserts over two fiscal years, spread like the demo (UMK habits per
OPD, 1-4 lines per order, ~7% cancelled, every status present), plus RUP packages. The data is kept for
later runs (the SQLite file, or the PostgreSQL database named in DATABASE_URL: use one of its own).

Timed, in the same run and on the same data, each `--repeat` times after one warm-up:
  orm   katalog.monitoring.figures.dashboard(year): everything the dashboard shows (targets, every OPD's
        planned/realised/UMK/local/TKDN-tier figures ranked, kabupaten totals, twelve months);
  sql   hand-written SQL computing the same figures from the same tables (checked equal to the ORM's);
  sqlraw the same hand-written SQL but the goods value straight from a join of every line to its order,
        i.e. without the trigger-maintained summary monitoring_linecell (for reference);
  page  the whole dashboard page through Django's test client (queries + template), for information.
Prints median and p95 per variant and the ratio orm/sql (the target: under 1 s, within 1.5x).
"""

from __future__ import annotations

import argparse
import math
import os
import random
import statistics
import sys
import time
from datetime import date, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))


def _setup(args) -> str:
    if not os.environ.get("DATABASE_URL"):
        path = ROOT / "var" / "bench-dashboard.sqlite3"
        if args.rebuild and path.exists():
            for suffix in ("", "-wal", "-shm"):
                Path(f"{path}{suffix}").unlink(missing_ok=True)
        os.environ["DATABASE_URL"] = f"sqlite:///{path}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "katalog.settings")
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    import django

    django.setup()
    from django.db import connection

    return connection.vendor


# --- data -------------------------------------------------------------------------------------


def build(lines_wanted: int, seed: int = 2025) -> None:
    from django.db import connection, transaction
    from django.utils import timezone

    from katalog.agencies.models import Agency, User
    from katalog.catalogue.models import Product
    from katalog.core.money import ppn_amount
    from katalog.core.roles import Role
    from katalog.demo.generator import DemoGenerator
    from katalog.monitoring.models import RupPackage
    from katalog.purchasing.models import Order, OrderLine
    from katalog.purchasing.states import CancelKind, OrderStatus
    from katalog.suppliers.models import Supplier

    started = time.perf_counter()
    if not Agency.objects.exists():
        print("  base data (demo generator, no orders) ...", flush=True)
        DemoGenerator(seed=seed, products=20_000, orders_per_year=0).run()
    rng = random.Random(seed)
    today = timezone.localdate()
    years = (today.year - 1, today.year)
    agencies = list(Agency.objects.order_by("id"))
    buyers = {u.agency_id: u.pk for u in User.objects.filter(role=Role.PP)}
    suppliers = {s.pk: s for s in Supplier.objects.filter(status="verified")}
    shelf: dict[int, list[tuple]] = {}
    for row in Product.objects.filter(status="active", supplier_id__in=list(suppliers)).values_list(
            "supplier_id", "id", "category_id", "name", "unit", "price", "tkdn", "bmp", "origin", "ppn_percent"):
        shelf.setdefault(row[0], []).append(row[1:])
    seller_ids = sorted(shelf)
    umk_pool = [pk for pk in seller_ids if suppliers[pk].is_umk] or seller_ids
    other_pool = [pk for pk in seller_ids if not suppliers[pk].is_umk] or seller_ids
    habits = {a.pk: rng.uniform(0.15, 0.8) for a in agencies}
    weights = [4 if a.kind in ("dinas", "rsud") else 2 if a.kind != "kecamatan" else 1 for a in agencies]
    statuses = [s for s in OrderStatus.values if s != OrderStatus.CANCELLED]
    made_lines = OrderLine.objects.count()
    sequence = Order.objects.count()
    print(f"  orders and lines: {made_lines:,} of {lines_wanted:,} lines exist", flush=True)
    while made_lines < lines_wanted:
        orders, order_lines = [], []
        for _ in range(10_000):
            sequence += 1
            agency = rng.choices(agencies, weights=weights)[0]
            supplier = suppliers[rng.choice(umk_pool if rng.random() < habits[agency.pk] else other_pool)]
            year = years[sequence % 2]
            last = today if year == today.year else date(year, 12, 31)
            day = date(year, 1, 6) + timedelta(days=int((last - date(year, 1, 6)).days * math.sqrt(rng.random())))
            moment = timezone.make_aware(datetime.combine(day, datetime.min.time()) + timedelta(
                hours=rng.randint(8, 15), minutes=rng.randint(0, 59)))
            status = OrderStatus.CANCELLED if rng.random() < 0.07 else rng.choice(statuses) if rng.random() < 0.2 \
                else OrderStatus.PAID
            picked = rng.sample(shelf[supplier.pk], k=min(len(shelf[supplier.pk]), rng.choice([1, 1, 2, 2, 3, 4])))
            rows = []
            for product_id, category_id, name, unit, price, tkdn, bmp, origin, ppn in picked:
                quantity = rng.randint(1, 40)
                rows.append(OrderLine(product_id=product_id, category_id=category_id, name=name, unit=unit,
                                      quantity=quantity, unit_price=price, subtotal=quantity * price, ppn_percent=ppn,
                                      tkdn=tkdn, bmp=bmp, origin=origin))
            subtotal = sum(r.subtotal for r in rows)
            ppn = sum(ppn_amount(r.subtotal, r.ppn_percent) for r in rows)
            orders.append(Order(
                number=f"BM-{sequence:08d}", agency_id=agency.pk, supplier_id=supplier.pk,
                buyer_id=buyers[agency.pk], status=status,
                cancel_kind=CancelKind.BY_REQUEST if status == OrderStatus.CANCELLED else "",
                fiscal_year=year, subtotal=subtotal, ppn=ppn, total=subtotal + ppn, supplier_scale=supplier.scale,
                supplier_is_umk=supplier.is_umk, supplier_is_local=supplier.is_local,
                supplier_district_id=supplier.district_id, created_at=moment, status_changed_at=moment))
            order_lines.append(rows)
        with transaction.atomic():
            Order.objects.bulk_create(orders, batch_size=2000)
            flat = []
            for order, rows in zip(orders, order_lines):
                for row in rows:
                    row.order_id = order.pk
                    flat.append(row)
            OrderLine.objects.bulk_create(flat, batch_size=5000)
        made_lines += len(flat)
        print(f"  {made_lines:,} lines ({time.perf_counter() - started:.0f} s)", flush=True)
    if not RupPackage.objects.exists():
        packages = []
        for year in years:
            for agency in agencies:
                for n in range(20):
                    packages.append(RupPackage(year=year, rup_code=f"{agency.pk:03d}{n:03d}{year % 100:02d}",
                                               agency=agency, name=f"Paket {n}", pagu=rng.randint(5, 500) * 1_000_000,
                                               method="E-Purchasing", is_pdn=rng.random() < 0.8,
                                               is_umk=rng.random() < 0.5))
        RupPackage.objects.bulk_create(packages, batch_size=2000)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE purchasing_order")
            cursor.execute("VACUUM ANALYZE purchasing_orderline")
    else:
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    print(f"  data ready in {time.perf_counter() - started:.0f} s", flush=True)


# --- hand-written SQL -------------------------------------------------------------------------


def by_hand(year: int, *, raw: bool = False) -> dict:
    """The dashboard's figures with plain SQL: the yardstick the ORM is measured against."""
    from zoneinfo import ZoneInfo

    from django.conf import settings
    from django.db import connection

    from katalog.purchasing.states import COMMITTED_STATUSES

    rules = settings.KATALOG_RULES
    statuses = sorted(COMMITTED_STATUSES)
    marks = ", ".join(["%s"] * len(statuses))
    minimum, with_bmp = rules["tkdn_minimum_percent"], rules["tkdn_bmp_minimum_percent"]
    if connection.vendor == "postgresql":
        month = "CAST(EXTRACT(MONTH FROM created_at AT TIME ZONE %s) AS INTEGER)"
        month_params = [settings.TIME_ZONE]
    else:
        minutes = int(ZoneInfo(settings.TIME_ZONE).utcoffset(datetime(2000, 1, 1)).total_seconds() // 60)
        month = f"CAST(strftime('%%m', created_at, '{minutes:+d} minutes') AS INTEGER)"
        month_params = []
    out = {}
    with connection.cursor() as c:
        c.execute(f"""SELECT agency_id, SUM(total), COUNT(*),
                             SUM(CASE WHEN supplier_is_umk THEN total END),
                             SUM(CASE WHEN supplier_is_local THEN total END)
                      FROM purchasing_order WHERE fiscal_year = %s AND status IN ({marks}) GROUP BY agency_id""",
                  [year, *statuses])
        out["orders"] = {r[0]: tuple(v or 0 for v in r[1:]) for r in c.fetchall()}
        tiers = f"""SUM(CASE WHEN {{p}}origin <> 'impor' AND {{p}}tkdn >= %s AND {{p}}bmp >= %s - {{p}}tkdn THEN {{v}} END),
                    SUM(CASE WHEN {{p}}origin <> 'impor' AND {{p}}tkdn >= %s AND NOT ({{p}}bmp >= %s - {{p}}tkdn) THEN {{v}} END),
                    SUM(CASE WHEN {{p}}origin <> 'impor' AND {{p}}tkdn < %s THEN {{v}} END),
                    SUM(CASE WHEN {{p}}origin = 'impor' THEN {{v}} END)"""
        tier_params = [minimum, with_bmp, minimum, with_bmp, minimum]
        if raw:
            # Straight from the lines, joined to their orders: what the summary saves.
            c.execute(f"""SELECT o.agency_id, SUM(l.subtotal), {tiers.format(p="l.", v="l.subtotal")}
                          FROM purchasing_orderline l JOIN purchasing_order o ON o.id = l.order_id
                          WHERE o.fiscal_year = %s AND o.status IN ({marks}) GROUP BY o.agency_id""",
                      [*tier_params, year, *statuses])
        else:
            # The trigger-maintained cells (monitoring_linecell), made with today's thresholds.
            c.execute(f"""SELECT agency_id, SUM(goods), SUM(CASE WHEN tier = 'tkdn_bmp' THEN goods END),
                                 SUM(CASE WHEN tier = 'tkdn' THEN goods END),
                                 SUM(CASE WHEN tier = 'low_tkdn' THEN goods END),
                                 SUM(CASE WHEN tier = 'import' THEN goods END)
                          FROM monitoring_linecell
                          WHERE fiscal_year = %s AND status IN ({marks}) AND tkdn_min = %s AND tkdn_bmp_min = %s
                          GROUP BY agency_id""", [year, *statuses, minimum, with_bmp])
        out["lines"] = {r[0]: tuple(v or 0 for v in r[1:]) for r in c.fetchall()}
        c.execute("""SELECT agency_id, SUM(pagu), COUNT(*), SUM(CASE WHEN is_umk THEN pagu END),
                            SUM(CASE WHEN is_pdn THEN pagu END)
                     FROM monitoring_ruppackage WHERE year = %s GROUP BY agency_id""", [year])
        out["plans"] = {r[0]: tuple(v or 0 for v in r[1:]) for r in c.fetchall()}
        c.execute(f"""SELECT {month} AS m, SUM(total), SUM(CASE WHEN supplier_is_umk THEN total END),
                             SUM(CASE WHEN supplier_is_local THEN total END), COUNT(*)
                      FROM purchasing_order WHERE fiscal_year = %s AND status IN ({marks}) GROUP BY m""",
                  [*month_params, year, *statuses])
        out["months"] = {r[0]: tuple(v or 0 for v in r[1:]) for r in c.fetchall()}
        c.execute("SELECT id, name, short_name, code FROM agencies_agency")
        out["agencies"] = c.fetchall()
        c.execute("SELECT umk_percent, domestic_percent, local_percent FROM monitoring_target WHERE year = %s", [year])
        out["target"] = c.fetchone()
    return out


def check_same(board, hand: dict) -> None:
    """The ORM and the hand-written SQL must give the same numbers, or the timing means nothing."""
    from katalog.monitoring.states import TIER1, TIER2, TIER3, TIER_IMPORT

    for row in board.rows:
        pk = row.agency.pk
        orders = hand["orders"].get(pk, (0, 0, 0, 0))
        lines = hand["lines"].get(pk, (0, 0, 0, 0, 0))
        plans = hand["plans"].get(pk, (0, 0, 0, 0))
        assert (row.realised, row.orders, row.umk, row.local) == orders, (pk, "orders")
        assert (row.goods, row.tiers[TIER1], row.tiers[TIER2], row.tiers[TIER3], row.tiers[TIER_IMPORT]) == lines, pk
        assert (row.planned, row.packages, row.planned_umk, row.planned_pdn) == plans, (pk, "plans")
    for month in board.months:
        expected = hand["months"].get(month.month, (0, 0, 0, 0))
        assert (month.realised, month.umk, month.local, month.orders) == expected, month.month
    assert board.total.realised == sum(v[0] for v in hand["orders"].values())


def timed(fn, repeat: int) -> list[float]:
    fn()  # warm-up: connection, caches
    runs = []
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        runs.append(time.perf_counter() - started)
    return runs


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, math.ceil(0.95 * len(ordered)) - 1)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--lines", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=9)
    parser.add_argument("--rebuild", action="store_true")
    args = parser.parse_args()
    vendor = _setup(args)

    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import setup_test_environment
    from django.urls import reverse
    from django.utils import timezone

    from katalog.agencies.models import User
    from katalog.core.roles import Role
    from katalog.monitoring import figures
    from katalog.purchasing.models import Order, OrderLine

    print(f"database: {vendor} ({connection.settings_dict['NAME']})", flush=True)
    call_command("migrate", verbosity=0)
    if args.rebuild and vendor == "postgresql":
        OrderLine.objects.all().delete()
        Order.objects.all().delete()
    build(args.lines)
    year = timezone.localdate().year
    print(f"order lines: {OrderLine.objects.count():,}; orders: {Order.objects.count():,}; "
          f"year {year}: {figures.committed_lines(year).count():,} committed lines", flush=True)

    board = figures.dashboard(year)
    check_same(board, by_hand(year))
    check_same(board, by_hand(year, raw=True))
    print("check: ORM figures equal the hand-written SQL figures (on the summary and straight from the lines)",
          flush=True)

    setup_test_environment()
    client = Client()
    leader = User.objects.filter(role=Role.LEADERSHIP).first()
    client.force_login(leader)
    url = f"{reverse('monitoring:dashboard')}?tahun={year}"

    def page():
        response = client.get(url)
        assert response.status_code == 200

    results = {
        "orm": timed(lambda: figures.dashboard(year), args.repeat),
        "sql": timed(lambda: by_hand(year), args.repeat),
        "sqlraw": timed(lambda: by_hand(year, raw=True), args.repeat),
        "page": timed(page, args.repeat),
    }
    print(f"\n{'variant':<7} {'median s':>9} {'p95 s':>9}   ({args.repeat} runs each after a warm-up)")
    for name, runs in results.items():
        print(f"{name:<7} {statistics.median(runs):>9.3f} {p95(runs):>9.3f}")
    print(f"load average at the end: {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
    ratio = statistics.median(results["orm"]) / statistics.median(results["sql"])
    print(f"\nratio orm/sql (median): {ratio:.2f}  (target: <= 1.5; and orm median < 1 s: "
          f"{'yes' if statistics.median(results['orm']) < 1 else 'no'})")


if __name__ == "__main__":
    main()

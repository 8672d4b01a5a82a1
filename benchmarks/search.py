"""Benchmark: catalogue search on 1,000,000 products, our service against the raw engine query.

    .venv/bin/python benchmarks/search.py                    # SQLite, var/bench-search.sqlite3
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_search .venv/bin/python benchmarks/search.py

Options: --products N (default 1,000,000), --repeat N (timed runs per query, default 5), --rebuild (drop and
refill), --reindex (time `katalog reindex` against the bare engine index build, see below), --skip-search (no
query timings: with --reindex, the reindex figures only), --json FILE (write the figures), --sqlite FILE
(another SQLite file than var/bench-search.sqlite3, e.g. a smaller catalogue built with --products 100000).

The first run builds the data with the demo generator (`katalog.demo.generator.DemoGenerator`, no orders)
and indexes it (`katalog reindex`); the data is kept for later runs (the SQLite file, or the PostgreSQL
database named in DATABASE_URL: use one of its own).

Timed, in the same run and on the same data, for a fixed set of 50 queries (rare, common, multi-word,
misspelled), each `--repeat` times after one warm-up:
  service  katalog.catalogue.search.search_products(query=q, page_size=24): what a page asks for —
           query analysis and spelling correction, the ranked page, the total, every facet with its
           counts, the products and the plain-language "why" of each hit;
  raw      the engine's own ranked full-text query for the same (already analysed) terms, top 24:
           SQLite  SELECT rowid FROM fts WHERE fts MATCH ? ORDER BY bm25(...) LIMIT 24
           PG      SELECT id FROM doc WHERE search_vector @@ q ORDER BY ts_rank(search_vector, q) DESC LIMIT 24
Prints median and p95 per kind of query and overall, and the ratio service/raw
(the target on a 2-core machine: p95 ≤ 50 ms, and the service ≤ 2× the raw engine).

With --reindex, first: `katalog reindex` (indexer.rebuild: read, analyse, load, build the engine's index)
against the engine building its own full-text index over the documents already stored, in the same run:
  SQLite  INSERT INTO catalogue_search_fts(catalogue_search_fts) VALUES ('rebuild'), then ('optimize')
  PG      CREATE INDEX catalogue_search_vector_gin ON catalogue_searchdocument USING gin (search_vector)
with the memory the reindex gives the engine (FTS5 hashsize, maintenance_work_mem), rolled back afterwards,
and prints the ratio (the target: a million products in ≤ 60 s), in wall-clock and in CPU seconds (this process,
its worker processes and, on PostgreSQL, its server process: on a shared machine the CPU time is the steadier figure).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

QUERIES: dict[str, list[str]] = {
    "rare": [
        "engkak", "tapis", "sulam usus", "kemplang", "gaplek", "kemoceng", "conblock", "u-ditch", "lempok",
        "kastengel", "tripod", "ekspedisi",
    ],
    "common": [
        "keripik", "kopi", "kertas", "beras", "kursi", "meja", "seragam", "madu", "pisang", "batik", "jasa",
        "kue", "air mineral",
    ],
    "multi-word": [
        "keripik pisang coklat 250 gr", "kertas hvs a4 70 gsm", "kopi bubuk robusta lampung", "madu hutan murni",
        "kursi kerja jaring", "nasi kotak rapat", "seragam batik lampung", "lemari buku kayu jati",
        "gula aren cair 500 ml", "amplop putih 1 box", "alat tulis kantor", "cat tembok 5 kg", "beras medium 25 kg",
    ],
    "misspelled": [
        "kripik pisng", "kertaz hvs", "kopi robsta", "seragm batik", "mdu hutan", "lemary kayu", "amplob coklat",
        "gula arenn", "kursi kerj", "keripk singkong", "bolpen standar hitam", "hekter joyko",
    ],
}


def _setup(args) -> str:
    if not os.environ.get("DATABASE_URL"):
        path = Path(args.sqlite) if args.sqlite else ROOT / "var" / "bench-search.sqlite3"
        if args.rebuild and path.exists():
            for suffix in ("", "-wal", "-shm"):
                Path(f"{path}{suffix}").unlink(missing_ok=True)
        os.environ["DATABASE_URL"] = f"sqlite:///{path}"
    # Every timed run searches: the service's answer cache (service.search_products, core/pagecache.py) would
    # otherwise answer the repeats of a query from memory. What a cache miss costs is the figure that matters.
    os.environ["KATALOG_PAGE_CACHE"] = "0"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "katalog.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    if args.rebuild and connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("DROP SCHEMA public CASCADE; CREATE SCHEMA public;")
    call_command("migrate", verbosity=0)
    return connection.vendor


def build(products_wanted: int, seed: int = 2025) -> None:
    from katalog.catalogue.models import Product
    from katalog.catalogue.search import indexer
    from katalog.demo.generator import DemoGenerator

    if Product.objects.exists():
        return
    started = time.perf_counter()
    print(f"  demo generator: {products_wanted:,} products (no orders) ...", flush=True)
    DemoGenerator(seed=seed, products=products_wanted, orders_per_year=0,
                  progress=lambda message: print(f"    {message}", flush=True)).run()
    print(f"  generated in {time.perf_counter() - started:.0f} s", flush=True)
    reindex(indexer)


def cpu_seconds() -> float:
    """CPU time used so far by this process, its finished child processes (the reindex's workers) and, on
    PostgreSQL, its server process (same machine): on a busy machine the wall-clock time says more about the
    neighbours than about the work."""
    from django.db import connection

    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    used = time.process_time() + children.ru_utime + children.ru_stime
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_backend_pid()")
            pid = cursor.fetchone()[0]
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            used += (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")  # utime + stime
        except OSError:
            pass  # a server on another machine: this process only
    return used


def reindex(indexer) -> tuple[float, float]:
    """`katalog reindex`: (wall-clock seconds, CPU seconds)."""
    printed = [0]

    def progress(done: int, total: int) -> None:
        if done // 100_000 > printed[0] // 100_000 or (done == total and printed[0] != total):
            print(f"    indexed {done:,}/{total:,} ({time.perf_counter() - started:.1f} s)", flush=True)
            printed[0] = done

    cpu = cpu_seconds()
    started = time.perf_counter()
    count = indexer.rebuild(progress=progress)
    elapsed = time.perf_counter() - started
    cpu = cpu_seconds() - cpu
    print(f"  search index: {count:,} documents in {elapsed:.1f} s ({cpu:.1f} s CPU)", flush=True)
    return elapsed, cpu


def bare_index_build() -> tuple[str, float, float]:
    """The engine building its full-text index over the documents already stored, with nothing of ours and
    the same memory settings as `katalog reindex` gives it: what the reindex is measured against. Run in a
    transaction that is rolled back (the index and its settings stay as they were)."""
    from django.db import connection, transaction

    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            # Each engine's module is imported only on its own database (search/backends.py).
            from katalog.catalogue.search.engine_sqlite import FTS, REBUILD_FTS_HASH_BYTES

            what = f"FTS5 'rebuild' + 'optimize' of {FTS}, hashsize {REBUILD_FTS_HASH_BYTES >> 20} MB"
            cursor.execute(f"INSERT INTO {FTS} ({FTS}, rank) VALUES ('hashsize', %s)", [REBUILD_FTS_HASH_BYTES])
            cpu, started = cpu_seconds(), time.perf_counter()
            cursor.execute(f"INSERT INTO {FTS} ({FTS}) VALUES ('rebuild')")
            cursor.execute(f"INSERT INTO {FTS} ({FTS}) VALUES ('optimize')")
        else:
            # Each engine's module is imported only on its own database (search/backends.py).
            from katalog.catalogue.search.engine_postgres import REBUILD_MAINTENANCE_WORK_MEM

            what = f"CREATE INDEX ... USING gin (search_vector), maintenance_work_mem {REBUILD_MAINTENANCE_WORK_MEM}"
            cursor.execute("DROP INDEX catalogue_search_vector_gin")
            cursor.execute(f"SET LOCAL maintenance_work_mem = '{REBUILD_MAINTENANCE_WORK_MEM}'")
            cpu, started = cpu_seconds(), time.perf_counter()
            cursor.execute(
                "CREATE INDEX catalogue_search_vector_gin ON catalogue_searchdocument USING gin (search_vector)")
        elapsed, cpu = time.perf_counter() - started, cpu_seconds() - cpu
        transaction.set_rollback(True)
    return what, elapsed, cpu


def measure_reindex(indexer) -> dict:
    """`katalog reindex` against the bare engine index build, in the same run on the same data."""
    ours, ours_cpu = reindex(indexer)
    what, bare, bare_cpu = bare_index_build()
    print(f"  bare engine index build ({what}): {bare:.1f} s ({bare_cpu:.1f} s CPU)", flush=True)
    print(f"  reindex / bare build: {ours / bare:.1f}× wall clock, {ours_cpu / bare_cpu:.1f}× CPU", flush=True)
    return {"reindex_s": round(ours, 2), "reindex_cpu_s": round(ours_cpu, 2), "bare_build_s": round(bare, 2),
            "bare_build_cpu_s": round(bare_cpu, 2), "bare_build": what, "ratio": round(ours / bare, 2),
            "ratio_cpu": round(ours_cpu / bare_cpu, 2)}


def _percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    k = max(0, min(len(ordered) - 1, round(p / 100 * len(ordered) + 0.5) - 1))
    return ordered[k]


def run(repeat: int) -> dict:
    from django.db import connection

    from katalog.catalogue.search import search_products
    from katalog.catalogue.search.backends import get_backend
    from katalog.catalogue.search.normalize import analyze_query
    from katalog.catalogue.search.service import plan_query

    backend = get_backend()
    timings: dict[str, dict[str, list[float]]] = {}
    per_query = []
    for kind, queries in QUERIES.items():
        timings[kind] = {"service": [], "raw": []}
        for query in queries:
            groups = plan_query(analyze_query(query), backend).groups
            match = backend.match_expression(groups) if groups else None
            result = search_products(query=query, page_size=24)  # warm-up (and the figures printed)
            if match:
                backend.raw_ranked(match, 24)
            service_times, raw_times = [], []
            for _ in range(repeat):
                started = time.perf_counter()
                search_products(query=query, page_size=24)
                service_times.append((time.perf_counter() - started) * 1000)
                if match:
                    started = time.perf_counter()
                    backend.raw_ranked(match, 24)
                    raw_times.append((time.perf_counter() - started) * 1000)
            timings[kind]["service"] += service_times
            timings[kind]["raw"] += raw_times
            per_query.append({
                "kind": kind, "query": query, "total": result.total,
                "first": result.hits[0].product.name if result.hits else "",
                # Very large result sets: candidates ranked instead of every match, estimated total (engine.py).
                "ranked_among": result.ranked_among, "total_approximate": result.total_approximate,
                "service_ms": round(statistics.median(service_times), 2),
                "raw_ms": round(statistics.median(raw_times), 2) if raw_times else None,
            })
    summary = {"vendor": connection.vendor, "repeat": repeat, "kinds": {}, "queries": per_query}
    everything = {"service": [], "raw": []}
    for kind, t in timings.items():
        summary["kinds"][kind] = _stats(t)
        everything["service"] += t["service"]
        everything["raw"] += t["raw"]
    summary["all"] = _stats(everything)
    return summary


def _stats(t: dict[str, list[float]]) -> dict:
    out = {}
    for variant, values in t.items():
        if values:
            out[variant] = {"median": round(statistics.median(values), 2), "p95": round(_percentile(values, 95), 2)}
    if "service" in out and "raw" in out:
        out["ratio_median"] = round(out["service"]["median"] / out["raw"]["median"], 2)
        out["ratio_p95"] = round(out["service"]["p95"] / out["raw"]["p95"], 2)
    return out


def report(summary: dict, products: int) -> None:
    print(f"\nSearch benchmark — {summary['vendor']}, {products:,} products, "
          f"{sum(len(q) for q in QUERIES.values())} queries × {summary['repeat']} runs")
    print(f"{'queries':<12} {'service median':>15} {'service p95':>12} {'raw median':>11} {'raw p95':>9} "
          f"{'ratio (median)':>15} {'ratio (p95)':>12}")
    rows = list(summary["kinds"].items()) + [("all", summary["all"])]
    for kind, s in rows:
        print(f"{kind:<12} {s['service']['median']:>12.1f} ms {s['service']['p95']:>9.1f} ms "
              f"{s['raw']['median']:>8.1f} ms {s['raw']['p95']:>6.1f} ms {s['ratio_median']:>14.2f}× "
              f"{s['ratio_p95']:>11.2f}×")
    verdict_p95 = "met" if summary["all"]["service"]["p95"] <= 50 else "NOT met"
    verdict_ratio = "met" if summary["all"]["ratio_median"] <= 2 else "NOT met"
    print(f"\ntarget p95 ≤ 50 ms: {verdict_p95}; service ≤ 2× raw (median): {verdict_ratio}")
    print("\nslowest queries (service median):")
    for q in sorted(summary["queries"], key=lambda q: -q["service_ms"])[:8]:
        approx = "≈" if q["total_approximate"] else " "
        ranked = f"ranked {q['ranked_among']:,}" if q["ranked_among"] is not None else "all ranked"
        print(f"  {q['service_ms']:>7.1f} ms  raw {q['raw_ms'] or 0:>6.1f} ms  {approx}{q['total']:>7,} hits "
              f"({ranked})  [{q['kind']}] {q['query']!r} → {q['first']!r}")
    large = sum(1 for q in summary["queries"] if q["ranked_among"] is not None)
    print(f"\n{large} of {len(summary['queries'])} queries matched more than the exact-ranking limit "
          "(their candidates were ranked, not every match)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--products", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--rebuild", action="store_true")
    parser.add_argument("--reindex", action="store_true")
    parser.add_argument("--skip-search", action="store_true")
    parser.add_argument("--json", dest="json_path")
    parser.add_argument("--sqlite", help="SQLite file to use (default var/bench-search.sqlite3)")
    args = parser.parse_args()
    vendor = _setup(args)
    print(f"database: {vendor}", flush=True)
    build(args.products)
    timed_reindex = None
    if args.reindex:
        from katalog.catalogue.search import indexer

        timed_reindex = measure_reindex(indexer)
    if args.skip_search:
        if args.json_path and timed_reindex:
            Path(args.json_path).write_text(json.dumps({"reindex": timed_reindex}, indent=2))
        return
    from katalog.catalogue.models import SearchDocument

    documents = SearchDocument.objects.count()
    summary = run(args.repeat)
    if timed_reindex:
        summary["reindex"] = timed_reindex
    summary["documents"] = documents
    report(summary, documents)
    if args.json_path:
        Path(args.json_path).write_text(json.dumps(summary, indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main()

"""Benchmark: what the candidate cut of very large result sets costs in ranking quality, on a big catalogue.

    .venv/bin/python benchmarks/search_cut.py                    # SQLite, var/bench-search.sqlite3
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_search .venv/bin/python benchmarks/search_cut.py

Options: --sqlite FILE (another SQLite file than var/bench-search.sqlite3), --class NAME (only that class of
queries), --show QUERY (print both variants' first ten with their grades; may be repeated), --repeat N (timed
runs per query and variant, default 3), --json FILE (write the figures).

The catalogue is one that benchmarks/search.py built and kept (the demo generator's products, indexed); this
script does not build one. Into it, the first run plants the judged corpus of benchmarks/search_quality.py
(the PRDECT-ID real titles and every demo template name, imported through the real import path under the
evaluation's four suppliers: search_quality.plant_corpus) and brings the search index up to date; a later run
finds the evaluation's suppliers there and plants nothing. (In the catalogue itself, not a copy: 1,970 more
products among a million change benchmarks/search.py's figures by nothing that matters, and a copy of a
million-product database costs more than the whole run.)

The cut (engine.py): when a query matches more than the backend's EXACT_RANKING_LIMIT documents (SQLite
2,500, PostgreSQL 10,000), only about RANKING_CANDIDATES of them are ranked exactly: on SQLite the first
matches in row-id order (the most preferred: local, UMK, TKDN; within a class a fixed hash of the id, i.e. not
chosen by relevance), on PostgreSQL a uniform sample by that hash. The question is whether the first page
suffers. For each judged query (data/search_judgments.toml), in the same run and on the same data:
  cut        search_products(query=q, page_size=10) as shipped;
  every      the same call with the backend's EXACT_RANKING_LIMIT raised above any result set, so every match
             is ranked (what the cut saves: the engine scoring all of them);
each `--repeat` times after one warm-up, with the page cache off (KATALOG_PAGE_CACHE=0: every call searches).
Printed: nDCG@10 of both per class and overall and the difference (cut − every); how many queries matched more
than the limit (result.ranked_among set) and how many were cut at all (also those where no product holds every
word: the partial matches that fill the page come from an engine search that may be cut too, though the
result then says nothing of it, so the engine's answers are watched here); the difference over the queries
cut; the queries whose quality differs; the median and p95 time of each variant. The verdict: the cut costs
at most 0.02 of nDCG@10 overall (a query the cut does not reach scores the same in both: the overall figure
is what a buyer sees across the judged queries, the figure over the queries cut shows the cut's own effect).

Why the grades are fair: a product's grade (3/2/1/0) comes from the words of its title through the query's
rules (search_quality.Judgment), never from what an engine returned, and the same grades judge both variants.
Every product the search can return (every indexed product) is graded, the generated ones too: the demo
generator names its products with the same template names the corpus plants, so a query for "kertas" has
thousands of relevant products in the catalogue, and the ideal ordering behind nDCG (search_quality.ndcg)
is taken over all of them. A variant scores 1.0 when its first ten are as good as the best ten of the whole
catalogue, whichever products they are.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from search import _percentile  # noqa: E402  (the p95 of benchmarks/search.py)
from search_quality import corpus_planted, fold_words, judgments, ndcg, plant_corpus  # noqa: E402

ALLOWED_LOSS = 0.02  # nDCG@10, overall
VARIANTS = ("cut", "every")


def _setup(args) -> str:
    if not os.environ.get("DATABASE_URL"):
        path = Path(args.sqlite) if args.sqlite else ROOT / "var" / "bench-search.sqlite3"
        if not path.exists():
            sys.exit(f"{path} does not exist: build the catalogue first with benchmarks/search.py")
        os.environ["DATABASE_URL"] = f"sqlite:///{path}"
    # A repeated query would be answered from the page cache (core/pagecache.py): each call must search.
    os.environ["KATALOG_PAGE_CACHE"] = "0"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "katalog.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", verbosity=0)
    return connection.vendor


def plant() -> None:
    """The judged corpus in the catalogue, once, and the index brought up to date."""
    from django.db import transaction

    from katalog.catalogue.search import indexer

    if corpus_planted():
        print("  the judged corpus is already in the catalogue", flush=True)
    else:
        started = time.perf_counter()
        with transaction.atomic():
            plant_corpus()
        print(f"  judged corpus imported in {time.perf_counter() - started:.1f} s", flush=True)
    started = time.perf_counter()
    refreshed = indexer.sync_pending()
    if refreshed:
        print(f"  search index: {refreshed:,} products refreshed in {time.perf_counter() - started:.1f} s", flush=True)


def products_by_name() -> dict[str, list[int]]:
    """Every product the search can return (those with a search document), grouped by name: a generated
    catalogue repeats its template names, so each name is graded once."""
    from katalog.catalogue.models import Product, SearchDocument

    out: dict[str, list[int]] = {}
    indexed = Product.objects.filter(id__in=SearchDocument.objects.values("product_id"))
    for pk, name in indexed.values_list("id", "name").iterator(chunk_size=20_000):
        out.setdefault(name, []).append(pk)
    return out


@contextlib.contextmanager
def engine_calls(*, every_match: bool):
    """Yields the list of each engine search's RawResult.ranked_among during the block: not None when that
    search ranked candidates only. The service resets the result's ranked_among when no product holds every
    word, though the partial matches that fill the page may have been cut too: hence counted here.
    `every_match`: the backend ranks every match, however many (the cut never applies)."""
    from katalog.catalogue.search.backends import get_backend

    backend_class = type(get_backend())
    limit, search = backend_class.EXACT_RANKING_LIMIT, backend_class.search
    ranked_among: list[int | None] = []

    def observed(self, **request):
        raw = search(self, **request)
        ranked_among.append(raw.ranked_among)
        return raw

    backend_class.search = observed
    if every_match:
        backend_class.EXACT_RANKING_LIMIT = sys.maxsize
    try:
        yield ranked_among
    finally:
        backend_class.EXACT_RANKING_LIMIT, backend_class.search = limit, search


def run(items, names: dict[str, list[int]], repeat: int) -> dict:
    from katalog.catalogue.search import search_products

    words = {name: (w := fold_words(name), frozenset(w)) for name in names}
    per_query = []
    times = {variant: [] for variant in VARIANTS}
    for item in items:
        graded = {name: g for name, (w, v) in words.items() if (g := item.grade(w, v))}
        grades = {pk: g for name, g in graded.items() for pk in names[name]}
        row = {"query": item.query, "class": item.kind,
               "graded": {g: sum(len(names[n]) for n, gn in graded.items() if gn == g) for g in (3, 2, 1)}}
        for variant in VARIANTS:
            with engine_calls(every_match=variant == "every") as ranked_among:
                search_products(query=item.query, page_size=10)  # warm-up
                runs = []
                for _ in range(repeat):
                    ranked_among.clear()
                    started = time.perf_counter()
                    result = search_products(query=item.query, page_size=10)
                    runs.append((time.perf_counter() - started) * 1000)
            times[variant] += runs
            if variant == "every" and any(n is not None for n in ranked_among):
                raise RuntimeError(f"{item.query!r}: candidates ranked although every match was asked for")
            top = [hit.product_id for hit in result.hits]
            row[variant] = {
                "ndcg10": ndcg(top, grades), "total": result.total, "ranked_among": result.ranked_among,
                "cut": any(n is not None for n in ranked_among), "ms": round(statistics.median(runs), 2),
                "top": [(hit.product_id, grades.get(hit.product_id, 0), hit.product.name) for hit in result.hits],
            }
        per_query.append(row)
    return {"per_query": per_query, "times": times}


def summarise(figures: dict, vendor: str, documents: int, repeat: int) -> dict:
    per_query = figures["per_query"]
    groups: dict[str, list[dict]] = {}
    for row in per_query:
        groups.setdefault(row["class"], []).append(row)
    groups["overall"] = per_query
    groups["cut applied"] = [row for row in per_query if row["cut"]["cut"]]
    classes = {}
    for name, rows in groups.items():
        if not rows:
            continue
        cut = statistics.fmean(r["cut"]["ndcg10"] for r in rows)
        every = statistics.fmean(r["every"]["ndcg10"] for r in rows)
        classes[name] = {"n": len(rows), "cut": round(cut, 4), "every": round(every, 4),
                         "difference": round(cut - every, 4),
                         "above_limit": sum(1 for r in rows if r["cut"]["ranked_among"] is not None),
                         "cut_applied": sum(1 for r in rows if r["cut"]["cut"])}
    timing = {variant: {"median_ms": round(statistics.median(t), 2), "p95_ms": round(_percentile(t, 95), 2)}
              for variant, t in figures["times"].items()}
    difference = classes["overall"]["difference"]
    return {"vendor": vendor, "documents": documents, "repeat": repeat, "classes": classes, "timing": timing,
            "difference": difference, "within": difference >= -ALLOWED_LOSS, "per_query": per_query}


def _how_ranked(v: dict) -> str:
    if v["ranked_among"] is not None:
        return f"ranked {v['ranked_among']:,}"
    return "partial matches cut" if v["cut"] else "all ranked"


def report(summary: dict, limit: int) -> None:
    print(f"\nCandidate cut against every match ranked — {summary['vendor']}, {summary['documents']:,} documents, "
          f"{summary['classes']['overall']['n']} judged queries, exact-ranking limit {limit:,}")
    print(f"{'class':<12} {'n':>4} {'above':>6} {'cut':>4} {'nDCG@10 cut':>12} {'every match':>12} {'cut − every':>12}")
    for name, c in summary["classes"].items():
        print(f"{name:<12} {c['n']:>4} {c['above_limit']:>6} {c['cut_applied']:>4} {c['cut']:>12.3f} "
              f"{c['every']:>12.3f} {c['difference']:>+12.3f}")
    print("(above: queries matching more than the limit, result.ranked_among set; cut: those and the queries whose\n"
          " partial matches, shown when no product holds every word, were cut: candidates ranked, not every match)")
    for variant, t in summary["timing"].items():
        print(f"time {variant:<6} median {t['median_ms']:>7.1f} ms   p95 {t['p95_ms']:>7.1f} ms")
    differ = sorted((r for r in summary["per_query"] if r["cut"]["ndcg10"] != r["every"]["ndcg10"]),
                    key=lambda r: r["cut"]["ndcg10"] - r["every"]["ndcg10"])
    if differ:
        print("\nqueries whose first page differs in quality (cut − every match: cut / every):")
        for r in differ[:12]:
            print(f"  {r['cut']['ndcg10'] - r['every']['ndcg10']:>+6.3f}  {r['cut']['ndcg10']:.3f} / "
                  f"{r['every']['ndcg10']:.3f}  {r['every']['total']:>8,} hits ({_how_ranked(r['cut'])})  "
                  f"[{r['class']}] {r['query']}")
    applied = summary["classes"].get("cut applied", {"difference": 0.0, "n": 0})
    verdict = "within" if summary["within"] else "NOT within"
    print(f"\ncut − every match, nDCG@10 overall: {summary['difference']:+.3f}: {verdict} {ALLOWED_LOSS} "
          f"(over the {applied['n']} queries cut: {applied['difference']:+.3f})")


def show(summary: dict, queries: list[str]) -> None:
    by_query = {r["query"]: r for r in summary["per_query"]}
    for query in queries:
        row = by_query.get(query)
        if row is None:
            print(f"\n(no judged query {query!r})")
            continue
        graded = row["graded"]
        print(f"\n{query!r} [{row['class']}]: graded in the catalogue 3: {graded[3]:,}, 2: {graded[2]:,}, "
              f"1: {graded[1]:,}")
        for variant in VARIANTS:
            v = row[variant]
            print(f"  {variant}: nDCG@10 {v['ndcg10']:.3f}, {v['total']:,} hits ({_how_ranked(v)})")
            for _pk, grade, name in v["top"]:
                print(f"    {grade} {name[:90]}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sqlite", help="SQLite file to use (default var/bench-search.sqlite3)")
    parser.add_argument("--class", dest="kind", default="")
    parser.add_argument("--show", action="append", default=[])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--json", dest="json_path")
    args = parser.parse_args()
    vendor = _setup(args)
    print(f"database: {vendor}", flush=True)
    from katalog.catalogue.models import Product, SearchDocument
    from katalog.catalogue.search.backends import get_backend

    if not Product.objects.exists():
        sys.exit("the catalogue is empty: build it first with benchmarks/search.py")
    plant()
    items = [j for j in judgments() if not args.kind or j.kind == args.kind]
    if not items:
        sys.exit(f"no judged query of class {args.kind!r}")
    started = time.perf_counter()
    names = products_by_name()
    print(f"  {sum(len(ids) for ids in names.values()):,} searchable products under {len(names):,} names, "
          f"read in {time.perf_counter() - started:.1f} s", flush=True)
    started = time.perf_counter()
    figures = run(items, names, max(1, args.repeat))
    print(f"  {len(items)} queries × 2 variants × {args.repeat + 1} runs in {time.perf_counter() - started:.0f} s",
          flush=True)
    summary = summarise(figures, vendor, SearchDocument.objects.count(), args.repeat)
    report(summary, get_backend().EXACT_RANKING_LIMIT)
    show(summary, args.show)
    if args.json_path:
        Path(args.json_path).write_text(json.dumps(summary, indent=1, ensure_ascii=False))


if __name__ == "__main__":
    main()

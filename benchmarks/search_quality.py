"""Search quality: graded buyer queries over real marketplace titles and the demo catalogue.

    .venv/bin/python benchmarks/search_quality.py                  # SQLite, a new database in a temporary folder
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_quality .venv/bin/python benchmarks/search_quality.py

Options: --class NAME (only that class of queries), --show QUERY (print the service's and the raw engine's
first ten with their grades), --check (print how many products each query's rule grades 3/2/1, and stop),
--json FILE (write the figures). On PostgreSQL the database named in DATABASE_URL is emptied first: use
one of its own.

What it does, in one run:
1. a fresh database: `migrate`, the demo category tree, four suppliers (local micro, local small, local large,
   large from outside the kabupaten) and a catalogue manager;
2. the catalogue, imported through the real import path (`import_products`, what `katalog import-products`
   runs, publishing at once): the 1,356 real Tokopedia titles of PRDECT-ID (data/prdect_id_products.csv, CC BY
   4.0, see data/README.md) under Indonesian categories, and every product name of the demo generator's
   templates (katalog.demo.vocabulary) under its own category; each row goes to one supplier by a hash of
   its title, so the local/UMK/TKDN preference is spread over good and bad matches alike;
3. the judgments (data/search_judgments.toml): for each query a class and rules that grade a product 3, 2
   or 1 from the words of its title (0 otherwise). The grades come from the titles alone, never from what
   an engine returned, so they are reproducible and cannot be tuned to the engine;
4. every query through the search service (`search_products`, what the catalogue page, the API and
   `katalog search --json` call; page size 50), and through the raw engine with the query's folded words
   each an optional prefix (SQLite: FTS5 `"w1"* OR "w2"*` ordered by bm25; PostgreSQL: `'w1':* | 'w2':*`
   ordered by ts_rank), over the same index;
5. nDCG@10 (gain 2^grade - 1, the ideal ordering over every graded product) and recall@50 (products graded
   2 or 3 among the first 50, out of min(50, all of them)), per class and overall, for both.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import math
import os
import re
import sys
import tempfile
import time
import tomllib
import unicodedata
import zlib
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = Path(__file__).resolve().parent / "data"
if str(ROOT / "src") not in sys.path:
    sys.path.insert(0, str(ROOT / "src"))

# PRDECT-ID's English category labels → the Indonesian category a seller would file the product under.
PRDECT_CATEGORIES = {
    "Computers and Laptops": "Komputer dan Laptop", "Men's Fashion": "Fesyen Pria", "Gaming": "Gaming",
    "Electronics": "Elektronik", "Books": "Buku", "Camera": "Kamera", "Toys and Hobbies": "Mainan dan Hobi",
    "Household": "Rumah Tangga", "Food and Drink": "Makanan dan Minuman", "Office & Stationery": "Alat Tulis Kantor",
    "Kitchen": "Dapur", "Automotive": "Otomotif", "Muslim Fashion": "Fesyen Muslim", "Sport": "Olahraga",
    "Mother and Baby": "Ibu dan Bayi", "Beauty": "Kecantikan", "Animal Care": "Perawatan Hewan",
    "Women's Fashion": "Fesyen Wanita", "Party Supplies and Craft": "Pesta dan Kerajinan",
    "Kids and Baby Fashion": "Fesyen Anak", "Phones and Tablets": "Handphone dan Tablet",
    "Other Products": "Produk Lainnya", "Body Care": "Perawatan Tubuh", "Carpentry": "Pertukangan",
    "Health": "Kesehatan", "Movies and Music": "Film dan Musik", "Tour and Travel": "Wisata dan Perjalanan",
    "Precious Metal": "Logam Mulia", "Property": "Properti",
}
# (key, name, scale, home kecamatan index or None for a district outside the kabupaten)
SUPPLIERS = (
    ("mikro", "UD Berkah Abadi", "mikro", 1),
    ("kecil", "CV Karya Bersama", "kecil", 2),
    ("besar", "PT Graha Niaga", "besar", 1),
    ("luar", "PT Samudra Niaga", "besar", None),
)


# --- the corpus --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Row:
    title: str
    category: str  # a category name or "A > B > C" path, as the import file gives it
    price: int
    tkdn: int
    origin: str
    supplier: str  # SUPPLIERS key


def _supplier_of(title: str) -> str:
    return SUPPLIERS[zlib.crc32(title.encode()) % len(SUPPLIERS)][0]


def corpus() -> list[Row]:
    """Every product the evaluation imports: the real titles, then the demo catalogue's names."""
    from katalog.demo import vocabulary as vocab

    rows: list[Row] = []
    seen: set[str] = set()  # the import refuses a second product of the same name and unit: one of each title
    with open(DATA / "prdect_id_products.csv", newline="", encoding="utf-8") as handle:
        for item in csv.DictReader(handle):
            title = item["product_name"].strip()
            if title.lower() in seen:
                continue
            seen.add(title.lower())
            supplier = _supplier_of(title)
            tkdn = 0 if supplier == "luar" else (0, 15, 30, 45)[zlib.crc32(title.encode()) // 7 % 4]
            rows.append(Row(title, PRDECT_CATEGORIES[item["category"]], int(item["price_idr"]), tkdn, "lokal",
                            supplier))
    for template in vocab.PRODUCT_TEMPLATES:
        for name in template.names:
            if name.lower() in seen:
                continue
            seen.add(name.lower())
            supplier = _supplier_of(name)
            imported = template.import_share >= 0.5
            rows.append(Row(name, " > ".join(template.leaf_path), template.price_min,
                            0 if imported else sum(template.tkdn) // 2, "impor" if imported else "lokal", supplier))
    return rows


def _import_file(rows: list[Row]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["nama", "kategori", "satuan", "harga", "stok", "tkdn", "asal"])
    for row in rows:
        writer.writerow([row.title, row.category, "pcs", row.price, 100, row.tkdn, row.origin])
    return out.getvalue().encode("utf-8")


# The evaluation's suppliers' NIBs start here (the demo generator's at 9120000000000): a catalogue holding the
# first one holds the imported corpus (corpus_planted).
SUPPLIER_NIB = 9_130_000_000_000


def populate() -> dict[int, str]:
    """Categories, suppliers and the imported catalogue in the current (empty) database: product id → title."""
    from katalog.catalogue.models import Product

    create_categories()
    plant_corpus()
    return dict(Product.objects.values_list("id", "name"))


def create_categories() -> None:
    """The demo generator's category tree, in a database without one."""
    from django.utils.text import slugify

    from katalog.catalogue.models import Category
    from katalog.demo import vocabulary as vocab

    by_path: dict[tuple, Category] = {}
    for path in vocab.category_paths():
        by_path[path] = Category.objects.create(parent=by_path.get(path[:-1]), name=path[-1], level=len(path),
                                                slug=slugify("-".join(path))[:160])


def corpus_planted() -> bool:
    """The corpus is already in this catalogue (plant_corpus ran)."""
    from katalog.suppliers.models import Supplier

    return Supplier.objects.filter(nib=str(SUPPLIER_NIB)).exists()


def plant_corpus() -> None:
    """The corpus imported into a catalogue holding the demo category tree (from create_categories, or a demo
    catalogue of benchmarks/search.py): the real titles' categories where missing, a catalogue manager and the
    four suppliers, then one import per supplier."""
    from django.conf import settings
    from django.utils.text import slugify

    from katalog.agencies.models import User
    from katalog.catalogue.importing import import_products
    from katalog.catalogue.models import Category
    from katalog.core.roles import Role
    from katalog.regions.models import District
    from katalog.suppliers.models import Supplier

    for name in sorted(set(PRDECT_CATEGORIES.values())):
        if not Category.objects.filter(name=name, parent=None).exists():
            Category.objects.create(name=name, level=1, slug=slugify("eval-" + name))
    manager = User.objects.create(username="eval-pengelola", full_name="Pengelola Evaluasi",
                                  role=Role.CATALOGUE_MANAGER)
    outside = District.objects.exclude(regency_id=settings.KATALOG_REGION).order_by("code").first()
    suppliers = {}
    for n, (key, name, scale, home) in enumerate(SUPPLIERS):
        district = District.objects.get(code=f"{settings.KATALOG_REGION}.{home:02d}") if home else outside
        suppliers[key] = Supplier.objects.create(
            name=name, owner_name=f"Pemilik {n}", nib=f"{SUPPLIER_NIB + n}", npwp=f"{2000000000000000 + n}",
            scale=scale, status=Supplier.Status.VERIFIED, district=district, regency_id=district.regency_id)
    rows = corpus()
    for key, supplier in suppliers.items():
        mine = [row for row in rows if row.supplier == key]
        report = import_products(data=_import_file(mine), filename=f"evaluasi-{key}.csv", supplier=supplier,
                                 actor=manager, publish=True)
        if report.errors or report.created != len(mine):
            raise RuntimeError(f"import for {key} failed: {[(e.row, e.column, e.message) for e in report.errors[:5]]}")


# --- judgments ---------------------------------------------------------------------------------


def fold_words(text: str) -> list[str]:
    text = unicodedata.normalize("NFKD", text or "")
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).lower().replace("'", "")
    return re.findall(r"[a-z0-9]+", text)


@dataclass
class Rule:
    """Clauses joined by " & "; each clause holds alternatives joined by "|" (a word, a word prefix
    ending in "*", or a phrase of words); a clause starting with "!" must not match."""

    text: str
    clauses: list[tuple[bool, list[list[str]]]] = field(default_factory=list)

    def __post_init__(self):
        for clause in self.text.split("&"):
            clause = clause.strip()
            negated = clause.startswith("!")
            alternatives = [alt.split() for alt in clause.lstrip("!").split("|") if alt.strip()]
            self.clauses.append((negated, alternatives))

    @staticmethod
    def _has(words: list[str], alternative: list[str], vocabulary: frozenset[str] = frozenset()) -> bool:
        n = len(alternative)
        if n == 1 and not alternative[0].endswith("*") and vocabulary:
            return alternative[0] in vocabulary
        for i in range(len(words) - n + 1):
            if all(w.startswith(a[:-1]) if a.endswith("*") else w == a
                   for w, a in zip(words[i:i + n], alternative)):
                return True
        return False

    def matches(self, words: list[str], vocabulary: frozenset[str] = frozenset()) -> bool:
        vocabulary = vocabulary or frozenset(words)
        for negated, alternatives in self.clauses:
            found = any(self._has(words, alt, vocabulary) for alt in alternatives)
            if found == negated:
                return False
        return True


@dataclass
class Judgment:
    query: str
    kind: str  # the class
    rules: dict[int, list[Rule]]  # grade → rules
    note: str = ""

    def grade(self, words: list[str], vocabulary: frozenset[str] = frozenset()) -> int:
        vocabulary = vocabulary or frozenset(words)
        for grade in (3, 2, 1):
            if any(rule.matches(words, vocabulary) for rule in self.rules.get(grade, ())):
                return grade
        return 0


def judgments(path: Path = DATA / "search_judgments.toml") -> list[Judgment]:
    with open(path, "rb") as handle:
        data = tomllib.load(handle)
    out = []
    for item in data["q"]:
        rules = {g: [Rule(text) for text in item.get(f"g{g}", [])] for g in (3, 2, 1)}
        out.append(Judgment(query=item["q"], kind=item["c"], rules=rules, note=item.get("note", "")))
    return out


# --- measuring ---------------------------------------------------------------------------------


def ndcg(ranked: list[int], grades: dict[int, int], k: int = 10) -> float:
    def dcg(gains):
        return sum((2 ** g - 1) / math.log2(i + 2) for i, g in enumerate(gains))

    ideal = dcg(sorted(grades.values(), reverse=True)[:k])
    return dcg([grades.get(pk, 0) for pk in ranked[:k]]) / ideal if ideal else 0.0


def recall(ranked: list[int], grades: dict[int, int], k: int = 50) -> float:
    relevant = {pk for pk, g in grades.items() if g >= 2}
    if not relevant:
        return 0.0
    return len(relevant & set(ranked[:k])) / min(k, len(relevant))


def raw_engine(query: str, limit: int = 50) -> list[int]:
    """The engine's own ranked query, every folded word an optional prefix (no analysis, no lexicon)."""
    from django.db import connection

    from katalog.catalogue.search.engine_sqlite import FTS

    words = list(dict.fromkeys(fold_words(query)))
    if not words:
        return []
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            match = "{name_terms body_terms} : (" + " OR ".join(f'"{w}"*' for w in words) + ")"
            cursor.execute(
                f"SELECT d.product_id FROM (SELECT rowid AS r, bm25({FTS}, 3.0, 1.0, 0.0) AS s "
                f"FROM {FTS} WHERE {FTS} MATCH %s ORDER BY s LIMIT %s) m "
                "JOIN catalogue_searchdocument d ON d.tie = m.r ORDER BY m.s", [match, limit])
        else:
            match = " | ".join(f"'{w}':*" for w in words)
            cursor.execute(
                "SELECT product_id FROM catalogue_searchdocument WHERE search_vector @@ to_tsquery('simple', %s) "
                "ORDER BY ts_rank(search_vector, to_tsquery('simple', %s)) DESC, product_id LIMIT %s",
                [match, match, limit])
        return [row[0] for row in cursor.fetchall()]


def service(query: str, limit: int = 50) -> list[int]:
    from katalog.catalogue.search import search_products

    return [hit.product_id for hit in search_products(query=query, page_size=limit, with_facets=False).hits]


def search_notes(query: str) -> list[str]:
    from katalog.catalogue.search import search_products

    return search_products(query=query, page_size=1, with_facets=False).notes


def evaluate(titles: dict[int, str], items: list[Judgment] | None = None) -> dict:
    """nDCG@10 and recall@50 per class and overall, for the service and the raw engine."""
    items = items if items is not None else judgments()
    words = {pk: (w := fold_words(title), frozenset(w)) for pk, title in titles.items()}
    per_query = []
    for item in items:
        grades = {pk: g for pk, (w, v) in words.items() if (g := item.grade(w, v))}
        row = {"query": item.query, "class": item.kind, "judged": len(grades)}
        for name, run in (("service", service), ("raw", raw_engine)):
            ranked = run(item.query)
            row[name] = {"ndcg10": ndcg(ranked, grades), "recall50": recall(ranked, grades), "top": ranked[:10]}
        per_query.append(row)
    summary: dict = {"queries": len(per_query), "classes": {}, "per_query": per_query}
    groups: dict[str, list[dict]] = {}
    for row in per_query:
        groups.setdefault(row["class"], []).append(row)
    groups["overall"] = per_query
    for name, rows in groups.items():
        summary["classes"][name] = {
            "n": len(rows),
            **{f"{run}_{metric}": sum(r[run][metric] for r in rows) / len(rows)
               for run in ("service", "raw") for metric in ("ndcg10", "recall50")},
        }
    return summary


def print_summary(summary: dict, vendor: str) -> None:
    print(f"{vendor}: {summary['queries']} graded queries")
    print(f"{'class':<14} {'n':>4} {'nDCG@10':>8} {'raw':>7} {'Δ':>6} {'R@50':>6} {'raw':>6}")
    for name, c in summary["classes"].items():
        print(f"{name:<14} {c['n']:>4} {c['service_ndcg10']:>8.3f} {c['raw_ndcg10']:>7.3f} "
              f"{c['service_ndcg10'] - c['raw_ndcg10']:>+6.3f} {c['service_recall50']:>6.3f} {c['raw_recall50']:>6.3f}")


# --- running it --------------------------------------------------------------------------------


def setup_database() -> str:
    if not os.environ.get("DATABASE_URL"):
        folder = Path(tempfile.mkdtemp(prefix="search-quality-"))
        os.environ["DATABASE_URL"] = f"sqlite:///{folder / 'quality.sqlite3'}"
        os.environ.setdefault("KATALOG_VAR_DIR", str(folder))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "katalog.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("DROP SCHEMA public CASCADE; CREATE SCHEMA public;")
    call_command("migrate", verbosity=0)
    return connection.vendor


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--class", dest="kind", default="")
    parser.add_argument("--show", action="append", default=[])
    parser.add_argument("--check", action="store_true")
    parser.add_argument("--json", default="")
    args = parser.parse_args()
    items = [j for j in judgments() if not args.kind or j.kind == args.kind]
    if args.check:  # the rules against the titles alone: no database, no engine
        rows = corpus()
        for item in items:
            counts = [0, 0, 0, 0]
            for row in rows:
                counts[item.grade(fold_words(row.title))] += 1
            print(f"{item.kind:<13} {item.query:<32} g3={counts[3]:<4} g2={counts[2]:<4} g1={counts[1]}")
        return
    vendor = setup_database()
    started = time.perf_counter()
    titles = populate()
    print(f"{vendor}: {len(titles):,} products imported and indexed in {time.perf_counter() - started:.1f} s")
    started = time.perf_counter()
    summary = evaluate(titles, items)
    print(f"evaluated in {time.perf_counter() - started:.1f} s")
    print_summary(summary, vendor)
    by_query = {row["query"]: row for row in summary["per_query"]}
    judged = {j.query: j for j in items}
    for query in args.show:
        row = by_query.get(query)
        if not row:
            print(f"(no judged query {query!r})")
            continue
        print(f"\n{query!r} [{row['class']}] notes: {search_notes(query)}")
        print(f"  service nDCG {row['service']['ndcg10']:.3f}, raw {row['raw']['ndcg10']:.3f}")
        for run in ("service", "raw"):
            print(f"  {run}:")
            for pk in row[run]["top"]:
                print(f"    {judged[query].grade(fold_words(titles[pk]))} {titles[pk][:90]}")
    worst = sorted(summary["per_query"], key=lambda r: r["service"]["ndcg10"])[:15]
    print("\nlowest nDCG@10 (service / raw):")
    for row in worst:
        print(f"  {row['service']['ndcg10']:.3f} / {row['raw']['ndcg10']:.3f}  [{row['class']}] {row['query']}")
    if args.json:
        Path(args.json).write_text(json.dumps({"vendor": vendor, **summary}, indent=1, ensure_ascii=False))


if __name__ == "__main__":
    main()

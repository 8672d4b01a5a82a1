"""Keeping the search index in step with the catalogue.

`sync_pending()` (services call it at the end of their transaction) and the
lazy drain at the start of a search refresh the products the database
triggers queued; `rebuild()` (`katalog reindex`) recomputes everything.

Only products the public may see (status "active") have a document.
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache

from django.conf import settings
from django.db import connection, transaction

from katalog.suppliers.models import UMK_SCALES

from . import schema
from .facets import DocumentFacets, band_of, preference_bits
from .normalize import document_terms
from .ranking import RANK_SHIFT, Preference, document_rowid, price_bands, tie_hash

log = logging.getLogger(__name__)

DOC_COLUMNS = (
    "tie", "product_id", "name_terms", "body_terms", "facet_terms", "supplier_id", "category_id", "category_l1",
    "category_l2", "category_l3", "district_code", "scale", "is_umk", "is_local", "origin", "tkdn", "tkdn_bmp",
    "price", "is_halal", "has_sni", "preference", "published_at", "category_key", "facet_key",
)
FTS_COLUMNS = ("tie", "name_terms", "body_terms", "facet_terms")  # positions 0, 2, 3, 4 of a document
_PRODUCT_FIELDS = (
    "id", "name", "description", "brand", "status", "price", "tkdn", "bmp", "origin", "is_halal", "has_sni",
    "published_at", "category_id", "supplier_id", "supplier__name", "supplier__scale", "supplier__is_cooperative",
    "supplier__regency_id", "supplier__district_id",
)
_PG_INDEX_LOCK = 7_411_004  # serialises index writers on PostgreSQL (term counts are shared rows)
BATCH = 2000


@dataclass(frozen=True)
class _Category:
    name: str
    path_ids: tuple[int, ...]  # from the top level down to this category
    path_terms: tuple[str, ...]


def _categories() -> dict[int, _Category]:
    from katalog.catalogue.models import Category

    rows = {pk: (name, parent) for pk, name, parent in Category.objects.values_list("id", "name", "parent_id")}
    out: dict[int, _Category] = {}
    for pk in rows:
        chain, seen, current = [], set(), pk
        while current is not None and current in rows and current not in seen:
            seen.add(current)
            chain.append(current)
            current = rows[current][1]
        chain.reverse()
        names = " ".join(rows[c][0] for c in chain)
        out[pk] = _Category(rows[pk][0], tuple(chain), tuple(_terms(names)))
    return out


@lru_cache(maxsize=200_000)
def _terms(text: str) -> tuple[str, ...]:
    return tuple(document_terms(text))


def _hundredths(value) -> int:
    return int((Decimal(value or 0) * 100).to_integral_value())


def _document(row: dict, categories: dict[int, _Category], bands: tuple[int, ...], home: tuple[str, ...]) -> tuple:
    category = categories.get(row["category_id"]) or _Category("", (row["category_id"],), ())
    path = list(category.path_ids) + [None, None, None]
    is_umk = row["supplier__scale"] in UMK_SCALES or bool(row["supplier__is_cooperative"])
    is_local = row["supplier__regency_id"] == settings.KATALOG_REGION
    tkdn = _hundredths(row["tkdn"])
    tkdn_bmp = tkdn + _hundredths(row["bmp"])
    name_terms = _terms(row["name"])
    # The supplier's kecamatan is a facet (facet_terms), not text: "kopi" from a supplier in Kotabumi must not
    # match a query for "bumi" or "kota", and a place never stands in for a product word.
    body_terms = (
        category.path_terms
        + _terms(f"{row['brand']} {row['supplier__name']}")
        + _terms((row["description"] or "")[:1000])
    )
    preference = Preference.of(is_local=is_local, is_umk=is_umk, tkdn_hundredths=tkdn, tkdn_bmp_hundredths=tkdn_bmp)
    published_at = row["published_at"]
    if published_at is not None and connection.vendor == "sqlite":
        published_at = connection.ops.adapt_datetimefield_value(published_at)  # the format Django stores
    flags = {name for name, on in (
        ("umk", is_umk), ("local_supplier", is_local), ("tkdn", preference.tkdn), ("tkdn_bmp", preference.tkdn_bmp),
        ("halal", row["is_halal"]), ("sni", row["has_sni"])) if on}
    bits = preference_bits(local_supplier=preference.local_supplier, umk=preference.umk, tkdn=preference.tkdn,
                           tkdn_bmp=preference.tkdn_bmp)
    facets = DocumentFacets(
        category_path=category.path_ids, district_code=row["supplier__district_id"] or "",
        scale=row["supplier__scale"], origin=row["origin"], band=band_of(row["price"], bands),
        flags=frozenset(flags), preference_bits=bits,
    )
    return (
        document_rowid(row["id"], bits), row["id"], " ".join(name_terms), " ".join(body_terms),
        " ".join(facets.tokens()), row["supplier_id"], row["category_id"], path[0], path[1], path[2],
        row["supplier__district_id"] or "", row["supplier__scale"], is_umk, is_local, row["origin"], tkdn, tkdn_bmp,
        row["price"], row["is_halal"], row["has_sni"], preference.value, published_at, facets.category_key(),
        facets.facet_key(home),
    )


def _documents(product_ids: Iterable[int] | None, categories) -> Iterator[tuple]:
    from katalog.catalogue.models import Product

    from katalog.regions.selectors import home_districts

    bands = price_bands()
    home = tuple(home_districts().values_list("code", flat=True))
    qs = Product.objects.filter(status=Product.Status.ACTIVE).order_by("id")
    if product_ids is not None:
        ids = sorted(set(product_ids))
        for start in range(0, len(ids), BATCH):
            for row in qs.filter(id__in=ids[start:start + BATCH]).values(*_PRODUCT_FIELDS):
                yield _document(row, categories, bands, home)
        return
    last = 0
    while True:
        rows = list(qs.filter(id__gt=last).values(*_PRODUCT_FIELDS)[:BATCH])
        if not rows:
            return
        for row in rows:
            yield _document(row, categories, bands, home)
        last = rows[-1]["id"]


def _assign_ties(cursor, docs: list[tuple]) -> list[tuple]:
    """Give every document a unique row id: its tie hash, re-salted in the rare case it is taken."""
    ties = [doc[0] for doc in docs]
    taken: set[int] = set()
    for start in range(0, len(ties), 500):
        chunk = ties[start:start + 500]
        cursor.execute(
            f"SELECT tie FROM catalogue_searchdocument WHERE tie IN ({', '.join(['%s'] * len(chunk))})", chunk)
        taken.update(row[0] for row in cursor.fetchall())
    if not taken and len(set(ties)) == len(ties):
        return docs
    out = []
    for doc in docs:
        tie, salt = doc[0], 0
        while tie in taken:
            salt += 1
            tie = ((doc[0] >> RANK_SHIFT) << RANK_SHIFT) | tie_hash(doc[1], salt)
        taken.add(tie)
        out.append((tie, *doc[1:]))
    return out


def _fts_row(doc: tuple) -> tuple:
    return doc[0], doc[2], doc[3], doc[4]


def _lock(cursor) -> None:
    if connection.vendor == "postgresql":
        cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_PG_INDEX_LOCK])


def _insert_sql() -> str:
    cols = ", ".join(DOC_COLUMNS)
    marks = ", ".join(["%s"] * len(DOC_COLUMNS))
    return f"INSERT INTO catalogue_searchdocument ({cols}) VALUES ({marks})"


def _apply_term_counts(cursor, delta: Counter) -> None:
    changes = sorted((term, n) for term, n in delta.items() if n and len(term) <= 100)
    if not changes:
        return
    before = 0
    if connection.vendor == "sqlite":
        cursor.execute("SELECT coalesce(max(id), 0) FROM catalogue_searchterm")
        before = cursor.fetchone()[0]
    cursor.executemany(
        "INSERT INTO catalogue_searchterm (term, df) VALUES (%s, %s) "
        "ON CONFLICT (term) DO UPDATE SET df = catalogue_searchterm.df + excluded.df",
        changes,
    )
    if connection.vendor == "sqlite":
        cursor.execute(
            f"INSERT INTO {schema.TERM_TRIGRAMS} (rowid, padded) "
            "SELECT id, '^' || term || '$' FROM catalogue_searchterm WHERE id > %s",
            [before],
        )


def _term_set(name_terms: str, body_terms: str) -> set[str]:
    return set(name_terms.split()) | set(body_terms.split())


@transaction.atomic
def refresh(product_ids: Iterable[int]) -> int:
    """Recompute the documents of these products (dropping those no longer public). Returns how many are indexed."""
    ids = sorted({int(pk) for pk in product_ids})
    if not ids:
        return 0
    categories = _categories()
    indexed = 0
    with connection.cursor() as cursor:
        _lock(cursor)
        for start in range(0, len(ids), BATCH):
            chunk = ids[start:start + BATCH]
            marks = ", ".join(["%s"] * len(chunk))
            cursor.execute(
                "SELECT tie, name_terms, body_terms, facet_terms FROM catalogue_searchdocument "
                f"WHERE product_id IN ({marks})", chunk,
            )
            old = cursor.fetchall()
            delta: Counter = Counter()
            for _tie, name_terms, body_terms, _facets in old:
                delta.subtract(_term_set(name_terms, body_terms))
            if old and connection.vendor == "sqlite":
                cursor.executemany(
                    f"INSERT INTO {schema.FTS} ({schema.FTS}, rowid, name_terms, body_terms, facet_terms) "
                    "VALUES ('delete', %s, %s, %s, %s)", old,
                )
            if old:
                cursor.execute(f"DELETE FROM catalogue_searchdocument WHERE product_id IN ({marks})", chunk)
            docs = _assign_ties(cursor, list(_documents(chunk, categories)))
            if docs:
                cursor.executemany(_insert_sql(), docs)
                if connection.vendor == "sqlite":
                    cursor.executemany(
                        f"INSERT INTO {schema.FTS} (rowid, name_terms, body_terms, facet_terms) VALUES (%s, %s, %s, %s)",
                        [_fts_row(doc) for doc in docs],
                    )
                for doc in docs:
                    delta.update(_term_set(doc[2], doc[3]))
            _apply_term_counts(cursor, delta)
            indexed += len(docs)
    return indexed


def pending_count() -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM catalogue_searchqueue")
        return cursor.fetchone()[0]


def has_pending() -> bool:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM catalogue_searchqueue LIMIT 1")
        return cursor.fetchone() is not None


@transaction.atomic
def sync_pending(limit: int | None = None) -> int:
    """Refresh the queued products (all, or the first `limit`). Returns how many were taken off the queue."""
    with connection.cursor() as cursor:
        _lock(cursor)
        sql = "SELECT product_id FROM catalogue_searchqueue ORDER BY product_id"
        if limit:
            sql += f" LIMIT {int(limit)}"
        cursor.execute(sql)
        ids = [row[0] for row in cursor.fetchall()]
        if not ids:
            return 0
        refresh(ids)
        for start in range(0, len(ids), BATCH):
            chunk = ids[start:start + BATCH]
            cursor.execute(
                f"DELETE FROM catalogue_searchqueue WHERE product_id IN ({', '.join(['%s'] * len(chunk))})", chunk
            )
    return len(ids)


@transaction.atomic
def rebuild(progress: Callable[[int, int], None] | None = None) -> int:
    """Recompute the whole index from the catalogue (`katalog reindex`). Returns the number of documents."""
    from katalog.catalogue.models import Product

    schema.install(connection)
    _terms.cache_clear()
    total = Product.objects.filter(status=Product.Status.ACTIVE).count()
    categories = _categories()
    counts: Counter = Counter()
    done = 0
    with connection.cursor() as cursor:
        _lock(cursor)
        if connection.vendor == "postgresql":
            # TRUNCATE leaves no dead rows behind: a million deleted queue rows would slow every
            # "anything queued?" check until autovacuum came by.
            cursor.execute("TRUNCATE catalogue_searchqueue, catalogue_searchdocument, catalogue_searchterm")
        else:
            cursor.execute("DELETE FROM catalogue_searchqueue")
            cursor.execute("DELETE FROM catalogue_searchdocument")
            cursor.execute("DELETE FROM catalogue_searchterm")
        if connection.vendor == "sqlite":
            cursor.execute(f"DELETE FROM {schema.TERM_TRIGRAMS}")
        else:
            cursor.execute("DROP INDEX IF EXISTS catalogue_search_vector_gin")
            cursor.execute(f"DROP INDEX IF EXISTS {schema.PG_SAMPLE_INDEX}")
        batch: list[tuple] = []
        for doc in _documents(None, categories):
            batch.append(doc)
            counts.update(_term_set(doc[2], doc[3]))
            if len(batch) >= BATCH:
                batch = _assign_ties(cursor, batch)
                _write_batch(cursor, batch)
                done += len(batch)
                batch = []
                if progress:
                    progress(done, total)
        if batch:
            batch = _assign_ties(cursor, batch)
            _write_batch(cursor, batch)
            done += len(batch)
        if connection.vendor == "sqlite":
            cursor.execute(f"INSERT INTO {schema.FTS} ({schema.FTS}) VALUES ('rebuild')")
            cursor.execute(f"INSERT INTO {schema.FTS} ({schema.FTS}) VALUES ('optimize')")
        _apply_term_counts(cursor, counts)
        if connection.vendor == "postgresql":
            schema.install(connection)  # recreates the GIN and sample indexes in one pass
            cursor.execute("ANALYZE catalogue_searchdocument")
    if progress:
        progress(done, total)
    return done


def _write_batch(cursor, batch: list[tuple]) -> None:
    if connection.vendor == "postgresql":
        raw = cursor.cursor  # the psycopg cursor: COPY is several times faster than INSERT
        with raw.copy(f"COPY catalogue_searchdocument ({', '.join(DOC_COLUMNS)}) FROM STDIN") as copy:
            for doc in batch:
                copy.write_row(doc)
    else:
        cursor.executemany(_insert_sql(), batch)

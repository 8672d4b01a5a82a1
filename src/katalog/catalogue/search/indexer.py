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

from katalog.core.rules import is_umk as supplier_is_umk
from katalog.core.pagecache import content_changed

from . import workers
from .backends import get_backend
from .engine import DOCUMENT_PRODUCT_COLUMNS, DOCUMENT_SUPPLIER_COLUMNS, Backend
from .facets import DocumentFacets, band_of, preference_bits
from .normalize import document_terms
from .ranking import Preference, document_rowid, price_bands, rank_part
from katalog.regions.selectors import home_districts
from katalog.catalogue.models import Category
from katalog.catalogue.models import Product

log = logging.getLogger(__name__)

DOC_COLUMNS = (
    "tie", "product_id", "name_terms", "body_terms", "facet_terms", "supplier_id", "category_id", "category_l1",
    "category_l2", "category_l3", "district_code", "scale", "is_umk", "is_local", "origin", "tkdn", "tkdn_bmp",
    "price", "is_halal", "has_sni", "preference", "published_at", "category_key", "facet_key",
)
FTS_COLUMNS = ("tie", "name_terms", "body_terms", "facet_terms")  # positions 0, 2, 3, 4 of a document
# One product row, as read for indexing (a tuple: values_list; _DocumentBuilder.document unpacks it).
_PRODUCT_FIELDS = ("id", *DOCUMENT_PRODUCT_COLUMNS, *(f"supplier__{column}" for column in DOCUMENT_SUPPLIER_COLUMNS))
BATCH = 2000  # products per statement when refreshing (an IN list)
REBUILD_BATCH = 20_000  # products per read and per insert in a full rebuild
REBUILD_PIECE = 2_500  # products per task of a rebuild's worker processes (workers.py)
REBUILD_IN_WORKERS_FROM = 20_000  # fewer public products: a rebuild builds them itself (starting workers costs more)


@dataclass(frozen=True)
class _Category:
    name: str
    path_ids: tuple[int, ...]  # from the top level down to this category
    path_terms: tuple[str, ...]


def _categories() -> dict[int, _Category]:
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


@lru_cache(maxsize=200_000)
def _term_set(terms: tuple[str, ...]) -> frozenset[str]:
    return frozenset(terms)


@lru_cache(maxsize=10_000)
def _hundredths(value) -> int:
    return int((Decimal(value or 0) * 100).to_integral_value())


class _DocumentBuilder:
    """Product rows → document rows (in DOC_COLUMNS order), the one way both refresh and rebuild compute them.

    Products share most of what a document holds besides its text: the facet tokens, packed keys and
    preference depend only on the category, the supplier's place and scale, the origin, the price band,
    whether the TKDN figures reach the thresholds, and two flags, so that part is computed once per
    combination (about one product in three brings a new one in the demo catalogue). The text is memoised per piece of text (_terms) and, below
    that, per word (normalize.document_terms).
    """

    def __init__(self, categories: dict[int, _Category], backend: Backend):
        self.categories = categories
        self.backend = backend
        self.bands = price_bands()
        self.home = tuple(home_districts().values_list("code", flat=True))
        self._shared: dict[tuple, tuple] = {}
        self._tkdn: dict[tuple[int, int], tuple[bool, bool]] = {}

    def _tkdn_flags(self, tkdn: int, tkdn_bmp: int) -> tuple[bool, bool]:
        """Whether the TKDN and TKDN + BMP figures reach the preference thresholds (Preference.of states the rule)."""
        flags = self._tkdn.get((tkdn, tkdn_bmp))
        if flags is None:
            preference = Preference.of(is_local=False, is_umk=False, tkdn_hundredths=tkdn, tkdn_bmp_hundredths=tkdn_bmp)
            flags = self._tkdn[(tkdn, tkdn_bmp)] = (preference.tkdn, preference.tkdn_bmp)
        return flags

    def _shared_part(self, key: tuple) -> tuple:
        """(row id's preference rank bits, preference value, facet terms, category key, facet key, l1, l2, l3,
        is_umk, is_local) for one combination of the facts they depend on."""
        (category_id, district, scale, is_cooperative, regency, origin, band, tkdn_ok, tkdn_bmp_ok, halal, sni) = key
        category = self.categories.get(category_id) or _Category("", (category_id,), ())
        path = list(category.path_ids) + [None, None, None]
        is_umk = supplier_is_umk(scale=scale, is_cooperative=is_cooperative)
        is_local = regency == settings.KATALOG_REGION
        preference = Preference(local_supplier=is_local, umk=is_umk, tkdn=tkdn_ok, tkdn_bmp=tkdn_bmp_ok)
        flags = {name for name, on in (
            ("umk", is_umk), ("local_supplier", is_local), ("tkdn", preference.tkdn),
            ("tkdn_bmp", preference.tkdn_bmp), ("halal", halal), ("sni", sni)) if on}
        bits = preference_bits(local_supplier=preference.local_supplier, umk=preference.umk, tkdn=preference.tkdn,
                               tkdn_bmp=preference.tkdn_bmp)
        facets = DocumentFacets(
            category_path=category.path_ids, district_code=district or "", scale=scale, origin=origin,
            band=band, flags=frozenset(flags), preference_bits=bits,
        )
        rank_bits = rank_part(bits)  # the row id's high bits (ranking.document_rowid)
        return (rank_bits, preference.value, " ".join(facets.tokens()), facets.category_key(),
                facets.facet_key(self.home), path[0], path[1], path[2], is_umk, is_local)

    def document(self, row: tuple) -> tuple:
        return self.document_and_terms(row)[0]

    def document_and_terms(self, row: tuple) -> tuple[tuple, frozenset[str]]:
        """The document, and the set of its name and body terms (what the term counts count once per document)."""
        (pk, name, description, brand, price, tkdn, bmp, origin, is_halal, has_sni, published_at, category_id,
         supplier_id, supplier_name, scale, is_cooperative, regency, district) = row
        tkdn = _hundredths(tkdn)
        tkdn_bmp = tkdn + _hundredths(bmp)
        key = (category_id, district, scale, bool(is_cooperative), regency, origin, band_of(price, self.bands),
               *self._tkdn_flags(tkdn, tkdn_bmp), bool(is_halal), bool(has_sni))
        shared = self._shared.get(key)
        if shared is None:
            shared = self._shared[key] = self._shared_part(key)
        rank_bits, preference, facet_terms, category_key, facet_key, l1, l2, l3, is_umk, is_local = shared
        category = self.categories.get(category_id)
        # The supplier's kecamatan is a facet (facet_terms), not text: "kopi" from a supplier in Kotabumi must not
        # match a query for "bumi" or "kota", and a place never stands in for a product word.
        path_terms = category.path_terms if category else ()
        name_terms, maker_terms = _terms(name), _terms(f"{brand} {supplier_name}")
        description_terms = _terms((description or "")[:1000])
        body_terms = path_terms + maker_terms + description_terms
        if published_at is not None:
            published_at = self.backend.stored_datetime(published_at)
        # Terms are single tokens (no spaces), so these sets are those of the stored, space-joined columns.
        terms = _term_set(name_terms) | _term_set(path_terms) | _term_set(maker_terms) | frozenset(description_terms)
        return (
            document_rowid(rank_bits, pk), pk, " ".join(name_terms), " ".join(body_terms), facet_terms, supplier_id,
            category_id, l1, l2, l3, district or "", scale, is_umk, is_local, origin, tkdn, tkdn_bmp, price, is_halal,
            has_sni, preference, published_at, category_key, facet_key,
        ), terms


def _active_products():
    return Product.objects.filter(status=Product.Status.ACTIVE).order_by("id")


def _documents(product_ids: Iterable[int], builder: _DocumentBuilder) -> Iterator[tuple]:
    ids = sorted(set(product_ids))
    for start in range(0, len(ids), BATCH):
        for row in _active_products().filter(id__in=ids[start:start + BATCH]).values_list(*_PRODUCT_FIELDS):
            yield builder.document(row)


class _ProductRows:
    """Every product, for a rebuild: read in id order as the database returns them (`batches`), and made into
    the rows values_list(*_PRODUCT_FIELDS) gives, by Django's own converters (`public`: decimals, flags, dates),
    where the documents are built. With worker processes the reading process then only reads: converting a
    row, and sending it converted to a worker, cost more than reading it."""

    def __init__(self):
        compiler = self._compiler(Product.objects.all())
        compiler.setup_query()
        self.converters = compiler.get_converters([column for column, *_ in compiler.select[:compiler.col_count]])
        self.apply_converters = compiler.apply_converters

    @staticmethod
    def _compiler(products, limit: int | None = None):
        rows = products.order_by("id").values_list("status", *_PRODUCT_FIELDS)[:limit]
        return rows.query.get_compiler(connection.alias)

    def batches(self) -> Iterator[list[tuple]]:
        """Every product row (its status first), up to REBUILD_BATCH at a time, unconverted.

        Keyset reads by id alone, the status tested in `public`: with the status in the statement, SQLite reads
        it through the status index and sorts every remaining public product for each batch (a full scan per
        batch)."""
        last = 0
        while True:
            sql, params = self._compiler(Product.objects.filter(id__gt=last), REBUILD_BATCH).as_sql()
            with connection.cursor() as cursor:
                cursor.execute(sql, params)
                rows = cursor.fetchall()
            if not rows:
                return
            yield rows
            last = rows[-1][1]

    def public(self, rows: list[tuple]) -> list[tuple]:
        """The public products' rows among these, as values_list gives them (without the status)."""
        active = Product.Status.ACTIVE
        public = [row for row in rows if row[0] == active]
        return [tuple(row[1:]) for row in self.apply_converters(public, self.converters)]


def _built_piece(work: tuple[_ProductRows, _DocumentBuilder], rows: list[tuple]) -> tuple[list[tuple], Counter]:
    """The documents of the public products among these rows (as read), and how many of them hold each term:
    a rebuild's unit of work."""
    product_rows, builder = work
    docs = []
    counts: Counter = Counter()
    for row in product_rows.public(rows):
        doc, terms = builder.document_and_terms(row)
        docs.append(doc)
        counts.update(terms)
    return docs, counts


def _built_batches(builder: _DocumentBuilder, total: int) -> Iterator[list[tuple[list[tuple], Counter]]]:
    """Every public product's documents and term counts, in pieces of _built_piece, a read batch at a time
    in id order: computed here, or in worker processes for a large catalogue (the same pieces either way)."""
    product_rows = _ProductRows()
    work = (product_rows, builder)
    count = workers.worker_count()
    if count < 2 or total < REBUILD_IN_WORKERS_FROM or not workers.can_fork():
        for rows in product_rows.batches():
            yield [_built_piece(work, rows)]
        return
    yield from workers.map_batches(_built_piece, work, product_rows.batches(), workers=count,
                                   piece_size=REBUILD_PIECE)


def _unique_ties(docs: list[tuple], taken: set[int]) -> list[tuple]:
    """Give every document a row id not in `taken` (which receives them): its tie hash, re-salted in the rare
    case it is taken. Documents keep their order, so the same products get the same ids whichever path runs."""
    out = []
    for doc in docs:
        tie = doc[0]
        if tie in taken:
            salt = 0
            while tie in taken:
                salt += 1
                tie = document_rowid(doc[0], doc[1], salt)
            doc = (tie, *doc[1:])
        taken.add(tie)
        out.append(doc)
    return out


def _assign_ties(cursor, docs: list[tuple]) -> list[tuple]:
    """_unique_ties against the row ids already in the index."""
    ties = [doc[0] for doc in docs]
    taken: set[int] = set()
    for start in range(0, len(ties), 500):
        chunk = ties[start:start + 500]
        cursor.execute(
            f"SELECT tie FROM catalogue_searchdocument WHERE tie IN ({', '.join(['%s'] * len(chunk))})", chunk)
        taken.update(row[0] for row in cursor.fetchall())
    return _unique_ties(docs, taken)


def _fts_row(doc: tuple) -> tuple:
    return doc[0], doc[2], doc[3], doc[4]


def _insert_sql() -> str:
    cols = ", ".join(DOC_COLUMNS)
    marks = ", ".join(["%s"] * len(DOC_COLUMNS))
    return f"INSERT INTO catalogue_searchdocument ({cols}) VALUES ({marks})"


def _apply_term_counts(backend: Backend, cursor, delta: Counter) -> None:
    changes = sorted((term, n) for term, n in delta.items() if n and len(term) <= 100)
    if changes:
        backend.record_terms(cursor, changes)


def _stored_terms(name_terms: str, body_terms: str) -> set[str]:
    return set(name_terms.split()) | set(body_terms.split())


@transaction.atomic
def refresh(product_ids: Iterable[int]) -> int:
    """Recompute the documents of these products (dropping those no longer public). Returns how many are indexed."""
    ids = sorted({int(pk) for pk in product_ids})
    if not ids:
        return 0
    backend = get_backend()
    builder = _DocumentBuilder(_categories(), backend)
    indexed = 0
    with connection.cursor() as cursor:
        backend.lock_index(cursor)
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
                delta.subtract(_stored_terms(name_terms, body_terms))
            if old:
                backend.documents_removed(cursor, old)
                cursor.execute(f"DELETE FROM catalogue_searchdocument WHERE product_id IN ({marks})", chunk)
            docs = _assign_ties(cursor, list(_documents(chunk, builder)))
            if docs:
                cursor.executemany(_insert_sql(), docs)
                backend.documents_added(cursor, [_fts_row(doc) for doc in docs])
                for doc in docs:
                    delta.update(_stored_terms(doc[2], doc[3]))
            _apply_term_counts(backend, cursor, delta)
            indexed += len(docs)
    content_changed()  # the index may be refreshed after the product's own commit: search pages go stale now
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
        get_backend().lock_index(cursor)
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
    """Recompute the whole index from the catalogue (`katalog reindex`). Returns the number of documents.

    One transaction: until it commits, searches read the old index (SQLite: WAL readers keep their snapshot;
    PostgreSQL: the TRUNCATE holds an exclusive lock, so a search waits for the new index rather than seeing
    a half-built one). The rows are the ones refresh() writes (the same _DocumentBuilder, the same tie-break of
    row ids, products in id order), loaded in large batches while the engine's own index waits: the backend
    builds it once, after the load (begin_rebuild / finish_rebuild). In a large catalogue worker processes
    build the documents while this one reads the next batch and writes the last (_built_batches)."""
    backend = get_backend()
    backend.install_schema(connection)
    _terms.cache_clear()
    _term_set.cache_clear()
    total = _active_products().count()
    builder = _DocumentBuilder(_categories(), backend)
    counts: Counter = Counter()
    taken: set[int] = set()
    done = 0
    with connection.cursor() as cursor:
        backend.lock_index(cursor)
        backend.clear_index(cursor)
        backend.begin_rebuild(cursor)
        for pieces in _built_batches(builder, total):
            docs = []
            for piece_docs, piece_counts in pieces:
                docs.extend(piece_docs)
                counts.update(piece_counts)
            docs = _unique_ties(docs, taken)
            backend.bulk_insert(cursor, DOC_COLUMNS, docs)
            done += len(docs)
            if progress:
                progress(done, total)
        _apply_term_counts(backend, cursor, counts)
        backend.finish_rebuild(cursor)
    content_changed()  # search pages cached before the rebuild are stale (core/pagecache.py)
    if progress:
        progress(done, total)
    return done

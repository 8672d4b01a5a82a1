"""The two search backends behind one interface: SQLite FTS5 and PostgreSQL full-text search.

Both return the same thing for the same request (RawResult: the ranked page,
the total, facet counts). Each works the way its engine is fast:

* SQLite (FTS5): filters are facet tokens in the full-text query; the ranking
  reads only the index, because a document's row id carries its preference
  rank and its tie hash (ranking.document_rowid); the total is an FTS5
  count; facets group the matches by two packed keys read from a covering
  index (on a uniform random sample when there are very many).
* PostgreSQL: one statement. The matching documents are read once (the GIN
  index, then the rows with their tsvector, which ts_rank needs anyway); the
  page, the total and the facet keys' counts come from that set.

Very large result sets (more than EXACT_RANKING_LIMIT matches; term counts,
then a sample, tell): scoring every match is what makes a common word slow
(the engine's own ranked query scores them all too). Instead about
RANKING_CANDIDATES candidates are ranked exactly, the page shows the best of
them, and later pages continue with the other matches in static order
(preference class, then tie hash); the result says so (RawResult.ranked_among)
and the "why" of a hit says its relevance is relative to the best candidate.
Below the limit the ranking is exact.
* SQLite: the candidates are the first matches in row-id order, i.e. the most
  preferred (FTS5 yields matches in row-id order and stops at the LIMIT, so
  bm25 is computed for the candidates only), and the matches of a word's rarest
  alternatives, which that order would leave out (engine_sqlite._rescue).
  Facets and the total come from a separate sample (below).
* PostgreSQL: the candidates are the tie-hash sample (below), read in the same
  one statement, which also gives the estimated total and facet counts: one
  pass over the GIN index, and only the sampled rows are read.

Samples: the low 58 bits of a row id / `tie` are a hash of the product id, so
the documents whose hash lies below a bound form a uniform random sample of
every preference class at once (PostgreSQL reads it through an index on those
bits, intersected with the GIN index's matches as bitmaps; SQLite as one
row-id range per class). Counts on a sample are scaled up and flagged as
approximate.

Facet counts are disjunctive: each facet counts with every filter but its own,
so "Kecamatan" still lists the other kecamatan after one is picked.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import connection

from . import facets as F
from .ranking import RANK_SHIFT

# The tie-hash part of a row id (ranking.document_rowid): uniform over [0, 2^58) within every preference class.
HASH_MASK = (1 << RANK_SHIFT) - 1
PREFERENCE_CLASSES = 16

# The product's own columns a search document is built from (indexer._PRODUCT_FIELDS reads them beside the
# supplier's), and the status that decides whether it has one. The triggers queue an updated product only when one
# of these changed: a checkout's stock update leaves the index alone, so the next search page writes nothing.
DOCUMENT_PRODUCT_COLUMNS = (
    "name", "description", "brand", "price", "tkdn", "bmp", "origin", "is_halal", "has_sni", "published_at",
    "category_id", "supplier_id",
)
WATCHED_PRODUCT_COLUMNS = ("status", *DOCUMENT_PRODUCT_COLUMNS)
# The supplier's columns a document reads (its name as text; its scale, koperasi flag and place as facets and
# preference): a change of e-mail, bank account or status queues none of its products.
DOCUMENT_SUPPLIER_COLUMNS = ("name", "scale", "is_cooperative", "regency_id", "district_id")


@dataclass(frozen=True)
class Alternative:
    term: str
    prefix: bool = False
    df: int | None = None  # documents holding the term, when known (not for a prefix)
    weight: float = 1.0  # the word typed 1.0; a correction, completion, synonym or concept member less (service.py)
    part: bool = False  # one word of a phrase looked for: a product holding only it holds part of the query

    @property
    def words(self) -> frozenset[str]:
        """The index terms a product must hold to match (a lexicon phrase: every one of its words)."""
        return frozenset(self.term.split())


@dataclass(frozen=True)
class ResolvedFilters:
    """The buyer's filters, resolved against the catalogue (category slug → id and level)."""

    category_id: int | None = None
    category_level: int = 0  # 1-3 when a category is chosen
    category_children: tuple[int, ...] = ()  # the next level's ids, for the category facet
    district: str = ""
    scale: str = ""
    origin: str = ""
    bands: tuple[int, ...] = ()  # indices into ranking.price_bands(): the price filter, whole bands
    flags: frozenset[str] = frozenset()
    impossible: bool = False  # e.g. an unknown category: nothing can match
    home_districts: tuple[str, ...] = ()
    top_categories: tuple[int, ...] = ()

    def active(self) -> dict[str, object]:
        out: dict[str, object] = {}
        if self.category_id:
            out["category"] = (self.category_level, self.category_id)
        if self.district:
            out["district"] = self.district
        if self.scale:
            out["scale"] = self.scale
        if self.origin:
            out["origin"] = self.origin
        if self.bands:
            out["price"] = self.bands
        for flag in self.flags:
            out[flag] = True
        return out


@dataclass
class RawResult:
    hits: list[tuple[int, float, float]]  # (product id, relevance 0..1, preference), in order
    total: int
    facets: dict[str, dict[str, int]] = field(default_factory=dict)
    total_approximate: bool = False  # estimated on a hash sample (PostgreSQL, very large result sets)
    # Set when the result set was too large to score every match: how many candidates were ranked; later
    # positions follow the static order (preference class, then tie hash). The candidates are the first
    # matches in that static order (SQLite), or a tie-hash sample of the matches (ranked_sample, PostgreSQL).
    ranked_among: int | None = None
    ranked_sample: bool = False
    # The page's stored name terms (product id → normalize.document_terms of the name), when the engine read
    # them anyway: the "why" of a hit needs them, and re-analysing 24 names costs more than reading them.
    name_terms: dict[int, str] = field(default_factory=dict)


def match_upper_bound(groups: list[list[Alternative]], all_words: bool) -> int | None:
    """At most this many documents can match (from term document counts); None when unknown (a prefix).

    An alternative whose words include all of another's ("seragam dinas" beside "seragam") finds nothing the
    other does not, so it adds nothing to its group's bound. A loose bound costs time on PostgreSQL: it draws
    too thin a sample and draws again (engine_postgres.py), two passes over the GIN index for "seragam"."""
    sizes = []
    for group in groups:
        if any(a.prefix or a.df is None for a in group):
            sizes.append(None)
        else:
            sizes.append(sum(a.df for i, a in enumerate(group) if not _covered_in(group, i)))
    known = [n for n in sizes if n is not None]
    if all_words:
        return min(known) if known else None
    return None if len(known) < len(sizes) else sum(known)


def _covered_in(group: list[Alternative], i: int) -> bool:
    """Whether every match of group[i] is a match of another alternative in the group: one with a part of its
    words, or the same words earlier in the group."""
    words = group[i].words
    return any(other.words < words or (j < i and other.words == words) for j, other in enumerate(group))


def sample_bound(fraction: float) -> int:
    """The tie-hash bound below which a document is in a uniform sample of about `fraction` of them."""
    return min(HASH_MASK + 1, max(1, int(fraction * (HASH_MASK + 1))))


@dataclass
class Sample:
    """The matches (without filters) whose tie hash is below sample_bound(fraction): a uniform sample."""

    rows: list[tuple[int, int, int, int]]  # (preference class, category_key, facet_key, documents)
    fraction: float
    large: bool = True  # more than EXACT_RANKING_LIMIT matches, by this sample

    @property
    def sampled(self) -> int:
        return sum(row[-1] for row in self.rows)

    def usable_for_facets(self, sample_size: int) -> bool:
        """Facets may come from this sample: it is everything, or the matches are more than `sample_size`
        (else counting them all is cheap) and enough were sampled for counts worth showing."""
        return self.exact or (self.sampled >= 500 and self.sampled / self.fraction > sample_size)

    @property
    def exact(self) -> bool:
        return self.fraction >= 1.0

    def per_class(self, filters: ResolvedFilters) -> dict[int, int]:
        """Sampled matches passing every filter, per preference class."""
        tests = filter_tests(filters)
        out: dict[int, int] = {}
        for cls, ck, fk, n in self.rows:
            if all(test(ck, fk) for _name, test in tests):
                out[cls] = out.get(cls, 0) + n
        return out

    def estimate(self, filters: ResolvedFilters) -> int:
        return round(sum(self.per_class(filters).values()) / self.fraction)

    def facets(self, filters: ResolvedFilters, base_total: int | None = None) -> dict[str, dict[str, int]]:
        """Disjunctive facet counts, scaled to `base_total` (the unfiltered matches) when it is known."""
        sampled = self.sampled
        scale = base_total / sampled if base_total and sampled else 1 / self.fraction
        counts = facets_from_keys([(ck, fk, n) for _c, ck, fk, n in self.rows], filters, scale)
        if not self.exact:
            counts["approximate"] = {"": 1}
        return counts


SCALES, ORIGINS = F.SCALES, F.ORIGINS  # the facet keys' encoding (facets.py)


def _facet(token: str) -> str:
    return f'facet_terms : "{token}"'


class Backend:
    vendor = ""
    # Above this many matches, only the first RANKING_CANDIDATES in static order are scored (see top); each
    # engine sets its own, measured (engine_sqlite.py, engine_postgres.py).
    EXACT_RANKING_LIMIT: int
    RANKING_CANDIDATES: int
    # SQLite: facets (and, above EXACT_RANKING_LIMIT, the total) are counted on a sample of about this many
    # matches. PostgreSQL draws one sample of about RANKING_CANDIDATES for ranking, total and facets.
    FACET_SAMPLE = 2_000

    def search(self, *, groups: list[list[Alternative]] | None, all_words: bool, filters: ResolvedFilters,
               sort: str, offset: int, limit: int, with_facets: bool = True) -> RawResult:
        raise NotImplementedError

    def _sample_rows(self, match: str, fraction: float) -> list[tuple[int, int, int, int]]:
        """The sampled matches of `match`, grouped as Sample.rows."""
        raise NotImplementedError

    def draw_sample(self, match: str, bound: int | None) -> Sample:
        """A sample of about FACET_SAMPLE of the matches (Sample.large: more than EXACT_RANKING_LIMIT).

        Term counts bound the matches from above (`bound`); an AND of words often matches far fewer, so a
        sample too thin to count facets on is drawn again, larger (unless the matches are few anyway)."""
        fraction = min(1.0, self.FACET_SAMPLE / bound) if bound else 1 / 64
        while True:
            rows = self._sample_rows(match, fraction)
            sampled = sum(row[-1] for row in rows)
            large = sampled / fraction > self.EXACT_RANKING_LIMIT
            if not large or sampled >= self.FACET_SAMPLE / 4 or fraction >= 1.0:
                return Sample(rows=rows, fraction=fraction, large=large)
            fraction = min(1.0, fraction * self.FACET_SAMPLE / sampled)

    def match_expression(self, groups: list[list[Alternative]], *, all_words: bool = True) -> str:
        raise NotImplementedError

    def raw_ranked(self, match: str, limit: int = 24) -> list[int]:
        """The engine's plain ranked full-text query (the benchmark's baseline)."""
        raise NotImplementedError

    def similar_terms(self, word: str, limit: int = 60) -> list[tuple[str, int]]:
        raise NotImplementedError

    # --- schema and indexing: what schema.py and indexer.py ask of the engine ------------------
    def install_schema(self, connection) -> bool:
        """Create the engine's objects that are missing (schema.py). True when a queue trigger had to be
        (re)created, i.e. changes may have gone unqueued."""
        raise NotImplementedError

    def uninstall_schema(self, connection) -> None:
        raise NotImplementedError

    def stored_datetime(self, value):
        """A datetime (not None) as a document row stores it: the indexer writes rows with raw SQL."""
        return value

    def lock_index(self, cursor) -> None:
        """Serialise the index writers of concurrent transactions (term counts are shared rows)."""

    def documents_removed(self, cursor, rows: list[tuple]) -> None:
        """Documents (tie, name_terms, body_terms, facet_terms) are about to be deleted."""

    def documents_added(self, cursor, rows: list[tuple]) -> None:
        """Documents (tie, name_terms, body_terms, facet_terms) were inserted."""

    def record_terms(self, cursor, changes: list[tuple[str, int]]) -> None:
        """Add (term, change in document count) to the term list."""
        cursor.executemany(
            "INSERT INTO catalogue_searchterm (term, df) VALUES (%s, %s) "
            "ON CONFLICT (term) DO UPDATE SET df = catalogue_searchterm.df + excluded.df",
            changes,
        )

    def clear_index(self, cursor) -> None:
        """Empty the index before a rebuild."""
        cursor.execute("DELETE FROM catalogue_searchqueue")
        cursor.execute("DELETE FROM catalogue_searchdocument")
        cursor.execute("DELETE FROM catalogue_searchterm")

    def begin_rebuild(self, cursor) -> None:
        """After clear_index, before a rebuild's batches: set aside what finish_rebuild builds in one pass."""

    def bulk_insert(self, cursor, columns: tuple[str, ...], rows: list[tuple]) -> None:
        """Insert document rows (a rebuild's batches)."""
        cursor.executemany(
            f"INSERT INTO catalogue_searchdocument ({', '.join(columns)}) VALUES ({', '.join(['%s'] * len(columns))})",
            rows,
        )

    def finish_rebuild(self, cursor) -> None:
        """After a rebuild's documents and term counts are written."""

    # --- shared ----------------------------------------------------------------------
    def term_frequencies(self, terms: list[str]) -> dict[str, int]:
        terms = sorted(set(terms))
        if not terms:
            return {}
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT term, df FROM catalogue_searchterm WHERE term IN ({', '.join(['%s'] * len(terms))})", terms
            )
            return dict(cursor.fetchall())

    def prefix_terms(self, prefix: str, limit: int = 5) -> list[tuple[str, int]]:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT term, df FROM catalogue_searchterm WHERE term >= %s AND term < %s AND df > 0 "
                "ORDER BY df DESC, term LIMIT %s",
                [prefix, prefix + "~", limit],
            )
            return cursor.fetchall()

    def documents(self, product_ids: list[int]) -> dict[int, tuple[set[str], set[str]]]:
        if not product_ids:
            return {}
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT product_id, name_terms, body_terms FROM catalogue_searchdocument "
                f"WHERE product_id IN ({', '.join(['%s'] * len(product_ids))})", product_ids,
            )
            return {pk: (set(name.split()), set(body.split())) for pk, name, body in cursor.fetchall()}

    def _sorted_by_column(self, *, where_sql: str, params: dict, sort: str, offset: int, limit: int,
                          source: str) -> list[tuple[int, float, float]]:
        """Non-relevance sorts (price, newest, TKDN): read the matching rows' column, in SQL."""
        order = {
            "harga_termurah": "d.price ASC, d.tie ASC",
            "harga_termahal": "d.price DESC, d.tie ASC",
            "terbaru": "d.published_at DESC NULLS LAST, d.tie ASC",
            "tkdn": "d.tkdn DESC, d.preference DESC, d.tie ASC",
        }[sort]
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT d.product_id, d.preference FROM {source} WHERE {where_sql} ORDER BY {order} "
                "LIMIT %(limit)s OFFSET %(offset)s", {**params, "limit": limit, "offset": offset},
            )
            return [(int(pk), 1.0, float(pref)) for pk, pref in cursor.fetchall()]


def filter_tests(filters: ResolvedFilters) -> list:
    """Each active filter as (name, predicate on (category_key, facet_key)); facets.py's FacetField layout."""
    home = tuple(filters.home_districts)
    tests = []
    for name, wanted in filters.active().items():
        if name == "category":
            level, cid = wanted
            field_ = F.CATEGORY_LEVELS[level]
            tests.append((name, lambda ck, fk, sh=field_.shift, m=field_.mask, cid=cid: (ck >> sh) & m == cid))
            continue
        if name == "district":
            field_, value = F.DISTRICT, home.index(wanted) + 1 if wanted in home else -1
        elif name == "scale":
            field_, value = F.SCALE, F.SCALES.index(wanted) if wanted in F.SCALES else -1
        elif name == "origin":
            field_, value = F.ORIGIN, F.ORIGINS.index(wanted) if wanted in F.ORIGINS else -1
        elif name == "price":
            tests.append((name, lambda ck, fk, sh=F.BAND.shift, m=F.BAND.mask, bands=frozenset(wanted):
                          (fk >> sh) & m in bands))
            continue
        else:
            field_, value = F.FLAG[name], 1
        tests.append((name, lambda ck, fk, sh=field_.shift, m=field_.mask, v=value: (fk >> sh) & m == v))
    return tests


# --- facets from one grouped pass ----------------------------------------------------------------

def facets_from_keys(rows, filters: ResolvedFilters, scale: float = 1.0) -> dict[str, dict[str, int]]:
    """Disjunctive facet counts from (category_key, facet_key, count) rows (facets.DocumentFacets keys).

    A row adds to facet X when it passes every active filter except X's own. `scale` > 1 when the rows
    are a sample: counts are scaled up and rounded. Bit layout: the FacetField constants of facets.py.
    """
    home = tuple(filters.home_districts)
    tests = filter_tests(filters)
    level = filters.category_level
    inside = F.CATEGORY_LEVELS.get(level)
    child_field = F.CATEGORY_LEVELS.get(level + 1)
    # The fields' positions as locals: this loop runs once per distinct key pair.
    d_sh, d_m = F.DISTRICT.shift, F.DISTRICT.mask
    s_sh, s_m = F.SCALE.shift, F.SCALE.mask
    o_sh, o_m = F.ORIGIN.shift, F.ORIGIN.mask
    b_sh, b_m = F.BAND.shift, F.BAND.mask
    f_sh, f_m = F.FLAG_BITS.shift, F.FLAG_BITS.mask
    category: dict[int, int] = {}
    district, scales, origins = [0] * (d_m + 1), [0] * (s_m + 1), [0] * (o_m + 1)
    bands_, flags = [0] * (b_m + 1), [0] * len(F.FLAGS)
    for ck, fk, n in rows:
        only = None
        failed = 0
        for name, test in tests:
            if not test(ck, fk):
                failed += 1
                if failed > 1:
                    break
                only = name
        if failed > 1:
            continue
        if child_field is not None and only in (None, "category"):
            if inside is None or inside.get(ck) == filters.category_id:
                child = child_field.get(ck)
                if child:
                    category[child] = category.get(child, 0) + n
        if only in (None, "district"):
            district[(fk >> d_sh) & d_m] += n
        if only in (None, "scale"):
            scales[(fk >> s_sh) & s_m] += n
        if only in (None, "origin"):
            origins[(fk >> o_sh) & o_m] += n
        if only in (None, "price"):
            bands_[(fk >> b_sh) & b_m] += n
        bits = (fk >> f_sh) & f_m
        for i, flag in enumerate(F.FLAGS):
            if bits & (1 << i) and only in (None, flag):
                flags[i] += n

    def scaled(value: int) -> int:
        return value if scale == 1.0 else max(1, round(value * scale))

    counts: dict[str, dict[str, int]] = {
        "category": {str(k): scaled(v) for k, v in category.items()},
        "district": {home[i - 1]: scaled(v) for i, v in enumerate(district) if v and 0 < i <= len(home)},
        "scale": {F.SCALES[i]: scaled(v) for i, v in enumerate(scales) if v},
        "origin": {F.ORIGINS[i]: scaled(v) for i, v in enumerate(origins) if v},
        "price": {str(i): scaled(v) for i, v in enumerate(bands_) if v},
        "flag": {F.FLAGS[i]: scaled(v) for i, v in enumerate(flags) if v},
    }
    return {facet: bucket for facet, bucket in counts.items() if bucket}


"""The SQLite FTS5 backend (see engine.py for the interface and the shape of a result)."""

from __future__ import annotations

from django.db import connection

from . import facets as F
from . import schema
from .engine import (
    ORIGINS, SCALES, Alternative, Backend, RawResult, ResolvedFilters, _facet, facets_from_keys,
)
from .ranking import RANK_SHIFT, price_bands, rank_values, weights


class SQLiteBackend(Backend):
    vendor = "sqlite"
    # bm25 column weights: name, rest (category, brand, supplier, description), facet tokens (none).
    BM25 = f"bm25({schema.FTS}, 3.0, 1.0, 0.0)"

    def match_expression(self, groups, *, all_words=True):
        def alt(a: Alternative) -> str:
            return f'"{a.term}"*' if a.prefix else f'"{a.term}"'

        joined = [("(" + " OR ".join(alt(a) for a in group) + ")") for group in groups if group]
        return "{name_terms body_terms} : (" + (" AND " if all_words else " OR ").join(joined) + ")"

    def raw_ranked(self, match, limit=24):
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT rowid FROM {schema.FTS} WHERE {schema.FTS} MATCH %s ORDER BY {self.BM25} LIMIT %s",
                [match, limit],
            )
            return [row[0] for row in cursor.fetchall()]

    @staticmethod
    def _filter_tokens(filters: ResolvedFilters) -> dict[str, str]:
        """Each active filter as an FTS5 expression on the facet column."""
        tokens: dict[str, str] = {}
        for name, value in filters.active().items():
            if name == "category":
                token = F.category_token(*value)
            elif name == "district":
                token = F.district_token(value)
            elif name == "scale":
                token = F.scale_token(value)
            elif name == "origin":
                token = F.origin_token(value)
            elif name == "price":
                tokens[name] = "facet_terms : (" + " OR ".join(f'"{F.band_token(i)}"' for i in value) + ")"
                continue
            else:
                token = F.flag_token(name)
            tokens[name] = _facet(token)
        return tokens

    @staticmethod
    def _expression(base: str, parts: list[str]) -> str:
        return " AND ".join([f"({base})"] + parts)

    def search(self, *, groups, all_words, filters, sort, offset, limit, with_facets=True):
        if filters.impossible:
            return RawResult(hits=[], total=0, facets={})
        base = self.match_expression(groups, all_words=all_words) if groups else f'facet_terms : "{F.ALL}"'
        tokens = self._filter_tokens(filters)
        everything = self._expression(base, list(tokens.values()))
        with connection.cursor() as cursor:
            if sort == "relevansi":
                hits = self._ranked(cursor, everything, ranked=bool(groups), offset=offset, limit=limit)
                cursor.execute(f"SELECT count(*) FROM {schema.FTS} WHERE {schema.FTS} MATCH %s", [everything])
                total = cursor.fetchone()[0]
            else:
                source = (f"{schema.FTS} JOIN catalogue_searchdocument d ON d.tie = {schema.FTS}.rowid")
                hits = self._sorted_by_column(where_sql=f"{schema.FTS} MATCH %(match)s", params={"match": everything},
                                              sort=sort, offset=offset, limit=limit, source=source)
                cursor.execute(f"SELECT count(*) FROM {schema.FTS} WHERE {schema.FTS} MATCH %s", [everything])
                total = cursor.fetchone()[0]
            counts = (self._facet_counts(cursor, base, filters, base_total=None if tokens else total)
                      if with_facets and total else {})
        return RawResult(hits=hits, total=total, facets=counts)

    def _ranked(self, cursor, expression: str, *, ranked: bool, offset: int, limit: int
                ) -> list[tuple[int, float, float]]:
        """The page of the ranking: relevance (bm25, relative to the best match) × weight + preference.

        The preference rank is the row id's high bits (ranking.document_rowid), so neither the ranking
        nor the tie-break (the row id's low bits) reads a row of the document table.
        """
        if limit <= 0:
            return []
        values = rank_values()
        bonus = "CASE (r >> %d) " % RANK_SHIFT + " ".join(
            f"WHEN {rank} THEN {value!r}" for rank, value in enumerate(values)) + " ELSE 0.0 END"
        if ranked:
            cursor.execute(
                f"WITH m AS MATERIALIZED (SELECT rowid AS r, -{self.BM25} AS rel FROM {schema.FTS} "
                f"WHERE {schema.FTS} MATCH %(match)s), best AS (SELECT coalesce(nullif(max(rel), 0), 1) AS b FROM m) "
                f"SELECT r, rel / (SELECT b FROM best), {bonus} FROM m "
                f"ORDER BY rel * %(w)s / (SELECT b FROM best) + {bonus} DESC, r LIMIT %(limit)s OFFSET %(offset)s",
                {"match": expression, "w": weights()["text"], "limit": limit, "offset": offset},
            )
        else:  # browsing: every document equally relevant, and row-id order is already preference order
            cursor.execute(
                f"SELECT r, 1.0, {bonus} FROM (SELECT rowid AS r FROM {schema.FTS} WHERE {schema.FTS} MATCH "
                "%(match)s ORDER BY rowid LIMIT %(limit)s OFFSET %(offset)s)",
                {"match": expression, "limit": limit, "offset": offset},
            )
        rows = cursor.fetchall()
        if not rows:
            return []
        cursor.execute(
            "SELECT tie, product_id FROM catalogue_searchdocument "
            f"WHERE tie IN ({', '.join(['%s'] * len(rows))})", [r for r, _rel, _p in rows],
        )
        product_of = dict(cursor.fetchall())
        return [(product_of[r], float(rel), float(bonus_value)) for r, rel, bonus_value in rows if r in product_of]

    # Facets are counted over at most this many matching documents. The engine returns matches in row-id
    # order, and the row id is a hash (models.SearchDocument.tie), so the first N are a uniform random
    # sample; counts are then scaled to the total and shown as approximate. Below it, counts are exact.
    FACET_SAMPLE = 2_000

    def _facet_counts(self, cursor, base: str, filters: ResolvedFilters, base_total: int | None = None) -> dict:
        cursor.execute(
            "SELECT d.category_key, d.facet_key, count(*) FROM (SELECT rowid AS r FROM "
            f"{schema.FTS} WHERE {schema.FTS} MATCH %s LIMIT %s) m "
            "JOIN catalogue_searchdocument d INDEXED BY catalogue_search_facets ON d.tie = m.r "
            "GROUP BY d.category_key, d.facet_key", [base, self.FACET_SAMPLE])
        rows = cursor.fetchall()
        sampled = sum(row[-1] for row in rows)
        scale = 1.0
        if sampled >= self.FACET_SAMPLE:
            if base_total is None:
                cursor.execute(f"SELECT count(*) FROM {schema.FTS} WHERE {schema.FTS} MATCH %s", [base])
                base_total = cursor.fetchone()[0]
            scale = base_total / sampled
        counts = facets_from_keys(rows, filters, scale)
        if scale != 1.0:
            counts["approximate"] = {"": 1}
        return counts

    def browse_facets(self, filters: ResolvedFilters) -> dict:
        """Facets of the whole catalogue (no words). Unfiltered, each count is a token's document count."""
        if filters.impossible:
            return {}
        if filters.active():
            with connection.cursor() as cursor:
                return self._facet_counts(cursor, f'facet_terms : "{F.ALL}"', filters)
        wanted = {}
        for cid in filters.top_categories:
            wanted[F.category_token(1, cid)] = ("category", str(cid))
        for code in filters.home_districts:
            wanted[F.district_token(code)] = ("district", code)
        for value in SCALES:
            wanted[F.scale_token(value)] = ("scale", value)
        for value in ORIGINS:
            wanted[F.origin_token(value)] = ("origin", value)
        for i in range(len(price_bands()) + 1):
            wanted[F.band_token(i)] = ("price", str(i))
        for flag in F.FLAGS:
            wanted[F.flag_token(flag)] = ("flag", flag)
        counts: dict[str, dict[str, int]] = {}
        with connection.cursor() as cursor:
            tokens = sorted(wanted)
            cursor.execute(
                f"SELECT term, doc FROM {schema.VOCABULARY} WHERE term IN ({', '.join(['%s'] * len(tokens))})", tokens)
            for term, n in cursor.fetchall():
                facet, value = wanted[term]
                if n:
                    counts.setdefault(facet, {})[value] = n
        return counts

    def similar_terms(self, word, limit=60):
        padded = f"^{word}$"
        grams = sorted({padded[i:i + 3] for i in range(len(padded) - 2)})
        if not grams:
            return []
        expression = " OR ".join(f'"{g}"' for g in grams)
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT t.term, t.df FROM {schema.TERM_TRIGRAMS} g JOIN catalogue_searchterm t ON t.id = g.rowid "
                f"WHERE {schema.TERM_TRIGRAMS} MATCH %s AND t.df > 0 AND length(t.term) BETWEEN %s AND %s "
                "ORDER BY g.rank LIMIT %s",
                [expression, max(2, len(word) - 2), len(word) + 2, limit],
            )
            return cursor.fetchall()



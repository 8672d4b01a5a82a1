"""The PostgreSQL full-text backend (see engine.py for the interface and the shape of a result)."""

from __future__ import annotations

from django.db import connection, transaction

from . import facets as F
from .engine import Alternative, Backend, RawResult, ResolvedFilters, facets_from_keys
from .ranking import weights


_S_COLUMNS = "preference, tie, price, published_at, tkdn, category_key, facet_key"


class PostgreSQLBackend(Backend):
    vendor = "postgresql"
    QUERY = "to_tsquery('simple', %(match)s)"
    RANK = f"ts_rank(d.search_vector, {QUERY})"

    def match_expression(self, groups, *, all_words=True):
        def alt(a: Alternative) -> str:
            return f"'{a.term}':*" if a.prefix else f"'{a.term}'"

        joined = [("(" + " | ".join(alt(a) for a in group) + ")") for group in groups if group]
        return (" & " if all_words else " | ").join(joined)

    def raw_ranked(self, match, limit=24):
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT d.product_id FROM catalogue_searchdocument d WHERE d.search_vector @@ {self.QUERY} "
                f"ORDER BY {self.RANK} DESC LIMIT %(limit)s", {"match": match, "limit": limit},
            )
            return [row[0] for row in cursor.fetchall()]

    @staticmethod
    def _predicates(filters: ResolvedFilters) -> tuple[dict[str, str], dict]:
        """Each active filter as a test on the packed keys (facets.DocumentFacets), so rows stay narrow."""
        preds, params = {}, {}
        home = tuple(filters.home_districts)
        for name, value in filters.active().items():
            if name == "category":
                level, cid = value
                preds[name] = f"(category_key >> {(3 - level) * 20}) & 1048575 = %(f_category)s"
                params["f_category"] = cid
            elif name == "district":
                preds[name] = "facet_key & 63 = %(f_district)s"
                params["f_district"] = home.index(value) + 1 if value in home else -1
            elif name == "scale":
                preds[name] = "(facet_key >> 6) & 3 = %(f_scale)s"
                params["f_scale"] = F.SCALES.index(value) if value in F.SCALES else -1
            elif name == "origin":
                preds[name] = "(facet_key >> 8) & 1 = %(f_origin)s"
                params["f_origin"] = F.ORIGINS.index(value) if value in F.ORIGINS else -1
            elif name == "price":
                preds[name] = "(facet_key >> 9) & 15 = ANY(%(f_bands)s)"
                params["f_bands"] = list(value)
            else:
                preds[name] = f"(facet_key >> {13 + F.FLAGS.index(name)}) & 1 = 1"
        return preds, params

    def search(self, *, groups, all_words, filters, sort, offset, limit, with_facets=True):
        if filters.impossible:
            return RawResult(hits=[], total=0, facets={})
        preds, params = self._predicates(filters)
        params.update(limit=limit, offset=offset, w_text=weights()["text"])

        def where(excluding: str | None = None) -> str:
            parts = [sql for name, sql in preds.items() if name != excluding]
            return " AND ".join(f"({p})" for p in parts) or "TRUE"

        if groups:
            params["match"] = self.match_expression(groups, all_words=all_words)
            source = (f"s AS MATERIALIZED (SELECT d.product_id AS id, {self.RANK} AS rel, {_S_COLUMNS} "
                      f"FROM catalogue_searchdocument d WHERE d.search_vector @@ {self.QUERY})")
        else:
            if not with_facets and sort == "relevansi":
                return self._browse_page(where(), params, offset, limit)
            source = f"s AS (SELECT product_id AS id, CAST(1.0 AS DOUBLE PRECISION) AS rel, {_S_COLUMNS} " \
                     "FROM catalogue_searchdocument)"
        order = {
            "harga_termurah": "price ASC, tie ASC",
            "harga_termahal": "price DESC, tie ASC",
            "terbaru": "published_at DESC NULLS LAST, tie ASC",
            "tkdn": "tkdn DESC, rel * %(w_text)s / (SELECT m FROM best) + preference DESC, tie ASC",
        }.get(sort, "rel * %(w_text)s / (SELECT m FROM best) + preference DESC, tie ASC")
        # The page's order is the subquery's; numbering it afterwards costs no second sort.
        parts = [
            "SELECT CAST('hit' AS TEXT) AS kind, CAST(id AS TEXT) AS k, "
            "CAST(rel AS DOUBLE PRECISION) / (SELECT m FROM best) AS a, CAST(preference AS DOUBLE PRECISION) AS b, "
            f"row_number() OVER () AS pos FROM (SELECT id, rel, preference FROM f ORDER BY {order} "
            "LIMIT %(limit)s OFFSET %(offset)s) page",
            "SELECT 'total', '', CAST(count(*) AS DOUBLE PRECISION), 0, 0 FROM f",
        ]
        # Facet combinations come back as rows: one grouped pass over the matches (unfiltered: the facets
        # apply every filter but their own, in facets_from_keys).
        if with_facets:
            parts.append(
                "SELECT 'g', CAST(category_key AS TEXT), CAST(facet_key AS DOUBLE PRECISION), "
                "CAST(count(*) AS DOUBLE PRECISION), 0 FROM s GROUP BY category_key, facet_key"
            )
        sql = (f"WITH {source}, f AS NOT MATERIALIZED (SELECT * FROM s WHERE {where()}), "
               "best AS (SELECT coalesce(nullif(max(rel), 0), 1) AS m FROM f) " + " UNION ALL ".join(parts))
        with transaction.atomic(), connection.cursor() as cursor:
            # JIT compilation costs ~20 ms per statement here and saves nothing on a few hundred thousand rows.
            cursor.execute("SET LOCAL jit = off")
            cursor.execute(sql, params)
            rows = cursor.fetchall()
        hits, total, groups_ = [], 0, []
        for kind, key, a, b, pos in rows:
            if kind == "g":
                groups_.append((int(key), int(a), int(b)))
            elif kind == "hit":
                hits.append((int(pos), int(key), float(a), float(b)))
            elif kind == "total":
                total = int(a)
        counts = facets_from_keys(groups_, filters) if with_facets else {}
        hits.sort()
        ranked = bool(groups)
        return RawResult(hits=[(pk, rel if ranked else 1.0, pref) for _pos, pk, rel, pref in hits], total=total,
                         facets=counts)

    def browse_facets(self, filters: ResolvedFilters) -> dict:
        return self.search(groups=None, all_words=True, filters=filters, sort="relevansi", offset=0, limit=0,
                           with_facets=True).facets

    def _browse_page(self, where_sql, params, offset, limit) -> RawResult:
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT product_id, preference FROM catalogue_searchdocument WHERE {where_sql} "
                "ORDER BY preference DESC, tie ASC LIMIT %(limit)s OFFSET %(offset)s", params)
            hits = [(int(pk), 1.0, float(pref)) for pk, pref in cursor.fetchall()]
            cursor.execute(f"SELECT count(*) FROM catalogue_searchdocument WHERE {where_sql}", params)
            total = cursor.fetchone()[0]
        return RawResult(hits=hits, total=total)

    def similar_terms(self, word, limit=60):
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT term, df FROM catalogue_searchterm WHERE term %% %s AND df > 0 "
                "AND length(term) BETWEEN %s AND %s ORDER BY similarity(term, %s) DESC, df DESC LIMIT %s",
                [word, max(2, len(word) - 2), len(word) + 2, word, limit],
            )
            return cursor.fetchall()



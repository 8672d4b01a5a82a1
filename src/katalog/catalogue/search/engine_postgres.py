"""The PostgreSQL full-text backend (see engine.py for the interface and the shape of a result)."""

from __future__ import annotations

from django.db import connection, transaction

from . import facets as F
from .engine import (
    HASH_MASK, DOCUMENT_SUPPLIER_COLUMNS, WATCHED_PRODUCT_COLUMNS, Alternative, Backend, RawResult, ResolvedFilters, facets_from_keys, match_upper_bound, sample_bound,
)
from .ranking import preference_scale, weights


# The engine's own objects (created by install_schema; the Django models cannot express them).
PG_SAMPLE_INDEX = "catalogue_search_sample"
PG_SAMPLE_EXPRESSION = f"(tie & {HASH_MASK})"  # the tie hash, without the preference class


def _changed_rows(columns) -> str:
    """The ids of the updated rows (transition tables old_rows, new_rows) where one of `columns` changed."""
    return (f"SELECT n.id FROM new_rows n JOIN old_rows o ON o.id = n.id WHERE ({', '.join('o.' + c for c in columns)})"
            f" IS DISTINCT FROM ({', '.join('n.' + c for c in columns)})")


_PG_FUNCTIONS = {
    "catalogue_search_q_products": (
        "INSERT INTO catalogue_searchqueue(product_id) SELECT id FROM changed_rows ON CONFLICT DO NOTHING;"
    ),
    "catalogue_search_q_product_changes": (  # only products whose document can change (engine.py)
        f"INSERT INTO catalogue_searchqueue(product_id) {_changed_rows(WATCHED_PRODUCT_COLUMNS)} "
        "ON CONFLICT DO NOTHING;"
    ),
    "catalogue_search_q_suppliers": (  # only suppliers whose products' documents can change (engine.py)
        "INSERT INTO catalogue_searchqueue(product_id) SELECT p.id FROM catalogue_product p "
        f"WHERE p.supplier_id IN ({_changed_rows(DOCUMENT_SUPPLIER_COLUMNS)}) ON CONFLICT DO NOTHING;"
    ),
    "catalogue_search_q_categories": (
        "INSERT INTO catalogue_searchqueue(product_id) SELECT p.id FROM catalogue_product p "
        "WHERE p.category_id IN (SELECT c.id FROM catalogue_category c JOIN changed_rows r "
        "ON c.id = r.id OR c.parent_id = r.id OR c.parent_id IN "
        "(SELECT id FROM catalogue_category WHERE parent_id = r.id)) ON CONFLICT DO NOTHING;"
    ),
}
# (trigger name, table, event, transition tables, function)
_NEW, _OLD = "NEW TABLE AS changed_rows", "OLD TABLE AS changed_rows"
_CHANGES = "OLD TABLE AS old_rows NEW TABLE AS new_rows"
_PG_TRIGGERS = (
    ("catalogue_search_q_product_ins", "catalogue_product", "INSERT", _NEW, "catalogue_search_q_products"),
    ("catalogue_search_q_product_upd", "catalogue_product", "UPDATE", _CHANGES, "catalogue_search_q_product_changes"),
    ("catalogue_search_q_product_del", "catalogue_product", "DELETE", _OLD, "catalogue_search_q_products"),
    ("catalogue_search_q_supplier_upd", "suppliers_supplier", "UPDATE", _CHANGES, "catalogue_search_q_suppliers"),
    ("catalogue_search_q_category_upd", "catalogue_category", "UPDATE", _NEW, "catalogue_search_q_categories"),
)
REBUILD_MAINTENANCE_WORK_MEM = "256MB"  # a full rebuild's index builds (indexer.rebuild)
_INDEX_LOCK = 7_411_004  # serialises index writers (term counts are shared rows)


_S_COLUMNS = "preference, tie, price, published_at, tkdn, category_key, facet_key"


class PostgreSQLBackend(Backend):
    vendor = "postgresql"
    QUERY = "to_tsquery('simple', %(match)s)"
    RANK = f"ts_rank(d.search_vector, {QUERY})"
    # The tie-hash sample (engine.py): this expression is indexed (schema.py), so the GIN index's matches
    # and the sample are intersected as bitmaps before a single row is read.
    SAMPLE = f"(d.tie & {HASH_MASK})"
    # The sample index's bitmap costs about a tenth of a heap row per document of the sampled fraction of the
    # whole table: sampling pays once the matches are several times the candidates (measured, 860k documents).
    # Ranking every one of 9,000 matches costs about 40 ms (ts_rank of a query widened by the lexicon), and a
    # sample that shows that few costs a second pass: at 8,000 instead of 10,000 the p95 of benchmarks/search.py
    # went from 51.0 to 40.7 ms, and the candidate cut still costs 0.016 nDCG@10 (benchmarks/search_cut.py).
    EXACT_RANKING_LIMIT = 8_000
    RANKING_CANDIDATES = 2_000

    def match_expression(self, groups, *, all_words=True):
        def alt(a: Alternative) -> str:
            if a.prefix:
                return f"'{a.term}':*"
            if " " in a.term:  # a lexicon phrase: all its words, anywhere in the product
                return "(" + " & ".join(f"'{t}'" for t in a.term.split()) + ")"
            return f"'{a.term}'"

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
                preds[name] = f"{F.CATEGORY_LEVELS[level].sql('category_key')} = %(f_category)s"
                params["f_category"] = cid
            elif name == "district":
                preds[name] = f"{F.DISTRICT.sql('facet_key')} = %(f_district)s"
                params["f_district"] = home.index(value) + 1 if value in home else -1
            elif name == "scale":
                preds[name] = f"{F.SCALE.sql('facet_key')} = %(f_scale)s"
                params["f_scale"] = F.SCALES.index(value) if value in F.SCALES else -1
            elif name == "origin":
                preds[name] = f"{F.ORIGIN.sql('facet_key')} = %(f_origin)s"
                params["f_origin"] = F.ORIGINS.index(value) if value in F.ORIGINS else -1
            elif name == "price":
                preds[name] = f"{F.BAND.sql('facet_key')} = ANY(%(f_bands)s)"
                params["f_bands"] = list(value)
            else:
                preds[name] = f"{F.FLAG[name].sql('facet_key')} = 1"
        return preds, params

    def search(self, *, groups, all_words, filters, sort, offset, limit, with_facets=True):
        if filters.impossible:
            return RawResult(hits=[], total=0, facets={})
        small = False
        if groups and sort == "relevansi":
            bound = match_upper_bound(groups, all_words)
            small = bound is not None and bound <= self.EXACT_RANKING_LIMIT
            if not small:
                raw = self._search_sampled(groups, all_words, filters, bound, offset, limit, with_facets)
                if raw is not None:
                    return raw
                small = True  # the sample found at most EXACT_RANKING_LIMIT matches
        return self._search_exact(groups=groups, all_words=all_words, filters=filters, sort=sort, offset=offset,
                                  limit=limit, with_facets=with_facets, small=small)

    def _search_sampled(self, groups, all_words, filters: ResolvedFilters, bound: int | None, offset: int,
                        limit: int, with_facets: bool) -> RawResult | None:
        """Possibly very many matches: the one-statement search of _search_exact, over the tie-hash sample
        of about RANKING_CANDIDATES of them. The sample is ranked (the candidates: uniform over the
        matches, the same every time), and its count and facet rows, scaled, are the estimates. Later pages
        continue with the other matches in static order (tie: preference class, then hash).

        Unlike SQLite, which reads a prefix of its row-id order, reading a prefix of `tie` here would need a
        second pass over the GIN index (to learn where the prefix ends): the sample needs one. None when the
        sample shows at most EXACT_RANKING_LIMIT matches (then all are ranked and counted)."""
        fraction = min(1.0, self.RANKING_CANDIDATES / bound) if bound else 1 / 64
        while True:
            below = sample_bound(fraction)
            raw = self._search_exact(groups=groups, all_words=all_words, filters=filters, sort="relevansi",
                                     offset=offset, limit=limit, with_facets=True, small=True, below=below)
            rows = raw.facets["rows"]
            if sum(n for _ck, _fk, n in rows) / fraction <= self.EXACT_RANKING_LIMIT:
                return None
            # An AND of words (or a filter) can leave the sample thin: draw it again, larger.
            if raw.total >= self.RANKING_CANDIDATES / 4 or fraction >= 1.0:
                break
            fraction = min(1.0, fraction * self.RANKING_CANDIDATES / max(raw.total, 1))
        ranked_among, exact = raw.total, fraction >= 1.0
        raw.total = raw.total if exact else round(raw.total / fraction)
        raw.total_approximate, raw.ranked_among, raw.ranked_sample = not exact, ranked_among, not exact
        raw.facets = {}
        if with_facets:
            raw.facets = facets_from_keys(rows, filters, 1 / fraction)
            if not exact:
                raw.facets["approximate"] = {"": 1}
        if offset + limit > ranked_among and not exact:  # past the sample: the other matches, static order
            preds, params = self._predicates(filters)
            filtered = " AND ".join([f"d.search_vector @@ {self.QUERY}"] + [f"({p})" for p in preds.values()])
            start = max(offset, ranked_among)
            params.update(match=self.match_expression(groups, all_words=all_words), below=below,
                          limit=offset + limit - start, offset=start - ranked_among)
            with connection.cursor() as cursor:  # relevance shown relative to the best of the ranked sample
                cursor.execute(
                    f"WITH best AS (SELECT coalesce(nullif(max({self.RANK}), 0), 1) AS m "
                    f"FROM catalogue_searchdocument d WHERE {filtered} AND {self.SAMPLE} < %(below)s) "
                    f"SELECT d.product_id, {self.RANK} / (SELECT m FROM best), d.preference, d.name_terms "
                    f"FROM catalogue_searchdocument d WHERE {filtered} AND {self.SAMPLE} >= %(below)s "
                    "ORDER BY d.tie LIMIT %(limit)s OFFSET %(offset)s", params)
                for pk, rel, pref, name_terms in cursor.fetchall():
                    raw.hits.append((int(pk), float(rel), float(pref)))
                    raw.name_terms[int(pk)] = name_terms
        return raw

    def _search_exact(self, *, groups, all_words, filters, sort, offset, limit, with_facets=True, small=False,
                      below: int | None = None):
        """One statement over every match: the page, the exact total and exact facet counts.

        `small`: the matches are known to be few (search()), so the statement runs without the guard against
        JIT compilation (and without the transaction that guard needs: two round trips fewer).
        `below`: only the matches in the tie-hash sample below this bound (engine.py) are read; the caller
        scales the total and the facet counts (RawResult.facets then holds the raw "g" rows under "rows")."""
        preds, params = self._predicates(filters)
        params.update(limit=limit, offset=offset, w_text=weights()["text"], k=preference_scale(), below=below)

        def where(excluding: str | None = None) -> str:
            parts = [sql for name, sql in preds.items() if name != excluding]
            return " AND ".join(f"({p})" for p in parts) or "TRUE"

        if groups:
            params["match"] = self.match_expression(groups, all_words=all_words)
            # Without facets only the filtered matches are needed: filter while reading them.
            pushed = "".join(f" AND ({p})" for p in preds.values()) if not with_facets else ""
            if below is not None:
                pushed += f" AND {self.SAMPLE} < %(below)s"
            source = (f"s AS MATERIALIZED (SELECT d.product_id AS id, {self.RANK} AS rel, {_S_COLUMNS} "
                      f"FROM catalogue_searchdocument d WHERE d.search_vector @@ {self.QUERY}{pushed})")
        else:
            if not with_facets and sort == "relevansi":
                return self._browse_page(where(), params, offset, limit)
            source = f"s AS (SELECT product_id AS id, CAST(1.0 AS DOUBLE PRECISION) AS rel, {_S_COLUMNS} " \
                     "FROM catalogue_searchdocument)"
        order = {
            "harga_termurah": "price ASC, tie ASC",
            "harga_termahal": "price DESC, tie ASC",
            "terbaru": "published_at DESC NULLS LAST, tie ASC",
            "tkdn": "tkdn DESC, rel * %(w_text)s / (SELECT m FROM best) * (1 + %(k)s * preference) DESC, tie ASC",
        }.get(sort, "rel * %(w_text)s / (SELECT m FROM best) * (1 + %(k)s * preference) DESC, tie ASC")
        # The page's order is the subquery's; numbering it afterwards costs no second sort.
        # With words, each hit also brings its name terms (for the "why"), read for the page's rows only.
        names = ("(SELECT n.name_terms FROM catalogue_searchdocument n WHERE n.product_id = page.id)" if groups
                 else "CAST(NULL AS TEXT)")
        parts = [
            "SELECT CAST('hit' AS TEXT) AS kind, CAST(id AS TEXT) AS k, "
            "CAST(rel AS DOUBLE PRECISION) / (SELECT m FROM best) AS a, CAST(preference AS DOUBLE PRECISION) AS b, "
            f"row_number() OVER () AS pos, {names} AS t FROM (SELECT id, rel, preference FROM f ORDER BY {order} "
            "LIMIT %(limit)s OFFSET %(offset)s) page",
            "SELECT 'total', '', CAST(count(*) AS DOUBLE PRECISION), 0, 0, NULL FROM f",
        ]
        # Facet combinations come back as rows: one grouped pass over the matches (unfiltered: the facets
        # apply every filter but their own, in facets_from_keys).
        if with_facets:
            parts.append(
                "SELECT 'g', CAST(category_key AS TEXT), CAST(facet_key AS DOUBLE PRECISION), "
                "CAST(count(*) AS DOUBLE PRECISION), 0, NULL FROM s GROUP BY category_key, facet_key"
            )
        sql = (f"WITH {source}, f AS NOT MATERIALIZED (SELECT * FROM s WHERE {where()}), "
               "best AS (SELECT coalesce(nullif(max(rel), 0), 1) AS m FROM f) " + " UNION ALL ".join(parts))
        if small:
            with connection.cursor() as cursor:
                cursor.execute(sql, params)
                rows = cursor.fetchall()
        else:
            with transaction.atomic(), connection.cursor() as cursor:
                # JIT compilation costs ~20 ms per statement here and saves nothing on a few hundred thousand rows.
                cursor.execute("SET LOCAL jit = off")
                cursor.execute(sql, params)
                rows = cursor.fetchall()
        hits, total, groups_, names_of = [], 0, [], {}
        for kind, key, a, b, pos, name_terms in rows:
            if kind == "g":
                groups_.append((int(key), int(a), int(b)))
            elif kind == "hit":
                hits.append((int(pos), int(key), float(a), float(b)))
                if name_terms is not None:
                    names_of[int(key)] = name_terms
            elif kind == "total":
                total = int(a)
        if below is not None:
            counts = {"rows": groups_}
        else:
            counts = facets_from_keys(groups_, filters) if with_facets else {}
        hits.sort()
        ranked = bool(groups)
        return RawResult(hits=[(pk, rel if ranked else 1.0, pref) for _pos, pk, rel, pref in hits], total=total,
                         facets=counts, name_terms=names_of)

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

    # --- schema (schema.py) and indexing (indexer.py) -----------------------------------------------
    def install_schema(self, connection) -> bool:
        with connection.cursor() as cursor:
            cursor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
            cursor.execute(
                "ALTER TABLE catalogue_searchdocument ADD COLUMN IF NOT EXISTS search_vector tsvector "
                "GENERATED ALWAYS AS (setweight(to_tsvector('simple'::regconfig, name_terms), 'A') || "
                "setweight(to_tsvector('simple'::regconfig, body_terms), 'C')) STORED"
            )
            cursor.execute(
                "CREATE INDEX IF NOT EXISTS catalogue_search_vector_gin ON catalogue_searchdocument "
                "USING gin (search_vector)"
            )
            cursor.execute(
                "CREATE INDEX IF NOT EXISTS catalogue_searchterm_trgm ON catalogue_searchterm "
                "USING gin (term gin_trgm_ops)"
            )
            cursor.execute("SELECT to_regclass(%s) IS NULL", [PG_SAMPLE_INDEX])
            if cursor.fetchone()[0]:
                cursor.execute(f"CREATE INDEX {PG_SAMPLE_INDEX} ON catalogue_searchdocument ({PG_SAMPLE_EXPRESSION})")
                # The planner needs the expression's statistics to see how few rows a sample bound selects.
                cursor.execute("ANALYZE catalogue_searchdocument")
            cursor.execute("SELECT tgname FROM pg_trigger WHERE tgname LIKE 'catalogue_search_q_%%'")
            present = {row[0] for row in cursor.fetchall()}
            for name, body in _PG_FUNCTIONS.items():
                cursor.execute(
                    f"CREATE OR REPLACE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$ "
                    f"BEGIN {body} RETURN NULL; END $$"
                )
            for name, table, event, tables, function in _PG_TRIGGERS:
                cursor.execute(
                    f"CREATE OR REPLACE TRIGGER {name} AFTER {event} ON {table} "
                    f"REFERENCING {tables} FOR EACH STATEMENT EXECUTE FUNCTION {function}()"
                )
        return any(name not in present for name, *_ in _PG_TRIGGERS)

    def uninstall_schema(self, connection) -> None:
        with connection.cursor() as cursor:
            for name, table, *_ in _PG_TRIGGERS:
                cursor.execute(f"DROP TRIGGER IF EXISTS {name} ON {table}")
            for name in _PG_FUNCTIONS:
                cursor.execute(f"DROP FUNCTION IF EXISTS {name}()")
            cursor.execute("DROP INDEX IF EXISTS catalogue_searchterm_trgm")
            cursor.execute(f"DROP INDEX IF EXISTS {PG_SAMPLE_INDEX}")
            cursor.execute("ALTER TABLE catalogue_searchdocument DROP COLUMN IF EXISTS search_vector")

    def lock_index(self, cursor):
        cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_INDEX_LOCK])

    def clear_index(self, cursor):
        # TRUNCATE leaves no dead rows behind: a million deleted queue rows would slow every
        # "anything queued?" check until autovacuum came by. It also locks the tables until the rebuild
        # commits: a search meanwhile waits for the new index rather than reading a half-built one.
        cursor.execute("TRUNCATE catalogue_searchqueue, catalogue_searchdocument, catalogue_searchterm")

    def begin_rebuild(self, cursor):
        # The load goes faster without the indexes (the GIN index above all): finish_rebuild recreates them,
        # each in one pass, from their definitions as they stand. The ones behind a constraint (the primary
        # key, the unique product id) stay.
        cursor.execute(
            "SELECT i.relname, pg_get_indexdef(i.oid) FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid "
            "WHERE x.indrelid = 'catalogue_searchdocument'::regclass "
            "AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = x.indexrelid) ORDER BY i.relname")
        self._set_aside = cursor.fetchall()
        for name, _definition in self._set_aside:
            cursor.execute(f'DROP INDEX "{name}"')
        # Building a GIN index in fewer, larger runs (this transaction only).
        cursor.execute(f"SET LOCAL maintenance_work_mem = '{REBUILD_MAINTENANCE_WORK_MEM}'")

    def bulk_insert(self, cursor, columns, rows):
        raw = cursor.cursor  # the psycopg cursor: COPY is several times faster than INSERT
        with raw.copy(f"COPY catalogue_searchdocument ({', '.join(columns)}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)

    def finish_rebuild(self, cursor):
        for _name, definition in getattr(self, "_set_aside", ()):
            cursor.execute(definition)
        self.install_schema(connection)  # whatever is still missing (a rebuild without begin_rebuild)
        cursor.execute("ANALYZE catalogue_searchdocument")

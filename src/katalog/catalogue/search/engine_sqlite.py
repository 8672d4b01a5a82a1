"""The SQLite FTS5 backend (see engine.py for the interface and the shape of a result)."""

from __future__ import annotations

from django.db import connection

from . import facets as F
from .engine import (
    HASH_MASK, ORIGINS, PREFERENCE_CLASSES, SCALES, DOCUMENT_SUPPLIER_COLUMNS, WATCHED_PRODUCT_COLUMNS, Alternative, Backend, RawResult, ResolvedFilters, Sample, _facet,
    facets_from_keys, match_upper_bound, sample_bound,
)
from .ranking import RANK_SHIFT, preference_scale, price_bands, rank_values, weights


# The engine's own objects (created by install_schema; the Django models cannot express them).
FTS = "catalogue_search_fts"
VOCABULARY = "catalogue_search_fts_vocab"  # fts5vocab: documents per token, for whole-catalogue facet counts
TERM_TRIGRAMS = "catalogue_searchterm_trgm"
SQLITE_TRIGGERS = {
    "catalogue_search_q_product_ins": (
        "AFTER INSERT ON catalogue_product BEGIN "
        "INSERT OR IGNORE INTO catalogue_searchqueue(product_id) VALUES (new.id); END"
    ),
    "catalogue_search_q_product_upd": (
        "AFTER UPDATE ON catalogue_product WHEN "
        + " OR ".join(f"old.{column} IS NOT new.{column}" for column in WATCHED_PRODUCT_COLUMNS)
        + " BEGIN INSERT OR IGNORE INTO catalogue_searchqueue(product_id) VALUES (new.id); END"
    ),
    "catalogue_search_q_product_del": (
        "AFTER DELETE ON catalogue_product BEGIN "
        "INSERT OR IGNORE INTO catalogue_searchqueue(product_id) VALUES (old.id); END"
    ),
    "catalogue_search_q_supplier_upd": (
        "AFTER UPDATE ON suppliers_supplier WHEN "
        + " OR ".join(f"old.{column} IS NOT new.{column}" for column in DOCUMENT_SUPPLIER_COLUMNS)
        + " BEGIN INSERT OR IGNORE INTO catalogue_searchqueue(product_id) "
        "SELECT id FROM catalogue_product WHERE supplier_id = new.id; END"
    ),
    "catalogue_search_q_category_upd": (
        "AFTER UPDATE ON catalogue_category BEGIN "
        "INSERT OR IGNORE INTO catalogue_searchqueue(product_id) "
        "SELECT id FROM catalogue_product WHERE category_id IN ("
        " SELECT id FROM catalogue_category WHERE id = new.id OR parent_id = new.id"
        " OR parent_id IN (SELECT id FROM catalogue_category WHERE parent_id = new.id)); END"
    ),
}

# A full rebuild (indexer.rebuild): page cache of the connection while loading, and FTS5's in-memory index.
REBUILD_CACHE_KIB = 1024 * 1024
REBUILD_FTS_HASH_BYTES = 256 * 1024 * 1024
FTS5_DEFAULT_HASH_BYTES = 1024 * 1024  # FTS5_DEFAULT_HASHSIZE in SQLite's fts5Int.h

FTS_DEFINITION = (
    f"CREATE VIRTUAL TABLE {FTS} USING fts5(name_terms, body_terms, facet_terms, "
    "content='catalogue_searchdocument', content_rowid='tie', tokenize='ascii', prefix='2 3')"
)



class SQLiteBackend(Backend):
    vendor = "sqlite"
    # bm25 column weights: name, rest (category, brand, supplier, description), facet tokens (none).
    BM25 = f"bm25({FTS}, 3.0, 1.0, 0.0)"
    # bm25 costs a few µs per match (it reads each document's column sizes) and, once per statement, a pass over
    # the postings of every phrase (its idf: "lampung", in 40% of the documents, costs 14 ms of it at 860k).
    # Measured, 860k documents (benchmarks/search.py): with every match ranked up to 5,000, multi-word queries
    # of 3-5k matches took 50-65 ms; ranking the first 2,500 in static order brought the p95 of the 50 queries
    # from 67 to 49 ms. Above the limit the total, too, is the sample's estimate, shown as such ("≈"): an exact
    # count walks the postings of every word again, whatever the number of matches (11-24 ms for "seragam batik
    # lampung" or "kopi bubuk robusta lampung", 9-22k matches, the slowest of the 50 queries at 860k).
    EXACT_RANKING_LIMIT = 2_500
    RANKING_CANDIDATES = 2_500
    # The candidates are the most preferred matches, not the most relevant: a rare alternative held only by
    # less-preferred products ("gunteng" → "gunting" beside the far commoner "genteng") would never be ranked.
    # Every match of a group's rarest alternatives, up to RESCUE_MATCHES, is ranked with them (_rescue), when
    # the query's other words are few enough that weighing them again costs little (RESCUE_OTHERS postings).
    # Measured at 860k (benchmarks/search_cut.py): the cut cost 0.028 nDCG@10 against ranking every match.
    RESCUE_MATCHES = 500
    RESCUE_OTHERS = 60_000

    def match_expression(self, groups, *, all_words=True):
        def alt(a: Alternative) -> str:
            if a.prefix:
                return f'"{a.term}"*'
            if " " in a.term:  # a lexicon phrase: all its words, anywhere in the product
                return "(" + " AND ".join(f'"{t}"' for t in a.term.split()) + ")"
            return f'"{a.term}"'

        joined = [("(" + " OR ".join(alt(a) for a in group) + ")") for group in groups if group]
        return "{name_terms body_terms} : (" + (" AND " if all_words else " OR ").join(joined) + ")"

    def raw_ranked(self, match, limit=24):
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT rowid FROM {FTS} WHERE {FTS} MATCH %s ORDER BY {self.BM25} LIMIT %s",
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
        names: dict[int, str] = {}  # the page's stored name terms, for the "why" (RawResult.name_terms)
        if groups and sort == "relevansi":
            bound = match_upper_bound(groups, all_words)
            sample = None
            if bound is None or bound > self.EXACT_RANKING_LIMIT:
                sample = self.draw_sample(base, bound)
            with connection.cursor() as cursor:
                if sample is not None and sample.large and sample.estimate(filters) > self.EXACT_RANKING_LIMIT:
                    # Very many: rank the first candidates in row-id order; the total is the sample's.
                    ranked: list[int] = []
                    hits = self._ranked_candidates(cursor, everything, candidates=self.RANKING_CANDIDATES,
                                                   offset=offset, limit=limit, names=names, counted=ranked,
                                                   rescue=self._rescue(groups, all_words, list(tokens.values())))
                    if not ranked:  # a page past the candidates: how many there were
                        cursor.execute(f"SELECT count(*) FROM (SELECT rowid FROM {FTS} WHERE {FTS} "
                                       "MATCH %s LIMIT %s)", [everything, self.RANKING_CANDIDATES])
                        ranked.append(cursor.fetchone()[0])
                    # Fewer candidates than asked for were every match, or the sample was: then the total is exact.
                    estimate = sample.estimate(filters)
                    exact = sample.exact or ranked[0] < self.RANKING_CANDIDATES
                    if exact and ranked[0] >= self.RANKING_CANDIDATES:
                        cursor.execute(f"SELECT count(*) FROM {FTS} WHERE {FTS} MATCH %s",
                                       [everything])
                        total = cursor.fetchone()[0]
                    else:
                        total = ranked[0] if exact else max(estimate, ranked[0])
                    facets = sample.facets(filters, total if exact and not tokens else None) if with_facets else {}
                    return RawResult(hits=hits, total=total, facets=facets,
                                     total_approximate=not exact, ranked_among=ranked[0], name_terms=names)
                # Few enough to rank them all, counting them (and, without filters, their facets: exactly) in
                # the same statement.
                counted: list[int] = []
                facet_rows = [] if with_facets and not tokens else None
                hits = self._ranked(cursor, everything, ranked=True, offset=offset, limit=limit, names=names,
                                    counted=counted, facet_rows=facet_rows)
                if counted:
                    total = counted[0]
                else:  # nothing, or a page past the end
                    cursor.execute(f"SELECT count(*) FROM {FTS} WHERE {FTS} MATCH %s", [everything])
                    total = cursor.fetchone()[0]
                if facet_rows:
                    counts = facets_from_keys(facet_rows, filters)
                elif sample is not None and sample.usable_for_facets(self.FACET_SAMPLE):
                    counts = sample.facets(filters, None if tokens else total) if with_facets and total else {}
                else:
                    counts = (self._facet_counts(cursor, base, filters, base_total=None if tokens else total)
                              if with_facets and total else {})
                return RawResult(hits=hits, total=total, facets=counts, name_terms=names)
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT count(*) FROM {FTS} WHERE {FTS} MATCH %s", [everything])
            total = cursor.fetchone()[0]
            if not total:
                hits = []
            elif sort == "relevansi":  # browsing
                hits = self._ranked(cursor, everything, ranked=False, offset=offset, limit=limit, names=names)
            else:
                source = (f"{FTS} JOIN catalogue_searchdocument d ON d.tie = {FTS}.rowid")
                hits = self._sorted_by_column(where_sql=f"{FTS} MATCH %(match)s", params={"match": everything},
                                              sort=sort, offset=offset, limit=limit, source=source)
            counts = (self._facet_counts(cursor, base, filters, base_total=None if tokens else total)
                      if with_facets and total else {})
        return RawResult(hits=hits, total=total, facets=counts, name_terms=names)

    def _bonus_sql(self) -> str:
        """The preference bonus of row id `r`, from its high bits (ranking.document_rowid)."""
        return "CASE (r >> %d) " % RANK_SHIFT + " ".join(
            f"WHEN {rank} THEN {value!r}" for rank, value in enumerate(rank_values())) + " ELSE 0.0 END"

    def _ranked(self, cursor, expression: str, *, ranked: bool, offset: int, limit: int,
                names: dict[int, str] | None = None, counted: list[int] | None = None,
                facet_rows: list | None = None) -> list[tuple[int, float, float]]:
        """The page of the ranking: relevance (bm25, relative to the best match) × weight + preference.

        The preference rank is the row id's high bits (ranking.document_rowid), so neither the ranking
        nor the tie-break (the row id's low bits) reads a row of the document table. Ranked only, from the
        same scored set: `counted` receives the number of matches (when the page has rows), `facet_rows`
        the (category_key, facet_key, count) rows of every match (when given: the expression has no filter).
        """
        if limit <= 0:
            return []
        bonus = self._bonus_sql()
        if ranked:
            grouped = ""
            if facet_rows is not None:
                grouped = (" UNION ALL SELECT 1, d.category_key, d.facet_key, count(*), 0 FROM m "
                           f"{self._FACET_JOIN} GROUP BY d.category_key, d.facet_key")
            cursor.execute(
                f"WITH m AS MATERIALIZED (SELECT rowid AS r, -{self.BM25} AS rel FROM {FTS} "
                f"WHERE {FTS} MATCH %(match)s), best AS (SELECT coalesce(nullif(max(rel), 0), 1) AS b FROM m) "
                f"SELECT * FROM (SELECT 0, r, rel / (SELECT b FROM best), {bonus}, (SELECT count(*) FROM m) FROM m "
                f"ORDER BY rel * %(w)s / (SELECT b FROM best) * (1 + %(k)s * ({bonus})) DESC, r LIMIT %(limit)s OFFSET %(offset)s)"
                + grouped,
                {"match": expression, "w": weights()["text"], "k": preference_scale(), "limit": limit, "offset": offset},
            )
            rows = []
            for kind, *row in cursor.fetchall():
                if kind:
                    facet_rows.append(tuple(row[:3]))
                else:
                    rows.append(row)
            if rows and counted is not None:
                counted.append(rows[0][3])
            return self._with_product_ids(cursor, [row[:3] for row in rows], names)
        # browsing: every document equally relevant, and row-id order is already preference order
        cursor.execute(
            f"SELECT r, 1.0, {bonus} FROM (SELECT rowid AS r FROM {FTS} WHERE {FTS} MATCH "
            "%(match)s ORDER BY rowid LIMIT %(limit)s OFFSET %(offset)s)",
            {"match": expression, "limit": limit, "offset": offset},
        )
        return self._with_product_ids(cursor, cursor.fetchall(), names)

    def _rescue(self, groups, all_words: bool, filter_parts: list[str]) -> list[str]:
        """For each word whose rarest alternatives hold at most RESCUE_MATCHES documents (and which has commoner
        ones too): the expression of the query with only those alternatives for that word (RESCUE_MATCHES)."""
        out = []
        for i, group in enumerate(groups):
            chosen, held = [], 0
            for alt in sorted((a for a in group if not a.prefix and a.df is not None), key=lambda a: a.df):
                if held + alt.df > self.RESCUE_MATCHES:
                    break
                chosen.append(alt)
                held += alt.df
            if not chosen or len(chosen) == len(group):
                continue
            others = groups[:i] + groups[i + 1:]
            if all_words:
                if any(a.prefix or a.df is None for g in others for a in g) or \
                        sum(a.df for g in others for a in g) > self.RESCUE_OTHERS:
                    continue
                rescue_groups = groups[:i] + [chosen] + groups[i + 1:]
            else:  # any word: the rare alternatives alone
                rescue_groups = [chosen]
            out.append(self._expression(self.match_expression(rescue_groups, all_words=all_words), filter_parts))
        return out

    def _ranked_candidates(self, cursor, expression: str, *, candidates: int, offset: int, limit: int,
                           names: dict[int, str] | None = None, counted: list[int] | None = None,
                           rescue: list[str] = ()) -> list[tuple[int, float, float]]:
        """A very large result set: the first `candidates` matches in row-id order (preference class, then
        tie hash) ranked as _ranked ranks all; positions after them follow row-id order. FTS5 yields matches
        in row-id order, so bm25 is computed for the candidates only (and for a later page's rows). With
        `rescue` (_rescue), the rare alternatives' other matches are ranked with them (_ranked_with_rescue)."""
        if limit <= 0:
            return []
        if rescue:
            return self._ranked_with_rescue(cursor, expression, rescue, candidates=candidates, offset=offset,
                                            limit=limit, names=names, counted=counted)
        bonus = self._bonus_sql()
        params = {"match": expression, "w": weights()["text"], "k": preference_scale(), "candidates": candidates}
        scored = (f"m AS MATERIALIZED (SELECT rowid AS r, -{self.BM25} AS rel FROM {FTS} "
                  f"WHERE {FTS} MATCH %(match)s ORDER BY rowid LIMIT %(candidates)s), "
                  "best AS (SELECT coalesce(nullif(max(rel), 0), 1) AS b FROM m)")
        rows = []
        if offset < candidates:
            cursor.execute(
                f"WITH {scored} SELECT r, rel / (SELECT b FROM best), {bonus}, (SELECT count(*) FROM m) FROM m "
                f"ORDER BY rel * %(w)s / (SELECT b FROM best) * (1 + %(k)s * ({bonus})) DESC, r LIMIT %(limit)s OFFSET %(offset)s",
                {**params, "limit": min(limit, candidates - offset), "offset": offset},
            )
            page = cursor.fetchall()
            if page and counted is not None:
                counted.append(page[0][3])
            rows += [row[:3] for row in page]
        if offset + limit > candidates:  # past the ranked candidates: static order, relevance still shown
            start = max(offset, candidates)
            cursor.execute(
                f"WITH {scored} SELECT r, rel / (SELECT b FROM best), {bonus} FROM (SELECT rowid AS r, "
                f"-{self.BM25} AS rel FROM {FTS} WHERE {FTS} MATCH %(match)s ORDER BY rowid "
                "LIMIT %(limit)s OFFSET %(offset)s)",
                {**params, "limit": offset + limit - start, "offset": start},
            )
            rows += cursor.fetchall()
        return self._with_product_ids(cursor, rows, names)

    def _ranked_with_rescue(self, cursor, expression: str, rescue: list[str], *, candidates: int, offset: int,
                            limit: int, names: dict[int, str] | None, counted: list[int] | None
                            ) -> list[tuple[int, float, float]]:
        """_ranked_candidates, with the matches of the `rescue` expressions beyond the candidates ranked too.

        Their bm25 comes from their own statement: for a product holding none of the word's commoner
        alternatives it is the score the whole expression gives (bm25 adds up per phrase, each phrase's idf is
        its own, and the document's length is the same); one holding some of them too scores a little lower
        here than it would there. The ranking is then made here, as _ranked_candidates makes it in SQL."""
        cursor.execute(f"SELECT rowid, -{self.BM25} FROM {FTS} WHERE {FTS} MATCH %s ORDER BY rowid LIMIT %s",
                       [expression, candidates])
        scored = dict(cursor.fetchall())
        last = max(scored) if len(scored) >= candidates else None  # the candidates' end, when more follow
        extras: dict[int, float] = {}
        if last is not None:
            for rescued in rescue:
                cursor.execute(f"SELECT rowid, -{self.BM25} FROM {FTS} WHERE {FTS} MATCH %s AND rowid > %s "
                               "ORDER BY rowid LIMIT %s", [rescued, last, self.RESCUE_MATCHES])
                for rowid, rel in cursor.fetchall():
                    extras.setdefault(rowid, rel)
        scored.update(extras)
        best = max(scored.values(), default=0.0) or 1.0
        values, w, k = rank_values(), weights()["text"], preference_scale()

        def bonus(rowid: int) -> float:
            rank = rowid >> RANK_SHIFT
            return values[rank] if rank < len(values) else 0.0

        ordered = sorted(scored.items(), key=lambda item: (-(item[1] * w / best * (1 + k * bonus(item[0]))), item[0]))
        if counted is not None and offset < len(ordered):
            counted.append(len(ordered))
        rows = [(rowid, rel / best, bonus(rowid)) for rowid, rel in ordered[offset:offset + limit]]
        if offset + limit > len(ordered) and last is not None:  # past the ranked: row-id order, rescued left out
            start = max(offset, len(ordered))
            left_out = sorted(extras)
            cursor.execute(
                f"SELECT rowid, -{self.BM25} FROM {FTS} WHERE {FTS} MATCH %s AND rowid > %s"
                + (f" AND rowid NOT IN ({', '.join(['%s'] * len(left_out))})" if left_out else "")
                + " ORDER BY rowid LIMIT %s OFFSET %s",
                [expression, last, *left_out, offset + limit - start, start - len(ordered)])
            rows += [(rowid, rel / best, bonus(rowid)) for rowid, rel in cursor.fetchall()]
        return self._with_product_ids(cursor, rows, names)

    @staticmethod
    def _with_product_ids(cursor, rows, names: dict[int, str] | None = None) -> list[tuple[int, float, float]]:
        """Row ids → product ids (and, into `names`, each product's stored name terms)."""
        if not rows:
            return []
        cursor.execute(
            "SELECT tie, product_id, name_terms FROM catalogue_searchdocument "
            f"WHERE tie IN ({', '.join(['%s'] * len(rows))})", [r for r, _rel, _p in rows],
        )
        product_of = {}
        for tie, product_id, name_terms in cursor.fetchall():
            product_of[tie] = product_id
            if names is not None:
                names[product_id] = name_terms
        return [(product_of[r], float(rel), float(bonus_value)) for r, rel, bonus_value in rows if r in product_of]

    def _facet_counts(self, cursor, base: str, filters: ResolvedFilters, base_total: int | None = None) -> dict:
        """Facet counts over the matches of `base` (the words, no filters): exact up to FACET_SAMPLE
        matches, above it on the tie-hash sample (engine.Sample), scaled and flagged approximate."""
        if base_total is None:
            cursor.execute(f"SELECT count(*) FROM {FTS} WHERE {FTS} MATCH %s", [base])
            base_total = cursor.fetchone()[0]
        if base_total > self.FACET_SAMPLE:
            sample = Sample(rows=self._sample_rows(base, self.FACET_SAMPLE / base_total),
                            fraction=self.FACET_SAMPLE / base_total)
            if sample.rows:  # (an empty sample of a non-empty set is next to impossible; then count them all)
                return sample.facets(filters, base_total)
        cursor.execute(
            f"SELECT d.category_key, d.facet_key, count(*) FROM (SELECT rowid AS r FROM {FTS} "
            f"WHERE {FTS} MATCH %s) m {self._FACET_JOIN} GROUP BY d.category_key, d.facet_key", [base])
        return facets_from_keys(cursor.fetchall(), filters)

    _FACET_JOIN = "JOIN catalogue_searchdocument d INDEXED BY catalogue_search_facets ON d.tie = m.r"

    def _sample_rows(self, match, fraction):
        below = sample_bound(fraction)
        if "*" in match:
            # A prefix is expanded to its terms once per query: one pass, filtered on the hash bits.
            sample, params = (f"SELECT rowid AS r FROM {FTS} WHERE {FTS} MATCH %s "
                              f"AND (rowid & {HASH_MASK}) < {below}"), [match]
        else:  # one row-id range per preference class: FTS5 seeks to each, reading only the sample
            sample = " UNION ALL ".join(
                f"SELECT rowid AS r FROM {FTS} WHERE {FTS} MATCH %s "
                f"AND rowid >= {c << RANK_SHIFT} AND rowid < {(c << RANK_SHIFT) + below}"
                for c in range(PREFERENCE_CLASSES))
            params = [match] * PREFERENCE_CLASSES
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT m.r >> {RANK_SHIFT}, d.category_key, d.facet_key, count(*) FROM ({sample}) m "
                f"{self._FACET_JOIN} GROUP BY 1, 2, 3", params)
            return cursor.fetchall()

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
                f"SELECT term, doc FROM {VOCABULARY} WHERE term IN ({', '.join(['%s'] * len(tokens))})", tokens)
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
                f"SELECT t.term, t.df FROM {TERM_TRIGRAMS} g JOIN catalogue_searchterm t ON t.id = g.rowid "
                f"WHERE {TERM_TRIGRAMS} MATCH %s AND t.df > 0 AND length(t.term) BETWEEN %s AND %s "
                "ORDER BY g.rank LIMIT %s",
                [expression, max(2, len(word) - 2), len(word) + 2, limit],
            )
            return cursor.fetchall()

    # --- schema (schema.py) and indexing (indexer.py) -----------------------------------------------
    def install_schema(self, connection) -> bool:
        with connection.cursor() as cursor:
            cursor.execute("SELECT sql FROM sqlite_master WHERE name = %s", [FTS])
            row = cursor.fetchone()
            rebuilt = False
            if row and row[0] != FTS_DEFINITION:  # an older shape of the index: start it again, empty
                cursor.execute(f"DROP TABLE IF EXISTS {VOCABULARY}")
                cursor.execute(f"DROP TABLE {FTS}")
                cursor.execute("DELETE FROM catalogue_searchdocument")
                cursor.execute("DELETE FROM catalogue_searchterm")
                cursor.execute(f"DROP TABLE IF EXISTS {TERM_TRIGRAMS}")
                row, rebuilt = None, True
            if row is None:
                cursor.execute(FTS_DEFINITION)
            cursor.execute(f"CREATE VIRTUAL TABLE IF NOT EXISTS {VOCABULARY} USING fts5vocab({FTS}, 'row')")
            cursor.execute(f"CREATE VIRTUAL TABLE IF NOT EXISTS {TERM_TRIGRAMS} USING fts5(padded, tokenize='trigram')")
            cursor.execute(
                "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'catalogue_search_q_%'")
            present = dict(cursor.fetchall())
            missing = [name for name in SQLITE_TRIGGERS if name not in present]
            for name, body in SQLITE_TRIGGERS.items():
                if name in present and not present[name].endswith(body):  # an older definition: replace it
                    cursor.execute(f"DROP TRIGGER {name}")
                if name in missing or not present[name].endswith(body):
                    cursor.execute(f"CREATE TRIGGER {name} {body}")
        return bool(missing) or rebuilt

    def uninstall_schema(self, connection) -> None:
        with connection.cursor() as cursor:
            for name in SQLITE_TRIGGERS:
                cursor.execute(f"DROP TRIGGER IF EXISTS {name}")
            cursor.execute(f"DROP TABLE IF EXISTS {VOCABULARY}")
            cursor.execute(f"DROP TABLE IF EXISTS {FTS}")
            cursor.execute(f"DROP TABLE IF EXISTS {TERM_TRIGRAMS}")

    def stored_datetime(self, value):
        return connection.ops.adapt_datetimefield_value(value)  # the format Django stores

    def documents_removed(self, cursor, rows):
        # External-content FTS5: the index is told the old values of what it forgets.
        cursor.executemany(
            f"INSERT INTO {FTS} ({FTS}, rowid, name_terms, body_terms, facet_terms) VALUES ('delete', %s, %s, %s, %s)",
            rows,
        )

    def documents_added(self, cursor, rows):
        cursor.executemany(
            f"INSERT INTO {FTS} (rowid, name_terms, body_terms, facet_terms) VALUES (%s, %s, %s, %s)", rows,
        )

    def record_terms(self, cursor, changes):
        cursor.execute("SELECT coalesce(max(id), 0) FROM catalogue_searchterm")
        before = cursor.fetchone()[0]
        super().record_terms(cursor, changes)
        cursor.execute(  # new terms join the trigram index (spelling correction)
            f"INSERT INTO {TERM_TRIGRAMS} (rowid, padded) "
            "SELECT id, '^' || term || '$' FROM catalogue_searchterm WHERE id > %s",
            [before],
        )

    def clear_index(self, cursor):
        super().clear_index(cursor)
        cursor.execute(f"DELETE FROM {TERM_TRIGRAMS}")

    def begin_rebuild(self, cursor):
        # The document table's own indexes are built once, after the load, from their stored definitions
        # (within the rebuild's transaction: a failure puts them back). The unique index on product_id stays.
        cursor.execute("SELECT name, sql FROM sqlite_master WHERE type = 'index' "
                       "AND tbl_name = 'catalogue_searchdocument' AND sql IS NOT NULL")
        self._set_aside = cursor.fetchall()
        for name, _sql in self._set_aside:
            cursor.execute(f'DROP INDEX "{name}"')
        # Row ids are hashes, so rows land all over the table: keep its pages in memory while loading.
        cursor.execute("PRAGMA cache_size")
        self._cache_size = cursor.fetchone()[0]
        cursor.execute(f"PRAGMA cache_size = -{REBUILD_CACHE_KIB}")

    def bulk_insert(self, cursor, columns, rows):
        super().bulk_insert(cursor, columns, sorted(rows))  # in row-id order: fewer pages touched per batch

    def finish_rebuild(self, cursor):
        for _name, sql in getattr(self, "_set_aside", ()):
            cursor.execute(sql)
        # FTS5 builds the index in memory up to 'hashsize' bytes before writing a segment; the default (1 MB)
        # makes a rebuild write, then merge, hundreds of small segments. Only for this rebuild: the default
        # suits the small incremental updates, so it is set back.
        cursor.execute(f"INSERT INTO {FTS} ({FTS}, rank) VALUES ('hashsize', %s)", [REBUILD_FTS_HASH_BYTES])
        cursor.execute(f"INSERT INTO {FTS} ({FTS}) VALUES ('rebuild')")
        cursor.execute(f"INSERT INTO {FTS} ({FTS}) VALUES ('optimize')")
        cursor.execute(f"INSERT INTO {FTS} ({FTS}, rank) VALUES ('hashsize', %s)", [FTS5_DEFAULT_HASH_BYTES])
        if hasattr(self, "_cache_size"):
            cursor.execute(f"PRAGMA cache_size = {int(self._cache_size)}")

"""The engine-specific parts of the search index that Django models cannot express.

SQLite (FTS5, https://sqlite.org/fts5.html):
* `catalogue_search_fts`: FTS5 over `catalogue_searchdocument` (external
  content; rowid = the tie hash, see search/models.py), ASCII tokenizer
  (documents are analysed in Python already), prefix indexes for 2 and 3
  characters (as-you-type search), and a third column of facet tokens
  (facets.py) that carries no weight in the ranking;
* `catalogue_searchterm_trgm`: FTS5 with the trigram tokenizer over the term
  list, rowid = term id, for spelling correction.

PostgreSQL (https://www.postgresql.org/docs/current/textsearch.html, pg_trgm):
* `search_vector`: a generated tsvector column ('simple' configuration: the
  text is analysed already), name weighted A, the rest C, with a GIN index;
* `catalogue_search_sample`: a btree on the tie-hash bits of `tie`, so a
  uniform sample of a very large result set is a bitmap intersection with the
  GIN index (search/engine.py);
* pg_trgm and a GIN trigram index over the term list, for spelling correction.

Both: triggers that put the ids of changed products into
`catalogue_searchqueue` (see search/models.py). Django rebuilds a SQLite table
to alter it, which drops its triggers, so `ensure_schema` runs after every
`migrate` and queues the whole catalogue if a trigger had gone missing.
"""

from __future__ import annotations

import logging

from .ranking import RANK_SHIFT

log = logging.getLogger(__name__)

PG_SAMPLE_INDEX = "catalogue_search_sample"
PG_SAMPLE_EXPRESSION = f"(tie & {(1 << RANK_SHIFT) - 1})"  # the tie hash, without the preference class

FTS = "catalogue_search_fts"
VOCABULARY = "catalogue_search_fts_vocab"  # fts5vocab: documents per token, for whole-catalogue facet counts
TERM_TRIGRAMS = "catalogue_searchterm_trgm"
SQLITE_TRIGGERS = {
    "catalogue_search_q_product_ins": (
        "AFTER INSERT ON catalogue_product BEGIN "
        "INSERT OR IGNORE INTO catalogue_searchqueue(product_id) VALUES (new.id); END"
    ),
    "catalogue_search_q_product_upd": (
        "AFTER UPDATE ON catalogue_product BEGIN "
        "INSERT OR IGNORE INTO catalogue_searchqueue(product_id) VALUES (new.id); END"
    ),
    "catalogue_search_q_product_del": (
        "AFTER DELETE ON catalogue_product BEGIN "
        "INSERT OR IGNORE INTO catalogue_searchqueue(product_id) VALUES (old.id); END"
    ),
    "catalogue_search_q_supplier_upd": (
        "AFTER UPDATE ON suppliers_supplier BEGIN "
        "INSERT OR IGNORE INTO catalogue_searchqueue(product_id) "
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

_PG_FUNCTIONS = {
    "catalogue_search_q_products": (
        "INSERT INTO catalogue_searchqueue(product_id) SELECT id FROM changed_rows ON CONFLICT DO NOTHING;"
    ),
    "catalogue_search_q_suppliers": (
        "INSERT INTO catalogue_searchqueue(product_id) SELECT p.id FROM catalogue_product p "
        "JOIN changed_rows s ON p.supplier_id = s.id ON CONFLICT DO NOTHING;"
    ),
    "catalogue_search_q_categories": (
        "INSERT INTO catalogue_searchqueue(product_id) SELECT p.id FROM catalogue_product p "
        "WHERE p.category_id IN (SELECT c.id FROM catalogue_category c JOIN changed_rows r "
        "ON c.id = r.id OR c.parent_id = r.id OR c.parent_id IN "
        "(SELECT id FROM catalogue_category WHERE parent_id = r.id)) ON CONFLICT DO NOTHING;"
    ),
}
# (trigger name, table, event, transition table kind, function)
_PG_TRIGGERS = (
    ("catalogue_search_q_product_ins", "catalogue_product", "INSERT", "NEW", "catalogue_search_q_products"),
    ("catalogue_search_q_product_upd", "catalogue_product", "UPDATE", "NEW", "catalogue_search_q_products"),
    ("catalogue_search_q_product_del", "catalogue_product", "DELETE", "OLD", "catalogue_search_q_products"),
    ("catalogue_search_q_supplier_upd", "suppliers_supplier", "UPDATE", "NEW", "catalogue_search_q_suppliers"),
    ("catalogue_search_q_category_upd", "catalogue_category", "UPDATE", "NEW", "catalogue_search_q_categories"),
)


def install(connection) -> bool:
    """Create whatever is missing. True when a trigger had to be (re)created."""
    if connection.vendor == "sqlite":
        return _install_sqlite(connection)
    if connection.vendor == "postgresql":
        return _install_postgresql(connection)
    raise NotImplementedError(f"Search supports SQLite and PostgreSQL, not {connection.vendor}.")


FTS_DEFINITION = (
    f"CREATE VIRTUAL TABLE {FTS} USING fts5(name_terms, body_terms, facet_terms, "
    "content='catalogue_searchdocument', content_rowid='tie', tokenize='ascii', prefix='2 3')"
)


def _install_sqlite(connection) -> bool:
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
        cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'catalogue_search_q_%'")
        present = {row[0] for row in cursor.fetchall()}
        missing = [name for name in SQLITE_TRIGGERS if name not in present]
        for name in missing:
            cursor.execute(f"CREATE TRIGGER IF NOT EXISTS {name} {SQLITE_TRIGGERS[name]}")
    return bool(missing) or rebuilt


def _install_postgresql(connection) -> bool:
    with connection.cursor() as cursor:
        cursor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        cursor.execute(
            "ALTER TABLE catalogue_searchdocument ADD COLUMN IF NOT EXISTS search_vector tsvector "
            "GENERATED ALWAYS AS (setweight(to_tsvector('simple'::regconfig, name_terms), 'A') || "
            "setweight(to_tsvector('simple'::regconfig, body_terms), 'C')) STORED"
        )
        cursor.execute(
            "CREATE INDEX IF NOT EXISTS catalogue_search_vector_gin ON catalogue_searchdocument USING gin (search_vector)"
        )
        cursor.execute(
            "CREATE INDEX IF NOT EXISTS catalogue_searchterm_trgm ON catalogue_searchterm USING gin (term gin_trgm_ops)"
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
        for name, table, event, kind, function in _PG_TRIGGERS:
            cursor.execute(
                f"CREATE OR REPLACE TRIGGER {name} AFTER {event} ON {table} "
                f"REFERENCING {kind} TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION {function}()"
            )
    return any(name not in present for name, *_ in _PG_TRIGGERS)


def uninstall(connection) -> None:
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            for name in SQLITE_TRIGGERS:
                cursor.execute(f"DROP TRIGGER IF EXISTS {name}")
            cursor.execute(f"DROP TABLE IF EXISTS {VOCABULARY}")
            cursor.execute(f"DROP TABLE IF EXISTS {FTS}")
            cursor.execute(f"DROP TABLE IF EXISTS {TERM_TRIGRAMS}")
        elif connection.vendor == "postgresql":
            for name, table, *_ in _PG_TRIGGERS:
                cursor.execute(f"DROP TRIGGER IF EXISTS {name} ON {table}")
            for name in _PG_FUNCTIONS:
                cursor.execute(f"DROP FUNCTION IF EXISTS {name}()")
            cursor.execute("DROP INDEX IF EXISTS catalogue_searchterm_trgm")
            cursor.execute(f"DROP INDEX IF EXISTS {PG_SAMPLE_INDEX}")
            cursor.execute("ALTER TABLE catalogue_searchdocument DROP COLUMN IF EXISTS search_vector")


def ensure_schema(sender=None, using="default", **kwargs) -> None:
    """post_migrate receiver: put back triggers a table rebuild dropped, and queue a full refresh if so."""
    from django.db import connections

    connection = connections[using]
    if connection.vendor not in ("sqlite", "postgresql"):
        return
    with connection.cursor() as cursor:
        tables = set(connection.introspection.table_names(cursor))
    if not {"catalogue_searchdocument", "catalogue_searchqueue", "catalogue_product"} <= tables:
        return  # migrations of this app have not run yet
    if install(connection):
        with connection.cursor() as cursor:
            cursor.execute(
                "INSERT INTO catalogue_searchqueue(product_id) SELECT id FROM catalogue_product "
                "WHERE true ON CONFLICT DO NOTHING"
            )
            queued = cursor.rowcount
        if queued and queued > 0:
            log.info("Search triggers were recreated; %s products are queued for indexing (or run `katalog reindex`).",
                     queued)

"""The parts of the search index that Django models cannot express.

Each backend creates and drops its own (install_schema / uninstall_schema in
engine_sqlite.py and engine_postgres.py); this module picks the backend
(backends.py) and keeps the shared part, `ensure_schema`. What they create:

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
`catalogue_searchqueue` (see search/models.py); an updated product or supplier
only when a column the documents read changed (engine.WATCHED_PRODUCT_COLUMNS,
DOCUMENT_SUPPLIER_COLUMNS), so a stock update or a supplier's new e-mail queues
nothing. An older trigger definition is replaced in place. Django rebuilds a SQLite table
to alter it, which drops its triggers, so `ensure_schema` runs after every
`migrate` and queues the whole catalogue if a trigger had gone missing.
"""

from __future__ import annotations

import logging

from django.db import connections

from . import backends

log = logging.getLogger(__name__)


def install(connection) -> bool:
    """Create whatever is missing. True when a trigger had to be (re)created."""
    return backends.get_backend(connection).install_schema(connection)


def uninstall(connection) -> None:
    backends.get_backend(connection).uninstall_schema(connection)


def ensure_schema(sender=None, using="default", **kwargs) -> None:
    """post_migrate receiver: put back triggers a table rebuild dropped, and queue a full refresh if so."""
    connection = connections[using]
    if not backends.supports(connection):
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

"""Catalogue search: one interface, two engines (SQLite FTS5, PostgreSQL full-text search).

    from katalog.catalogue.search import search_products, SearchFilters
    result = search_products(query="kripik pisng", filters=SearchFilters(district="18.03.02"))

See service.py (the steps), normalize.py (Indonesian analysis), ranking.py (the
score and its explanation), backends.py (which engine), engine.py (the interface; the SQL is in
engine_sqlite.py and engine_postgres.py), facets.py (filters as tokens and packed keys), indexer.py
(keeping it current).
"""

from .indexer import rebuild, refresh, sync_pending
from .service import search_products
from .types import SearchFilters, SearchHit, SearchResult

__all__ = ["search_products", "SearchFilters", "SearchHit", "SearchResult", "rebuild", "refresh", "sync_pending"]

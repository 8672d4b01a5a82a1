"""Which search backend serves a database connection: the only place that looks at the vendor.

The interface and the code both engines share are in engine.py; each engine
(its queries, its schema, its indexing needs) in engine_sqlite.py and
engine_postgres.py. Callers ask here for the backend and never branch on the
database themselves.
"""

from __future__ import annotations

from django.db import connection as default_connection

from .engine import Backend

VENDORS = ("sqlite", "postgresql")


def supports(connection) -> bool:
    """Search runs on this database (migrations on another vendor skip the search schema)."""
    return connection.vendor in VENDORS


def get_backend(connection=None) -> Backend:
    """The backend for `connection` (the default database when None)."""
    vendor = (connection or default_connection).vendor
    if vendor == "sqlite":
        # Each backend module imports engine.py: only the backend in use is loaded.
        from .engine_sqlite import SQLiteBackend

        return SQLiteBackend()
    if vendor == "postgresql":
        # Each backend module imports engine.py: only the backend in use is loaded.
        from .engine_postgres import PostgreSQLBackend

        return PostgreSQLBackend()
    raise NotImplementedError(f"Search supports SQLite and PostgreSQL, not {vendor}.")

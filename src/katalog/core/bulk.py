"""Fast idempotent bulk upsert of reference rows, for both SQLite and PostgreSQL.

Building tens of thousands of model instances costs more than the insert
itself, so reference lists go straight to `executemany` with plain tuples.
"""

from collections.abc import Iterable, Sequence

from django.db import connections


def upsert_rows(model, columns: Sequence[str], rows: Iterable[Sequence], *, key: str = "code", using: str = "default") -> int:
    connection = connections[using]
    quote = connection.ops.quote_name
    table = quote(model._meta.db_table)
    updates = ", ".join(f"{quote(c)} = excluded.{quote(c)}" for c in columns if c != key)
    sql = (
        f"INSERT INTO {table} ({', '.join(quote(c) for c in columns)}) "
        f"VALUES ({', '.join(['%s'] * len(columns))}) "
        f"ON CONFLICT ({quote(key)}) DO UPDATE SET {updates}"
    )
    rows = list(rows)
    with connection.cursor() as cursor:
        cursor.executemany(sql, rows)
    return len(rows)

"""Write conflicts between concurrent transactions: the one lock order, and one retry.

Lock order, the same on every write path (docs/architecture.md, “Lock order”), so that two
transactions never wait for each other in a circle:

1. the row of the record being changed (cart, order, product, category, supplier…), locked with
   SELECT … FOR UPDATE OF that table only, never the rows it joins (`select_for_update(of=("self",))`);
   `no_key=True` where the row is updated, not deleted, so inserts that merely refer to it go on;
2. product rows, in id order (stock taken or given back);
3. sequence counters (order and letter numbers);
4. last, the audit chain's lock (core.audit.record_event). Before taking it, record_event runs the
   transaction's deferred foreign-key checks, whose KEY SHARE row locks would otherwise be taken at
   commit, after the chain lock. `record_event` is the last write of a service: a service that records
   several events (one per flag, per product, per account closed) changes every row first, then records;
   a row it deletes is locked first too (a supplier's document, a kecamatan potential).
   After it come only writes that wait for nobody: rows this transaction created or already locked
   (a notice to the business whose row it holds), and the catalogue's search index, whose own lock
   (catalogue.search.indexer) is taken after the audit chain's and never before it.

A business's row is locked FOR NO KEY UPDATE (suppliers.services._common._lock): carts, products and
notices that merely refer to it take KEY SHARE at their foreign-key check and need not wait for it.

PostgreSQL still refuses a transaction now and then (a deadlock a path outside this order caused, or a
serialisation failure): `retry_on_conflict` runs the whole transaction once more and, should it fail
again, raises the caller's domain error, which the pages show as a message and the API answers with
409, never a 500. SQLite serialises writers (BEGIN IMMEDIATE); a writer that waited past the busy
timeout (“database is locked”) is retried the same way.

Every service that is its own transaction and is called from a page, the API or a job is wrapped, each
app with its own `Busy` (a core.errors.WriteConflict and the app's base error, so its views show it like
their other errors): purchasing, catalogue, suppliers, monitoring, agencies (accounts, sign-in, second
factor), opendata (API tokens, the supplier-list import) and jobs. A conflict that still escapes a view
(a write no service wraps) is answered 409 with WriteConflict's message and logged as a warning, by
core.middleware.DomainErrorMiddleware for pages and opendata.api.errors for the API: never a 500.
"""

from __future__ import annotations

import functools
import logging
import random
import time
from collections.abc import Callable

from django.db import DEFAULT_DB_ALIAS, OperationalError, connections

log = logging.getLogger("katalog.conflicts")

# SQLSTATE of the errors that mean “two transactions collided; running it again will most likely work”.
RETRYABLE_SQLSTATES = frozenset({"40P01", "40001"})  # deadlock_detected, serialization_failure

# Seconds to wait, drawn at random, before running a refused transaction again. The other side of a deadlock
# has been granted the lock it waited for but takes a row only when it next runs; a retry that starts at once
# can take that row first and close the same circle again (seen on a busy 2-core machine). The random part
# keeps two refused writers from coming back together.
RETRY_PAUSE = (0.05, 0.2)


def is_write_conflict(error: BaseException) -> bool:
    """A deadlock or serialisation failure (PostgreSQL), or a busy database (SQLite)."""
    if not isinstance(error, OperationalError):
        return False
    cause = error.__cause__
    if getattr(cause, "sqlstate", None) in RETRYABLE_SQLSTATES:
        return True
    return "database is locked" in str(error)


def _code(error: OperationalError) -> str:
    return getattr(error.__cause__, "sqlstate", None) or "busy"


def retry_on_conflict(conflict_error: Callable[[], Exception], *, using: str = DEFAULT_DB_ALIAS):
    """Decorate a service that is its own transaction: on a write conflict, run it once more; on a second
    one, raise `conflict_error()` (a domain error saying to send again; nothing was saved).

    Inside a caller's transaction the service cannot be run again on its own (that transaction is
    already aborted), so there the error goes up unchanged, for the outermost service to retry."""

    def decorate(service):
        @functools.wraps(service)
        def run(*args, **kwargs):
            if connections[using].in_atomic_block:
                return service(*args, **kwargs)
            try:
                return service(*args, **kwargs)
            except OperationalError as error:
                if not is_write_conflict(error):
                    raise
                log.warning("write conflict in %s (%s), retrying once", service.__qualname__, _code(error))
            time.sleep(random.uniform(*RETRY_PAUSE))
            try:
                return service(*args, **kwargs)
            except OperationalError as error:
                if not is_write_conflict(error):
                    raise
                log.warning("write conflict in %s (%s) again, refused", service.__qualname__, _code(error))
                raise conflict_error() from error

        return run

    return decorate

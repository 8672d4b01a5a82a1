"""Computing a full rebuild's documents in forked worker processes while the parent reads and writes.

Building a document is pure Python (about two thirds of a rebuild's time in one process); reading the
catalogue and writing the index are the database's. With the documents built in other processes the machine's
cores overlap the two. Each batch is cut into pieces for the workers and comes back whole and in order, so
the parent writes exactly what it would have computed itself.

The workers only compute: they get plain rows and send back plain tuples. They are forked (they inherit the
modules, the settings and what the work needs, see `map_batches`) and so inherit the parent's database
connections too, which share its socket or file: a worker must neither query through them nor close them
(on PostgreSQL a query there would interleave with the parent's, in the middle of its transaction).
"""

from __future__ import annotations

import multiprocessing
import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor

from django.conf import settings
from django.db import connections

MAX_AUTO_WORKERS = 4  # beyond this the parent, which reads and writes alone, cannot keep up with the workers

_state = None  # what the workers compute with: set by the parent before the fork, inherited, never pickled
_inherited: list = []  # the parent's connections, kept referenced in a worker so nothing closes them


def worker_count() -> int:
    """Worker processes for a rebuild (settings.KATALOG_REINDEX_WORKERS; 0: one per core, up to
    MAX_AUTO_WORKERS). Below 2 a rebuild builds its documents in its own process."""
    configured = settings.KATALOG_REINDEX_WORKERS
    if configured > 0:
        return configured
    return min(os.cpu_count() or 1, MAX_AUTO_WORKERS)


def can_fork() -> bool:
    return "fork" in multiprocessing.get_all_start_methods()


def _refuse_database(*args, **kwargs):
    raise RuntimeError("A rebuild worker computes documents only; the database is the parent process's.")


def _start_worker() -> None:
    for wrapper in connections.all(initialized_only=True):
        _inherited.append(wrapper.connection)
        wrapper.ensure_connection = _refuse_database  # every query opens through it: one fails loudly instead


def _run(function: Callable, piece: list):
    return function(_state, piece)


def map_batches(function: Callable, state, batches: Iterable[list], *, workers: int,
                piece_size: int) -> Iterator[list]:
    """For each batch, in order: [function(state, piece) for each piece of up to `piece_size` of its items],
    the pieces computed in `workers` forked processes.

    The next batch is read (by iterating `batches`, in this process) while the workers compute the one before:
    at most one batch waits beyond the one being computed, so the rows held in memory stay bounded."""
    global _state
    _state = state
    # A worker that dies (killed for its memory, say) breaks the pool: the waiting result raises
    # BrokenProcessPool and the rebuild's transaction rolls back, rather than waiting for ever.
    pool = ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork"), initializer=_start_worker)
    try:
        pending: deque[list[Future]] = deque()
        for batch in batches:
            pending.append([pool.submit(_run, function, batch[start:start + piece_size])
                            for start in range(0, len(batch), piece_size)])
            if len(pending) > 1:
                yield [future.result() for future in pending.popleft()]
        while pending:
            yield [future.result() for future in pending.popleft()]
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
        _state = None

"""The product import as a background job (`katalog worker`): the same rows and rules as importing.py,
written in short transactions so orders keep flowing on SQLite while 50,000 rows go in.

Nothing is ever half-written: each transaction writes a batch of products, their price history and the
job's checkpoint (the last spreadsheet row written) together, so after a crash the database holds whole
batches and the checkpoint that names them. A retry reads the file again, checks every row again (the
batch's own products are not duplicates of its rows) and writes from the row after the checkpoint; the
finished batch is the same as an uninterrupted one. A file with errors still imports nothing unless the
person chose "valid rows only", as in the one-transaction import.
"""

from __future__ import annotations

import logging
import time

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from katalog.core.audit import record_event

from .importing import (
    ALIASES, REQUIRED, ImportReport, RowError, _check_actor, _create, _Lookups, _save_batch, validate_rows,
)
from .models import ImportBatch
from .search import indexer
from katalog.core.spreadsheets import ERROR_LIMIT, SpreadsheetError, read_table
from katalog.core.rules import rule

logger = logging.getLogger("katalog.jobs")


def import_products_resumable(*, data: bytes, filename: str, supplier, actor, publish: bool, valid_only: bool,
                              job) -> ImportReport:
    """Check and load a spreadsheet for `supplier` in batches, resuming from `job.checkpoint`.

    `job` is a katalog.jobs JobContext: progress goes to `job.progress`, the checkpoint is written with
    `job.save_checkpoint` inside each batch's transaction.
    """
    _check_actor(actor=actor, supplier=supplier, publish=publish)
    checkpoint = job.checkpoint
    batch = ImportBatch.objects.filter(pk=checkpoint["batch"]).first() if checkpoint.get("batch") else None
    started = batch.started_at if batch else timezone.now()
    report = ImportReport(batch=batch)
    job.progress(stage=_("Membaca berkas"), force=True)
    try:
        table = read_table(data, filename, aliases=ALIASES, required=REQUIRED,
                           max_rows=int(rule("import_max_rows")))
    except SpreadsheetError as error:
        report.errors.append(RowError(0, "", str(error)))
        job.progress(errors=1, force=True)
        report.batch = _save_batch(report, supplier=supplier, actor=actor, filename=filename, publish=publish,
                                   valid_only=valid_only, started=started, status=ImportBatch.Status.REJECTED)
        return report
    report.total_rows = len(table.rows)
    report.unknown_columns = table.unknown
    job.progress(stage=_("Memeriksa"), total=report.total_rows, checked=0, errors=0, force=True)

    def checked(_stage, done, total, errors=0):
        job.progress(checked=done, errors=errors)

    good, errors = validate_rows(table, supplier=supplier, lookups=_Lookups(), progress=checked, resuming=batch)
    report.errors = errors
    job.progress(checked=report.total_rows, errors=len(errors), force=True)
    if errors and not valid_only or not good:
        if batch is not None:  # the file changed meaning under a resumed batch: keep what is whole, say so
            report.created = batch.products.count()
        report.batch = _save_batch(report, supplier=supplier, actor=actor, filename=filename, publish=publish,
                                   valid_only=valid_only, started=started, status=ImportBatch.Status.REJECTED)
        return report
    if batch is None:
        with transaction.atomic():
            batch = ImportBatch.objects.create(
                supplier=supplier, started_by=actor, filename=filename[:255], publish=publish,
                valid_only=valid_only, status=ImportBatch.Status.RUNNING, total_rows=report.total_rows,
                started_at=started)
            job.save_checkpoint(batch=batch.pk, last_row=0)
    report.batch = batch
    last_row = int(job.checkpoint.get("last_row", 0))
    saved = batch.products.count()
    todo = [(number, row) for number, row in good if number > last_row]
    pace = _Pace()
    job.progress(stage=_("Menyimpan"), saved=saved, force=True)
    for start in range(0, len(todo), pace.rows):
        chunk = todo[start:start + pace.rows]
        asked = time.monotonic()
        with transaction.atomic():
            began = time.monotonic()
            saved += _create(chunk, supplier=supplier, actor=actor, publish=publish, progress=None, batch=batch)
            # The checkpoint carries the rows saved and the heartbeat too: no other write per batch.
            job.save_checkpoint(batch=batch.pk, last_row=chunk[-1][0], saved=saved)
            # The search index catches up inside the same short transaction, so readers never find queued
            # products to index themselves (a write) while the import runs.
            indexer.sync_pending()
        pace.after_batch(waited=began - asked, held=time.monotonic() - began)
        job.check_time()
    pace.log()
    with transaction.atomic():
        report.created = saved
        report.published = publish
        ImportBatch.objects.filter(pk=batch.pk).update(
            status=ImportBatch.Status.DONE, created_count=saved, error_count=len(errors),
            errors=[e.as_dict() for e in errors[:ERROR_LIMIT]], finished_at=timezone.now())
        batch.refresh_from_db()
        record_event(actor=actor, action="product.import", obj=batch, after={
            "supplier": supplier.pk, "file": filename[:200], "rows": report.total_rows, "created": saved,
            "skipped_rows": report.error_rows, "published": publish,
        })
        if publish:
            # Perpres 12/2021 Pasal 65, as in importing.import_products: the decision is recorded on its own.
            record_event(actor=actor, action="product.import_publish", obj=batch,
                         after={"supplier": supplier.pk, "published": saved})
    job.progress(stage=_("Selesai"), saved=saved, force=True)
    return report


class _Pace:
    """How long an import leaves the database to others after each batch.

    On SQLite one writer at a time holds the whole database, and a writer that finds it taken retries with
    growing sleeps of up to 100 ms (its busy handler) until `busy_timeout`. An import that began its next
    transaction the moment it committed won nearly every time against those sleepers: a checkout, a session
    save, or a reader's search-index catch-up (a checkout's stock UPDATE queues its product, and the next
    search page indexes it, a write) waited for whole series of batches (benchmarks/import_under_load.py:
    read p99 ×5–8 with reads near the 20-s busy timeout, session saves past it). So after each commit the
    import waits `import_pause_ratio` times as long as its transaction held the lock, and on SQLite at least
    one busy-handler sleep, so every writer waiting at the commit gets its turn. Smaller batches did not help
    on a busy machine: a batch's time there is mostly waiting for a CPU plus a fixed cost (the checkpoint,
    the index catch-up), so 50-row batches held the lock 0.22 s each and the import took 5 times as long.
    On PostgreSQL writers lock rows, not the database; the pause there leaves the database server's CPU to
    the web workers for a moment, which measured read p99 ×1.5–1.6 against ×1.8–2.0 without it (checkouts
    per minute ×0.65–0.71 against ×0.38–0.58), for an import twice as long (299 s against 141 s).
    """

    SQLITE_BUSY_SLEEP = 0.1  # the longest sleep of SQLite's busy handler (sqliteDefaultBusyCallback)

    def __init__(self):
        config = settings.KATALOG_JOBS
        self.rows = max(int(config["import_batch_rows"]), 1)
        self.ratio = float(config["import_pause_ratio"])
        self.shortest_pause = self.SQLITE_BUSY_SLEEP if connection.vendor == "sqlite" else 0.0
        self.waits: list[float] = []
        self.holds: list[float] = []

    def after_batch(self, *, waited: float, held: float) -> None:
        self.waits.append(waited)
        self.holds.append(held)
        time.sleep(max(held * self.ratio, self.shortest_pause))

    def log(self) -> None:
        """One line per import: how long its write transactions held the database and waited for it
        (operators tune KATALOG_JOBS from it; benchmarks/import_under_load.py prints it)."""
        if not self.holds:
            return
        ordered = sorted(self.holds)
        logger.info("import batches: %d of up to %d rows; transaction held p50 %.3f s, max %.3f s, total %.1f s; "
                    "waited for the write lock max %.3f s, total %.1f s; paused %.0f%% of the time held (at least "
                    "%.1f s)", len(ordered), self.rows, ordered[len(ordered) // 2], ordered[-1], sum(ordered),
                    max(self.waits), sum(self.waits), self.ratio * 100, self.shortest_pause)

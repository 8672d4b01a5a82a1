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

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from katalog.core.audit import record_event

from .importing import (
    ALIASES, REQUIRED, ImportReport, RowError, _check_actor, _create, _Lookups, _save_batch, validate_rows,
)
from .models import ImportBatch
from .search import indexer
from katalog.core.spreadsheets import ERROR_LIMIT, SpreadsheetError, read_table


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
                           max_rows=int(settings.KATALOG_RULES["import_max_rows"]))
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
    size = int(settings.KATALOG_JOBS["import_batch_rows"])
    job.progress(stage=_("Menyimpan"), saved=saved, force=True)
    for start in range(0, len(todo), size):
        chunk = todo[start:start + size]
        with transaction.atomic():
            saved += _create(chunk, supplier=supplier, actor=actor, publish=publish, progress=None, batch=batch)
            job.save_checkpoint(batch=batch.pk, last_row=chunk[-1][0], saved=saved)
            # The search index catches up inside the same short transaction, so readers never find queued
            # products to index themselves (a write) while the import runs.
            indexer.sync_pending()
        job.progress(saved=saved)
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

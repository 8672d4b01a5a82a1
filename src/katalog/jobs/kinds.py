"""The two shapes most background work takes, registered with one call each, so every app reuses the same
runner, progress, result and job page instead of writing its own:

- an **import**: a stored upload checked and written by an app's import service (all or nothing, or valid
  rows only); the job's result keeps the counts and the rejected rows (row, column, reason) for the page;
- an **export**: a file built by an app (a workbook, a PDF, open data), written through Django's storage
  API and downloaded from the job's page by the person who asked for it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils.translation import gettext as _

from .errors import JobFailed
from .registry import handler

# The job page lists this many rejected rows; the count says how many there were in all.
ERRORS_SHOWN = 200
# Where an export job's files go: one folder per job, so housekeeping finds every file a job wrote,
# even one left by an attempt that failed after writing it (housekeeping.delete_expired_jobs).
EXPORT_FOLDER = "jobs/hasil/{pk}/"
_EXPORT_KINDS: set[str] = set()


def export_kinds() -> set[str]:
    """The kinds registered with register_export: their jobs hold a produced file."""
    return set(_EXPORT_KINDS)


def import_result(report) -> dict:
    """What the job page shows of an import service's report (created/updated counts and rejected rows)."""
    errors = list(getattr(report, "errors", []) or [])
    created, updated = int(getattr(report, "created", 0) or 0), int(getattr(report, "updated", 0) or 0)
    saved = getattr(report, "saved", None)
    if saved is None:  # a report without the flag saves only when nothing was rejected
        saved = not errors
    return {"created": created, "updated": updated, "saved": bool(saved), "error_count": len(errors),
            "errors": errors[:ERRORS_SHOWN], "rows": int(getattr(report, "total_rows", 0) or 0)}


def register_import(kind: str, *, title, permission: str, run: Callable, result_url: Callable | None = None):
    """Register an import job. `run(*, actor, data, filename, params)` calls the app's import service and
    returns its report; the service's own rules (all or nothing, audit) apply unchanged."""

    @handler(kind, title=title, permission=permission, result_url=result_url)
    def run_import(ctx) -> dict:
        ctx.progress(stage=_("Membaca dan memeriksa berkas"), force=True)
        report = run(actor=ctx.actor, data=ctx.read_upload(), filename=ctx.job.upload_name, params=ctx.params)
        result = import_result(report)
        rows = result["rows"] or result["created"] + result["updated"] + result["error_count"]
        ctx.progress(stage=_("Selesai"), total=rows, checked=rows, errors=result["error_count"],
                     saved=result["created"] + result["updated"] if result["saved"] else 0, force=True)
        return result

    return run_import


@dataclass(frozen=True)
class ExportFile:
    content: bytes
    filename: str
    content_type: str


def register_export(kind: str, *, title, permission: str, build: Callable):
    """Register an export job. `build(*, actor, params, ctx)` returns an ExportFile; it is written to storage
    under the job's number and offered for download on the job's page until `export_retention_days` after
    the job finished."""
    _EXPORT_KINDS.add(kind)

    @handler(kind, title=title, permission=permission)
    def run_export(ctx) -> dict:
        ctx.progress(stage=_("Menyusun berkas"), force=True)
        produced = build(actor=ctx.actor, params=ctx.params, ctx=ctx)
        if not isinstance(produced, ExportFile):
            raise JobFailed(_("Berkas tidak dapat disusun."))
        stored = default_storage.save(EXPORT_FOLDER.format(pk=ctx.job.pk) + produced.filename,
                                      ContentFile(produced.content))
        ctx.progress(stage=_("Selesai"), force=True)
        return {"file": stored, "filename": produced.filename, "content_type": produced.content_type,
                "bytes": len(produced.content)}

    return run_export

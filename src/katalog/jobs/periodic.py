"""Housekeeping each app registers, run together by `katalog tick`.

An app puts its periodic work in its `periodic.py` (imported at start-up, like `job_handlers.py`) with
`@periodic`: a function `fn(*, now, quiet) -> list[str]` that does what is due at `now` and returns the lines
to print (none when `quiet` and nothing happened). Every function must be idempotent and safe to run every
minute from several hosts at once. They run in the order of INSTALLED_APPS, then of registration.
"""

from collections.abc import Callable
from datetime import datetime

_WORK: list[Callable] = []


def periodic(fn: Callable) -> Callable:
    if fn not in _WORK:
        _WORK.append(fn)
    return fn


def registered() -> list[Callable]:
    return list(_WORK)


def run_due(*, now: datetime, quiet: bool) -> list[str]:
    lines = []
    for fn in _WORK:
        lines.extend(fn(now=now, quiet=quiet))
    return lines


@periodic
def job_housekeeping(*, now: datetime, quiet: bool) -> list[str]:
    """Export files and old job records past `export_retention_days`, uploads of finished jobs past
    `upload_retention_days` (katalog/jobs/housekeeping.py)."""
    # Imported here: this module is the registry every app's periodic.py imports; the housekeeping needs the
    # models, which this registry must not pull in for them.
    from .housekeeping import delete_expired_jobs

    counts = delete_expired_jobs(now=now)
    if any(counts.values()) or not quiet:
        return [f"{counts['exports']} ekspor lama ({counts['files']} berkas) dan {counts['periodic']} catatan "
                f"pekerjaan terjadwal dihapus; {counts['task_results']} hasil tugas antrean dihapus; "
                f"{counts['uploads']} berkas unggahan lama dihapus."]
    return []

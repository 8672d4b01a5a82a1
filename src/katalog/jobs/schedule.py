"""Periodic work from the worker: the table is KATALOG_SCHEDULE (settings), read here only.

Each entry runs a management command, either every N minutes or once a day at HH:MM (WIB). A run is
asked for as a job whose key names its time slot ("periodic:tick:29712345"), so however many workers
look at the clock, each slot runs once. `katalog tick` from cron keeps working alongside: everything it
does is idempotent under row locks.
"""

from __future__ import annotations

import io
import logging
from datetime import datetime, time

from django.conf import settings
from django.core.management import call_command
from django.utils import timezone

from .models import Job

logger = logging.getLogger("katalog.jobs")
KIND = "jobs.periodic"


def entries() -> dict[str, dict]:
    return settings.KATALOG_SCHEDULE


def slot(entry: dict, now: datetime) -> str | None:
    """The time slot `now` falls in for this entry, or None when a daily entry's hour has not come yet."""
    if "every_minutes" in entry:
        return str(int(now.timestamp() // 60) // int(entry["every_minutes"]))
    local = timezone.localtime(now)
    hour, minute = (int(part) for part in entry["at"].split(":"))
    if local.time() < time(hour, minute):
        return None
    return local.date().isoformat()


def enqueue_due(*, now: datetime | None = None) -> list[Job]:
    """Ask for every entry whose current slot has no job yet. Returns the jobs created now."""
    # services → tasks → schedule → services: the schedule is loaded by the task module.
    from .services import job_enqueue

    now = now or timezone.now()
    created = []
    for name, entry in entries().items():
        current = slot(entry, now)
        if current is None:
            continue
        job, new = job_enqueue(kind=KIND, key=f"periodic:{name}:{current}", params={"name": name})
        if new:
            created.append(job)
    return created


def run(name: str) -> str:
    """Run one schedule entry's command now and return its output (the job keeps the last lines)."""
    entry = entries()[name]
    out = io.StringIO()
    call_command(*entry["command"], stdout=out, stderr=out)
    return out.getvalue()[-2000:]

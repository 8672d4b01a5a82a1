"""Bounds on one job: a time limit and a memory ceiling, so one oversized file cannot take a small server down.

- Memory: the worker process lowers its own address-space limit (RLIMIT_AS) at start, to
  KATALOG_JOBS["memory_limit_mb"]. A job that needs more gets a MemoryError inside itself (its transaction
  rolls back), fails with a message that says so, and the worker goes on with the next job. The default
  fits a 2-core, 4-GB server: the web workers, the database and one job worker side by side.
- Time: each job runs under a real-time alarm of KATALOG_JOBS["time_limit_seconds"] (SIGALRM, in the
  worker's main thread), so a job stuck in one long query stops as surely as one that reports progress
  (JobContext.check_time covers the latter between batches).
"""

from __future__ import annotations

import resource
import signal
import threading
import time
from collections.abc import Callable

from django.conf import settings
from django.utils.translation import gettext as _

from .errors import JobFailed, JobTimedOut


def memory_limit_mb() -> int:
    return int(settings.KATALOG_JOBS["memory_limit_mb"])


def time_limit_seconds() -> int:
    return int(settings.KATALOG_JOBS["time_limit_seconds"])


def apply_memory_limit(megabytes: int | None = None) -> int | None:
    """Lower this process's soft address-space limit (never above the hard limit). 0 means no ceiling.
    Returns the previous soft limit, to restore with restore_memory_limit (None when nothing changed)."""
    megabytes = memory_limit_mb() if megabytes is None else int(megabytes)
    if megabytes <= 0:
        return None
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    wanted = megabytes * 1024 * 1024
    if hard != resource.RLIM_INFINITY:
        wanted = min(wanted, hard)
    resource.setrlimit(resource.RLIMIT_AS, (wanted, hard))
    return soft


def restore_memory_limit(previous: int | None) -> None:
    if previous is not None:
        _soft, hard = resource.getrlimit(resource.RLIMIT_AS)
        resource.setrlimit(resource.RLIMIT_AS, (previous, hard))


def _too_much_memory() -> JobFailed:
    return JobFailed(_("Pekerjaan memerlukan memori lebih dari batas %(mb)s MB dan dihentikan; yang sudah "
                       "tersimpan tetap utuh. Bagi berkas menjadi beberapa bagian, lalu unggah ulang.")
                     % {"mb": memory_limit_mb()})


def _timed_out() -> JobTimedOut:
    return JobTimedOut(_("Pekerjaan melewati batas waktu %(m)s menit dan dihentikan; yang sudah tersimpan tetap "
                         "utuh. Bagi berkas menjadi beberapa bagian, lalu ulangi.") % {"m": time_limit_seconds() // 60})


def run_bounded(work: Callable, *, seconds: float | None = None):
    """Run `work()` under the time limit; a MemoryError or the alarm become a JobFailed with a message."""
    seconds = time_limit_seconds() if seconds is None else seconds
    alarm = seconds > 0 and threading.current_thread() is threading.main_thread()
    if alarm:
        def on_alarm(_signum, _frame):
            raise _timed_out()

        previous = signal.signal(signal.SIGALRM, on_alarm)
        started = time.monotonic()
        # An alarm someone else had set (a test runner's timeout) is put back, less the time spent here.
        earlier, _interval = signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        return work()
    except MemoryError:
        raise _too_much_memory() from None
    finally:
        if alarm:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, previous)
            if earlier:
                signal.setitimer(signal.ITIMER_REAL, max(earlier - (time.monotonic() - started), 0.001))

"""`katalog worker`: runs the background jobs (imports, scheduled housekeeping) from the queue.

It wraps the database backend's worker (django-tasks-db `db_worker`): on PostgreSQL any number of
workers, on one machine or several, share the queue, since each takes its next task with
SELECT … FOR UPDATE SKIP LOCKED and claims it in the same transaction; on SQLite one worker is enough.
Beside it, unless --no-schedule, a clock thread asks for the periodic jobs of KATALOG_SCHEDULE and
fails the jobs of workers that died (docs/operations.md has the systemd unit).
"""

import logging
import threading
import time

from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import OperationalError, connection
from django_tasks_db.utils import is_locked_database_exception

from katalog.jobs import schedule
from katalog.jobs.limits import apply_memory_limit, restore_memory_limit
from katalog.jobs.services import recover_jobs

logger = logging.getLogger("katalog.jobs")


class _Clock(threading.Thread):
    def __init__(self, interval: float):
        super().__init__(daemon=True, name="katalog-worker-clock")
        self.interval = interval
        self.stopped = threading.Event()

    def run(self) -> None:
        while not self.stopped.is_set():
            try:
                recover_jobs()
                schedule.enqueue_due()
            except Exception:  # noqa: BLE001 - the clock must keep ticking; the next round tries again
                logger.exception("worker clock round failed")
            finally:
                connection.close()
            self.stopped.wait(self.interval)


class Command(BaseCommand):
    help = "Jalankan pemroses latar (impor, pekerjaan terjadwal). Hentikan dengan Ctrl+C."

    def add_arguments(self, parser):
        parser.add_argument("--batch", action="store_true", help="Kerjakan antrean yang ada, lalu berhenti.")
        parser.add_argument("--max-tasks", type=int, default=None, help="Berhenti setelah sekian pekerjaan.")
        parser.add_argument("--interval", type=float, default=1.0,
                            help="Detik menunggu bila antrean kosong (bawaan: 1).")
        parser.add_argument("--queue-name", default="default", help="Antrean yang dikerjakan (bawaan: default).")
        parser.add_argument("--no-schedule", action="store_true",
                            help="Jangan menjadwalkan pekerjaan berkala dari pemroses ini.")
        parser.add_argument("--clock-seconds", type=float, default=30.0,
                            help="Selang pemeriksaan jadwal dan pekerjaan macet (bawaan: 30 detik).")
        parser.add_argument("--memory-mb", type=int, default=None,
                            help="Batas memori proses ini dalam MB, 0 = tanpa batas (bawaan: "
                                 "KATALOG_JOB_MEMORY_LIMIT_MB, 1536).")

    def handle(self, *args, batch=False, max_tasks=None, interval=1.0, queue_name="default", no_schedule=False,
               clock_seconds=30.0, memory_mb=None, verbosity=1, **options):
        # The ceiling holds for the whole worker process; it is put back when the command returns (it matters
        # only when the command runs inside another process, as in the tests).
        previous_limit = apply_memory_limit(memory_mb)
        try:
            self._work(batch=batch, max_tasks=max_tasks, interval=interval, queue_name=queue_name,
                       no_schedule=no_schedule, clock_seconds=clock_seconds, verbosity=verbosity)
        finally:
            restore_memory_limit(previous_limit)

    def _work(self, *, batch, max_tasks, interval, queue_name, no_schedule, clock_seconds, verbosity):
        recover_jobs()
        clock = None
        if not batch and not no_schedule:
            clock = _Clock(clock_seconds)
            clock.start()
        try:
            worker_options = {"queue_name": queue_name, "interval": interval, "batch": batch, "reload": False,
                              "startup_delay": not batch, "verbosity": verbosity}
            if max_tasks:
                worker_options["max_tasks"] = max_tasks
            while True:
                try:
                    call_command("db_worker", **worker_options)
                    break
                except OperationalError as error:
                    # On a busy SQLite file the backend's BEGIN EXCLUSIVE can outwait the busy timeout, outside
                    # the backend's own retry: wait and take the queue up again rather than stop the worker.
                    if not is_locked_database_exception(error):
                        raise
                    logger.warning("queue database busy; the worker carries on in a moment")
                    connection.close()
                    time.sleep(1)
        finally:
            if clock is not None:
                clock.stopped.set()

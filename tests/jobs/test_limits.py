"""Each job is bounded: past the time limit or the memory ceiling it stops with a message a person can act
on, and the worker carries on."""

import subprocess
import sys
import time

import pytest

from katalog.jobs.errors import JobFailed, JobTimedOut
from katalog.jobs.limits import run_bounded
from katalog.jobs.models import Job
from katalog.jobs.registry import handler
from katalog.jobs.services import job_enqueue
from tests.security.conftest import REPO

SLOW = "tests.slow"


@handler(SLOW, title="Uji lambat", permission="jobs.view")
def slow(ctx) -> dict:
    # One long step that never reports progress (a stuck query): only the alarm can stop it.
    time.sleep(5)
    return {"finished": True}


def test_a_job_past_its_time_limit_stops_with_a_message(settings):
    with pytest.raises(JobTimedOut, match="batas waktu"):
        run_bounded(lambda: time.sleep(3), seconds=0.2)
    assert run_bounded(lambda: 7, seconds=1) == 7


@pytest.mark.django_db(transaction=True)
def test_the_worker_fails_a_job_past_its_time_limit_and_goes_on(run_worker, settings):
    settings.KATALOG_JOBS = {**settings.KATALOG_JOBS, "time_limit_seconds": 1}
    job, _ = job_enqueue(kind=SLOW, key="slow-1")
    started = time.monotonic()
    run_worker()
    job.refresh_from_db()
    assert time.monotonic() - started < 4.5
    assert job.state == Job.State.FAILED and "batas waktu" in job.message


def test_a_job_past_the_memory_ceiling_fails_with_a_message_in_a_worker_process():
    # In a process of its own: the ceiling is the worker's, applied as `katalog worker` applies it.
    code = (
        "import os, django; os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'katalog.settings'); django.setup()\n"
        "from katalog.jobs.limits import apply_memory_limit, run_bounded\n"
        "from katalog.jobs.errors import JobFailed\n"
        "import resource\n"
        "used = int(open('/proc/self/statm').read().split()[0]) * resource.getpagesize() // 2**20\n"
        "apply_memory_limit(used + 200)\n"
        "try:\n"
        "    run_bounded(lambda: bytearray(600 * 2**20), seconds=30)\n"
        "except JobFailed as error:\n"
        "    print('FAILED', error)\n"
        "print('ALIVE', len(bytearray(10 * 2**20)))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, timeout=120)
    assert "FAILED Pekerjaan memerlukan memori lebih dari batas" in out.stdout, out.stderr[-2000:]
    assert "ALIVE 10485760" in out.stdout  # the worker process itself carries on with the next job


def test_a_job_failure_is_not_swallowed_by_the_bounds():
    with pytest.raises(JobFailed, match="baris 7"):
        run_bounded(lambda: (_ for _ in ()).throw(JobFailed("baris 7")), seconds=5)

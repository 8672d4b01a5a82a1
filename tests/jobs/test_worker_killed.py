"""Killing `katalog worker` (SIGKILL: no cleanup at all) in the middle of a product import leaves only
whole batches and the checkpoint that names them; the next worker says in words what happened, and the
retried job finishes the file with no row written twice. Real processes, on SQLite and PostgreSQL.
"""

import subprocess
import sys
import time

import pytest

from tests.security.conftest import REPO, katalog, katalog_env  # noqa: F401  (fixture)
from tests.security.test_crash_safety import (  # noqa: F401  (fixtures)
    CHILD_TIMEOUT, _assert_audit_chain_intact, _assert_nothing_blocks, _assert_storage_intact, _product_sheet,
    _query, _run, crash_database, migrated_template,
)

ROWS = 4000


def _job(url: str, job_id: int) -> dict:
    state, saved, message, checkpoint = _query(
        url, "SELECT state, rows_saved, message, checkpoint FROM jobs_job WHERE id = %s", (job_id,))[0]
    return {"state": state, "saved": saved, "message": message, "checkpoint": checkpoint}


def test_a_worker_killed_mid_import_leaves_whole_batches_and_the_retried_job_completes(crash_database, tmp_path):
    url, env = crash_database
    env = {**env, "KATALOG_IMPORT_BATCH_ROWS": "100", "KATALOG_JOB_HEARTBEAT_SECONDS": "0.5",
           "KATALOG_JOB_STALE_AFTER_SECONDS": "2"}
    made = _run("tests.security.crash_import", "prepare", env=env, log=tmp_path / "prepare.log", prefix="READY")
    sheet = _product_sheet(tmp_path / "produk.xlsx", ROWS)
    job_id = _run("tests.jobs.child", "enqueue", str(sheet), "--supplier", made["nib"], "--user", made["user"],
                  env=env, log=tmp_path / "enqueue.log", prefix="JOB")["id"]
    log = (tmp_path / "worker.log").open("w")
    worker = subprocess.Popen([sys.executable, "-m", "katalog.cli", "worker", "--no-schedule"], env=env, cwd=REPO,
                              stdout=log, stderr=log)
    try:
        deadline = time.monotonic() + CHILD_TIMEOUT * 2
        while True:
            saved = _query(url, "SELECT COUNT(*) FROM catalogue_product")[0][0]
            if saved >= 300:
                break
            assert worker.poll() is None, (tmp_path / "worker.log").read_text()
            assert time.monotonic() < deadline, "the worker never got to write products"
            time.sleep(0.02)
        worker.kill()
        worker.wait(timeout=30)
    finally:
        if worker.poll() is None:
            worker.kill()
        log.close()
    products = _query(url, "SELECT COUNT(*) FROM catalogue_product")[0][0]
    assert 300 <= products < ROWS, "kill the worker in the middle, not after the end"
    job = _job(url, job_id)
    assert job["state"] == "berjalan"
    # Whole batches only: every product has its price history, and the checkpoint names exactly the rows written
    # (data rows start on spreadsheet row 2).
    assert products % 100 == 0
    assert _query(url, "SELECT COUNT(*) FROM catalogue_pricechange")[0][0] == products
    import json

    checkpoint = job["checkpoint"] if isinstance(job["checkpoint"], dict) else json.loads(job["checkpoint"])
    assert checkpoint["last_row"] == products + 1
    _assert_nothing_blocks(url)
    _assert_storage_intact(url)

    # A worker comes back: the silent job is failed with a message saying what is kept and how to go on.
    time.sleep(2.5)
    katalog("worker", "--batch", "--no-schedule", env=env, timeout=CHILD_TIMEOUT)
    job = _job(url, job_id)
    assert job["state"] == "gagal"
    assert f"{products} baris sudah tersimpan utuh" in job["message"] and "Ulangi" in job["message"]

    _run("tests.jobs.child", "retry", str(job_id), env=env, log=tmp_path / "retry.log", prefix="RETRIED")
    katalog("worker", "--batch", "--no-schedule", env=env, timeout=CHILD_TIMEOUT * 3)
    job = _job(url, job_id)
    assert (job["state"], job["saved"]) == ("selesai", ROWS), job["message"]
    assert _query(url, "SELECT COUNT(*), COUNT(DISTINCT name) FROM catalogue_product") == [(ROWS, ROWS)]
    assert _query(url, "SELECT COUNT(*) FROM catalogue_pricechange")[0][0] == ROWS
    assert _query(url, "SELECT status, created_count, total_rows FROM catalogue_importbatch") == [
        ("selesai", ROWS, ROWS)]
    # The search index caught up with every published product.
    assert _query(url, "SELECT COUNT(*) FROM catalogue_searchqueue")[0][0] == 0
    _assert_storage_intact(url)
    _assert_audit_chain_intact(env)


def test_two_workers_share_one_queue_and_run_each_job_exactly_once(crash_database, tmp_path):
    """On PostgreSQL each worker takes its next task with SELECT … FOR UPDATE SKIP LOCKED (django-tasks-db) and
    the job itself is claimed under its row lock; on SQLite the claim is an exclusive transaction."""
    url, env = crash_database
    made = _run("tests.security.crash_import", "prepare", env=env, log=tmp_path / "prepare.log", prefix="READY")
    count = 24
    _run("tests.jobs.child", "enqueue-small", str(count), "--supplier", made["nib"], "--user", made["user"],
         env=env, log=tmp_path / "enqueue.log", prefix="JOBS")
    workers = [subprocess.Popen([sys.executable, "-m", "katalog.cli", "worker", "--batch", "--no-schedule",
                                 "--interval", "0"], env=env, cwd=REPO, stdout=subprocess.DEVNULL,
                                stderr=(tmp_path / f"worker{n}.log").open("w")) for n in range(2)]
    for n, worker in enumerate(workers):
        assert worker.wait(timeout=CHILD_TIMEOUT * 3) == 0, (tmp_path / f"worker{n}.log").read_text()
    assert _query(url, "SELECT state, attempts, COUNT(*) FROM jobs_job GROUP BY state, attempts") == [
        ("selesai", 1, count)]
    assert _query(url, "SELECT status, COUNT(*) FROM django_tasks_database_dbtaskresult GROUP BY status") == [
        ("SUCCESSFUL", count)]
    assert _query(url, "SELECT status, COUNT(*) FROM catalogue_importbatch GROUP BY status") == [("selesai", count)]
    assert _query(url, "SELECT COUNT(*), COUNT(DISTINCT name) FROM catalogue_product") == [(3 * count, 3 * count)]

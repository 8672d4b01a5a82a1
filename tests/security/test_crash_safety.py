"""A process killed (SIGKILL: no cleanup, no exception handler) in the middle of a product import or an
order submission leaves the database exactly as it was before: nothing half-written, no record that
claims a finished job, nothing that blocks a retry; and the retry then completes.

Each test runs the real service in a child process (tests/security/crash_import.py, crash_checkout.py)
against its own fresh, migrated database of the engine under test. The child stops inside the service's
transaction at a known point and says so on stdout; the parent kills it there and inspects the database
through a connection of its own.
"""

import hashlib
import json
import os
import queue
import signal
import sqlite3
import subprocess
import sys
import threading
import time
import uuid
from contextlib import closing
from pathlib import Path

import dj_database_url
import pytest
from django.db import connection
from openpyxl import Workbook

from katalog.core.backup import _pg_connect
from tests.security.conftest import REPO, _pg_url, katalog

CHILD_TIMEOUT = 60  # seconds a child may take to reach its pause, or to finish
IMPORT_ROWS = 3000  # three chunks of the import's 1,000-product bulk insert
ORDER_LINES = 50


# --- databases ---------------------------------------------------------------------------------


def _env(database_url: str, var: Path) -> dict:
    """What conftest's `katalog_env` gives, for the module-scoped template (that fixture is per test)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("KATALOG_TEST", "PYTEST_"))}
    env.update({
        "DATABASE_URL": database_url, "KATALOG_VAR_DIR": str(var), "MEDIA_ROOT": str(var / "media"),
        "SECRET_KEY": "operations-test-" + "x" * 40, "DJANGO_SETTINGS_MODULE": "katalog.settings",
        "LOG_LEVEL": "WARNING",
    })
    return env


def _pg_admin():
    return _pg_connect(dict(connection.settings_dict), dbname="postgres")


@pytest.fixture(scope="module")
def migrated_template(tmp_path_factory):
    """One migrated database per module; every test gets a copy (a migration run takes 8–17 s)."""
    folder = tmp_path_factory.mktemp("crash-template")
    if connection.vendor == "sqlite":
        url = f"sqlite:///{folder / 'template.sqlite3'}"
        katalog("migrate", "--noinput", env=_env(url, folder / "var"))
        yield url
        return
    name = f"{connection.settings_dict['NAME']}_crashtpl_{uuid.uuid4().hex[:8]}"[:63]
    with _pg_admin() as db:
        db.execute(f'CREATE DATABASE "{name}"')
    try:
        katalog("migrate", "--noinput", env=_env(_pg_url(dict(connection.settings_dict), name), folder / "var"))
        yield name
    finally:
        with _pg_admin() as db:
            db.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def crash_database(migrated_template, tmp_path, katalog_env):
    """A fresh copy of the migrated database, and the environment for children that use it."""
    if connection.vendor == "sqlite":
        target = tmp_path / "crash.sqlite3"
        source_path = dj_database_url.parse(migrated_template)["NAME"]
        with closing(sqlite3.connect(source_path)) as source, closing(sqlite3.connect(target)) as copy:
            source.backup(copy)
        url = f"sqlite:///{target}"
        yield url, katalog_env(url)
        return
    name = f"{migrated_template}_{uuid.uuid4().hex[:6]}"[:63]
    with _pg_admin() as db:
        for attempt in range(50):  # the migrating child's session may take a moment to go away
            try:
                db.execute(f'CREATE DATABASE "{name}" TEMPLATE "{migrated_template}"')
                break
            except Exception as error:  # psycopg.errors.ObjectInUse
                if "being accessed by other users" not in str(error) or attempt == 49:
                    raise
                time.sleep(0.1)
    try:
        url = _pg_url(dict(connection.settings_dict), name)
        yield url, katalog_env(url)
    finally:
        with _pg_admin() as db:
            db.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _is_sqlite(url: str) -> bool:
    return dj_database_url.parse(url)["ENGINE"].endswith("sqlite3")


def _query(url: str, sql: str, params=()) -> list[tuple]:
    settings_dict = dj_database_url.parse(url)
    if _is_sqlite(url):
        with closing(sqlite3.connect(settings_dict["NAME"])) as db:
            return db.execute(sql.replace("%s", "?"), params).fetchall()
    with _pg_connect(settings_dict) as db:
        return db.execute(sql, params).fetchall()


def _fingerprint(url: str) -> dict[str, tuple[int, str]]:
    """Every table's row count and a digest of its rows, in no particular order."""
    settings_dict = dj_database_url.parse(url)
    out = {}

    def digest(rows) -> tuple[int, str]:
        text = "\n".join(sorted(repr(tuple(row)) for row in rows))
        return len(rows), hashlib.sha256(text.encode()).hexdigest()

    if _is_sqlite(url):
        with closing(sqlite3.connect(settings_dict["NAME"])) as db:
            for (table,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name"):
                out[table] = digest(db.execute(f'SELECT * FROM "{table}"').fetchall())
        return out
    with _pg_connect(settings_dict) as db:
        for (table,) in db.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public'").fetchall():
            out[table] = digest(db.execute(f'SELECT * FROM "{table}"').fetchall())
    return out


def _assert_unchanged(url: str, before: dict) -> None:
    after = _fingerprint(url)
    changed = {t: (before.get(t, (None,))[0], after.get(t, (None,))[0])
               for t in set(before) | set(after) if before.get(t) != after.get(t)}
    assert changed == {}, f"tables changed by the killed process (rows before, after): {changed}"


def _assert_nothing_blocks(url: str) -> None:
    """The killed writer holds no lock: a new writer gets in at once."""
    settings_dict = dj_database_url.parse(url)
    if _is_sqlite(url):
        with closing(sqlite3.connect(settings_dict["NAME"], timeout=2, isolation_level=None)) as db:
            db.execute("BEGIN IMMEDIATE")  # fails with "database is locked" if a write lock were left
            db.execute("ROLLBACK")
        return
    deadline = time.monotonic() + 15
    with _pg_connect(settings_dict) as db:
        while True:
            left = db.execute("SELECT pid, state, left(query, 80) FROM pg_stat_activity "
                              "WHERE datname = current_database() AND pid <> pg_backend_pid() "
                              "AND backend_type = 'client backend'").fetchall()
            if not left:
                return
            assert time.monotonic() < deadline, f"sessions of the killed process are still open: {left}"
            time.sleep(0.1)


def _assert_storage_intact(url: str) -> None:
    settings_dict = dj_database_url.parse(url)
    if _is_sqlite(url):
        with closing(sqlite3.connect(settings_dict["NAME"], isolation_level=None)) as db:
            assert db.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
            assert db.execute("PRAGMA foreign_key_check").fetchall() == []
            # FTS5 checks its index against the documents table; raises "database disk image is malformed".
            db.execute("INSERT INTO catalogue_search_fts(catalogue_search_fts) VALUES ('integrity-check')")
        return
    with _pg_connect(settings_dict) as db:
        # Every foreign key still points at a row (PostgreSQL's counterpart of PRAGMA foreign_key_check).
        keys = db.execute(
            "SELECT c.conrelid::regclass::text, a.attname, c.confrelid::regclass::text, fa.attname "
            "FROM pg_constraint c "
            "JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1] "
            "JOIN pg_attribute fa ON fa.attrelid = c.confrelid AND fa.attnum = c.confkey[1] "
            "WHERE c.contype = 'f' AND c.connamespace = 'public'::regnamespace"
        ).fetchall()
        assert keys, "no foreign keys found: the check below would prove nothing"
        orphans = []
        for table, column, target, target_column in keys:
            n = db.execute(
                f'SELECT COUNT(*) FROM {table} t WHERE t."{column}" IS NOT NULL AND NOT EXISTS '
                f'(SELECT 1 FROM {target} r WHERE r."{target_column}" = t."{column}")'
            ).fetchone()[0]
            if n:
                orphans.append((table, column, n))
        assert orphans == []
        # B-tree indexes agree with their tables (amcheck ships with the PostgreSQL server).
        db.execute("CREATE EXTENSION IF NOT EXISTS amcheck")
        db.execute(
            "SELECT bt_index_check(i.indexrelid, true) FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid "
            "JOIN pg_am am ON am.oid = c.relam WHERE am.amname = 'btree' AND c.relnamespace = 'public'::regnamespace"
        ).fetchall()


def _assert_audit_chain_intact(env: dict) -> None:
    result = katalog("audit", "verify", env=env, check=False, timeout=CHILD_TIMEOUT)
    assert result.returncode == 0, result.stdout + result.stderr


# --- children ----------------------------------------------------------------------------------


class Child:
    """A child process whose stdout lines are read as they come, so the parent can wait for one."""

    def __init__(self, module: str, *args: str, env: dict, log: Path):
        self.log = log
        self.proc = subprocess.Popen(
            [sys.executable, "-m", module, *args], env=env, cwd=REPO, text=True,
            stdout=subprocess.PIPE, stderr=log.open("w"),  # a file: a full stderr pipe would stall the child
        )
        self.lines: queue.Queue = queue.Queue()
        self.seen: list[str] = []
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        for line in self.proc.stdout:
            self.lines.put(line.rstrip("\n"))
        self.lines.put(None)

    def _fail(self, why: str) -> None:
        output = "\n".join(self.seen)
        pytest.fail(f"{why}\n--- stdout ---\n{output}\n--- stderr ---\n{self.log.read_text()[-4000:]}", pytrace=False)

    def wait_for(self, prefix: str, timeout: float = CHILD_TIMEOUT) -> dict:
        """The JSON after `prefix` on the first stdout line that starts with it; fails the test clearly if
        the child ends first or takes longer than `timeout` seconds."""
        deadline = time.monotonic() + timeout
        while True:
            try:
                line = self.lines.get(timeout=max(0.0, deadline - time.monotonic()))
            except queue.Empty:
                self._fail(f"no “{prefix}” line from the child after {timeout} s")
            if line is None:
                self.proc.wait(timeout=10)
                self._fail(f"the child ended (exit code {self.proc.returncode}) before printing “{prefix}”")
            self.seen.append(line)
            if line.startswith(prefix + " "):
                return json.loads(line[len(prefix) + 1:])

    def kill(self) -> int:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGKILL)
        return self.proc.wait(timeout=30)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.kill()  # always: no child outlives its test, whatever happened


def _run(module: str, *args: str, env: dict, log: Path, prefix: str) -> dict:
    """Run a child to its end and return the JSON it printed after `prefix`."""
    with Child(module, *args, env=env, log=log) as child:
        made = child.wait_for(prefix)
        assert child.proc.wait(timeout=CHILD_TIMEOUT) == 0, log.read_text()
    return made


# --- product import ----------------------------------------------------------------------------


def _product_sheet(path: Path, rows: int) -> Path:
    """A spreadsheet on the template's headers (docs/import-template.xlsx), every row valid."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Produk"
    sheet.append(["nama", "deskripsi", "kategori", "satuan", "harga", "stok", "min_pesan", "tkdn", "bmp", "asal",
                  "kecamatan_produksi", "merek", "sni", "halal", "ppn"])
    kinds = [
        ("Keripik pisang kepok", "Makanan Ringan > Keripik", "bungkus", "Pisang Jaya"),
        ("Kopi bubuk robusta Abung", "Kopi", "bungkus", "Kopi Abung"),
        ("Kertas HVS A4 70 gram", "Alat Tulis Kantor", "rim", "Sinar Dunia"),
        ("Keripik singkong balado", "Keripik", "kg", ""),
    ]
    for i in range(rows):
        name, category, unit, brand = kinds[i % len(kinds)]
        sheet.append([
            f"{name} kemasan {i + 1:04d}", f"Produk UMKM Lampung Utara nomor {i + 1}.", category, unit,
            f"Rp {10_000 + 25 * i:,}".replace(",", "."), 10 + i % 90, 1 + i % 3, 40 + i % 50, i % 10, "lokal",
            "Kotabumi" if i % 2 else None, brand, "tidak", "ya" if i % 3 else "tidak", 0,
        ])
    workbook.save(path)
    return path


def test_an_import_killed_while_writing_leaves_nothing_and_the_same_file_then_imports(crash_database, tmp_path):
    url, env = crash_database
    made = _run("tests.security.crash_import", "prepare", env=env, log=tmp_path / "prepare.log", prefix="READY")
    sheet = _product_sheet(tmp_path / "produk-umkm-abung.xlsx", IMPORT_ROWS)
    before = _fingerprint(url)

    with Child("tests.security.crash_import", "run", str(sheet), "--supplier", made["nib"], "--user", made["user"],
               "--pause-after", "1000", env=env, log=tmp_path / "import.log") as child:
        paused = child.wait_for("MID-WRITE")
        assert paused["in_transaction"] is True
        assert 1000 <= paused["products"] < IMPORT_ROWS  # a chunk is written, the rest is not
        # From outside, the open transaction shows nothing yet.
        assert _query(url, "SELECT COUNT(*) FROM catalogue_product") == [(0,)]
        assert child.kill() == -signal.SIGKILL

    _assert_nothing_blocks(url)
    assert _query(url, "SELECT COUNT(*) FROM catalogue_product") == [(0,)]
    assert _query(url, "SELECT COUNT(*) FROM catalogue_pricechange") == [(0,)]
    # No import record at all, so none that claims success or stays "sedang diproses" for ever.
    assert _query(url, "SELECT COUNT(*) FROM catalogue_importbatch") == [(0,)]
    # The search queue (filled by triggers on the products table) holds no id of a product that never was.
    assert _query(url, "SELECT COUNT(*) FROM catalogue_searchqueue q WHERE NOT EXISTS "
                       "(SELECT 1 FROM catalogue_product p WHERE p.id = q.product_id)") == [(0,)]
    _assert_unchanged(url, before)
    _assert_storage_intact(url)
    _assert_audit_chain_intact(env)

    # The same import, run again, completes: the crash left nothing that blocks it or makes rows duplicates.
    result = katalog("import-products", str(sheet), "--supplier", made["nib"], "--publish", "--user", made["user"],
                     env=env, timeout=CHILD_TIMEOUT)
    assert f"{IMPORT_ROWS} dari {IMPORT_ROWS} baris diimpor (langsung tayang)" in result.stdout
    assert _query(url, "SELECT status, COUNT(*) FROM catalogue_product GROUP BY status") == [("active", IMPORT_ROWS)]
    assert _query(url, "SELECT status, created_count, total_rows FROM catalogue_importbatch") == [
        ("selesai", IMPORT_ROWS, IMPORT_ROWS)]
    assert _query(url, "SELECT COUNT(*) FROM catalogue_pricechange") == [(IMPORT_ROWS,)]
    # The index caught up inside the import's transaction: one document per product, nothing queued,
    # and every term's document count matches the documents.
    assert _query(url, "SELECT COUNT(*) FROM catalogue_searchqueue") == [(0,)]
    assert _query(url, "SELECT COUNT(DISTINCT product_id), COUNT(*) FROM catalogue_searchdocument") == [
        (IMPORT_ROWS, IMPORT_ROWS)]
    counted: dict[str, int] = {}
    for name_terms, body_terms in _query(url, "SELECT name_terms, body_terms FROM catalogue_searchdocument"):
        for term in set(name_terms.split()) | set(body_terms.split()):
            counted[term] = counted.get(term, 0) + 1
    stored = dict(_query(url, "SELECT term, df FROM catalogue_searchterm WHERE df <> 0"))
    assert stored == {t: n for t, n in counted.items() if len(t) <= 100}
    _assert_storage_intact(url)
    _assert_audit_chain_intact(env)


# --- order submission --------------------------------------------------------------------------


def _stock(url: str) -> dict[str, int]:
    return {str(pk): stock for pk, stock in _query(url, "SELECT id, stock FROM catalogue_product")}


def test_a_checkout_killed_while_writing_order_lines_leaves_the_cart_whole_and_a_retry_orders_once(
    crash_database, tmp_path
):
    url, env = crash_database
    made = _run("tests.security.crash_checkout", "prepare", "--lines", str(ORDER_LINES), env=env,
                log=tmp_path / "prepare.log", prefix="READY")
    assert _stock(url) == made["stock"]
    before = _fingerprint(url)

    with Child("tests.security.crash_checkout", "checkout", "--key", "kirim-sekali", "--pause-after", "5",
               env=env, log=tmp_path / "checkout.log") as child:
        paused = child.wait_for("MID-WRITE")
        assert paused == {"order_lines": 5, "in_transaction": True}
        assert _query(url, "SELECT COUNT(*) FROM purchasing_order") == [(0,)]
        assert child.kill() == -signal.SIGKILL

    _assert_nothing_blocks(url)
    assert _query(url, "SELECT COUNT(*) FROM purchasing_order") == [(0,)]
    assert _query(url, "SELECT COUNT(*) FROM purchasing_orderline") == [(0,)]
    assert _query(url, "SELECT COUNT(*) FROM core_auditevent WHERE action = 'order.checkout'") == [(0,)]
    cart_lines = _query(url, "SELECT l.product_id, l.quantity FROM purchasing_cartline l "
                             "JOIN purchasing_cart c ON c.id = l.cart_id WHERE c.id = %s", [made["cart"]])
    assert {str(pk): quantity for pk, quantity in cart_lines} == made["quantities"]
    assert _stock(url) == made["stock"]
    _assert_unchanged(url, before)
    _assert_storage_intact(url)
    _assert_audit_chain_intact(env)

    # The buyer submits again (a retry sends the same key): one order, every line, the cart emptied.
    done = _run("tests.security.crash_checkout", "checkout", "--key", "kirim-sekali", env=env,
                log=tmp_path / "retry.log", prefix="DONE")
    assert done["lines"] == ORDER_LINES
    assert _query(url, "SELECT id, status, idempotency_key FROM purchasing_order") == [
        (done["order"], "negotiation", "kirim-sekali")]
    ordered = _query(url, "SELECT product_id, quantity FROM purchasing_orderline WHERE order_id = %s", [done["order"]])
    assert {str(pk): quantity for pk, quantity in ordered} == made["quantities"]
    assert _query(url, "SELECT COUNT(*) FROM purchasing_cart") == [(0,)]
    assert _query(url, "SELECT COUNT(*) FROM core_auditevent WHERE action = 'order.checkout'") == [(1,)]
    # Checkout reserves nothing; the stock moves when the supplier accepts (next test).
    assert _stock(url) == made["stock"]
    _assert_storage_intact(url)
    _assert_audit_chain_intact(env)


def test_an_acceptance_killed_while_taking_stock_takes_none_and_a_retry_takes_it_exactly_once(
    crash_database, tmp_path
):
    url, env = crash_database
    made = _run("tests.security.crash_checkout", "prepare", "--lines", str(ORDER_LINES), "--placed", env=env,
                log=tmp_path / "prepare.log", prefix="READY")
    order = made["order"]
    assert made["order_status"] == "supplier_confirmation"
    assert _stock(url) == made["stock"]
    before = _fingerprint(url)

    with Child("tests.security.crash_checkout", "accept", "--order", str(order), "--pause-after", "20",
               env=env, log=tmp_path / "accept.log") as child:
        paused = child.wait_for("MID-WRITE")
        assert paused == {"reservations": 20, "in_transaction": True}
        assert _stock(url) == made["stock"]  # twenty products' stock is taken, but not committed
        assert child.kill() == -signal.SIGKILL

    _assert_nothing_blocks(url)
    assert _stock(url) == made["stock"]
    assert _query(url, "SELECT COUNT(*) FROM purchasing_stockreservation") == [(0,)]
    assert _query(url, "SELECT COUNT(*) FROM purchasing_orderdocument") == [(0,)]  # no Surat Pesanan issued
    assert _query(url, "SELECT status FROM purchasing_order WHERE id = %s", [order]) == [(made["order_status"],)]
    _assert_unchanged(url, before)
    _assert_storage_intact(url)
    _assert_audit_chain_intact(env)

    done = _run("tests.security.crash_checkout", "accept", "--order", str(order), env=env,
                log=tmp_path / "retry.log", prefix="DONE")
    assert done == {"order": order, "status": "signing"}
    # Every line's quantity came off its product exactly once.
    assert _stock(url) == {pk: stock - made["quantities"][pk] for pk, stock in made["stock"].items()}
    reserved = _query(url, "SELECT product_id, quantity FROM purchasing_stockreservation")
    assert {str(pk): quantity for pk, quantity in reserved} == made["quantities"]
    assert len(reserved) == ORDER_LINES
    assert _query(url, "SELECT COUNT(*) FROM core_auditevent WHERE action = 'order.accept'") == [(1,)]
    assert _query(url, "SELECT kind, COUNT(*) FROM purchasing_orderdocument GROUP BY kind") == [("sp", 1)]
    _assert_storage_intact(url)
    _assert_audit_chain_intact(env)


def test_a_child_that_ends_before_its_pause_fails_the_test_with_its_output(crash_database, tmp_path):
    url, env = crash_database
    started = time.monotonic()
    with Child("tests.security.crash_import", "run", "tidak-ada.xlsx", "--supplier", "0000000000000",
               "--user", "siapa", "--pause-after", "1", env=env, log=tmp_path / "early.log") as child:
        with pytest.raises(pytest.fail.Exception, match=r"(?s)ended \(exit code 1\).*DoesNotExist"):
            child.wait_for("MID-WRITE")
    assert time.monotonic() - started < CHILD_TIMEOUT / 2  # it said so at once, not after the timeout

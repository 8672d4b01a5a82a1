"""Backups that can be taken while the application runs, and their restore.

A backup is one directory:

    manifest.json        what is inside, with a SHA-256 sum of every file (written last)
    database.sqlite3     SQLite: a copy made with SQLite's online backup API
    database.pgdump      PostgreSQL: `pg_dump --format=custom`
    media/…              the uploaded and generated files (read through Django's storage API)

Consistency: the SQLite backup API copies one consistent state of the database, while
other processes keep writing (WAL mode). pg_dump reads everything inside one snapshot;
we open that snapshot ourselves (REPEATABLE READ, `pg_export_snapshot()`), note the audit
chain's length and newest hash from inside it, and hand it to pg_dump (`--snapshot`), so
the manifest describes exactly what the dump holds. Uploaded files are copied after the
database: a file uploaded during the copy may be present without its row (harmless);
every row in the snapshot has its file, because uploads write the file before the row.

The directory is written as `<name>.partial` and renamed when complete, so a backup cut
short by a full disk or a crash is never mistaken for a good one.
"""

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
from datetime import UTC, datetime
from pathlib import Path

from django.core.files import File
from django.core.files.storage import default_storage
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.db.migrations.recorder import MigrationRecorder

FORMAT = 1
MANIFEST = "manifest.json"
SQLITE_FILE = "database.sqlite3"
PG_FILE = "database.pgdump"
MEDIA_DIR = "media"
_CHUNK = 1024 * 1024


class BackupError(Exception):
    """A backup or restore that cannot go on; the message says why and what to do."""


# --- helpers ------------------------------------------------------------------------------------


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        while chunk := handle.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def _copy_with_sum(source: Path, target: Path) -> str:
    target.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    digest = hashlib.sha256()
    with open(source, "rb") as src, open(target, "wb") as dst:
        while chunk := src.read(_CHUNK):
            digest.update(chunk)
            dst.write(chunk)
        dst.flush()
        os.fsync(dst.fileno())
    shutil.copystat(source, target)
    target.chmod(0o600)
    return digest.hexdigest()


def _media_files(root: Path):
    if not root.is_dir():
        return
    for path in sorted(root.rglob("*")):
        # Regular files only: a symlink could point anywhere on the server.
        if path.is_file() and not path.is_symlink():
            yield path


def _stored_names(storage, folder: str = ""):
    """Every file name in `storage` (Django's storage API: the local disk or an object store), sorted."""
    try:
        folders, files = storage.listdir(folder)
    except FileNotFoundError:
        return
    for name in sorted(files):
        path = f"{folder}/{name}" if folder else name
        # On the local disk, regular files only: a symlink could point anywhere on the server.
        if hasattr(storage, "path") and Path(storage.path(path)).is_symlink():
            continue
        yield path
    for sub in sorted(folders):
        yield from _stored_names(storage, f"{folder}/{sub}" if folder else sub)


def _copy_stored_with_sum(storage, name: str, target: Path) -> tuple[str, int]:
    target.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    digest, size = hashlib.sha256(), 0
    with storage.open(name, "rb") as src, open(target, "wb") as dst:
        while chunk := src.read(_CHUNK):
            digest.update(chunk)
            dst.write(chunk)
            size += len(chunk)
        dst.flush()
        os.fsync(dst.fileno())
    target.chmod(0o600)
    return digest.hexdigest(), size


def _is_empty_dir(path: Path) -> bool:
    return path.is_dir() and not any(path.iterdir())


def pg_environment(settings_dict: dict) -> dict:
    """libpq environment for the pg_* tools: the password never appears on a command line."""
    env = dict(os.environ)
    options = settings_dict.get("OPTIONS") or {}
    mapping = {
        "PGHOST": settings_dict.get("HOST"), "PGPORT": settings_dict.get("PORT"),
        "PGUSER": settings_dict.get("USER"), "PGPASSWORD": settings_dict.get("PASSWORD"),
        "PGDATABASE": settings_dict.get("NAME"), "PGSSLMODE": options.get("sslmode"),
    }
    for key, value in mapping.items():
        if value not in (None, ""):
            env[key] = str(value)
    return env


def _run(command: list[str], *, env: dict, what: str) -> None:
    binary = shutil.which(command[0])
    if binary is None:
        raise BackupError(f"{command[0]} tidak ditemukan: pasang klien PostgreSQL (paket postgresql-client).")
    result = subprocess.run([binary, *command[1:]], env=env, capture_output=True, text=True)
    if result.returncode != 0:
        raise BackupError(f"{what} gagal (kode {result.returncode}): {result.stderr.strip()[-2000:]}")


def _audit_tip_sql(cursor) -> tuple[int, str, dict | None]:
    """(number of events, newest hash, the chain's head as an anchor) as the backup's snapshot sees them.

    The anchor (sequence, hash, time) goes into the manifest: kept with the off-site copy, it lets
    `katalog audit verify --anchor SEQ:HASH` show later that the chain was cut or rewritten.
    """
    cursor.execute("SELECT COUNT(*) FROM core_auditevent")
    count = cursor.fetchone()[0]
    cursor.execute("SELECT id, hash, at FROM core_auditevent ORDER BY id DESC LIMIT 1")
    row = cursor.fetchone()
    if not row:
        return count, "0" * 64, None
    sequence, last_hash, at = row
    if isinstance(at, str):  # SQLite keeps naive UTC text
        at = datetime.fromisoformat(at).replace(tzinfo=UTC)
    at = at.isoformat()
    return count, last_hash, {"sequence": sequence, "hash": last_hash, "at": at, "anchor": f"{sequence}:{last_hash}"}


# --- backup -------------------------------------------------------------------------------------


def backup_create(target: Path, *, using: str = DEFAULT_DB_ALIAS, media_root: Path | None = None) -> dict:
    """Write a complete backup into `target` (which must not exist, or be empty). Returns the manifest."""
    target = Path(target).absolute()
    if target.exists() and not _is_empty_dir(target):
        raise BackupError(f"{target} sudah berisi berkas: pilih direktori baru (atau pakai --timestamp).")
    partial = target.with_name(target.name + ".partial")
    if partial.exists():
        shutil.rmtree(partial)
    partial.mkdir(parents=True, mode=0o700)
    connection = connections[using]
    try:
        if connection.vendor == "sqlite":
            database = _backup_sqlite(connection, partial / SQLITE_FILE)
        elif connection.vendor == "postgresql":
            database = _backup_postgresql(connection, partial / PG_FILE)
        else:
            raise BackupError(f"Mesin basis data {connection.vendor} tidak didukung untuk cadangan.")
        files = []
        if media_root is not None:  # an explicit folder of this machine
            media_root = Path(media_root)
            for path in _media_files(media_root):
                relative = path.relative_to(media_root).as_posix()
                size = path.stat().st_size
                files.append({"path": relative, "sha256": _copy_with_sum(path, partial / MEDIA_DIR / relative),
                              "bytes": size})
        else:  # the application's files, through the storage API (local disk or an object store)
            for name in _stored_names(default_storage):
                digest, size = _copy_stored_with_sum(default_storage, name, partial / MEDIA_DIR / name)
                files.append({"path": name, "sha256": digest, "bytes": size})
        migrations = sorted(
            MigrationRecorder.Migration.objects.using(using).values_list("app", "name")
        )
        manifest = {
            "format": FORMAT,
            "application": "katalog-lokal",
            "created_at": datetime.now(UTC).isoformat(timespec="seconds"),
            "engine": connection.vendor,
            "database": database,
            "migrations": [f"{app}.{name}" for app, name in migrations],
            "media": {"files": files, "count": len(files), "bytes": sum(f["bytes"] for f in files)},
        }
        manifest_path = partial / MANIFEST
        manifest_path.write_text(json.dumps(manifest, indent=2, ensure_ascii=False) + "\n")
        manifest_path.chmod(0o600)
        if target.exists():
            target.rmdir()
        partial.rename(target)
    except BaseException:
        shutil.rmtree(partial, ignore_errors=True)
        raise
    return manifest


def _backup_sqlite(connection, destination: Path) -> dict:
    connection.ensure_connection()
    source = connection.connection
    copy = sqlite3.connect(destination)
    try:
        # pages=-1: the whole database in one step, under one read lock, so one consistent state
        # even while other processes write (they keep writing to the WAL meanwhile).
        source.backup(copy, pages=-1)
        count, last_hash, anchor = _audit_tip_sql(copy.cursor())
    finally:
        copy.close()
    destination.chmod(0o600)
    return {
        "file": SQLITE_FILE, "sha256": sha256_file(destination), "bytes": destination.stat().st_size,
        "audit_events": count, "audit_last_hash": last_hash, "audit_anchor": anchor,
    }


def _backup_postgresql(connection, destination: Path) -> dict:
    if connection.in_atomic_block:
        raise BackupError("Cadangan PostgreSQL tidak dapat dibuat di dalam transaksi yang sedang berjalan.")
    env = pg_environment(connection.settings_dict)
    with transaction.atomic(using=connection.alias):
        with connection.cursor() as cursor:
            # One snapshot for the manifest's figures and for pg_dump: both see the same database.
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            cursor.execute("SELECT pg_export_snapshot()")
            snapshot = cursor.fetchone()[0]
            count, last_hash, anchor = _audit_tip_sql(cursor)
            _run(
                ["pg_dump", "--format=custom", "--compress=6", f"--snapshot={snapshot}", f"--file={destination}"],
                env=env, what="pg_dump",
            )
    destination.chmod(0o600)
    return {
        "file": PG_FILE, "sha256": sha256_file(destination), "bytes": destination.stat().st_size,
        "audit_events": count, "audit_last_hash": last_hash, "audit_anchor": anchor,
    }


# --- restore ------------------------------------------------------------------------------------


def backup_read(source: Path) -> dict:
    """The manifest of a complete backup, after checking every file's SHA-256 sum."""
    source = Path(source)
    manifest_path = source / MANIFEST
    if not manifest_path.is_file():
        raise BackupError(f"{source} bukan cadangan yang lengkap: {MANIFEST} tidak ada.")
    manifest = json.loads(manifest_path.read_text())
    if manifest.get("format") != FORMAT:
        raise BackupError(f"Format cadangan {manifest.get('format')!r} tidak dikenal.")
    problems = []
    database = manifest["database"]
    expected = [(source / database["file"], database["sha256"])]
    expected += [(source / MEDIA_DIR / f["path"], f["sha256"]) for f in manifest["media"]["files"]]
    for path, digest in expected:
        if not path.is_file():
            problems.append(f"hilang: {path.relative_to(source)}")
        elif sha256_file(path) != digest:
            problems.append(f"isi berubah: {path.relative_to(source)}")
    if problems:
        raise BackupError("Cadangan rusak, tidak dipulihkan:\n  " + "\n  ".join(problems[:20]))
    return manifest


def _sqlite_has_tables(path: Path) -> bool:
    if not path.exists() or path.stat().st_size == 0:
        return False
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as db:
        return db.execute("SELECT COUNT(*) FROM sqlite_master WHERE type = 'table'").fetchone()[0] > 0


def _pg_connect(settings_dict: dict, dbname: str | None = None):
    # Only a PostgreSQL backup needs the driver (SQLite installs may not have it).
    import psycopg

    params = {
        "host": settings_dict.get("HOST") or None, "port": settings_dict.get("PORT") or None,
        "user": settings_dict.get("USER") or None, "password": settings_dict.get("PASSWORD") or None,
        "dbname": dbname or settings_dict.get("NAME"),
    }
    options = settings_dict.get("OPTIONS") or {}
    if options.get("sslmode"):
        params["sslmode"] = options["sslmode"]
    return psycopg.connect(**{k: v for k, v in params.items() if v is not None}, autocommit=True)


def _pg_has_tables(settings_dict: dict) -> bool:
    with _pg_connect(settings_dict) as db:
        return db.execute(
            "SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = 'public'"
        ).fetchone()[0] > 0


def backup_restore(source: Path, *, target_settings: dict, media_root: Path | None = None, force: bool = False
                   ) -> dict:
    """Restore the backup in `source` into the database described by `target_settings` and the uploaded files
    into `media_root`, or, when None, through the storage API (the local disk or an object store).

    Refuses a database that already holds tables, or a non-empty media directory, unless `force`.
    The application must be stopped while restoring over its own database.
    """
    source = Path(source)
    manifest = backup_read(source)
    engine = manifest["engine"]
    target_engine = "postgresql" if "postgresql" in target_settings["ENGINE"] else (
        "sqlite" if "sqlite3" in target_settings["ENGINE"] else target_settings["ENGINE"]
    )
    if target_engine != engine:
        raise BackupError(f"Cadangan ini dari {engine}; basis data tujuan {target_engine}. Pulihkan ke mesin yang sama.")
    media_root = Path(media_root) if media_root is not None else None
    if engine == "sqlite":
        path = Path(target_settings["NAME"])
        if _sqlite_has_tables(path) and not force:
            raise BackupError(f"Basis data tujuan {path} tidak kosong. Tambahkan --force untuk menimpanya.")
    else:
        if _pg_has_tables(target_settings) and not force:
            raise BackupError(
                f"Basis data tujuan {target_settings.get('NAME')} tidak kosong. Tambahkan --force untuk menimpanya."
            )
    if media_root is not None and media_root.exists() and not _is_empty_dir(media_root) and not force:
        raise BackupError(f"Direktori berkas unggahan {media_root} tidak kosong. Tambahkan --force untuk menimpanya.")
    if media_root is None and next(_stored_names(default_storage), None) is not None and not force:
        raise BackupError("Penyimpanan berkas unggahan tidak kosong. Tambahkan --force untuk menimpanya.")

    connections.close_all()
    if engine == "sqlite":
        _restore_sqlite(source / manifest["database"]["file"], Path(target_settings["NAME"]))
    else:
        _restore_postgresql(source / manifest["database"]["file"], target_settings, clean=force)
    if media_root is not None:
        media_root.mkdir(parents=True, exist_ok=True)
        for entry in manifest["media"]["files"]:
            _copy_with_sum(source / MEDIA_DIR / entry["path"], media_root / entry["path"])
        return manifest
    for entry in manifest["media"]["files"]:
        name = entry["path"]
        if default_storage.exists(name):
            default_storage.delete(name)
        with open(source / MEDIA_DIR / name, "rb") as handle:
            saved = default_storage.save(name, File(handle))
        if saved != name:
            raise BackupError(f"Berkas {name} tersimpan sebagai {saved}; pulihkan ke penyimpanan yang kosong.")
    return manifest


def _restore_sqlite(backup_file: Path, destination: Path) -> None:
    destination.parent.mkdir(parents=True, exist_ok=True)
    for suffix in ("-wal", "-shm", "-journal"):
        Path(f"{destination}{suffix}").unlink(missing_ok=True)
    source = sqlite3.connect(f"file:{backup_file}?mode=ro", uri=True)
    target = sqlite3.connect(destination)
    try:
        source.backup(target, pages=-1)
    finally:
        source.close()
        target.close()


def _restore_postgresql(dump: Path, target_settings: dict, *, clean: bool) -> None:
    if clean:
        with _pg_connect(target_settings) as db:
            db.execute("DROP SCHEMA public CASCADE")
            db.execute("CREATE SCHEMA public")
    _run(
        ["pg_restore", "--no-owner", "--no-privileges", "--exit-on-error", "--single-transaction",
         f"--dbname={target_settings['NAME']}", str(dump)],
        env=pg_environment(target_settings), what="pg_restore",
    )

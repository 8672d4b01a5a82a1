"""`katalog backup` / `katalog restore`: a checked round trip on SQLite and PostgreSQL, and a backup
taken while orders are being written that restores every acknowledged order with an unbroken audit chain."""

import json
from datetime import datetime
import sqlite3
import subprocess
import sys
import threading
import time
from io import StringIO

import dj_database_url
import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from katalog.core.audit import record_event
from katalog.core.backup import _pg_connect
from katalog.core.roles import Role
from tests.factories import make_agency, make_order, make_product, make_supplier, make_user
from tests.security.conftest import REPO, katalog

NIK = "1803014501900002"


def _query(url: str, sql: str) -> list[tuple]:
    settings_dict = dj_database_url.parse(url)
    if settings_dict["ENGINE"].endswith("sqlite3"):
        with sqlite3.connect(settings_dict["NAME"]) as db:
            return db.execute(sql).fetchall()
    with _pg_connect(settings_dict) as db:
        return db.execute(sql).fetchall()


def _some_business(settings):
    agency = make_agency()
    supplier = make_supplier(owner_nik=NIK, bank_account_number="0123456789")
    product = make_product(supplier)
    buyer = make_user(Role.PP, agency=agency)
    order = make_order(agency=agency, supplier=supplier, buyer=buyer, lines=[(product, 3)])
    record_event(actor=buyer, action="order.create", obj=order, after={"total": order.total})
    record_event(actor=None, action="order.expire", obj=order)
    document = settings.MEDIA_ROOT / "suppliers" / "documents" / "3f2a.pdf"
    document.parent.mkdir(parents=True)
    document.write_bytes(b"%PDF-1.4 surat izin usaha\n")
    return order


def _backup(path) -> str:
    out = StringIO()
    call_command("backup", str(path), stdout=out)
    return out.getvalue()


def _restore(path, *args) -> str:
    out = StringIO()
    call_command("restore", str(path), *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.MEDIA_ROOT.mkdir()
    return settings.MEDIA_ROOT


@pytest.mark.django_db(transaction=True)
def test_a_backup_restores_into_a_fresh_database_with_the_same_data_files_and_audit_chain(
    settings, media, tmp_path, new_database_url
):
    order = _some_business(settings)
    output = _backup(tmp_path / "backup")
    assert "Cadangan selesai" in output
    manifest = json.loads((tmp_path / "backup" / "manifest.json").read_text())
    assert manifest["engine"] == connection.vendor
    assert manifest["database"]["audit_events"] == 2
    from katalog.core.models import AuditEvent

    head = AuditEvent.objects.order_by("-id").first()
    assert manifest["database"]["audit_anchor"]["anchor"] == f"{head.pk}:{head.hash}"  # sequence:hash, and its time
    assert datetime.fromisoformat(manifest["database"]["audit_anchor"]["at"]) == head.at
    assert [f["path"] for f in manifest["media"]["files"]] == ["suppliers/documents/3f2a.pdf"]
    assert "agencies.0002_account_security" in manifest["migrations"]
    assert (tmp_path / "backup").stat().st_mode & 0o077 == 0  # personal data inside: owner only

    target = new_database_url("restored")
    output = _restore(tmp_path / "backup", "--database-url", target, "--media-root", str(tmp_path / "restored-media"))
    assert "jejak audit utuh: 2 peristiwa" in output
    assert _query(target, "SELECT number, total FROM purchasing_order") == [(order.number, order.total)]
    assert _query(target, "SELECT owner_nik FROM suppliers_supplier") == [(NIK,)]
    assert _query(target, "SELECT COUNT(*) FROM core_auditevent") == [(2,)]
    restored = tmp_path / "restored-media" / "suppliers" / "documents" / "3f2a.pdf"
    assert restored.read_bytes() == b"%PDF-1.4 surat izin usaha\n"


@pytest.mark.django_db(transaction=True)
def test_restore_refuses_a_database_that_is_not_empty_unless_forced(settings, media, tmp_path, new_database_url):
    _some_business(settings)
    _backup(tmp_path / "backup")
    target = new_database_url("twice")
    args = ("--database-url", target, "--media-root", str(tmp_path / "m"))
    _restore(tmp_path / "backup", *args)
    with pytest.raises(CommandError, match="tidak kosong"):
        _restore(tmp_path / "backup", *args)
    assert "jejak audit utuh" in _restore(tmp_path / "backup", *args, "--force")
    assert _query(target, "SELECT COUNT(*) FROM purchasing_order") == [(1,)]


@pytest.mark.django_db(transaction=True)
def test_a_damaged_backup_is_refused_before_anything_is_written(settings, media, tmp_path, new_database_url):
    _some_business(settings)
    _backup(tmp_path / "backup")
    document = next((tmp_path / "backup" / "media").rglob("*.pdf"))
    document.write_bytes(b"%PDF-1.4 diubah\n")
    target = new_database_url("damaged")
    with pytest.raises(CommandError, match="isi berubah: media/suppliers/documents/3f2a.pdf"):
        _restore(tmp_path / "backup", "--database-url", target, "--media-root", str(tmp_path / "m"))
    assert not (tmp_path / "m").exists()
    if connection.vendor == "sqlite":
        assert not dj_database_url.parse(target)["NAME"] or not __import__("os").path.exists(dj_database_url.parse(target)["NAME"])


@pytest.mark.django_db(transaction=True)
def test_a_backup_never_lands_in_a_directory_that_holds_files(media, tmp_path):
    (tmp_path / "busy").mkdir()
    (tmp_path / "busy" / "something").write_text("x")
    with pytest.raises(CommandError, match="sudah berisi"):
        _backup(tmp_path / "busy")
    out = StringIO()
    call_command("backup", str(tmp_path / "many"), "--timestamp", stdout=out)
    [made] = list((tmp_path / "many").iterdir())
    assert made.name.startswith("katalog-") and (made / "manifest.json").exists()
    assert not list(tmp_path.glob("**/*.partial"))


@pytest.mark.django_db(transaction=True)
def test_a_backup_taken_while_orders_are_written_restores_every_acknowledged_order(
    tmp_path, new_database_url, katalog_env
):
    source = new_database_url("live")
    env = katalog_env(source)
    katalog("migrate", "--noinput", env=env)
    stop = tmp_path / "stop"
    writer = subprocess.Popen(
        [sys.executable, "-m", "tests.security.order_writer", str(stop)], env=env, cwd=REPO,
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    acknowledged: list[str] = []
    reader = threading.Thread(target=lambda: acknowledged.extend(line.strip() for line in writer.stdout), daemon=True)
    reader.start()
    try:
        deadline = time.monotonic() + 120
        while len(acknowledged) < 30 and time.monotonic() < deadline and writer.poll() is None:
            time.sleep(0.05)
        assert len(acknowledged) >= 30, writer.stderr.read() if writer.poll() is not None else "writer too slow"
        before = [n for n in acknowledged if n.startswith("W-")]
        katalog("backup", str(tmp_path / "backup"), env=env)
        during = len(acknowledged)
        time.sleep(0.5)
    finally:
        stop.touch()
        writer.wait(timeout=60)
        reader.join(timeout=10)
    assert writer.returncode == 0, writer.stderr.read()
    everything = {n for n in acknowledged if n.startswith("W-")}
    assert during > len(before) + 1, "orders kept being written while the backup ran"

    target = new_database_url("after")
    restored = katalog("restore", str(tmp_path / "backup"), "--database-url", target,
                       "--media-root", str(tmp_path / "restored-media"), env=env)
    assert "jejak audit utuh" in restored.stdout
    assert katalog("audit", "verify", env=katalog_env(target)).returncode == 0

    numbers = {row[0] for row in _query(target, "SELECT number FROM purchasing_order")}
    assert set(before) <= numbers  # every order acknowledged before the backup began is in it
    assert numbers <= everything  # and nothing that was never committed
    # Nothing half-written: each order came with its audit event, in the same transaction.
    events = _query(target, "SELECT COUNT(*) FROM core_auditevent WHERE action = 'order.create'")
    assert events == [(len(numbers),)]

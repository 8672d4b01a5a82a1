"""`katalog restore DIR`: restore a backup made by `katalog backup`.

    katalog restore /var/backups/katalog/katalog-20260317-020000
    katalog restore DIR --force                         # over a database that is not empty
    katalog restore DIR --database-url sqlite:////tmp/check.sqlite3 --media-root /tmp/check-media

Every file's SHA-256 sum is checked before anything is written. A database that already
holds tables (or a media directory with files) is refused unless --force. Stop the
application (gunicorn, the tick timer) before restoring over its own database. Afterwards
the audit chain of the restored database is verified and must reach the manifest's anchor.
"""

from pathlib import Path

import dj_database_url
from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.utils import load_backend

from katalog.core.audit_check import anchor_position, verify_chain
from katalog.core.backup import BackupError, backup_restore

_CHECK_ALIAS = "katalog_restore_check"


class Command(BaseCommand):
    help = "Pulihkan cadangan dari `katalog backup` (menolak menimpa basis data yang berisi, kecuali --force)."

    def add_arguments(self, parser):
        parser.add_argument("directory", help="Direktori cadangan (berisi manifest.json).")
        parser.add_argument("--force", action="store_true", help="Timpa basis data dan berkas unggahan yang sudah berisi.")
        parser.add_argument("--database-url", help="Pulihkan ke basis data ini, bukan ke basis data aplikasi.")
        parser.add_argument("--media-root", help="Pulihkan berkas unggahan ke folder ini, bukan ke penyimpanan aplikasi.")

    def handle(self, *args, directory, force=False, database_url=None, media_root=None, **options):
        if database_url:
            target = dj_database_url.parse(database_url)
        else:
            target = dict(connections[DEFAULT_DB_ALIAS].settings_dict)
        media = Path(media_root) if media_root else None  # None: through the storage API
        try:
            manifest = backup_restore(Path(directory), target_settings=target, media_root=media, force=force)
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"Dipulihkan dari {directory} (dibuat {manifest['created_at']}, {manifest['engine']}).")
        self.stdout.write(f"  berkas unggahan: {manifest['media']['count']} berkas ke "
                          f"{media or 'penyimpanan aplikasi'}")
        self.check_audit_chain(target, manifest["database"])

    def check_audit_chain(self, target: dict, database: dict) -> None:
        # A connection of its own to the restored database, under an alias that exists only meanwhile
        # (configure_settings fills in Django's defaults; it wants "default" beside it).
        configured = connections.configure_settings(
            {DEFAULT_DB_ALIAS: dict(connections.settings[DEFAULT_DB_ALIAS]), _CHECK_ALIAS: dict(target)}
        )[_CHECK_ALIAS]
        check = load_backend(configured["ENGINE"]).DatabaseWrapper(configured, _CHECK_ALIAS)
        connections[_CHECK_ALIAS] = check
        try:
            report = verify_chain(using=_CHECK_ALIAS)
            anchored = database["audit_events"] == 0 or anchor_position(
                database["audit_last_hash"], using=_CHECK_ALIAS
            ) is not None
        finally:
            check.close()
            del connections[_CHECK_ALIAS]
        if not report.ok:
            raise CommandError(
                f"Jejak audit hasil pemulihan RUSAK pada peristiwa #{report.broken.pk}: {report.reason_text}.", returncode=1
            )
        if not anchored:
            raise CommandError("Jejak audit hasil pemulihan tidak memuat hash terakhir dari manifest.", returncode=1)
        self.stdout.write(f"  jejak audit utuh: {report.checked} peristiwa, hash terakhir {report.last_hash}")

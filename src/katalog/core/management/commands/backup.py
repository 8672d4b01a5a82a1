"""`katalog backup DIR`: a consistent backup of the database and the uploaded files, while the app runs.

    katalog backup /var/backups/katalog/2026-03-17          # into this (new or empty) directory
    katalog backup /var/backups/katalog --timestamp         # into …/katalog-20260317-020000

The manifest holds a SHA-256 sum of every file and the audit chain's newest hash (an anchor
for `katalog audit verify --anchor`). The backup holds personal data: its directory is
readable by its owner only; store copies encrypted and off the server (docs/operations.md).
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS
from django.utils import timezone

from katalog.core.backup import BackupError, backup_create


class Command(BaseCommand):
    help = "Buat cadangan basis data dan berkas unggahan yang konsisten, tanpa menghentikan aplikasi."

    def add_arguments(self, parser):
        parser.add_argument("directory", help="Direktori cadangan (baru atau kosong).")
        parser.add_argument("--timestamp", action="store_true",
                            help="Buat subdirektori katalog-YYYYMMDD-HHMMSS di dalam DIRECTORY.")
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS)

    def handle(self, *args, directory, timestamp=False, database=DEFAULT_DB_ALIAS, **options):
        target = Path(directory)
        if timestamp:
            target = target / f"katalog-{timezone.localtime():%Y%m%d-%H%M%S}"
        try:
            manifest = backup_create(target, using=database)
        except BackupError as error:
            raise CommandError(str(error)) from error
        db = manifest["database"]
        if options.get("verbosity", 1) < 1:
            return
        self.stdout.write(f"Cadangan selesai: {target.absolute()}")
        self.stdout.write(f"  basis data ({manifest['engine']}): {db['bytes']:,} bita, sha256 {db['sha256']}")
        self.stdout.write(f"  berkas unggahan: {manifest['media']['count']} berkas, {manifest['media']['bytes']:,} bita")
        self.stdout.write(f"  jejak audit: {db['audit_events']} peristiwa, hash terakhir {db['audit_last_hash']}")
        if db.get("audit_anchor"):
            anchor = db["audit_anchor"]["anchor"]
            self.stdout.write(f"  jangkar audit: {anchor} (periksa nanti: katalog audit verify --anchor {anchor})")

"""`katalog healthcheck`: one line per check; exit code 1 when any fails (for cron, monit, systemd)."""

from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS

from katalog.core.health import run_checks


class Command(BaseCommand):
    help = "Periksa basis data, migrasi, ujung jejak audit dan ruang disk. Kode keluar 1 bila ada yang gagal."

    def add_arguments(self, parser):
        parser.add_argument("--min-free-mb", type=int, help="Ruang disk bebas minimal (bawaan: KATALOG_HEALTH_MIN_FREE_MB atau 1024).")
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS)

    def handle(self, *args, min_free_mb=None, database=DEFAULT_DB_ALIAS, **options):
        checks = run_checks(using=database, min_free_mb=min_free_mb)
        for check in checks:
            line = f"{'OK   ' if check.ok else 'GAGAL'} {check.label}: {check.detail}"
            self.stdout.write(line if check.ok else self.style.ERROR(line))
        failed = [c.label for c in checks if not c.ok]
        if failed:
            raise CommandError(f"Pemeriksaan gagal: {', '.join(failed)}.", returncode=1)

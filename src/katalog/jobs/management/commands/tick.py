"""`katalog tick`: the scheduled housekeeping of every app. Idempotent and safe to run every minute.

Each app registers its own periodic work in its `periodic.py` (katalog.jobs.periodic): purchasing cancels
orders past their working-day deadlines and reminds a day before, monitoring runs the integrity-flag
detectors when due, suppliers send certificate expiry reminders and erase stale drafts and rejected
registrations' personal data. This command runs them all, in the order of INSTALLED_APPS.

Schedule it, for example:

  cron (every minute, as the application user):
      * * * * *  cd /srv/katalog && .venv/bin/katalog tick --quiet

  systemd (katalog-tick.service + katalog-tick.timer):
      [Service]
      Type=oneshot
      WorkingDirectory=/srv/katalog
      EnvironmentFile=/etc/katalog/env
      ExecStart=/srv/katalog/.venv/bin/katalog tick --quiet
      [Timer]
      OnCalendar=*-*-* *:*:00
      Persistent=true
"""

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from katalog.jobs.periodic import run_due


class Command(BaseCommand):
    help = ("Batalkan pesanan yang melewati batas waktu tanggapan (hari kerja menurut KATALOG_RULES). "
            "Aman dijalankan tiap menit.")

    def add_arguments(self, parser):
        parser.add_argument("--now", help="Anggap sekarang pukul ini (ISO 8601), untuk pengujian dan pemulihan.")
        parser.add_argument("--quiet", action="store_true", help="Tanpa keluaran bila tidak ada yang dibatalkan.")

    def handle(self, *args, now=None, quiet=False, **options):
        moment = timezone.now()
        if now:
            moment = parse_datetime(now)
            if moment is None:
                raise CommandError(f"--now tidak dapat dibaca: {now!r}")
            if timezone.is_naive(moment):
                moment = timezone.make_aware(moment)
        for line in run_due(now=moment, quiet=quiet):
            self.stdout.write(line)

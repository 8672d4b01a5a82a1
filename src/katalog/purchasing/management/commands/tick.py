"""`katalog tick`: the scheduled housekeeping. Idempotent and safe to run every minute.

It enforces the purchasing deadlines (below), runs the integrity-flag detectors once
`flag_detection_interval_minutes` have passed since their last run, sends suppliers' certificate expiry
reminders (each stage once per document), erases registration drafts left
untouched for `registration_draft_days` and the personal data of registrations
rejected more than `rejected_registration_days` ago (UU 27/2022: keep personal
data only as long as needed).

e-Katalog v6: an order the supplier has not accepted within 3 working days is cancelled,
and so is a negotiation or a PPK review left for 3 working days (KATALOG_RULES
supplier_response_working_days / ppk_negotiation_working_days; working days skip weekends
and the holidays in the Holiday table). Each order is re-checked under its row lock, so two
runs at once, or an answer arriving during the run, never cancel an order twice or wrongly.

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

from katalog.monitoring.detectors import detect_flags_if_due
from katalog.purchasing.services import expire_overdue_orders
from katalog.suppliers.services import (
    erase_rejected_registrations, purge_stale_registration_drafts, send_document_expiry_reminders,
)


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
        expired = expire_overdue_orders(now=moment)
        for number in expired:
            self.stdout.write(f"dibatalkan (lewat batas waktu): {number}")
        if expired or not quiet:
            self.stdout.write(f"{len(expired)} pesanan dibatalkan karena lewat batas waktu.")
        detection = detect_flags_if_due(now=moment)
        if detection is not None and (detection.total or not quiet):
            self.stdout.write(f"{detection.total} tanda integritas baru terdeteksi.")
        from katalog.purchasing.notices import queue_reminders

        reminded = queue_reminders(now=moment)
        if reminded or not quiet:
            self.stdout.write(f"{reminded} pengingat pesanan (satu hari kerja sebelum batal otomatis) diantrekan.")
        today = timezone.localdate(moment)
        reminders = send_document_expiry_reminders(today)
        purged = purge_stale_registration_drafts(today)
        erased = erase_rejected_registrations(today)
        if reminders or purged or erased or not quiet:
            self.stdout.write(f"{reminders} pengingat masa berlaku dokumen dikirim; {purged} draf pendaftaran lama dihapus; "
                              f"data pribadi {erased} pendaftaran yang ditolak dihapus.")

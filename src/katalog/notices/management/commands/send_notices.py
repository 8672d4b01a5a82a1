"""`katalog send-notices`: deliver the outbox's due notices now (the worker's schedule runs it each minute)."""

from django.core.management.base import BaseCommand

from katalog.notices.services import deliver_due


class Command(BaseCommand):
    help = "Kirim pemberitahuan yang menunggu di kotak keluar (surel, WhatsApp), dengan percobaan ulang."

    def handle(self, *args, **options):
        counts = deliver_due()
        self.stdout.write(f"{counts['sent']} terkirim, {counts['retrying']} dicoba lagi nanti, "
                          f"{counts['failed']} gagal, {counts['withdrawn']} tidak dikirim karena persetujuan "
                          f"WhatsApp dicabut.")

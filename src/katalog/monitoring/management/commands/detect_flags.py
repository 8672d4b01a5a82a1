from django.core.management.base import BaseCommand

from katalog.monitoring.detectors import detect_flags
from katalog.monitoring.states import FlagKind


class Command(BaseCommand):
    help = ("Cari pola penyalahgunaan yang dikenal (KPK 2024) dan catat tanda integritas baru. "
            "Aman dijalankan berulang (mis. tiap malam): tanda yang sudah ada tidak dibuat lagi.")

    def handle(self, *args, **options):
        report = detect_flags()
        for kind, label in FlagKind.choices:
            if report.created[kind]:
                self.stdout.write(f"  {label}: {report.created[kind]}")
        self.stdout.write(self.style.SUCCESS(
            f"{report.total} tanda baru dari {report.seen} temuan (sisanya sudah tercatat sebelumnya)."))

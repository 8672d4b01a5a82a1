import time

from django.core.management.base import BaseCommand
from django.db import transaction

from katalog.regions.loader import load_regions


class Command(BaseCommand):
    help = "Muat atau perbarui daftar wilayah Kemendagri (provinsi sampai desa/kelurahan)."

    def handle(self, *args, **options):
        started = time.perf_counter()
        with transaction.atomic():
            counts = load_regions()
        seconds = time.perf_counter() - started
        summary = ", ".join(f"{name}: {count:,}" for name, count in counts.items())
        self.stdout.write(self.style.SUCCESS(f"Wilayah dimuat ({summary}) dalam {seconds:.1f} detik."))

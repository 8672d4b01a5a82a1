import time

from django.conf import settings
from django.core.management import call_command, get_commands
from django.core.management.base import BaseCommand, CommandError

from katalog.agencies.models import Agency
from katalog.demo.generator import DEMO_LOGINS, DEMO_PASSWORD, DemoGenerator, demo_present


class Command(BaseCommand):
    help = "Isi basis data dengan data demo yang realistis dan selalu sama (deterministik)."

    def add_arguments(self, parser):
        parser.add_argument("--products", type=int, default=3000, help="Jumlah produk (bawaan 3000; 1000000 untuk uji kecepatan).")
        parser.add_argument("--suppliers", type=int, default=None, help="Jumlah penyedia (bawaan: maks(300, produk/10)).")
        parser.add_argument("--orders-per-year", type=int, default=900)
        parser.add_argument("--seed", type=int, default=2025)

    def handle(self, *args, **options):
        if settings.PRODUCTION:
            raise CommandError("Data demo tidak boleh dimuat di instalasi produksi (KATALOG_PRODUCTION=1).")
        if demo_present():
            self.stdout.write("Data demo sudah ada; tidak dimuat ulang.")
        else:
            started = time.perf_counter()
            report = DemoGenerator(
                seed=options["seed"], products=options["products"], suppliers=options["suppliers"],
                orders_per_year=options["orders_per_year"],
                progress=lambda message: self.stdout.write(f"  {message}") if options["verbosity"] else None,
            ).run()
            if "reindex" in get_commands():
                call_command("reindex", verbosity=0)
            # The integrity flags a fresh demo shows without anyone running `katalog detect-flags`.
            from katalog.monitoring.detectors import detect_flags

            flagged = detect_flags()
            self.stdout.write(f"  Tanda integritas: {flagged.total}")
            self.stdout.write(self.style.SUCCESS(
                f"Data demo dimuat dalam {time.perf_counter() - started:.1f} detik: {report.agencies} OPD, "
                f"{report.suppliers:,} penyedia, {report.products:,} produk, {report.orders:,} pesanan."
            ))
        self.print_logins()

    def print_logins(self):
        self.stdout.write("\nAkun demo (kata sandi semua akun: %s)" % DEMO_PASSWORD)
        for username, role, agency in DEMO_LOGINS:
            opd = Agency.objects.filter(code=agency).values_list("name", flat=True).first() if agency else None
            self.stdout.write(f"  {username:<12} {role.label}" + (f" — {opd}" if opd else ""))

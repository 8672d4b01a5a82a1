"""`katalog import-products FILE --supplier NIB [--publish --user USERNAME] [--valid-only]`."""

import sys
import time
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from katalog.catalogue.errors import CatalogueError
from katalog.catalogue.importing import import_products
from katalog.catalogue.utils.progress import ProgressBar
from katalog.suppliers.models import Supplier


class Command(BaseCommand):
    help = ("Impor produk dari Excel (.xlsx) atau CSV untuk satu penyedia. Berkas dengan baris salah tidak "
            "diimpor sama sekali, kecuali dengan --valid-only. Templat: docs/import-template.xlsx.")

    def add_arguments(self, parser):
        parser.add_argument("file", help="Berkas .xlsx atau .csv.")
        parser.add_argument("--supplier", required=True, metavar="NIB", help="NIB penyedia pemilik produk.")
        parser.add_argument("--valid-only", action="store_true", help="Impor baris yang benar, lewati yang salah.")
        parser.add_argument("--publish", action="store_true",
                            help="Tayangkan langsung (migrasi katalog lama). Perlu --user seorang pengelola katalog; "
                                 "tercatat di jejak audit.")
        parser.add_argument("--user", metavar="USERNAME", help="Akun yang menjalankan impor (untuk jejak audit).")

    def handle(self, *args, file, supplier, valid_only, publish, user, **options):
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"Berkas tidak ditemukan: {path}")
        owner = Supplier.objects.filter(nib=supplier.strip()).first()
        if owner is None:
            raise CommandError(f"Penyedia dengan NIB {supplier} tidak ditemukan.")
        actor = None
        if user:
            actor = get_user_model().objects.filter(username=user, is_active=True).first()
            if actor is None:
                raise CommandError(f"Pengguna {user} tidak ditemukan atau tidak aktif.")
        if publish and actor is None:
            raise CommandError("--publish perlu --user seorang pengelola katalog (dicatat di jejak audit).")
        bars: dict[str, ProgressBar] = {}

        def progress(stage: str, done: int, total: int, errors: int = 0) -> None:
            if stage not in bars:
                for bar in bars.values():
                    bar.finish()
                bars[stage] = ProgressBar(stream=sys.stderr, label=f"{stage:<10}")
            bars[stage].update(done, total)

        started = time.perf_counter()
        try:
            report = import_products(data=path.read_bytes(), filename=path.name, supplier=owner, actor=actor,
                                     publish=publish, valid_only=valid_only, progress=progress)
        except CatalogueError as error:
            raise CommandError(str(error)) from None
        for bar in bars.values():
            bar.finish()
        elapsed = time.perf_counter() - started
        if report.unknown_columns:
            self.stdout.write("Kolom diabaikan: " + ", ".join(report.unknown_columns))
        for error in report.errors[:200]:
            where = f"baris {error.row}" if error.row else "berkas"
            column = f", kolom {error.column}" if error.column else ""
            self.stdout.write(f"  {where}{column}: {error.message}")
        if len(report.errors) > 200:
            self.stdout.write(f"  ... dan {len(report.errors) - 200} kesalahan lain (lihat impor #{report.batch.pk}).")
        if report.created:
            state = "langsung tayang" if report.published else "menunggu verifikasi"
            self.stdout.write(self.style.SUCCESS(
                f"{report.created} dari {report.total_rows} baris diimpor ({state}) dalam {elapsed:.1f} detik."))
            if report.errors:
                self.stdout.write(f"{report.error_rows} baris salah dilewati.")
            return
        raise CommandError(
            f"Tidak ada yang diimpor: {report.error_rows} dari {report.total_rows} baris salah "
            f"({len(report.errors)} kesalahan). Perbaiki berkasnya, atau pakai --valid-only untuk mengimpor "
            "baris yang benar saja."
        )

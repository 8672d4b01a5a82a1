"""`katalog import-supplier-list FILE --user USERNAME [--valid-only]`."""

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from katalog.opendata.imports import import_supplier_list


class Command(BaseCommand):
    help = ("Impor daftar UMKM binaan Dinas (Excel .xlsx atau CSV) menjadi draf pendaftaran pendampingan milik "
            "seorang pendamping UMKM. Berkas dengan baris salah tidak diimpor sama sekali, kecuali dengan "
            "--valid-only.")

    def add_arguments(self, parser):
        parser.add_argument("file", help="Berkas .xlsx atau .csv.")
        parser.add_argument("--user", required=True, metavar="USERNAME",
                            help="Pendamping UMKM (atau administrator) pemilik draf; tercatat di jejak audit.")
        parser.add_argument("--valid-only", action="store_true", help="Impor baris yang benar, lewati yang salah.")

    def handle(self, *args, file, user, valid_only, **options):
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"Berkas tidak ditemukan: {path}")
        actor = get_user_model().objects.filter(username=user, is_active=True).first()
        if actor is None or actor.role not in ("umkm_officer", "admin"):
            raise CommandError(f"{user}: bukan pendamping UMKM atau administrator yang aktif.")
        report = import_supplier_list(actor=actor, data=path.read_bytes(), filename=path.name, valid_only=valid_only)
        for error in report.errors:
            self.stderr.write(f"baris {error['row']}, kolom {error['column'] or '-'}: {error['message']}")
        if not report.saved:
            raise CommandError(f"Tidak ada yang diimpor ({report.total_rows} baris dibaca, "
                               f"{report.rejected_rows} baris salah).")
        self.stdout.write(self.style.SUCCESS(
            f"{report.created} draf pendaftaran dibuat untuk {actor.get_username()} dari {report.total_rows} baris."))

"""`katalog export-ocds DIR [--base-url URL] [--year YEAR ...] [--no-validate]`."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from katalog.opendata.ocds.publication import PublicationError, build_files


class Command(BaseCommand):
    help = ("Tulis data OCDS 1.1 ke folder DIR: paket rilis dan rekaman katalog, paket rilis dan rekaman per "
            "tahun anggaran, dan CSV datar (proses, barang). Setiap berkas JSON divalidasi terhadap skema OCDS "
            "1.1.5 yang disertakan (tanpa jaringan). Penerbitan di situs sendiri dikerjakan pemroses latar "
            "(pekerjaan terjadwal `ocds`).")

    def add_arguments(self, parser):
        parser.add_argument("directory", help="Folder tujuan (dibuat bila belum ada).")
        parser.add_argument("--base-url", default="",
                            help="Alamat situs untuk `uri` paket, mis. https://katalog.lampungutarakab.go.id "
                                 "(bawaan: KATALOG_SITE_URL, atau http://localhost:8000).")
        parser.add_argument("--year", type=int, action="append", help="Hanya tahun anggaran ini (boleh berulang).")
        parser.add_argument("--no-validate", action="store_true", help="Lewati validasi skema (lebih cepat).")

    def handle(self, *args, directory, base_url, year, no_validate, **options):
        # An operator's folder on this machine (a mirror, a USB stick), not the application's uploaded files.
        target = Path(directory)
        target.mkdir(parents=True, exist_ok=True)
        written = []
        try:
            for name, content in build_files(base_url=base_url, years=year, validate=not no_validate):
                (target / name).write_bytes(content)
                written.append(name)
        except PublicationError as error:
            raise CommandError(str(error)) from error
        if options["verbosity"]:
            for name in written:
                self.stdout.write(f"  {target / name}")
            self.stdout.write(self.style.SUCCESS(f"{len(written)} berkas OCDS ditulis ke {target}."))

"""`katalog publish-ocds [--base-url URL]`: replace the published OCDS set in storage (run nightly by the worker)."""

from django.core.management.base import BaseCommand, CommandError

from katalog.opendata.ocds.publication import PublicationError, publish_to_storage


class Command(BaseCommand):
    help = ("Terbitkan data OCDS di situs: susun dan validasi semua berkas, lalu ganti berkas terbitan di "
            "penyimpanan (halaman Data terbuka menyajikannya).")

    def add_arguments(self, parser):
        parser.add_argument("--base-url", default="", help="Alamat situs (bawaan: KATALOG_SITE_URL).")

    def handle(self, *args, base_url="", **options):
        try:
            written = publish_to_storage(base_url=base_url)
        except PublicationError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"{len(written)} berkas OCDS diterbitkan.")

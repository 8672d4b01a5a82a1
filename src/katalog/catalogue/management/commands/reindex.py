"""`katalog reindex`: rebuild the search index from the catalogue."""

import sys
import time

from django.core.management.base import BaseCommand

from katalog.catalogue.search import indexer
from katalog.catalogue.utils.progress import ProgressBar


class Command(BaseCommand):
    help = "Bangun ulang indeks pencarian dari seluruh produk tayang (SQLite FTS5 / PostgreSQL)."

    def add_arguments(self, parser):
        parser.add_argument("--pending", action="store_true",
                            help="Hanya produk yang antre (berubah sejak indeks terakhir), bukan semuanya.")

    def handle(self, *args, pending=False, **options):
        started = time.perf_counter()
        if pending:
            count = indexer.sync_pending()
            self.stdout.write(f"{count} produk antre diperbarui dalam {time.perf_counter() - started:.1f} detik.")
            return
        bar = ProgressBar(stream=sys.stderr, label="Indeks")
        count = indexer.rebuild(progress=bar.update)
        bar.finish()
        self.stdout.write(f"{count} produk diindeks dalam {time.perf_counter() - started:.1f} detik.")

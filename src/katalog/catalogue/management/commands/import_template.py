"""`katalog import-template [PATH]`: write the product import template (docs/import-template.xlsx)."""

from pathlib import Path

from django.core.management.base import BaseCommand

from katalog.catalogue.exporting import import_template


class Command(BaseCommand):
    help = "Tulis templat impor produk (Excel) ke PATH (bawaan: docs/import-template.xlsx)."

    def add_arguments(self, parser):
        parser.add_argument("path", nargs="?", default="docs/import-template.xlsx")

    def handle(self, *args, path, **options):
        target = Path(path)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(import_template())
        self.stdout.write(f"Templat ditulis ke {target}.")

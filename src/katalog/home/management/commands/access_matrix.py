"""`katalog access-matrix`: write docs/access-matrix.md (who may reach which route), or check it is current."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from katalog.home.access_matrix import all_routes, render_markdown

DEFAULT_PATH = Path(__file__).resolve().parents[5] / "docs" / "access-matrix.md"


class Command(BaseCommand):
    help = "Tulis matriks akses peran × rute ke docs/access-matrix.md (--check: hanya periksa apakah masih sesuai)."

    def add_arguments(self, parser):
        parser.add_argument("--output", type=Path, default=DEFAULT_PATH)
        parser.add_argument("--check", action="store_true", help="Gagal (kode 1) bila berkas tidak sesuai kode.")

    def handle(self, *args, output: Path, check: bool, **options):
        text = render_markdown()
        if check:
            current = output.read_text(encoding="utf-8") if output.exists() else ""
            if current != text:
                raise CommandError(f"{output} tidak sesuai kode: jalankan `katalog access-matrix`.", returncode=1)
            self.stdout.write(f"{output}: sesuai.")
            return
        output.write_text(text, encoding="utf-8")
        self.stdout.write(f"{output}: {len(all_routes())} rute ditulis.")

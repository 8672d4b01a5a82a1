"""Benchmark: importing a messy 10,000-row product spreadsheet, against only reading the file.

    .venv/bin/python benchmarks/import_products.py              # SQLite, a new database in a temporary folder
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_import .venv/bin/python benchmarks/import_products.py

Options: --rows N (default 10,000), --repeat N (timed runs per variant, default 3).

The spreadsheet is what officers really send: the template's Indonesian headers in mixed case and spacing,
two columns the template does not know, prices written "Rp 12.500,00", blank rows, and (in the "with
errors" copy) one bad row in a hundred. Timed in the same run, each `--repeat` times, every run inside a
transaction that is rolled back so each starts from the same database:

  read     openpyxl reading every cell of the file (read-only mode): the floor any import pays;
  check    katalog.catalogue.importing.import_products on the copy with errors: every row checked, the
           error list built, nothing imported (all-or-nothing);
  import   import_products on the clean copy: checked, saved with price history and audit, indexed for search.

Prints median and worst seconds, rows per second, and each variant as a ratio of `read`.
"""

from __future__ import annotations

import argparse
import io
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

HEADERS = [" Nama ", "DESKRIPSI", "Kategori", "satuan", "Harga ", "stok", "Min_Pesan", "TKDN", "bmp", "asal",
           "kecamatan produksi", "merek", "sni", "halal", "ppn", "Keterangan gudang", "No. urut lama"]


def workbook(rows: int, *, bad_every: int = 0) -> bytes:
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet("Produk")
    sheet.append(HEADERS)
    units = ["bungkus", "kg", "pcs", "rim", "botol"]
    for i in range(rows):
        if i and i % 4000 == 0:
            sheet.append([None] * len(HEADERS))  # blank rows people leave between blocks
        price = f"Rp {15_000 + (i % 700) * 25:,}".replace(",", ".") + ",00"
        if bad_every and i % bad_every == 7:
            price = "hubungi kami"  # a price nobody can order at
        sheet.append([
            f"Keripik Pisang Rasa {i:05d}", "Keripik pisang kepok, digoreng dengan minyak kelapa.", "Keripik",
            units[i % len(units)], price, i % 90, 1 + i % 5, 40 + i % 45, i % 15, "lokal", "Kotabumi",
            "Dua Putri", "tidak", "ya" if i % 2 else "tidak", 0 if i % 3 else 12, "gudang B", str(i),
        ])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def setup_database() -> None:
    if not os.environ.get("DATABASE_URL"):
        folder = Path(tempfile.mkdtemp(prefix="bench-import-"))
        os.environ["DATABASE_URL"] = f"sqlite:///{folder / 'bench.sqlite3'}"
        os.environ.setdefault("KATALOG_VAR_DIR", str(folder))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "katalog.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def fixtures():
    from django.conf import settings

    from katalog.catalogue.models import Category
    from katalog.core.roles import Role
    from katalog.agencies.models import User
    from katalog.regions.models import District
    from katalog.suppliers.models import Supplier

    district = District.objects.get(code=f"{settings.KATALOG_REGION}.02")
    supplier, _ = Supplier.objects.get_or_create(nib="9120000099999", defaults=dict(
        name="UD Bench Keripik", owner_name="Pemilik Bench", scale="kecil", is_pkp=True, status=Supplier.Status.VERIFIED,
        district=district, regency_id=district.regency_id))
    Category.objects.get_or_create(name="Keripik")
    user, _ = User.objects.get_or_create(username="bench-pengelola", defaults=dict(
        full_name="Pengelola Bench", role=Role.CATALOGUE_MANAGER))
    return supplier, user


def timed(fn, repeat: int) -> list[float]:
    from django.db import transaction

    times = []
    for _ in range(repeat):
        with transaction.atomic():
            started = time.perf_counter()
            fn()
            times.append(time.perf_counter() - started)
            transaction.set_rollback(True)
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    setup_database()
    from django.db import connection
    from openpyxl import load_workbook

    from katalog.catalogue.importing import import_products

    supplier, manager = fixtures()
    clean, with_errors = workbook(args.rows), workbook(args.rows, bad_every=100)
    outcome = {}

    def read():
        book = load_workbook(io.BytesIO(clean), read_only=True, data_only=True)
        for _row in book.active.iter_rows(values_only=True):
            pass

    def check():
        report = import_products(data=with_errors, filename="produk-salah.xlsx", supplier=supplier, actor=manager)
        outcome["check"] = (report.created, report.error_rows, report.total_rows)

    def load():
        report = import_products(data=clean, filename="produk.xlsx", supplier=supplier, actor=manager)
        outcome["import"] = (report.created, report.error_rows, report.total_rows)
        outcome["first_errors"] = [(e.row, e.column, e.message) for e in report.errors[:3]]

    print(f"{connection.vendor}: {args.rows:,} rows ({len(clean) / 1e6:.1f} MB .xlsx), {args.repeat} runs each")
    results = {name: timed(fn, args.repeat) for name, fn in [("read", read), ("check", check), ("import", load)]}
    assert outcome["import"][0] == args.rows, outcome  # everything imported, or the figures mean nothing
    assert outcome["check"][0] == 0 and outcome["check"][1] > 0, outcome
    base = statistics.median(results["read"])
    print(f"{'variant':<8} {'median s':>9} {'worst s':>8} {'rows/s':>9} {'× read':>7}")
    for name, times in results.items():
        median = statistics.median(times)
        print(f"{name:<8} {median:>9.2f} {max(times):>8.2f} {args.rows / median:>9,.0f} {median / base:>7.1f}")
    created, bad, total = outcome["import"]
    print(f"import: {created:,} of {total:,} rows created; check: {outcome['check'][1]:,} bad rows named, none imported")


if __name__ == "__main__":
    main()

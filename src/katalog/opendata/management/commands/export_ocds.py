"""`katalog export-ocds DIR [--base-url URL] [--year YEAR ...] [--no-validate]`."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from katalog.opendata import selectors
from katalog.opendata.ocds import flatten, packages, validation
from katalog.opendata.ocds import identifiers as ids
from katalog.opendata.ocds.merge import compile_releases


class Command(BaseCommand):
    help = ("Tulis data OCDS 1.1 ke folder DIR: paket rilis dan rekaman katalog, paket rilis dan rekaman per "
            "tahun anggaran, dan CSV datar (proses, barang). Setiap berkas JSON divalidasi terhadap skema OCDS "
            "1.1.5 yang disertakan (tanpa jaringan).")

    def add_arguments(self, parser):
        parser.add_argument("directory", help="Folder tujuan (dibuat bila belum ada).")
        parser.add_argument("--base-url", default="",
                            help="Alamat situs untuk `uri` paket, mis. https://katalog.lampungutarakab.go.id "
                                 "(bawaan: KATALOG_SITE_URL, atau http://localhost:8000).")
        parser.add_argument("--year", type=int, action="append", help="Hanya tahun anggaran ini (boleh berulang).")
        parser.add_argument("--no-validate", action="store_true", help="Lewati validasi skema (lebih cepat).")

    def handle(self, *args, directory, base_url, year, no_validate, **options):
        if getattr(settings, "PRODUCTION", False) and ids.ocid_prefix_is_placeholder():
            raise CommandError(
                f"Prefiks ocid masih contoh ({ids.ocid_prefix()}). Daftarkan prefiks ke Open Contracting "
                "Partnership lalu isi KATALOG_OCDS_OCID_PREFIX sebelum menerbitkan data OCDS produksi.")
        base_url = base_url or getattr(settings, "KATALOG_SITE_URL", "") or "http://localhost:8000"
        target = Path(directory)
        target.mkdir(parents=True, exist_ok=True)
        written = []

        def write(name: str, content: bytes) -> None:
            (target / name).write_bytes(content)
            written.append(name)

        def check(package: dict, name: str) -> dict:
            if no_validate:
                return package
            errors = (validation.record_package_errors(package) if "records" in package
                      else validation.release_package_errors(package))
            if errors:
                raise CommandError(f"{name} tidak sah menurut skema OCDS 1.1.5: " + "; ".join(errors[:10]))
            return package

        catalogue = packages.process_release_package(ids.catalogue_ocid(), base_url=base_url)
        write("ocds-katalog.json", packages.dumps(check(catalogue, "ocds-katalog.json")))
        record = packages.catalogue_record_package(base_url=base_url)
        write("ocds-katalog-record.json", packages.dumps(check(record, "ocds-katalog-record.json")))

        for fiscal_year in sorted(year or selectors.fiscal_years()):
            per_order = packages.year_release_lists(fiscal_year, base_url=base_url)
            if not per_order:
                continue
            releases = packages.year_release_package(fiscal_year, base_url=base_url)
            write(f"ocds-{fiscal_year}-releases.json",
                  packages.dumps(check(releases, f"ocds-{fiscal_year}-releases.json")))
            records = packages.year_record_package(fiscal_year, base_url=base_url)
            write(f"ocds-{fiscal_year}-records.json",
                  packages.dumps(check(records, f"ocds-{fiscal_year}-records.json")))
            compiled = [compile_releases(r) for r in per_order]
            write(f"ocds-{fiscal_year}-proses.csv", flatten.to_csv(flatten.process_rows(compiled)))
            write(f"ocds-{fiscal_year}-barang.csv", flatten.to_csv(flatten.item_rows(compiled)))

        if options["verbosity"]:
            for name in written:
                self.stdout.write(f"  {target / name}")
            self.stdout.write(self.style.SUCCESS(f"{len(written)} berkas OCDS ditulis ke {target}."))

"""The OCDS publication: every bulk file of the open data, built and validated once, then written either to a
folder (`katalog export-ocds DIR`, for cron users and mirrors) or through Django's storage API (the nightly job
and the "publish now" button), where the open-data page serves the published set from.

Files: the catalogue's release package and record, then per fiscal year the release and record packages and
the flat CSVs (processes, items). Each JSON package is checked against the bundled OCDS 1.1.5 schema.
"""

from __future__ import annotations

from collections.abc import Iterator

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from katalog.opendata import selectors

from . import flatten, packages, validation
from . import identifiers as ids
from .merge import compile_releases

# Where the published set lives in storage (local disk or an object store).
STORAGE_DIR = "opendata/ocds"


class PublicationError(Exception):
    """A package that the schema refuses, or a placeholder ocid prefix in production; the message says which."""


def _checked(package: dict, name: str, validate: bool) -> dict:
    if not validate:
        return package
    errors = (validation.record_package_errors(package) if "records" in package
              else validation.release_package_errors(package))
    if errors:
        raise PublicationError(f"{name} tidak sah menurut skema OCDS 1.1.5: " + "; ".join(errors[:10]))
    return package


def build_files(*, base_url: str = "", years=None, validate: bool = True) -> Iterator[tuple[str, bytes]]:
    """(file name, content) of every published file, one at a time (a year's files are built when reached)."""
    if getattr(settings, "PRODUCTION", False) and ids.ocid_prefix_is_placeholder():
        raise PublicationError(
            f"Prefiks ocid masih contoh ({ids.ocid_prefix()}). Daftarkan prefiks ke Open Contracting "
            "Partnership lalu isi KATALOG_OCDS_OCID_PREFIX sebelum menerbitkan data OCDS produksi.")
    base_url = base_url or getattr(settings, "KATALOG_SITE_URL", "") or "http://localhost:8000"
    catalogue = packages.process_release_package(ids.catalogue_ocid(), base_url=base_url)
    yield "ocds-katalog.json", packages.dumps(_checked(catalogue, "ocds-katalog.json", validate))
    record = packages.catalogue_record_package(base_url=base_url)
    yield "ocds-katalog-record.json", packages.dumps(_checked(record, "ocds-katalog-record.json", validate))
    for year in sorted(years or selectors.fiscal_years()):
        per_order = packages.year_release_lists(year, base_url=base_url)
        if not per_order:
            continue
        name = f"ocds-{year}-releases.json"
        yield name, packages.dumps(_checked(packages.year_release_package(year, base_url=base_url), name, validate))
        name = f"ocds-{year}-records.json"
        yield name, packages.dumps(_checked(packages.year_record_package(year, base_url=base_url), name, validate))
        compiled = [compile_releases(r) for r in per_order]
        yield f"ocds-{year}-proses.csv", flatten.to_csv(flatten.process_rows(compiled))
        yield f"ocds-{year}-barang.csv", flatten.to_csv(flatten.item_rows(compiled))


def publish_to_storage(*, base_url: str = "") -> list[str]:
    """Build and validate every file, then replace the published set in storage. Nothing is replaced when a
    file fails validation (all are built before the first is written)."""
    files = list(build_files(base_url=base_url))
    for name, content in files:
        path = f"{STORAGE_DIR}/{name}"
        if default_storage.exists(path):
            default_storage.delete(path)
        default_storage.save(path, ContentFile(content))
    return [name for name, _content in files]


def published_files() -> list[tuple[str, int]]:
    """(name, size) of the published set, as storage holds it."""
    if not default_storage.exists(STORAGE_DIR):
        return []
    _dirs, names = default_storage.listdir(STORAGE_DIR)
    return [(name, default_storage.size(f"{STORAGE_DIR}/{name}")) for name in sorted(names)]

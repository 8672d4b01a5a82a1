"""Loading the shipped Kemendagri region list (data/, MIT; see data/README.md).

Used by migration 0002 on a fresh install, by `katalog load-regions` when a
newer list is shipped, and after a test flush: rows are inserted or renamed
in place, never deleted (suppliers' addresses point at them).
"""

import csv
import gzip
from functools import lru_cache
from pathlib import Path

from katalog.core.bulk import upsert_rows

DATA_DIR = Path(__file__).resolve().parent / "data"

# (file, model name, parent column in the CSV, parent column in the table)
LEVELS = (
    ("provinces", "Province", None, None),
    ("regencies", "Regency", "province_code", "province_id"),
    ("districts", "District", "regency_code", "regency_id"),
    ("villages", "Village", "district_code", "district_id"),
)


@lru_cache(maxsize=None)
def read_rows(name: str) -> tuple[dict[str, str], ...]:
    with gzip.open(DATA_DIR / f"{name}.csv.gz", "rt", encoding="utf-8", newline="") as handle:
        return tuple(csv.DictReader(handle))


def load_regions(*, apps=None, using: str = "default") -> dict[str, int]:
    """Insert or update every region; returns rows per level. Idempotent.

    `apps` is the migration state's registry when called from a migration.
    """
    if apps is None:
        # Migrations pass their own app registry; the live one is imported only when none is given.
        from django.apps import apps
    counts = {}
    for name, model_name, parent_csv, parent_column in LEVELS:
        model = apps.get_model("regions", model_name)
        columns = ["code", "name"] + ([parent_column] if parent_column else [])
        rows = (
            (row["code"], row["name"].strip(), *([row[parent_csv]] if parent_csv else []))
            for row in read_rows(name)
        )
        counts[name] = upsert_rows(model, columns, rows, using=using)
    return counts


def restore_regions(sender, using="default", **kwargs):
    """After a test flush, reload the regions when the table is empty (see core/reference_data.py)."""
    from .models import Village  # this module is imported by migrations, before the app's models may be

    if not Village.objects.using(using).exists():
        load_regions(using=using)

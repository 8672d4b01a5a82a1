"""Loading the shipped Kemendagri region list (data/, MIT; see data/README.md).

Used by migration 0002 on a fresh install and by `katalog load-regions` when
a newer list is shipped: rows are inserted or renamed in place, never deleted
(suppliers' addresses point at them).
"""

import csv
import gzip
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent / "data"
BATCH = 5000


def read_rows(name: str) -> list[dict[str, str]]:
    with gzip.open(DATA_DIR / f"{name}.csv.gz", "rt", encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def load_regions(*, province_model=None, regency_model=None, district_model=None, village_model=None) -> dict[str, int]:
    """Insert or update every region; returns rows per level. Idempotent."""
    if province_model is None:
        from .models import District, Province, Regency, Village

        province_model, regency_model, district_model, village_model = Province, Regency, District, Village

    plan = [
        (province_model, "provinces", None, None),
        (regency_model, "regencies", "province_id", "province_code"),
        (district_model, "districts", "regency_id", "regency_code"),
        (village_model, "villages", "district_id", "district_code"),
    ]
    counts = {}
    for model, name, parent_field, parent_column in plan:
        rows = read_rows(name)
        objects = []
        for row in rows:
            fields = {"code": row["code"], "name": row["name"].strip()}
            if parent_field:
                fields[parent_field] = row[parent_column]
            objects.append(model(**fields))
        update_fields = ["name"] + ([parent_field.removesuffix("_id")] if parent_field else [])
        model.objects.bulk_create(
            objects, batch_size=BATCH, update_conflicts=True, unique_fields=["code"], update_fields=update_fields
        )
        counts[name] = len(objects)
    return counts

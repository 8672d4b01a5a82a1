"""Loading the shipped KBKI code lists (data/README-kbki.md: BPS, via MIT-licensed copy)."""

import csv
import gzip
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent / "data"
FILES = (("kbki-2012-barang.csv.gz", False), ("kbki-2013-jasa.csv.gz", True))


def load_kbki(kbki_model=None) -> int:
    if kbki_model is None:
        from .models import Kbki as kbki_model
    seen: dict[str, object] = {}
    for filename, is_service in FILES:
        with gzip.open(DATA_DIR / filename, "rt", encoding="utf-8", newline="") as handle:
            for row in csv.DictReader(handle):
                # Upstream repeats a few service codes with variant titles; the first wins.
                seen.setdefault(row["code"], kbki_model(
                    code=row["code"], title=row["title"].strip()[:500], level=int(row["level"]),
                    parent_code=row["parent_code"], is_service=is_service,
                ))
    kbki_model.objects.bulk_create(
        list(seen.values()), batch_size=5000, update_conflicts=True, unique_fields=["code"],
        update_fields=["title", "level", "parent_code", "is_service"],
    )
    return len(seen)

"""Loading the shipped KBKI code lists (data/README-kbki.md: BPS, via an MIT-licensed copy)."""

import csv
import gzip
from functools import lru_cache
from pathlib import Path

from katalog.core.bulk import upsert_rows

DATA_DIR = Path(__file__).resolve().parent / "data"
FILES = (("kbki-2012-barang.csv.gz", False), ("kbki-2013-jasa.csv.gz", True))
COLUMNS = ("code", "title", "level", "parent_code", "is_service")


@lru_cache(maxsize=1)
def kbki_rows() -> tuple[tuple, ...]:
    rows: dict[str, tuple] = {}
    for filename, is_service in FILES:
        with gzip.open(DATA_DIR / filename, "rt", encoding="utf-8", newline="") as handle:
            for row in csv.DictReader(handle):
                # Upstream repeats a few service codes with variant titles; the first wins.
                rows.setdefault(row["code"], (
                    row["code"], row["title"].strip()[:500], int(row["level"]), row["parent_code"], is_service,
                ))
    return tuple(rows.values())


def load_kbki(kbki_model=None, using: str = "default") -> int:
    if kbki_model is None:
        from .models import Kbki as kbki_model
    return upsert_rows(kbki_model, COLUMNS, kbki_rows(), using=using)

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
        # Migrations pass their own historical model; the live one is imported only when none is given.
        from .models import Kbki as kbki_model
    return upsert_rows(kbki_model, COLUMNS, kbki_rows(), using=using)


def restore_kbki(sender, using="default", **kwargs):
    """After a test flush, reload the KBKI codes when the table is empty (see core/reference_data.py)."""
    from .models import Kbki  # this module is imported by migrations, before the app's models may be

    if not Kbki.objects.using(using).exists():
        load_kbki(using=using)

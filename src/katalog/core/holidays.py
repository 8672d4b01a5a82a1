"""The shipped holiday list (data/holidays.csv) and loading it into the Holiday table."""

from pathlib import Path

from .workdays import load_holiday_csv

HOLIDAYS_CSV = Path(__file__).resolve().parent / "data" / "holidays.csv"


def load_shipped_holidays(holiday_model=None) -> int:
    """Add shipped dates that the table lacks; dates an administrator edited are left alone."""
    if holiday_model is None:
        # Migrations pass their own historical model; the live one is imported only when none is given.
        from .models import Holiday as holiday_model
    existing = set(holiday_model.objects.values_list("date", flat=True))
    new = [
        holiday_model(date=day, name=name, kind=kind)
        for day, name, kind in load_holiday_csv(HOLIDAYS_CSV)
        if day not in existing
    ]
    holiday_model.objects.bulk_create(new)
    return len(new)

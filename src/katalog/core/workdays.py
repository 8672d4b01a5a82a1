"""Working-day arithmetic over a given set of holiday dates (no database).

A working day is Monday to Friday and not in the holiday set. The holiday
set holds national holidays (libur nasional) and cuti bersama alike:
government offices, the buyers of this catalogue, are closed on both.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Set as AbstractSet
from datetime import date, datetime, timedelta
from os import PathLike
from pathlib import Path
from typing import TypeVar

__all__ = [
    "DEFAULT_HOLIDAY_CSV",
    "HOLIDAY_KINDS",
    "is_working_day",
    "add_working_days",
    "working_days_between",
    "load_holiday_csv",
]

DEFAULT_HOLIDAY_CSV = Path(__file__).resolve().parent / "data" / "holidays.csv"
HOLIDAY_KINDS = frozenset({"libur", "cuti_bersama"})

_SATURDAY = 5
_ONE_DAY = timedelta(days=1)
# date.fromisoformat also takes "20250101" and week dates; the file uses one form.
_ISO_DATE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")

_D = TypeVar("_D", date, datetime)


def _as_date(day: date) -> date:
    # datetime is a subclass of date but never equal to one, so a datetime
    # would silently miss every holiday in the set.
    return day.date() if isinstance(day, datetime) else day


def is_working_day(day: date, holidays: AbstractSet[date]) -> bool:
    """True for Monday-Friday days that are not in ``holidays``."""
    day = _as_date(day)
    return day.weekday() < _SATURDAY and day not in holidays


def add_working_days(start: _D, n: int, holidays: AbstractSet[date]) -> _D:
    """The moment ``n`` working days after ``start``.

    Rule: the result falls on the n-th working day strictly after the
    calendar date of ``start``; a datetime keeps its clock time and tzinfo.
    Whether ``start`` itself is a working day does not matter, so an order
    placed on Friday 10:00 or on Saturday 10:00 both give Wednesday 10:00
    for n=3 (with no holidays in between). n=0 returns ``start`` unchanged.

    For an aware datetime the calendar date is the one in its own tzinfo:
    convert UTC values to local time (WIB/WITA/WIT) first, or an evening
    order can land on the wrong day.
    """
    if isinstance(n, bool) or not isinstance(n, int):
        raise TypeError("n must be an int")
    if n < 0:
        raise ValueError("n must not be negative")
    if n == 0:
        return start

    day = _as_date(start)
    remaining = n
    while remaining:
        day += _ONE_DAY
        if is_working_day(day, holidays):
            remaining -= 1

    if isinstance(start, datetime):
        # timetz() carries tzinfo and fold along with the clock time.
        return datetime.combine(day, start.timetz())
    return day


def working_days_between(start: date, end: date, holidays: AbstractSet[date]) -> int:
    """Number of working days in the half-open range (start, end]; 0 if end <= start."""
    start, end = _as_date(start), _as_date(end)
    total = (end - start).days
    if total <= 0:
        return 0
    # Whole weeks contribute five weekdays each; walk only the leftover days,
    # so long ranges cost O(holidays), not O(days).
    full_weeks, leftover = divmod(total, 7)
    count = full_weeks * 5
    for offset in range(1, leftover + 1):
        if (start + timedelta(days=offset)).weekday() < _SATURDAY:
            count += 1
    count -= sum(1 for h in holidays if start < h <= end and h.weekday() < _SATURDAY)
    return count


def _parse_iso_date(text: str) -> date | None:
    if not _ISO_DATE.match(text):
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:  # e.g. 2026-02-30
        return None


def load_holiday_csv(
    path: str | PathLike[str] = DEFAULT_HOLIDAY_CSV,
) -> list[tuple[date, str, str]]:
    """Read a ``date,name,kind`` holiday CSV into (date, name, kind) rows sorted by date.

    Raises ValueError naming the line for a bad header, date or kind, an
    empty name, or a date listed twice.
    """
    rows: list[tuple[date, str, str]] = []
    seen: dict[date, int] = {}
    # utf-8-sig: the file may be re-saved from a spreadsheet, which adds a BOM.
    with open(path, newline="", encoding="utf-8-sig") as fh:
        reader = csv.reader(fh)
        header = next(reader, None)
        if header is None or [h.strip() for h in header] != ["date", "name", "kind"]:
            raise ValueError(f"{path}: header must be 'date,name,kind', got {header!r}")
        for record in reader:
            line = reader.line_num
            if not record or all(not field.strip() for field in record):
                continue
            if len(record) != 3:
                raise ValueError(f"{path}:{line}: expected 3 fields, got {len(record)}")
            raw_date, name, kind = (field.strip() for field in record)
            day = _parse_iso_date(raw_date)
            if day is None:
                raise ValueError(f"{path}:{line}: bad date {raw_date!r} (want YYYY-MM-DD)")
            if not name:
                raise ValueError(f"{path}:{line}: empty name")
            if kind not in HOLIDAY_KINDS:
                raise ValueError(
                    f"{path}:{line}: kind must be 'libur' or 'cuti_bersama', got {kind!r}"
                )
            if day in seen:
                raise ValueError(f"{path}:{line}: {day} already listed on line {seen[day]}")
            seen[day] = line
            rows.append((day, name, kind))
    rows.sort(key=lambda row: row[0])
    return rows

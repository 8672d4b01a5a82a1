"""The working-day calendar of this installation: weekends plus the Holiday table."""

from datetime import date, datetime

from .models import Holiday
from . import workdays


def holidays() -> frozenset[date]:
    # Small table (tens of rows a year): reading it each time keeps edits visible at once.
    return frozenset(Holiday.objects.values_list("date", flat=True))


def is_working_day(day: date) -> bool:
    return workdays.is_working_day(day, holidays())


def add_working_days(start: date | datetime, n: int) -> date | datetime:
    return workdays.add_working_days(start, n, holidays())


def working_days_between(start: date, end: date) -> int:
    return workdays.working_days_between(start, end, holidays())

from datetime import date, datetime

import pytest

from katalog.core import calendar
from katalog.core.models import Holiday


@pytest.mark.django_db
def test_shipped_holidays_are_loaded_for_2025_to_2027():
    years = {d.year for d in Holiday.objects.values_list("date", flat=True)}
    assert {2025, 2026, 2027} <= years
    assert Holiday.objects.filter(date=date(2026, 1, 1)).exists()


@pytest.mark.django_db
def test_a_holiday_added_by_an_administrator_moves_deadlines():
    friday = datetime(2026, 6, 5, 9, 0)
    before = calendar.add_working_days(friday, 3)
    Holiday.objects.create(date=date(2026, 6, 8), name="Libur daerah", kind=Holiday.Kind.NATIONAL)
    after = calendar.add_working_days(friday, 3)
    assert (after - before).days == 1
    assert not calendar.is_working_day(date(2026, 6, 8))

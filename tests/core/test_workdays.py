"""Working-day arithmetic and the shipped holiday list (pure functions, no database)."""

import csv
from collections import Counter
from datetime import date, datetime, time, timedelta, timezone

import pytest

from katalog.core.workdays import (
    DEFAULT_HOLIDAY_CSV,
    add_working_days,
    is_working_day,
    load_holiday_csv,
    working_days_between,
)

NO_HOLIDAYS: frozenset[date] = frozenset()
YEARS = (2025, 2026, 2027)
WIB = timezone(timedelta(hours=7), "WIB")


@pytest.fixture(scope="module")
def rows():
    return load_holiday_csv(DEFAULT_HOLIDAY_CSV)


@pytest.fixture(scope="module")
def holidays(rows):
    return frozenset(day for day, _name, _kind in rows)


# --- is_working_day -------------------------------------------------------------


def test_weekdays_without_holidays_are_working_days():
    monday = date(2026, 1, 5)
    for offset in range(5):
        assert is_working_day(monday + timedelta(days=offset), NO_HOLIDAYS)


def test_saturday_and_sunday_are_not_working_days():
    assert not is_working_day(date(2026, 1, 10), NO_HOLIDAYS)  # Saturday
    assert not is_working_day(date(2026, 1, 11), NO_HOLIDAYS)  # Sunday


def test_a_holiday_on_a_weekday_is_not_a_working_day(holidays):
    new_year = date(2026, 1, 1)  # Thursday
    assert is_working_day(new_year, NO_HOLIDAYS)
    assert not is_working_day(new_year, holidays)


def test_cuti_bersama_is_not_a_working_day(holidays):
    assert not is_working_day(date(2026, 3, 23), holidays)  # Monday, cuti bersama Idul Fitri


def test_is_working_day_treats_a_datetime_as_its_date(holidays):
    assert not is_working_day(datetime(2026, 1, 1, 9, 0), holidays)
    assert is_working_day(datetime(2026, 1, 2, 9, 0), holidays)


# --- add_working_days -----------------------------------------------------------


def test_friday_plus_three_working_days_is_wednesday():
    friday = date(2026, 1, 9)
    assert add_working_days(friday, 3, NO_HOLIDAYS) == date(2026, 1, 14)


def test_add_working_days_keeps_the_clock_time_of_a_datetime():
    friday = datetime(2026, 1, 9, 10, 30)
    assert add_working_days(friday, 3, NO_HOLIDAYS) == datetime(2026, 1, 14, 10, 30)


def test_saturday_plus_three_working_days_is_wednesday_same_time():
    saturday = datetime(2026, 1, 10, 10, 0)
    assert add_working_days(saturday, 3, NO_HOLIDAYS) == datetime(2026, 1, 14, 10, 0)


def test_sunday_late_evening_plus_one_working_day_is_monday_same_time():
    sunday = datetime(2026, 1, 11, 23, 59)
    assert add_working_days(sunday, 1, NO_HOLIDAYS) == datetime(2026, 1, 12, 23, 59)


def test_add_working_days_returns_the_type_it_was_given():
    assert type(add_working_days(date(2026, 1, 9), 1, NO_HOLIDAYS)) is date
    assert type(add_working_days(datetime(2026, 1, 9, 8), 1, NO_HOLIDAYS)) is datetime


def test_add_working_days_keeps_the_timezone_of_an_aware_datetime():
    start = datetime(2026, 1, 9, 16, 0, tzinfo=WIB)
    result = add_working_days(start, 3, NO_HOLIDAYS)
    assert result == datetime(2026, 1, 14, 16, 0, tzinfo=WIB)
    assert result.tzinfo is WIB


def test_add_working_days_skips_a_weekday_holiday(holidays):
    # Thursday 1 January 2026 is Tahun Baru.
    wednesday = date(2025, 12, 31)
    assert add_working_days(wednesday, 1, holidays) == date(2026, 1, 2)


def test_three_working_days_across_idul_fitri_2026_cuti_bersama(holidays):
    # 18 Mar cuti Nyepi, 19 Nyepi, 20 cuti, 21-22 Idul Fitri (weekend),
    # 23-24 cuti: Tuesday 17 March + 3 working days = Friday 27 March.
    start = datetime(2026, 3, 17, 10, 0)
    assert add_working_days(start, 3, holidays) == datetime(2026, 3, 27, 10, 0)


def test_monday_before_idul_fitri_2026_counts_tuesday_then_resumes_after_cuti(holidays):
    assert add_working_days(date(2026, 3, 16), 3, holidays) == date(2026, 3, 26)


def test_order_placed_during_cuti_bersama_counts_from_the_first_day_back(holidays):
    # Placed Monday 23 March 2026 (cuti bersama): Wed 25, Thu 26, Fri 27.
    start = datetime(2026, 3, 23, 9, 15)
    assert add_working_days(start, 3, holidays) == datetime(2026, 3, 27, 9, 15)


def test_zero_working_days_returns_start_unchanged():
    saturday = datetime(2026, 1, 10, 10, 0)
    assert add_working_days(saturday, 0, NO_HOLIDAYS) == saturday


def test_add_working_days_rejects_negative_or_non_int_counts():
    with pytest.raises(ValueError):
        add_working_days(date(2026, 1, 9), -1, NO_HOLIDAYS)
    with pytest.raises(TypeError):
        add_working_days(date(2026, 1, 9), 1.0, NO_HOLIDAYS)


def test_add_working_days_lands_on_a_working_day(holidays):
    start = date(2025, 1, 1)
    while start.year < 2028:
        for n in (1, 3):
            assert is_working_day(add_working_days(start, n, holidays), holidays)
        start += timedelta(days=1)


# --- working_days_between -------------------------------------------------------


def test_working_days_between_counts_half_open_range():
    friday = date(2026, 1, 9)
    assert working_days_between(friday, friday + timedelta(days=7), NO_HOLIDAYS) == 5
    assert working_days_between(friday, date(2026, 1, 12), NO_HOLIDAYS) == 1  # Monday only


def test_working_days_between_is_zero_for_empty_or_reversed_range():
    day = date(2026, 1, 9)
    assert working_days_between(day, day, NO_HOLIDAYS) == 0
    assert working_days_between(day, day - timedelta(days=10), NO_HOLIDAYS) == 0


def test_working_days_between_across_idul_fitri_2026(holidays):
    # Working days after Monday 16 March up to Tuesday 31 March 2026:
    # 17, 25, 26, 27, 30, 31.
    assert working_days_between(date(2026, 3, 16), date(2026, 3, 31), holidays) == 6


def test_weekend_holidays_are_not_subtracted_twice(holidays):
    # Idul Fitri 1447 H falls on Saturday-Sunday 21-22 March 2026.
    assert working_days_between(date(2026, 3, 20), date(2026, 3, 22), holidays) == 0
    assert working_days_between(date(2026, 3, 20), date(2026, 3, 22), NO_HOLIDAYS) == 0


def test_working_days_between_matches_day_by_day_count(holidays):
    start = date(2024, 12, 20)
    for length in range(0, 800, 17):
        end = start + timedelta(days=length)
        expected = sum(
            is_working_day(start + timedelta(days=i), holidays) for i in range(1, length + 1)
        )
        assert working_days_between(start, end, holidays) == expected


def test_working_days_between_undoes_add_working_days(holidays):
    start = date(2025, 1, 1)
    while start.year < 2028:
        for n in (1, 3, 10):
            assert working_days_between(start, add_working_days(start, n, holidays), holidays) == n
        start += timedelta(days=5)


# --- holidays.csv ---------------------------------------------------------------


def test_holiday_csv_loads_rows_sorted_by_date(rows):
    assert rows
    assert [day for day, _, _ in rows] == sorted(day for day, _, _ in rows)
    for day, name, kind in rows:
        assert isinstance(day, date)
        assert name.strip() == name and name
        assert kind in {"libur", "cuti_bersama"}


@pytest.mark.parametrize("year", YEARS)
def test_holiday_csv_has_each_year_with_at_least_15_rows(rows, year):
    assert sum(1 for day, _, _ in rows if day.year == year) >= 15


@pytest.mark.parametrize("year", YEARS)
def test_holiday_csv_has_both_kinds_and_fixed_national_days_each_year(rows, year):
    by_date = {day: (name, kind) for day, name, kind in rows}
    for month, day in ((1, 1), (5, 1), (6, 1), (8, 17), (12, 25)):
        assert by_date[date(year, month, day)][1] == "libur"
    kinds = {kind for day, _, kind in rows if day.year == year}
    assert kinds == {"libur", "cuti_bersama"}
    assert any("Idul Fitri" in name for day, name, _ in rows if day.year == year)


def test_holiday_csv_has_no_duplicate_dates_within_a_year():
    # Read the raw file, independently of the loader's own duplicate check.
    with open(DEFAULT_HOLIDAY_CSV, newline="", encoding="utf-8-sig") as fh:
        raw_dates = [row["date"] for row in csv.DictReader(fh)]
    duplicates = [d for d, count in Counter(raw_dates).items() if count > 1]
    assert duplicates == []


def test_holiday_csv_dates_fall_in_their_year(rows):
    for day, name, _ in rows:
        assert day.year in YEARS, (day, name)
        # Names that carry a Gregorian year must carry the row's own year.
        if name.startswith("Tahun Baru") and "Masehi" in name:
            assert name == f"Tahun Baru {day.year} Masehi"
            assert (day.month, day.day) == (1, 1)


def test_holiday_csv_2025_includes_the_18_august_cuti_bersama(rows):
    assert (date(2025, 8, 18), "cuti_bersama") in {(day, kind) for day, _, kind in rows}


# --- load_holiday_csv errors ----------------------------------------------------


def _write(tmp_path, text, encoding="utf-8"):
    path = tmp_path / "holidays.csv"
    path.write_text(text, encoding=encoding)
    return path


def test_load_holiday_csv_accepts_a_spreadsheet_bom_and_blank_lines(tmp_path):
    path = _write(
        tmp_path,
        "date,name,kind\n2026-01-01,Tahun Baru 2026 Masehi,libur\n\n",
        encoding="utf-8-sig",
    )
    assert load_holiday_csv(path) == [(date(2026, 1, 1), "Tahun Baru 2026 Masehi", "libur")]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("tanggal,nama,jenis\n2026-01-01,Tahun Baru,libur\n", "header"),
        ("date,name,kind\n01/01/2026,Tahun Baru,libur\n", "bad date"),
        ("date,name,kind\n20260101,Tahun Baru,libur\n", "bad date"),
        ("date,name,kind\n2026-02-30,Tahun Baru,libur\n", "bad date"),
        ("date,name,kind\n2026-01-01,Tahun Baru,nasional\n", "kind"),
        ("date,name,kind\n2026-01-01,,libur\n", "empty name"),
        ("date,name,kind\n2026-01-01,Tahun Baru\n", "3 fields"),
        ("date,name,kind\n2026-01-01,A,libur\n2026-01-01,B,cuti_bersama\n", "already listed"),
    ],
)
def test_load_holiday_csv_rejects_bad_rows_naming_the_problem(tmp_path, text, message):
    with pytest.raises(ValueError, match=message):
        load_holiday_csv(_write(tmp_path, text))

"""Rupiah formatting, terbilang, parsing and PPN (pure functions, no database)."""

from decimal import Decimal

import pytest

from katalog.core.money import (
    format_rupiah,
    parse_rupiah,
    ppn_amount,
    terbilang,
    terbilang_rupiah,
)

# --- format_rupiah ------------------------------------------------------------


@pytest.mark.parametrize(
    ("amount", "expected"),
    [
        (0, "Rp0"),
        (5, "Rp5"),
        (999, "Rp999"),
        (1000, "Rp1.000"),
        (12500, "Rp12.500"),
        (1250000, "Rp1.250.000"),
        (1_000_000_000_000, "Rp1.000.000.000.000"),
    ],
)
def test_format_rupiah_groups_thousands_with_dots(amount, expected):
    assert format_rupiah(amount) == expected


def test_format_rupiah_puts_minus_before_rp():
    assert format_rupiah(-1250000) == "-Rp1.250.000"


@pytest.mark.parametrize("bad", [1250000.0, Decimal("1250000"), "1250000", True, False, None])
def test_format_rupiah_rejects_anything_but_int(bad):
    with pytest.raises(TypeError):
        format_rupiah(bad)


# --- terbilang ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("amount", "expected"),
    [
        (0, "nol"),
        (1, "satu"),
        (9, "sembilan"),
        (10, "sepuluh"),
        (11, "sebelas"),
        (12, "dua belas"),
        (19, "sembilan belas"),
        (20, "dua puluh"),
        (21, "dua puluh satu"),
        (99, "sembilan puluh sembilan"),
        (100, "seratus"),
        (101, "seratus satu"),
        (110, "seratus sepuluh"),
        (111, "seratus sebelas"),
        (115, "seratus lima belas"),
        (200, "dua ratus"),
        (999, "sembilan ratus sembilan puluh sembilan"),
        (1000, "seribu"),
        (1001, "seribu satu"),
        (1100, "seribu seratus"),
        (2000, "dua ribu"),
        (10_000, "sepuluh ribu"),
        (11_000, "sebelas ribu"),
        (100_000, "seratus ribu"),
        (101_000, "seratus satu ribu"),
        (1_000_000, "satu juta"),
        (1_000_001, "satu juta satu"),
        (1_001_000, "satu juta seribu"),
        (1_250_000, "satu juta dua ratus lima puluh ribu"),
        (2_500_000_000, "dua miliar lima ratus juta"),
        (1_000_000_000, "satu miliar"),
        (1_000_000_000_000, "satu triliun"),
        (
            999_999_999_999_999,
            "sembilan ratus sembilan puluh sembilan triliun "
            "sembilan ratus sembilan puluh sembilan miliar "
            "sembilan ratus sembilan puluh sembilan juta "
            "sembilan ratus sembilan puluh sembilan ribu "
            "sembilan ratus sembilan puluh sembilan",
        ),
    ],
)
def test_terbilang_spells_whole_numbers_in_indonesian(amount, expected):
    assert terbilang(amount) == expected


def test_terbilang_reads_seribu_not_satu_ribu():
    assert terbilang(1000) == "seribu"
    assert "satu ribu" not in terbilang(1_001_000)


def test_terbilang_keeps_satu_before_juta_miliar_triliun():
    assert terbilang(1_000_000) == "satu juta"
    assert terbilang(1_000_000_000) == "satu miliar"
    assert terbilang(1_000_000_000_000) == "satu triliun"


def test_terbilang_reads_seratus_ribu_inside_larger_numbers():
    assert terbilang(100_100_000) == "seratus juta seratus ribu"


def test_terbilang_says_minus_for_negative_amounts():
    assert terbilang(-1500) == "minus seribu lima ratus"


def test_terbilang_refuses_a_thousand_trillion_or_more():
    with pytest.raises(ValueError):
        terbilang(10**15)


@pytest.mark.parametrize("bad", [1.0, "12", True, None])
def test_terbilang_rejects_non_int(bad):
    with pytest.raises(TypeError):
        terbilang(bad)


def test_terbilang_rupiah_capitalises_and_adds_rupiah():
    assert terbilang_rupiah(1250000) == "Satu juta dua ratus lima puluh ribu rupiah"
    assert terbilang_rupiah(0) == "Nol rupiah"
    assert terbilang_rupiah(-5000) == "Minus lima ribu rupiah"


# --- parse_rupiah ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Rp 12.500,00", 12500),
        ("12.500", 12500),
        ("12500", 12500),
        ("Rp12,500", 12500),
        ("1.250.000,-", 1250000),
        (" 7500 ", 7500),
        ("Rp. 12.500", 12500),
        ("rp12.500", 12500),
        ("IDR 12.500", 12500),
        ("12.500 IDR", 12500),
        ("Rp 5.000.-", 5000),
        ("Rp\u00a012.500", 12500),
        ("12 500", 12500),
        ("1,250,000", 1250000),
        ("12,500.00", 12500),
        ("1.250.000,00", 1250000),
        ("12500,00", 12500),
        ("12500.0", 12500),
        ("0", 0),
        ("-Rp1.250.000", -1250000),
    ],
)
def test_parse_rupiah_reads_messy_text(text, expected):
    assert parse_rupiah(text) == expected


def test_parse_rupiah_round_trips_format_rupiah():
    for amount in (0, 1, 999, 1000, 12500, 1250000, -1250000, 10**13):
        assert parse_rupiah(format_rupiah(amount)) == amount


@pytest.mark.parametrize(
    ("value", "expected"),
    [(12500, 12500), (12500.0, 12500), (0.0, 0), (Decimal("12500.00"), 12500)],
)
def test_parse_rupiah_accepts_whole_numeric_cells(value, expected):
    result = parse_rupiah(value)
    assert result == expected
    assert type(result) is int


@pytest.mark.parametrize(
    "value", [12500.5, Decimal("12500.01"), "12.500,50", "12500.5", "12,5", "Rp 1.000,01"]
)
def test_parse_rupiah_rejects_fractional_rupiah(value):
    with pytest.raises(ValueError, match="rupiah bulat"):
        parse_rupiah(value)


@pytest.mark.parametrize(
    "text",
    [
        "abc",
        "Rp",
        "-",
        "12.50.0",
        "12,500,00",
        "12.500.000,00,00",
        "12 5",
        "1 2345",
        "Rp 12.500 abc",
        "12..500",
        "1,234.567,00",
        "١٢٣",
        "12e3",
    ],
)
def test_parse_rupiah_rejects_garbage_with_indonesian_message(text):
    with pytest.raises(ValueError, match="Harga tidak dapat dibaca"):
        parse_rupiah(text)


@pytest.mark.parametrize("text", ["", "   ", None])
def test_parse_rupiah_rejects_empty_input(text):
    with pytest.raises(ValueError, match="Harga kosong"):
        parse_rupiah(text)


@pytest.mark.parametrize("value", [float("nan"), float("inf")])
def test_parse_rupiah_rejects_non_finite_cells(value):
    with pytest.raises(ValueError):
        parse_rupiah(value)


def test_parse_rupiah_rejects_bool_cells():
    with pytest.raises(TypeError):
        parse_rupiah(True)


# --- ppn_amount -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("base", "rate", "expected"),
    [
        (100_000, 12, 12_000),
        (100_000, 0, 0),
        (0, 12, 0),
        (1, 12, 0),  # 0.12 rounds down
        (4, 12, 0),  # 0.48 rounds down
        (5, 10, 1),  # exactly 0.5 rounds up
        (25, 2, 1),  # exactly 0.5 rounds up
        (13, 12, 2),  # 1.56 rounds up
        (12_345, 12, 1_481),  # 1481.4 rounds down
        (12_375, 12, 1_485),  # exactly 1485.0
        (12_379, 12, 1_485),  # 1485.48 rounds down
        (12_380, 12, 1_486),  # 1485.6 rounds up
    ],
)
def test_ppn_amount_rounds_half_up_to_whole_rupiah(base, rate, expected):
    assert ppn_amount(base, rate) == expected


def test_ppn_amount_is_exact_for_amounts_floats_would_garble():
    # 10**17 * 12 / 100 as a float loses the last rupiah; integers must not.
    base = 10**17 + 13
    assert ppn_amount(base, 12) == (base * 12 + 50) // 100


def test_ppn_amount_mirrors_negative_bases():
    assert ppn_amount(-5, 10) == -1
    assert ppn_amount(-12_380, 12) == -ppn_amount(12_380, 12)


def test_ppn_amount_rejects_floats_and_negative_rates():
    with pytest.raises(TypeError):
        ppn_amount(100.0, 12)
    with pytest.raises(TypeError):
        ppn_amount(100, 12.0)
    with pytest.raises(TypeError):
        ppn_amount(True, 12)
    with pytest.raises(ValueError):
        ppn_amount(100, -12)


# --- line_tax (PMK 131/2024) -------------------------------------------------------

from datetime import date  # noqa: E402

from django.conf import settings  # noqa: E402
from django.test import override_settings  # noqa: E402

from katalog.core.money import line_tax, line_tax_with, ppn_rule_on  # noqa: E402


def test_an_ordinary_line_of_one_million_carries_dpp_916_667_and_ppn_110_000():
    tax = line_tax(1_000_000, on=date(2026, 3, 17), charges_ppn=True)
    # DPP = 11/12 × 1 000 000 = 916 666.67, rounded half-up; PPN = 12% × 11/12 × 1 000 000 = 110 000 exactly.
    assert (tax.dpp, tax.ppn, tax.rate_percent, tax.dpp_numerator, tax.dpp_denominator) == (
        916_667, 110_000, 12, 11, 12)


def test_a_ppnbm_line_pays_twelve_percent_of_the_full_price():
    tax = line_tax(1_000_000, on=date(2026, 3, 17), charges_ppn=True, ppnbm=True)
    assert (tax.dpp, tax.ppn, tax.dpp_numerator, tax.dpp_denominator) == (1_000_000, 120_000, 1, 1)


def test_a_seller_who_is_not_pkp_charges_no_ppn_even_on_luxury_goods():
    tax = line_tax(1_000_000, on=date(2026, 3, 17), charges_ppn=False, ppnbm=True)
    assert (tax.dpp, tax.ppn, tax.rate_percent) == (0, 0, 0)


def test_ppn_is_rounded_once_from_the_exact_fraction_not_from_the_rounded_dpp():
    # 99 999 × 11/12 = 91 665.75 → DPP 91 666; 99 999 × 11% = 10 999.89 → PPN 11 000.
    tax = line_tax_with(99_999, 12, 11, 12)
    assert (tax.dpp, tax.ppn) == (91_666, 11_000)
    # Half a rupiah goes up: 50 × 11% = 5.5 → 6; 6 × 11/12 = 5.5 → DPP 6.
    assert line_tax_with(50, 12, 11, 12).ppn == 6
    assert line_tax_with(6, 12, 11, 12).dpp == 6


def test_the_rule_in_force_depends_on_the_day():
    assert ppn_rule_on(date(2024, 12, 31)).rate_percent == 11
    before = line_tax(1_000_000, on=date(2024, 12, 31), charges_ppn=True)
    assert (before.dpp, before.ppn) == (1_000_000, 110_000)
    assert ppn_rule_on(date(2025, 1, 1)).dpp_numerator == 11
    later = (*settings.KATALOG_RULES["ppn_schedule"], (date(2027, 1, 1), 12, 1, 1))
    with override_settings(KATALOG_RULES={**settings.KATALOG_RULES, "ppn_schedule": later}):
        assert line_tax(1_000_000, on=date(2026, 12, 31), charges_ppn=True).ppn == 110_000
        assert line_tax(1_000_000, on=date(2027, 1, 1), charges_ppn=True).ppn == 120_000
    with pytest.raises(ValueError, match="Tidak ada tarif PPN"):
        ppn_rule_on(date(2020, 1, 1))

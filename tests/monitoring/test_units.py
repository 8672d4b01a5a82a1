"""Reading what one selling unit holds from the unit and the product name (no database)."""

from fractions import Fraction

import pytest

from katalog.monitoring.units import comparable, measure


@pytest.mark.parametrize("name, unit, dimension, amount", [
    ("Gula Aren Cetak Asli 1 kg", "kg", "kg", Fraction(1)),
    ("Gula Semut Aren Organik 250 gr", "bungkus", "kg", Fraction(1, 4)),
    ("Beras Premium 25 kg", "karung", "kg", Fraction(25)),
    ("Gula Aren Cair 500 ml", "botol", "liter", Fraction(1, 2)),
    ("Sabun Cair 1,5 Liter", "botol", "liter", Fraction(3, 2)),
    ("Air Mineral Cup 220 ml isi 48 (1 dus)", "dus", "liter", Fraction(1056, 100)),
    ("Kertas HVS A4 70 gr SiDU 1 Rim", "rim", "lembar", Fraction(500)),
    ("Kertas SiDU A4 70gsm per Dus (5 Rim)", "dus", "lembar", Fraction(2500)),
    ("Pulpen Standard AE7 Hitam 1 Box isi 12", "kotak", "buah", Fraction(12)),
    ("Tisu Saku isi 10", "pak", "buah", Fraction(10)),
    ("Pulpen Gel Hitam", "pcs", "buah", Fraction(1)),
    ("Paket Oleh-oleh Khas Lampung", "paket", "per paket", Fraction(1)),
])
def test_the_size_is_read_from_the_unit_and_the_name(name, unit, dimension, amount):
    found = measure(name, unit)
    assert (found.dimension, found.amount) == (dimension, amount)


def test_price_per_base_unit_rounds_half_up():
    assert measure("Gula Semut 250 gr", "bungkus").per_base(10_000) == 40_000
    assert measure("Air Mineral Cup 220 ml isi 48", "dus").per_base(25_000) == 2_367  # 2.367,4 per litre


def test_other_sizes_make_different_things_and_unknown_packs_compare_only_with_the_same_unit():
    small, large = measure("Bangku Kayu 120 cm", "unit"), measure("Bangku Kayu 300 cm", "unit")
    assert comparable(small, large) and not small.same_pack(large)
    assert measure("Beras 5 kg", "karung").same_pack(measure("Beras Medium 5kg", "karung"))
    assert not measure("Beras 5 kg", "karung").same_pack(measure("Beras 25 kg", "karung"))
    assert not comparable(measure("Parsel", "paket"), measure("Parsel", "set"))
    assert not comparable(measure("Gula Aren 1 kg", "kg"), measure("Sirup Aren 500 ml", "botol"))

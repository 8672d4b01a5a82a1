import pytest
from django.core.exceptions import ValidationError

from katalog.suppliers.forms import BusinessForm, ContactForm
from katalog.suppliers.validators import (
    normalize_bank_account, normalize_kbli_list, normalize_nib, normalize_nik, normalize_npwp, normalize_phone,
    npwp_variants,
)
from tests.factories import make_supplier

# 18.03.02 (Kotabumi), born 17-08-1985, serial 0001; women add 40 to the day.
GOOD_NIK = "1803021708850001"


def _message(func, value) -> str:
    with pytest.raises(ValidationError) as caught:
        func(value)
    return " ".join(caught.value.messages)


def test_nik_with_spaces_or_dots_is_normalised_to_sixteen_digits():
    assert normalize_nik("1803 0217 0885 0001") == GOOD_NIK
    assert normalize_nik("1803.0257.0885.0001") == "1803025708850001"  # a woman born on the 17th


@pytest.mark.parametrize(("nik", "words"), [
    ("180302170885001", "16 digit"),
    ("18030217088500012", "16 digit"),
    ("18030217O8850001", "angka"),
    ("9903021708850001", "kode provinsi"),
    ("1800021708850001", "kode provinsi"),
    ("1803001708850001", "kode provinsi"),
    ("1803023208850001", "tanggal lahir"),
    ("1803021713850001", "tanggal lahir"),
    ("1803027208850001", "tanggal lahir"),
    ("1803023002850001", "tanggal lahir"),
    ("1803021708850000", "0000"),
])
def test_implausible_nik_is_refused_with_a_message_saying_what_is_wrong(nik, words):
    assert words in _message(normalize_nik, nik)


def test_nik_accepts_29_february_of_a_leap_year_in_either_century():
    assert normalize_nik("1803022902000001")  # 29-02-2000
    assert "tanggal lahir" in _message(normalize_nik, "1803022902010001")  # 2001 and 1901 are not leap years


def test_nib_must_be_thirteen_digits_and_not_all_zero():
    assert normalize_nib("9120 0012 3456 7") == "9120001234567"
    assert "13 digit" in _message(normalize_nib, "912000123456")
    assert "nol" in _message(normalize_nib, "0000000000000")
    assert "angka" in _message(normalize_nib, "91200012345AB")


def test_npwp_accepts_legacy_fifteen_and_new_sixteen_digit_forms():
    assert normalize_npwp("01.234.567.8-912.000") == "012345678912000"
    assert normalize_npwp("1803021708850001") == "1803021708850001"
    assert "15 digit" in _message(normalize_npwp, "12345678901234")
    assert npwp_variants("012345678912000") == {"012345678912000", "0012345678912000"}
    assert npwp_variants("0012345678912000") == {"0012345678912000", "012345678912000"}


def test_kbli_codes_are_five_digits_unique_and_in_typed_order():
    assert normalize_kbli_list("10761, 47211 10761;56210") == ["10761", "47211", "56210"]
    assert "5 digit" in _message(normalize_kbli_list, "10761, 4721")
    assert "10" in _message(normalize_kbli_list, ", ".join(str(10000 + i) for i in range(11)))


@pytest.mark.parametrize(("typed", "stored"), [
    ("0812-3456-7890", "+6281234567890"),
    ("+62 812 3456 7890", "+6281234567890"),
    ("6281234567890", "+6281234567890"),
    ("(0724) 21234", "+6272421234"),
])
def test_indonesian_phone_numbers_are_stored_in_one_form(typed, stored):
    assert normalize_phone(typed) == stored


@pytest.mark.parametrize("typed", ["+1 415 555 0100", "0812", "081234567890123", "0800 1234 5678", "12345678", "08a2"])
def test_foreign_or_malformed_phone_numbers_are_refused(typed):
    with pytest.raises(ValidationError):
        normalize_phone(typed)


def test_bank_account_is_digits_only():
    assert normalize_bank_account("0123-01-000456-50-9") == "012301000456509"
    assert "5–20" in _message(normalize_bank_account, "123")


def _business(**overrides):
    data = {"name": "UD Kopi Bukit", "owner_name": "Siti Aminah", "owner_nik": GOOD_NIK, "nib": "9120001234567",
            "npwp": "012345678912000", "scale": "mikro", "kbli_codes": "10761"}
    data.update(overrides)
    return data


@pytest.mark.django_db
def test_business_form_gives_a_message_on_each_bad_field_and_keeps_what_was_typed():
    form = BusinessForm(data=_business(owner_nik="123", nib="12", npwp="1", kbli_codes="1076"))
    assert not form.is_valid()
    assert set(form.errors) == {"owner_nik", "nib", "npwp", "kbli_codes"}
    html = form.as_p()
    assert 'value="UD Kopi Bukit"' in html and 'value="Siti Aminah"' in html


@pytest.mark.django_db
def test_same_nib_registered_twice_is_refused_on_the_nib_field():
    make_supplier(nib="9120001234567")
    form = BusinessForm(data=_business())
    assert not form.is_valid()
    assert "sudah terdaftar" in form.errors["nib"][0]


@pytest.mark.django_db
def test_same_npwp_in_the_other_format_counts_as_a_duplicate():
    make_supplier(npwp="0012345678912000")  # 16-digit form of the legacy number below
    form = BusinessForm(data=_business(npwp="01.234.567.8-912.000"))
    assert not form.is_valid()
    assert "sudah terdaftar" in form.errors["npwp"][0]


@pytest.mark.django_db
def test_editing_a_supplier_does_not_call_its_own_nib_a_duplicate():
    supplier = make_supplier(nib="9120001234567", npwp="012345678912000")
    assert BusinessForm(data=_business(), supplier_pk=supplier.pk).is_valid()


def test_bank_details_are_all_or_nothing():
    form = ContactForm(data={"phone": "081234567890", "bank_name": "BRI"})
    assert not form.is_valid()
    assert "bank_account_number" in form.errors and "bank_account_holder" in form.errors
    assert ContactForm(data={"phone": "081234567890"}).is_valid()

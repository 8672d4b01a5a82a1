"""Django's own validation messages read as an Indonesian official writes them (locale_overrides/), and the
stock translation's wrong "tidak ada" for "already exists" is gone. English is untouched."""

import pytest
from django import forms
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.utils import translation
from django.utils.translation import gettext

from katalog.agencies.models import User
from katalog.regions.models import District


class VisitLike(forms.Form):
    name = forms.CharField(max_length=5)
    count = forms.IntegerField(max_value=10)
    email = forms.EmailField()
    day = forms.DateField()
    district = forms.ModelChoiceField(queryset=District.objects.none())


def errors_in(language: str, data: dict) -> dict:
    with translation.override(language):
        form = VisitLike(data)
        form.is_valid()
        return {name: [str(m) for m in errors] for name, errors in form.errors.items()}


@pytest.mark.django_db
def test_form_messages_are_plain_indonesian():
    errors = errors_in("id", {"name": "Gula aren", "count": "12", "email": "bukan-email", "day": "31-02-2026",
                              "district": "99"})
    assert errors == {
        "name": ["Terlalu panjang: paling banyak 5 huruf (sekarang 9)."],
        "count": ["Paling besar 10."],
        "email": ["Alamat e-mail belum benar. Contoh: nama@contoh.id"],
        "day": ["Tanggal belum benar. Isi hari, bulan dan tahun."],
        "district": ["Pilihan itu tidak tersedia. Pilih salah satu dari daftar."],
    }
    assert errors_in("id", {})["email"] == ["Wajib diisi."]


@pytest.mark.django_db
def test_english_keeps_djangos_own_words():
    assert errors_in("en", {})["email"] == ["This field is required."]


@pytest.mark.django_db
def test_already_exists_no_longer_says_does_not_exist():
    """The stock catalogue renders Django's unique-together message as "... tidak ada" ("does not exist")."""
    with translation.override("id"):
        text = gettext("%(model_name)s with this %(field_labels)s already exists.") % {
            "model_name": "Produk", "field_labels": "SKU dan penyedia"}
    assert text == "Produk dengan SKU dan penyedia ini sudah ada."


@pytest.mark.django_db
def test_password_messages_name_the_problem_in_plain_words():
    user = User(username="warung.bu.sri", full_name="Sri Rahayu")
    with translation.override("id"), pytest.raises(ValidationError) as refused:
        validate_password("12345678", user)
    assert "Kata sandi tidak boleh hanya angka." in refused.value.messages
    assert "Kata sandi ini terlalu umum dan mudah ditebak." in refused.value.messages

"""Checks for the identifiers of an Indonesian business and its owner.

Each `normalize_*` function takes what a person typed (spaces, dots, dashes
and a +62 prefix are all common) and returns the canonical digits, or raises
`ValidationError` with an Indonesian message that says what to fix. Nothing
here touches the database; duplicate checks live in `selectors.py`.
"""

import datetime
import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# Kemendagri province codes (the first two digits of a NIK and of every region code).
# NIKs issued before the 2022 Papua split keep 91/92, so every code is accepted.
PROVINCE_CODES = frozenset({
    "11", "12", "13", "14", "15", "16", "17", "18", "19", "21",
    "31", "32", "33", "34", "35", "36", "51", "52", "53",
    "61", "62", "63", "64", "65", "71", "72", "73", "74", "75", "76",
    "81", "82", "91", "92", "93", "94", "95", "96",
})

_SEPARATORS = re.compile(r"[\s.\-/]")


def _digits(value, *, label: str, code: str) -> str:
    text = _SEPARATORS.sub("", str(value or ""))
    if not text.isdigit():
        raise ValidationError(_("%(label)s hanya boleh berisi angka.") % {"label": label}, code=code)
    return text


def normalize_nik(value) -> str:
    """NIK (Nomor Induk Kependudukan), 16 digits: region (6), birth date DDMMYY (6; women's day + 40), serial (4).

    UU 24/2013 (Administrasi Kependudukan) and Permendagri 73/2022 describe the layout.
    """
    nik = _digits(value, label="NIK", code="nik_digits")
    if len(nik) != 16:
        raise ValidationError(
            _("NIK harus 16 digit; yang Anda isi %(n)d digit. Salin dari KTP.") % {"n": len(nik)}, code="nik_length"
        )
    if nik[:2] not in PROVINCE_CODES or nik[2:4] == "00" or nik[4:6] == "00":
        raise ValidationError(
            _("Enam digit pertama NIK (kode provinsi, kabupaten/kota, kecamatan) tidak dikenal. Periksa kembali."),
            code="nik_region",
        )
    day, month, year = int(nik[6:8]), int(nik[8:10]), int(nik[10:12])
    if day > 40:
        day -= 40
    if not _is_plausible_birth_date(day, month, year):
        raise ValidationError(
            _("Digit ke-7 sampai ke-12 NIK (tanggal lahir) tidak membentuk tanggal yang benar. Periksa kembali."),
            code="nik_birth_date",
        )
    if nik[12:] == "0000":
        raise ValidationError(_("Empat digit terakhir NIK tidak boleh 0000."), code="nik_serial")
    return nik


def _is_plausible_birth_date(day: int, month: int, year2: int) -> bool:
    # The century is not in the NIK; the date is valid if it exists in either century.
    for century in (1900, 2000):
        try:
            datetime.date(century + year2, month, day)
            return True
        except ValueError:
            continue
    return False


def normalize_nib(value) -> str:
    """NIB (Nomor Induk Berusaha), 13 digits, issued by OSS (PP 5/2021)."""
    nib = _digits(value, label="NIB", code="nib_digits")
    if len(nib) != 13:
        raise ValidationError(
            _("NIB harus 13 digit; yang Anda isi %(n)d digit. Lihat dokumen NIB dari OSS.") % {"n": len(nib)},
            code="nib_length",
        )
    if set(nib) == {"0"}:
        raise ValidationError(_("NIB tidak boleh berisi nol semua."), code="nib_zero")
    return nib


def normalize_npwp(value) -> str:
    """NPWP: the legacy 15-digit form (99.999.999.9-999.999) or the 16-digit form (PMK 112/2022).

    Stored as the digits typed. Since 2024 the 16-digit form of a legacy number is
    '0' followed by the 15 digits; `npwp_variants` lets duplicate checks see both.
    """
    npwp = _digits(value, label="NPWP", code="npwp_digits")
    if len(npwp) not in (15, 16):
        raise ValidationError(
            _("NPWP harus 15 digit (format lama) atau 16 digit (format baru); yang Anda isi %(n)d digit.")
            % {"n": len(npwp)},
            code="npwp_length",
        )
    if set(npwp) == {"0"}:
        raise ValidationError(_("NPWP tidak boleh berisi nol semua."), code="npwp_zero")
    return npwp


def npwp_variants(npwp: str) -> set[str]:
    """Every stored form that names the same taxpayer as `npwp`."""
    forms = {npwp}
    if len(npwp) == 15:
        forms.add("0" + npwp)
    elif len(npwp) == 16 and npwp.startswith("0"):
        forms.add(npwp[1:])
    return forms


def normalize_kbli(value) -> str:
    """One KBLI 2020 code: 5 digits (BPS, Peraturan BPS 2/2020)."""
    code = _digits(value, label="KBLI", code="kbli_digits")
    if len(code) != 5:
        raise ValidationError(
            _("Kode KBLI %(code)s harus 5 digit (lihat lampiran NIB).") % {"code": code}, code="kbli_length"
        )
    return code


def normalize_kbli_list(value) -> list[str]:
    """A comma/space separated list of KBLI codes → unique codes in the order typed (at most 10)."""
    if isinstance(value, (list, tuple)):
        parts = [str(p) for p in value]
    else:
        parts = re.split(r"[,;\s]+", str(value or ""))
    codes: list[str] = []
    for part in parts:
        if not part.strip():
            continue
        code = normalize_kbli(part)
        if code not in codes:
            codes.append(code)
    if len(codes) > 10:
        raise ValidationError(_("Isi paling banyak 10 kode KBLI."), code="kbli_too_many")
    return codes


def normalize_phone(value) -> str:
    """An Indonesian phone number → '+62…'. Accepts 08…, 62…, +62… and landlines (0xx…).

    Mobile numbers are 08 + 8 to 11 more digits; landlines 0 + area code + number,
    9 to 11 digits in all.
    """
    text = re.sub(r"[\s.\-()]", "", str(value or ""))
    if text.startswith("+"):
        text = text[1:]
        if not text.startswith("62"):
            raise ValidationError(_("Gunakan nomor telepon Indonesia (+62 atau 0…)."), code="phone_country")
    if not text.isdigit():
        raise ValidationError(_("Nomor telepon hanya boleh berisi angka, spasi atau tanda +."), code="phone_digits")
    if text.startswith("62"):
        text = "0" + text[2:]
    if not text.startswith("0") or text.startswith("00"):
        raise ValidationError(_("Nomor telepon harus diawali 0, 62 atau +62, misalnya 0812 3456 7890."),
                              code="phone_prefix")
    if text.startswith("08"):
        if not 10 <= len(text) <= 13 or text[2] == "0":
            raise ValidationError(_("Nomor HP harus 10–13 digit dan diawali 08, misalnya 0812 3456 7890."),
                                  code="phone_mobile_length")
    elif not 9 <= len(text) <= 11:
        raise ValidationError(_("Nomor telepon rumah/kantor harus 9–11 digit termasuk kode area, misalnya 0724 21234."),
                              code="phone_landline_length")
    return "+62" + text[1:]


def normalize_bank_account(value) -> str:
    """A bank account number: 5 to 20 digits (Indonesian banks use 10–16)."""
    number = _digits(value, label=_("Nomor rekening"), code="bank_digits")
    if not 5 <= len(number) <= 20:
        raise ValidationError(_("Nomor rekening harus 5–20 digit."), code="bank_length")
    return number

"""Rupiah amounts: formatting, words (terbilang), parsing and PPN.

Money is always a whole number of rupiah held in an ``int``. Floats never
carry money here: they cannot hold every rupiah value exactly and the
rupiah has no sub-unit in use.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from .rules import rule

__all__ = [
    "format_rupiah",
    "terbilang",
    "terbilang_rupiah",
    "parse_rupiah",
    "ppn_amount",
    "PpnRule",
    "LineTax",
    "ppn_rule_on",
    "line_tax",
    "line_tax_with",
]


def _require_int(value: object, what: str = "amount") -> int:
    # bool is a subclass of int; True rupiah is always a bug upstream.
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"{what} must be an int of whole rupiah, not {type(value).__name__}")
    return value


# --- formatting -------------------------------------------------------------


def format_rupiah(amount: int) -> str:
    """Format whole rupiah the Indonesian way: 1250000 -> "Rp1.250.000"."""
    _require_int(amount)
    digits = f"{abs(amount):,}".replace(",", ".")
    return f"-Rp{digits}" if amount < 0 else f"Rp{digits}"


# --- terbilang --------------------------------------------------------------

_ONES = ("", "satu", "dua", "tiga", "empat", "lima", "enam", "tujuh", "delapan", "sembilan")

# Largest scale first; 10**15 (kuadriliun) is deliberately not supported:
# nothing this catalogue buys comes near it, and an amount that large is
# far more likely a data error than a real price.
_SCALES = ((10**12, "triliun"), (10**9, "miliar"), (10**6, "juta"), (10**3, "ribu"))
_TERBILANG_LIMIT = 10**15


def _below_thousand(n: int) -> list[str]:
    """Words for 0 < n < 1000 (empty list for 0)."""
    words: list[str] = []
    hundreds, rest = divmod(n, 100)
    if hundreds == 1:
        words.append("seratus")
    elif hundreds:
        words += [_ONES[hundreds], "ratus"]
    if rest == 10:
        words.append("sepuluh")
    elif rest == 11:
        words.append("sebelas")
    elif 12 <= rest <= 19:
        words += [_ONES[rest - 10], "belas"]
    else:
        tens, ones = divmod(rest, 10)
        if tens:
            words += [_ONES[tens], "puluh"]
        if ones:
            words.append(_ONES[ones])
    return words


def terbilang(amount: int) -> str:
    """Indonesian words for a whole number, lower case: 1001 -> "seribu satu".

    Supports magnitudes below 10**15 (up to 999 triliun ...); raises
    ValueError beyond that.
    """
    _require_int(amount)
    if amount == 0:
        return "nol"
    if amount < 0:
        return "minus " + terbilang(-amount)
    if amount >= _TERBILANG_LIMIT:
        raise ValueError("Nilai terlalu besar untuk dieja (batas: di bawah 1.000 triliun).")

    words: list[str] = []
    rest = amount
    for size, name in _SCALES:
        count, rest = divmod(rest, size)
        if not count:
            continue
        # Only "ribu" contracts with one: "seribu", but "satu juta".
        if count == 1 and name == "ribu":
            words.append("seribu")
        else:
            words += _below_thousand(count) + [name]
    words += _below_thousand(rest)
    return " ".join(words)


def terbilang_rupiah(amount: int) -> str:
    """Amount in words for letters and receipts: "Seribu rupiah"."""
    words = terbilang(amount)
    return words[0].upper() + words[1:] + " rupiah"


# --- parsing ----------------------------------------------------------------

# "Rp", "Rp.", "IDR" before the number or "IDR"/"Rp" after it, in any case.
_CURRENCY_PREFIX = re.compile(r"^(?:rp\.?|idr)\s*", re.IGNORECASE)
_CURRENCY_SUFFIX = re.compile(r"\s*(?:rp|idr)\.?$", re.IGNORECASE)
# Accounting habit: "1.250.000,-" or "5.000.-" or "5.000-" means "no cents".
_TRAILING_DASH = re.compile(r"[.,]?-+$")
_DIGITS = re.compile(r"^[0-9]+$")
_SPACE_GROUPED = re.compile(r"^[0-9]{1,3}(?: [0-9]{3})+(?=$|[.,])")


def _grouped(sep: str) -> re.Pattern[str]:
    return re.compile(r"^[0-9]{1,3}(?:" + re.escape(sep) + r"[0-9]{3})+$")


_DOT_GROUPED = _grouped(".")
_COMMA_GROUPED = _grouped(",")


def _unreadable(raw: object) -> ValueError:
    return ValueError(f"Harga tidak dapat dibaca: {raw!r}")


def _fractional(raw: object) -> ValueError:
    return ValueError(f"Harga harus dalam rupiah bulat, tanpa sen: {raw!r}")


def _split_number(body: str, raw: object) -> tuple[str, str]:
    """Split a separator-laden number into (integer digits, fraction digits).

    Indonesian convention first: '.' groups thousands, ',' marks decimals.
    English-style input from spreadsheets is accepted where unambiguous.
    """
    has_dot, has_comma = "." in body, "," in body
    if not has_dot and not has_comma:
        if _DIGITS.match(body):
            return body, ""
        raise _unreadable(raw)

    if has_dot and has_comma:
        # The separator that comes last is the decimal one, the other groups
        # thousands: "12.500,00" (Indonesian) or "12,500.00" (English).
        decimal_sep = "," if body.rfind(",") > body.rfind(".") else "."
        thousands_sep = "." if decimal_sep == "," else ","
        whole, _, fraction = body.rpartition(decimal_sep)
        if not _grouped(thousands_sep).match(whole) or not _DIGITS.match(fraction):
            raise _unreadable(raw)
        return whole.replace(thousands_sep, ""), fraction

    sep = "." if has_dot else ","
    if (_DOT_GROUPED if has_dot else _COMMA_GROUPED).match(body):
        # "12.500" is Indonesian thousands; "12,500" (a comma followed by
        # exactly three digits, nothing else) is taken as English thousands,
        # because a price with three decimal places does not occur.
        return body.replace(sep, ""), ""
    whole, _, fraction = body.partition(sep)
    if sep in fraction or not _DIGITS.match(whole) or not _DIGITS.match(fraction):
        raise _unreadable(raw)
    # A single separator not followed by three digits is a decimal point:
    # "12500,00", "12500.0", "12,5".
    return whole, fraction


def parse_rupiah(text: str | int | float | Decimal | None) -> int:
    """Read a price typed by a user or found in a spreadsheet cell, as whole rupiah.

    Accepts "Rp 12.500,00", "12.500", "Rp12,500", "1.250.000,-", "12500" and
    numeric cell values (12500, 12500.0). A leading minus ("-Rp5.000", as
    format_rupiah writes it) gives a negative int; callers that take prices
    must still check the range. Raises ValueError with an Indonesian message
    for empty, unreadable or fractional amounts.
    """
    raw = text
    if isinstance(text, bool):
        raise TypeError("Harga tidak boleh berupa nilai benar/salah (bool).")
    if isinstance(text, int):
        return text
    if isinstance(text, (float, Decimal)):
        # Excel hands over numbers as floats; only whole values are prices.
        finite = text.is_finite() if isinstance(text, Decimal) else math.isfinite(text)
        if not finite:
            raise _unreadable(raw)
        if text != int(text):
            raise _fractional(raw)
        return int(text)
    if text is None:
        raise ValueError("Harga kosong.")
    if not isinstance(text, str):
        raise TypeError(f"Harga harus berupa teks atau angka, bukan {type(text).__name__}.")

    body = text.strip()
    if not body:
        raise ValueError("Harga kosong.")

    negative = False
    if body.startswith("-"):
        negative, body = True, body[1:].lstrip()
    body = _CURRENCY_PREFIX.sub("", body)
    body = _CURRENCY_SUFFIX.sub("", body).strip()
    body = _TRAILING_DASH.sub("", body)

    # Spaces are tolerated only as thousands groups ("12 500"), so that
    # "12 5" is not silently read as 125.
    if any(ch.isspace() for ch in body):
        normalised = re.sub(r"\s", " ", body)
        head = _SPACE_GROUPED.match(normalised)
        if not head or " " in normalised[head.end():]:
            raise _unreadable(raw)
        body = normalised.replace(" ", "")
    if not body:
        raise _unreadable(raw)

    whole, fraction = _split_number(body, raw)
    if fraction.strip("0"):
        raise _fractional(raw)
    value = int(whole)
    return -value if negative else value


# --- PPN --------------------------------------------------------------------


def ppn_amount(base: int, rate_percent: int) -> int:
    """PPN on ``base`` at ``rate_percent``, rounded half-up to whole rupiah.

    Integer arithmetic only. A negative base (a correction or refund) is
    rounded half away from zero so it mirrors the positive amount exactly.
    """
    _require_int(base, "base")
    _require_int(rate_percent, "rate_percent")
    if rate_percent < 0:
        raise ValueError("rate_percent must not be negative")
    # (x * r + 50) // 100 is round-half-up of x * r / 100 for x >= 0.
    magnitude = (abs(base) * rate_percent + 50) // 100
    return -magnitude if base < 0 else magnitude


# --- PPN on a catalogue line (PMK 131/2024) ------------------------------------


@dataclass(frozen=True)
class PpnRule:
    """One dated entry of KATALOG_RULES["ppn_schedule"]: from `valid_from`, PPN is `rate_percent`
    of a tax base (DPP) of `dpp_numerator`/`dpp_denominator` of the price for ordinary goods."""

    valid_from: date
    rate_percent: int
    dpp_numerator: int
    dpp_denominator: int


@dataclass(frozen=True)
class LineTax:
    """DPP and PPN of one line, with the parameters they were computed with (stored on the line)."""

    dpp: int
    ppn: int
    rate_percent: int
    dpp_numerator: int
    dpp_denominator: int


NO_PPN = (0, 1, 1)


def _schedule() -> list[PpnRule]:
    rows = [PpnRule(*row) for row in rule("ppn_schedule")]
    return sorted(rows, key=lambda r: r.valid_from)


def ppn_rule_on(day: date) -> PpnRule:
    """The PPN rule in force on `day`: the latest schedule entry whose valid_from is not after it."""
    in_force = [r for r in _schedule() if r.valid_from <= day]
    if not in_force:
        raise ValueError(f"Tidak ada tarif PPN yang berlaku pada {day.isoformat()} (KATALOG_RULES ppn_schedule).")
    return in_force[-1]


def _half_up(numerator: int, denominator: int) -> int:
    """numerator / denominator rounded half-up for a non-negative numerator, mirrored for a negative one."""
    magnitude = (2 * abs(numerator) + denominator) // (2 * denominator)
    return -magnitude if numerator < 0 else magnitude


def line_tax_with(amount: int, rate_percent: int, dpp_numerator: int, dpp_denominator: int) -> LineTax:
    """DPP and PPN of `amount` with given parameters (a line recomputed after a negotiation or adendum
    keeps the parameters it was first computed with, so a later change of law leaves it alone).

    Rounding: both figures are exact fractions rounded half-up to whole rupiah, each on its own:
    DPP = amount × n/d, PPN = amount × rate × n/d. PPN is not taken from the rounded DPP, so an ordinary
    line pays exactly 11% of its price (rounded once): Rp1.000.000 gives DPP Rp916.667 (916.666,67 rounded)
    and PPN Rp110.000, not 12% of 916.667 = 110.000,04 carried into later sums.
    """
    _require_int(amount)
    for value in (rate_percent, dpp_numerator, dpp_denominator):
        _require_int(value, "PPN parameter")
    if rate_percent < 0 or dpp_numerator < 0 or dpp_denominator <= 0:
        raise ValueError("PPN parameters must not be negative and the DPP denominator must be positive")
    if rate_percent == 0:
        return LineTax(dpp=0, ppn=0, rate_percent=0, dpp_numerator=1, dpp_denominator=1)
    dpp = _half_up(amount * dpp_numerator, dpp_denominator)
    ppn = _half_up(amount * rate_percent * dpp_numerator, 100 * dpp_denominator)
    return LineTax(dpp=dpp, ppn=ppn, rate_percent=rate_percent, dpp_numerator=dpp_numerator,
                   dpp_denominator=dpp_denominator)


def line_tax(amount: int, *, on: date, charges_ppn: bool, ppnbm: bool = False) -> LineTax:
    """DPP and PPN of one line of goods worth `amount` (quantity × unit price), delivered on `on`.

    PMK 131/2024 (in force 1 January 2025): Pasal 2 — goods subject to PPnBM (luxury goods) pay PPN of
    12% of the price itself (DPP = harga jual); Pasal 3 — all other goods pay 12% of a DPP "nilai lain"
    of 11/12 of the price, so Rp110.000 on Rp1.000.000. A seller who is not a Pengusaha Kena Pajak (PKP)
    charges no PPN (`charges_ppn` False): the line has no DPP and no PPN. The rate and the 11/12 factor
    are dated entries of KATALOG_RULES["ppn_schedule"].
    """
    if not charges_ppn:
        return line_tax_with(amount, *NO_PPN)
    rule = ppn_rule_on(on)
    if ppnbm:
        return line_tax_with(amount, rule.rate_percent, 1, 1)
    return line_tax_with(amount, rule.rate_percent, rule.dpp_numerator, rule.dpp_denominator)

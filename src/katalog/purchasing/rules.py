"""Pure purchasing rules (no database): amounts, limits, domestic-product priority, evaluation, numbering.

Every threshold comes from settings.KATALOG_RULES, read through `rule()`, so a
kabupaten follows a new regulation by changing a setting, not the code.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from fractions import Fraction

from django.conf import settings

from katalog.core.money import ppn_amount

IMPORT = "impor"  # catalogue.Origin.IMPORT, kept here so this module needs no model


def rule(name: str):
    return settings.KATALOG_RULES[name]


# --- amounts -------------------------------------------------------------------


@dataclass(frozen=True)
class Totals:
    subtotal: int
    ppn: int
    shipping: int

    @property
    def total(self) -> int:
        return self.subtotal + self.ppn + self.shipping


def line_subtotal(quantity: int, unit_price: int) -> int:
    return quantity * unit_price


def totals(lines: Iterable[tuple[int, int]], shipping: int = 0) -> Totals:
    """Totals from (line subtotal, PPN %) pairs: PPN per line, rounded half-up (core.money.ppn_amount).

    Whole rupiah throughout, so the order total is exactly the sum of its lines plus shipping.
    """
    lines = list(lines)
    return Totals(
        subtotal=sum(sub for sub, _rate in lines),
        ppn=sum(ppn_amount(sub, rate) for sub, rate in lines),
        shipping=shipping,
    )


# --- who may decide --------------------------------------------------------------


def pp_may_place(total: int) -> bool:
    """Perpres 46/2025: a PP may check out e-purchasing orders up to the limit (default Rp200 juta)."""
    return total <= rule("pp_checkout_limit")


# --- domestic products and UMK (Perpres 46/2025 Pasal 66; Perpres 12/2021 Pasal 65) -----


def needs_domestic_justification(*, origin: str, tkdn: Decimal) -> bool:
    """An import, or a product with TKDN below the minimum (25%), needs a reason when better exists."""
    return origin == IMPORT or Decimal(tkdn) < rule("tkdn_minimum_percent")


def is_priority_product(*, origin: str, tkdn: Decimal, bmp: Decimal) -> bool:
    """A domestic product with TKDN >= 25%, or TKDN + BMP >= 40% (Perpres 46/2025 Pasal 66 ayat 1-2)."""
    if origin == IMPORT:
        return False
    tkdn, bmp = Decimal(tkdn), Decimal(bmp)
    return tkdn >= rule("tkdn_minimum_percent") or tkdn + bmp >= rule("tkdn_bmp_minimum_percent")


# --- mini-kompetisi evaluation ---------------------------------------------------------


def weighted_tkdn(lines: Iterable[tuple[int, Decimal]]) -> Decimal:
    """TKDN of an offer: the value-weighted mean of its lines' TKDN, from (subtotal, tkdn) pairs."""
    lines = list(lines)
    value = sum(sub for sub, _t in lines)
    if not value:
        return Decimal("0.00")
    return (sum(Decimal(sub) * Decimal(t) for sub, t in lines) / value).quantize(Decimal("0.01"))


def evaluated_price(*, total: int, tkdn: Decimal, preference_percent: int) -> Fraction:
    """Harga evaluasi akhir with the domestic-product price preference.

    HEA = HP / (1 + KP), KP = TKDN × preference, given only to offers with TKDN of at
    least the minimum (25%); the preference is at most 25% (Perpres 16/2018 jo. 12/2021
    Pasal 66). Exact fractions, so two offers never tie through rounding.
    """
    tkdn = Decimal(tkdn)
    if preference_percent <= 0 or tkdn < rule("tkdn_minimum_percent"):
        return Fraction(total)
    kp = Fraction(tkdn) / 100 * Fraction(preference_percent, 100)
    return Fraction(total) / (1 + kp)


# --- numbering ---------------------------------------------------------------------

_ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII")


def letter_number(fmt: str, *, seq: int, on: date, opd: str = "", agency_code: str = "") -> str:
    """Fill a numbering scheme such as "027/{seq:03d}/SP/{opd}/{month_roman}/{year}"."""
    return fmt.format(
        seq=seq, year=on.year, month=on.month, month_roman=_ROMAN[on.month - 1],
        opd="".join(opd.split()).upper(), agency_code=agency_code,
    )

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

from katalog.core.money import LineTax
from katalog.core.rules import rule  # this app's modules call rules.rule / states.rule
from django.db.models import F, Q, Value

IMPORT = "impor"  # catalogue.Origin.IMPORT, kept here so this module needs no model


# --- amounts -------------------------------------------------------------------


@dataclass(frozen=True)
class Totals:
    subtotal: int
    ppn: int
    shipping: int
    dpp: int = 0

    @property
    def total(self) -> int:
        return self.subtotal + self.ppn + self.shipping


def line_subtotal(quantity: int, unit_price: int) -> int:
    return quantity * unit_price


def totals(lines: Iterable[tuple[int, LineTax]], shipping: int = 0) -> Totals:
    """Totals from (line subtotal, LineTax) pairs: each line's DPP and PPN come from core.money.line_tax
    (PMK 131/2024), so the order's PPN is exactly the sum of its lines' PPN, in whole rupiah. Shipping
    carries no PPN here (it is agreed as a separate lump sum)."""
    lines = list(lines)
    return Totals(
        subtotal=sum(sub for sub, _tax in lines),
        ppn=sum(tax.ppn for _sub, tax in lines),
        shipping=shipping,
        dpp=sum(tax.dpp for _sub, tax in lines),
    )


# --- who may decide --------------------------------------------------------------


def pp_may_place(total: int) -> bool:
    """Perpres 46/2025: a PP may check out e-purchasing orders up to the limit (default Rp200 juta)."""
    return total <= rule("pp_checkout_limit")


# --- domestic products and UMK (Perpres 46/2025 Pasal 66; Perpres 12/2021 Pasal 65) -----

TIER_TKDN_BMP, TIER_TKDN, TIER_LOW_TKDN, TIER_DOMESTIC, TIER_IMPORT = 1, 2, 3, 4, 5
TIERS = (TIER_TKDN_BMP, TIER_TKDN, TIER_LOW_TKDN, TIER_DOMESTIC, TIER_IMPORT)


def domestic_tier(*, origin: str, tkdn: Decimal | None, bmp: Decimal, siinas: bool) -> int:
    """The priority tier of a product under Perpres 46/2025 Pasal 66 ayat (2), 1 = first choice:

    1. huruf a: a domestic product with TKDN >= 25% whose TKDN + BMP reaches 40%;
    2. huruf b: a domestic product with TKDN >= 25% (when no tier 1 product is available or enough);
    3. huruf c: a domestic product with a TKDN value below 25%;
    4. huruf d: a domestic product "yang tercantum dalam Sistem Informasi Industri Nasional" (SIINas), i.e.
       without a TKDN value but recorded in SIINas (`siinas`: catalogue.Product.siinas_registered);
    5. everything else, last: imports, and domestic goods with neither a TKDN value nor a SIINas record
       (the regulation gives them no place in the order of priority).

    `tkdn` None means the product has no TKDN value (not certified, or not known): a domestic product
    without one is tier 4 when recorded in SIINas, else tier 5 with imports (huruf d names only SIINas);
    never "TKDN below 25%". A stated value, 0% included, is a TKDN value (huruf c: "nilai TKDN kurang dari
    25%"). Screens name tier 5's domestic products as such, not as imports (`tier_label`).

    The thresholds are KATALOG_RULES tkdn_minimum_percent (25) and tkdn_bmp_minimum_percent (40). This is
    the one definition: checkout, mini-kompetisi and monitoring (`domestic_tier_q`) all use it.
    """
    if origin == IMPORT:
        return TIER_IMPORT
    if tkdn is None:
        return TIER_DOMESTIC if siinas else TIER_IMPORT
    tkdn, bmp = Decimal(tkdn), Decimal(bmp)
    if tkdn >= rule("tkdn_minimum_percent"):
        return TIER_TKDN_BMP if tkdn + bmp >= rule("tkdn_bmp_minimum_percent") else TIER_TKDN
    return TIER_LOW_TKDN


def domestic_tier_q(tiers: Iterable[int], prefix: str = ""):
    """`domestic_tier` as a database filter over (origin, tkdn, bmp, siinas_registered) columns, for sums by
    tier (products, order lines and quote lines all carry them)."""
    origin, tkdn, bmp = f"{prefix}origin", f"{prefix}tkdn", f"{prefix}bmp"
    siinas = f"{prefix}siinas_registered"
    minimum, with_bmp = rule("tkdn_minimum_percent"), rule("tkdn_bmp_minimum_percent")
    domestic = ~Q(**{origin: IMPORT})
    # TKDN + BMP >= 40 written as BMP >= 40 - TKDN, so that it stays a plain column comparison.
    reaches = Q(**{f"{bmp}__gte": Value(with_bmp) - F(tkdn)})
    each = {
        TIER_TKDN_BMP: domestic & Q(**{f"{tkdn}__gte": minimum}) & reaches,
        TIER_TKDN: domestic & Q(**{f"{tkdn}__gte": minimum}) & ~reaches,
        TIER_LOW_TKDN: domestic & Q(**{f"{tkdn}__lt": minimum}),  # a NULL TKDN is never "< 25" in SQL
        TIER_DOMESTIC: domestic & Q(**{f"{tkdn}__isnull": True, siinas: True}),
        TIER_IMPORT: Q(**{origin: IMPORT}) | (domestic & Q(**{f"{tkdn}__isnull": True, siinas: False})),
    }
    chosen = [each[tier] for tier in tiers]
    if not chosen:
        raise ValueError("domestic_tier_q needs at least one tier")
    result = chosen[0]
    for q in chosen[1:]:
        result |= q
    return result


def package_value(package, order_total: int) -> int:
    """The value of the procurement package an order belongs to: the pagu of its RUP line (monitoring.RupPackage)
    when that plan is imported, else the order's own total. Pasal 65 ayat (4) speaks of "nilai Pagu Anggaran"
    of the package, not of one order within it."""
    return int(package.pagu) if package is not None else int(order_total)


def reserved_for_small_business(package_value: int) -> bool:
    """Perpres 12/2021 Pasal 65 ayat (4) (amending Perpres 16/2018): "Paket pengadaan Barang/Pekerjaan
    Konstruksi/Jasa Lainnya dengan nilai Pagu Anggaran sampai dengan Rp15.000.000.000,00 (lima belas miliar
    rupiah) diperuntukkan bagi usaha kecil dan/atau koperasi" (KATALOG_RULES umk_reserved_package_limit),
    unless the work needs capability they cannot supply, which the buyer must then state. "Sampai dengan":
    a package of exactly the limit is reserved. `package_value` comes from `package_value` above."""
    return package_value <= rule("umk_reserved_package_limit")


# --- mini-kompetisi evaluation (Perpres 16/2018 Pasal 67 as amended by Perpres 12/2021) -------------

PREFERENCE_CEILING_PERCENT = 25  # Pasal 67 ayat (3) huruf b: "diberikan paling tinggi 25%"


def weighted_tkdn(lines: Iterable[tuple[int, Decimal | None]]) -> Decimal:
    """TKDN of an offer: the value-weighted mean of its lines' TKDN, from (subtotal, tkdn) pairs.

    A line without a TKDN value adds no domestic content to the offer (it weighs as 0): the price preference
    of Pasal 67 is for TKDN that a certificate shows, and an unknown value shows none."""
    lines = [(sub, Decimal(0) if t is None else t) for sub, t in lines]
    value = sum(sub for sub, _t in lines)
    if not value:
        return Decimal("0.00")
    return (sum(Decimal(sub) * Decimal(t) for sub, t in lines) / value).quantize(Decimal("0.01"))


def preference_percent() -> int:
    """The configured highest preference, refused above the ceiling of Pasal 67 ayat (3) huruf b (25%)."""
    value = rule("domestic_price_preference_percent")
    if not 0 <= value <= PREFERENCE_CEILING_PERCENT:
        raise ValueError(
            f"domestic_price_preference_percent {value} di luar 0–{PREFERENCE_CEILING_PERCENT} (Perpres 16/2018 "
            "Pasal 67 ayat (3) huruf b: preferensi harga paling tinggi 25%).")
    return value


def preference_applies(package_value: int) -> bool:
    """Pasal 67 ayat (2): the preference applies to packages "paling sedikit di atas Rp1.000.000.000,00",
    i.e. strictly above KATALOG_RULES price_preference_min_package."""
    return package_value > rule("price_preference_min_package")


def evaluated_price(*, total: int, tkdn: Decimal, preference_percent: int) -> Fraction:
    """Harga evaluasi akhir (Perpres 16/2018 Pasal 67 ayat (3) as amended by Perpres 12/2021).

    Huruf a: only goods with TKDN of at least 25% get a preference; huruf b: at most 25%;
    huruf e: HEA = (1 − KP) × HP, KP = TKDN × the highest preference, HP the offered price.
    Exact fractions, so two offers never tie or part through rounding.
    """
    if not 0 <= preference_percent <= PREFERENCE_CEILING_PERCENT:
        raise ValueError("preference_percent must be between 0 and 25 (Pasal 67 ayat (3) huruf b)")
    tkdn = Decimal(tkdn)
    if preference_percent == 0 or tkdn < rule("tkdn_minimum_percent"):
        return Fraction(total)
    kp = Fraction(tkdn) / 100 * Fraction(preference_percent, 100)
    return (1 - kp) * Fraction(total)


def evaluation_key(*, total: int, tkdn: Decimal, preference_percent: int) -> tuple:
    """Sort key of an offer: lowest HEA first (Pasal 67 ayat (3) huruf d); on equal HEA the higher TKDN
    wins (huruf f); then the lower price."""
    return (evaluated_price(total=total, tkdn=tkdn, preference_percent=preference_percent), -Decimal(tkdn), total)


# --- adendum (Perpres 16/2018 Pasal 54) -------------------------------------------------


def amendment_ceiling(original_total: int) -> int:
    """Pasal 54 ayat (2) huruf a: added work "tidak melebihi 10% dari harga yang tercantum dalam
    perjanjian/kontrak awal": the highest total an order may reach by adendum, in whole rupiah (rounded down,
    so the ceiling never lets more than 10% through)."""
    return original_total + original_total * rule("amendment_max_added_percent") // 100


# --- numbering ---------------------------------------------------------------------

_ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII")


def letter_number(fmt: str, *, seq: int, on: date, opd: str = "", agency_code: str = "") -> str:
    """Fill a numbering scheme such as "027/{seq:03d}/SP/{opd}/{month_roman}/{year}"."""
    return fmt.format(
        seq=seq, year=on.year, month=on.month, month_roman=_ROMAN[on.month - 1],
        opd="".join(opd.split()).upper(), agency_code=agency_code,
    )

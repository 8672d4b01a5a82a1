"""The 40% small-business rule, stated once: who counts as UMK, what spend counts, how a share is rounded.

Perpres 12/2021 Pasal 65 (amending Perpres 16/2018):
- ayat (1): usaha kecil consists of usaha mikro and usaha kecil;
- ayat (2): ministries, agencies and local governments must use products of usaha kecil and koperasi
  *from domestic production* (hasil produksi dalam negeri);
- ayat (3): they must allocate at least 40% of the value of their goods/services budget (nilai anggaran
  belanja barang/jasa) to them.

So "UMK" here is: a micro or small business, or a koperasi of any scale (`is_umk`, `umk_q`); UMK spend is
what such a supplier was paid for domestic goods (`counts_as_umk_spend`): imported goods bought from a
micro business are spend, but not UMK spend. The headline share is UMK spend over the OPD's goods/services
budget (`percent`); the target itself is KATALOG_RULES["umk_share_target_percent"].

This module is the ground floor: it imports no app, so suppliers, purchasing, monitoring and opendata can
all read it. Every page, export, API and OCDS field that shows "UMK" or a percentage calls these functions.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.conf import settings
from django.db.models import Q

# Business scales (PP 7/2021), as stored in suppliers.Supplier.scale.
MICRO, SMALL, MEDIUM, LARGE = "mikro", "kecil", "menengah", "besar"
# Pasal 65 ayat (1): usaha kecil = usaha mikro + usaha kecil. Koperasi count whatever their scale (ayat 2).
UMK_SCALES = (MICRO, SMALL)
IMPORT_ORIGIN = "impor"  # catalogue.Origin.IMPORT, kept here so this module needs no model


def rule(name: str):
    """The one accessor for KATALOG_RULES (settings.py): every module reads a threshold, deadline or target here."""
    return settings.KATALOG_RULES[name]


def is_umk(*, scale: str, is_cooperative: bool) -> bool:
    """A micro or small business, or a koperasi (Perpres 12/2021 Pasal 65 ayat 1 and 2)."""
    return scale in UMK_SCALES or bool(is_cooperative)


def umk_q(prefix: str = "") -> Q:
    """The same rule as a filter on suppliers (prefix "supplier__" when filtering through a relation)."""
    return Q(**{f"{prefix}scale__in": UMK_SCALES}) | Q(**{f"{prefix}is_cooperative": True})


def counts_as_umk_spend(*, supplier_is_umk: bool, origin: str) -> bool:
    """Pasal 65 ayat (2): only domestic products of a UMK supplier count toward the 40%."""
    return bool(supplier_is_umk) and origin != IMPORT_ORIGIN


def percent(part: int, whole: int) -> Decimal | None:
    """part/whole as a percentage with ONE decimal, rounded half up, from integers only; None without a whole.

    The one rounding of every share the site shows (dashboard, home page, API, OCDS, Excel, PDF):
    30,25% → 30,3%; 1/3 → 33,3%.
    """
    if not whole:
        return None
    tenths = (part * 2000 + whole) // (2 * whole)
    return (Decimal(tenths) / 10).quantize(Decimal("0.1"))


def points_below(part: int, whole: int, target_percent: int) -> Decimal | None:
    """How many percentage points part/whole lies below the target, rounded like `percent`; 0 at or above it,
    None without a whole. Exact: (target·whole − 100·part) / whole, never a difference of two rounded shares."""
    if not whole:
        return None
    if part * 100 >= target_percent * whole:
        return Decimal("0.0")
    return percent(target_percent * whole - 100 * part, 100 * whole)


def rupiah_to_reach(part: int, whole: int, target_percent: int, *, fixed_base: bool) -> int | None:
    """The least whole rupiah that must still go to UMK so that part/whole reaches the target
    ("paling sedikit 40%", Perpres 12/2021 Pasal 65 ayat 3); 0 when it already does.

    - `fixed_base=True` (share of the goods/services budget): the budget does not grow with spending, so it
      is the x with (part + x)·100 >= target·whole.
    - `fixed_base=False` (share of catalogue spend): new UMK spend is catalogue spend too, so the base grows
      with it: the x with (part + x)·100 >= target·(whole + x). A target of 100% cannot be reached by adding
      spend once some went elsewhere: None.
    Rounded up, because a rupiah short is still below the target.
    """
    missing = target_percent * whole - 100 * part
    if missing <= 0:
        return 0
    if fixed_base:
        return -(-missing // 100)
    if target_percent >= 100:
        return None
    return -(-missing // (100 - target_percent))


def percent_float(part: int, whole: int) -> float | None:
    """`percent` as a JSON number (API, open data): the same one-decimal value."""
    share = percent(part, whole)
    return None if share is None else float(share)


def pro_rata(total: int, part: int, whole: int) -> int:
    """The share of an order's `total` (goods + PPN + shipping) that belongs to `part` of its goods value
    `whole`: the goods themselves plus the same fraction of PPN and shipping, rounded half up to the rupiah.

    Used for what a contract ended early delivered (pemutusan: what was received and accepted counts) and
    for the domestic part of an order from a UMK supplier. part == whole gives exactly `total`; part == 0
    gives 0. Written as part + extra·part/whole so that the products stay small.
    """
    if whole <= 0:
        return total if part == whole else 0
    extra = total - whole
    return part + (2 * extra * part + whole) // (2 * whole)


def budget_years(today: date) -> tuple[int, ...]:
    """The budget years (tahun anggaran) an order may be charged to when it is placed on `today`.

    The current year always. From the month KATALOG_RULES["next_budget_year_from_month"] (December) also the
    next year: by then next year's APBD is agreed (UU 23/2014 Pasal 312 ayat (1): kepala daerah and DPRD
    approve the APBD "paling lambat 1 (satu) bulan sebelum dimulainya tahun anggaran") and its RUP is announced,
    so an order placed in December may be charged to a package of next year's RUP. A past year never: its
    budget is closed.
    """
    if today.month >= int(settings.KATALOG_RULES["next_budget_year_from_month"]):
        return (today.year, today.year + 1)
    return (today.year,)


def checkout_fiscal_year(*, stated_year: int | None, package_year: int | None, today: date) -> int | None:
    """The fiscal year of an order at checkout: the budget year of the RUP line it is charged to.

    Where that line is imported (monitoring.RupPackage), its year; otherwise the year the buyer states, the
    current year when none is stated. None when that year may not be charged on `today` (`budget_years`):
    the caller refuses the checkout with its own message.
    """
    year = package_year if package_year is not None else (stated_year or today.year)
    return year if year in budget_years(today) else None


def order_fiscal_year(order) -> int:
    """The fiscal year an order's money belongs to: the budget year of the RUP line (and DPA) it is charged
    to (docs/domain-notes.md, "Fiscal year"), fixed at checkout by `checkout_fiscal_year` and kept on the order.

    Every figure reads the year through this function for a single order, or through the same field in a
    query (monitoring.figures.committed_orders); never through the checkout date.
    """
    return int(order.fiscal_year)

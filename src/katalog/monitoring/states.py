"""Monitoring rules as data (no database access): flag kinds and statuses, the red/amber/green rule,
TKDN tiers and shares in whole-number arithmetic."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _

from katalog.core.roles import Role
from katalog.core.rules import IMPORT_ORIGIN, percent  # noqa: F401  (one rounding for every share)
from katalog.core.transitions import Machine, Table, Transition
from katalog.core.rules import rule  # this app's modules call rules.rule / states.rule
from katalog.purchasing.rules import IMPORT, domestic_tier


# --- integrity flags ------------------------------------------------------------------


class FlagKind(models.TextChoices):
    SAME_DAY = "same_day", _("Produk tayang dan dibeli pada hari yang sama")
    PRICE_RISE = "price_rise", _("Harga naik sesaat sebelum pesanan")
    CONCENTRATION = "concentration", _("Belanja OPD terpusat pada satu penyedia")
    SPLIT = "split", _("Satu kebutuhan dipecah menjadi beberapa pesanan di bawah batas")
    ABOVE_SSH = "above_ssh", _("Harga di atas Standar Satuan Harga (SSH)")
    ABOVE_MEDIAN = "above_median", _("Harga jauh di atas median kategori")
    REPEATED_JUSTIFICATION = "justification", _("Berulang kali memilih penyedia lain walau ada alternatif UMK/PDN")


class FlagStatus(models.TextChoices):
    OPEN = "open", _("Terbuka")
    REVIEWED = "reviewed", _("Sudah ditelaah")


class FlagOutcome(models.TextChoices):
    """What a review found; a dismissal says why in its note."""

    CONFIRMED = "confirmed", _("Terbukti, perlu tindak lanjut")
    DISMISSED = "dismissed", _("Tidak terbukti (dengan alasan)")
    REFERRED = "referred", _("Diteruskan ke Inspektorat untuk pemeriksaan")


# (status, action) → Transition(to-status, roles allowed), run by core.transitions (FLAG_MACHINE). Each review
# action records its own outcome.
FLAG_TRANSITIONS: Table = {
    (FlagStatus.OPEN, "confirm"): Transition(FlagStatus.REVIEWED, frozenset({Role.AUDITOR})),
    (FlagStatus.OPEN, "dismiss"): Transition(FlagStatus.REVIEWED, frozenset({Role.AUDITOR})),
    (FlagStatus.OPEN, "refer"): Transition(FlagStatus.REVIEWED, frozenset({Role.AUDITOR})),
}
# Only an open flag is reviewed; a flag has no status_changed_at (reviewed_at says when).
FLAG_MACHINE = Machine(table=FLAG_TRANSITIONS, changed_at_field=None,
                       not_from_status=lambda flag, action: _("Tanda #%(n)s sudah ditelaah.") % {"n": flag.pk})
OUTCOME_OF_ACTION = {"confirm": FlagOutcome.CONFIRMED, "dismiss": FlagOutcome.DISMISSED,
                     "refer": FlagOutcome.REFERRED}
ACTION_OF_OUTCOME = {outcome: action for action, outcome in OUTCOME_OF_ACTION.items()}


# --- shares and red/amber/green -----------------------------------------------------


class Rag(models.TextChoices):
    GREEN = "green", _("Tercapai")
    AMBER = "amber", _("Hampir tercapai")
    RED = "red", _("Jauh di bawah target")
    NONE = "none", _("Belum ada belanja")


def rag(part: int, whole: int, target_percent: int, margin: int | None = None) -> str:
    """Green when part/whole >= target; amber within `margin` points below; red beneath; none without spend.

    Compared on the exact fraction (part * 100 >= target * whole), never on a rounded percentage.
    """
    if not whole:
        return Rag.NONE
    margin = rule("monitoring_amber_margin_percent") if margin is None else margin
    if part * 100 >= target_percent * whole:
        return Rag.GREEN
    if part * 100 >= (target_percent - margin) * whole:
        return Rag.AMBER
    return Rag.RED


# --- domestic-product tiers (Perpres 46/2025 Pasal 66) ------------------------------

TIER1, TIER2, TIER3, TIER_IMPORT = "tkdn_bmp", "tkdn", "low_tkdn", "import"
TIERS: tuple[tuple[str, str], ...] = (
    (TIER1, _("TKDN ≥ 25% dan TKDN+BMP ≥ 40%")),
    (TIER2, _("TKDN ≥ 25%")),
    (TIER3, _("Dalam negeri, TKDN < 25%")),
    (TIER_IMPORT, _("Impor")),
)
TIER_LABELS = dict(TIERS)


def tier_of(*, origin: str, tkdn, bmp, siinas: bool = False) -> str:
    """This page's tier of a line: purchasing's one definition (rules.domestic_tier). The page sums domestic
    spend, so its TIER3 holds every domestic line under 25% TKDN: tiers 3 and 4, and domestic goods that tier 5
    ranks last for lack of a SIINas record; TIER_IMPORT holds imports only."""
    if origin == IMPORT:
        return TIER_IMPORT
    return {1: TIER1, 2: TIER2}.get(domestic_tier(origin=origin, tkdn=tkdn, bmp=bmp, siinas=siinas), TIER3)


@dataclass(frozen=True)
class Targets:
    year: int
    umk: int
    domestic: int
    local: int
    from_settings: bool = True


def default_targets(year: int) -> Targets:
    return Targets(year=year, umk=rule("umk_share_target_percent"), domestic=rule("domestic_share_target_percent"),
                   local=rule("local_share_target_percent"), from_settings=True)


MONTHS = {
    1: _("Januari"), 2: _("Februari"), 3: _("Maret"), 4: _("April"), 5: _("Mei"), 6: _("Juni"), 7: _("Juli"),
    8: _("Agustus"), 9: _("September"), 10: _("Oktober"), 11: _("November"), 12: _("Desember"),
}

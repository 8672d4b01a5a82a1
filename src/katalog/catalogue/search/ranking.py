"""How results are ordered, stated once and shown to the buyer.

score = text weight × relevance × (1 + k × preference)

* relevance: the engine's ranked full-text score (FTS5 bm25, PostgreSQL
  ts_rank), divided by the best score of the result set, so 1.0 is "as good a
  match as any" whatever the query (for products holding only some of the
  words, service.py's coverage score, always after those holding all);
* preference: a fixed bonus for offers the regulations put first. Perpres
  12/2021 Pasal 65 (UMK), Perpres 46/2025 Pasal 66 (TKDN ≥ 25%, and TKDN + BMP
  ≥ 40%), and the kabupaten's own policy of buying from local suppliers;
* bounded: k is chosen so that an offer with every preferred trait gains at
  most KATALOG_RULES["search_preference_cap"] (10%) of its text score. The
  preference decides between matches of about the same quality and never
  lifts a weak match above a clearly better one (one more than 10% better);
* equal scores: a stable hash of the product id decides (not the id, which
  would always favour the oldest listing), so no supplier owns the top slot.

Weights come from rule("search_ranking"); the preference is
stored with each document, so after changing a weight run `katalog reindex`.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache

from django.conf import settings
from django.utils.translation import gettext as _
from katalog.core.rules import rule
from katalog.regions.models import Regency
from .facets import PREFERENCE_TRAITS, preference_classes

def weights() -> dict[str, float]:
    return dict(rule("search_ranking"))


PREFERENCE_TRAITS = ("local_supplier", "umk", "tkdn", "tkdn_bmp")


def preference_scale() -> float:
    """k in the score: the largest preference (every trait) multiplies the text score by 1 + the cap."""
    w = weights()
    top = sum(w[name] for name in PREFERENCE_TRAITS)
    return float(rule("search_preference_cap")) / top if top else 0.0


def preference_factor(preference: float) -> float:
    return 1.0 + preference_scale() * preference


def combined_score(relevance: float, preference: float) -> float:
    return weights()["text"] * relevance * preference_factor(preference)


def price_bands() -> tuple[int, ...]:
    return tuple(rule("search_price_bands"))


def tkdn_threshold() -> Decimal:
    return Decimal(rule("tkdn_minimum_percent"))


def tkdn_bmp_threshold() -> Decimal:
    return Decimal(rule("tkdn_bmp_minimum_percent"))


@dataclass(frozen=True)
class Preference:
    """Which preferred traits an offer has; `value` is the bonus they add up to."""

    local_supplier: bool
    umk: bool
    tkdn: bool
    tkdn_bmp: bool

    @classmethod
    def of(cls, *, is_local: bool, is_umk: bool, tkdn_hundredths: int, tkdn_bmp_hundredths: int) -> Preference:
        return cls(
            local_supplier=bool(is_local),
            umk=bool(is_umk),
            tkdn=tkdn_hundredths >= int(tkdn_threshold() * 100),
            tkdn_bmp=tkdn_bmp_hundredths >= int(tkdn_bmp_threshold() * 100),
        )

    @property
    def value(self) -> float:
        w = weights()
        return round(sum(w[name] for name in ("local_supplier", "umk", "tkdn", "tkdn_bmp") if getattr(self, name)), 6)

    def reasons(self) -> list[str]:
        """One plain-language line per bonus, with its size."""
        w = weights()
        lines = []
        if self.local_supplier:
            lines.append(_("Penyedia lokal %(region)s: +%(w)s") % {"region": _region_name(), "w": _fmt(w["local_supplier"])})
        if self.umk:
            lines.append(_("Usaha mikro/kecil atau koperasi (Perpres 12/2021): +%(w)s") % {"w": _fmt(w["umk"])})
        if self.tkdn:
            lines.append(_("TKDN ≥ %(t)s%% (Perpres 46/2025): +%(w)s") % {"t": tkdn_threshold(), "w": _fmt(w["tkdn"])})
        if self.tkdn_bmp:
            lines.append(_("TKDN + BMP ≥ %(t)s%%: +%(w)s") % {"t": tkdn_bmp_threshold(), "w": _fmt(w["tkdn_bmp"])})
        return lines


def tie_hash(product_id: int, salt: int = 0) -> int:
    """A stable 58-bit hash of the id: the same every run, unrelated to listing order.

    `salt` only matters in the (about one in 10^5 at a million products) case of two ids sharing a hash.
    """
    key = str(product_id) if not salt else f"{product_id}:{salt}"
    digest = hashlib.blake2b(key.encode(), digest_size=8, person=b"katalog-tie").digest()
    return int.from_bytes(digest, "big") >> 6


RANK_SHIFT = 58  # a document's row id: (preference rank << 58) | tie hash


def preference_ranks() -> dict[str, int]:
    """Each class of preferred traits (facets.preference_classes) → its rank, 0 for the largest bonus."""
    return _ranks(tuple(sorted(weights().items())))


@lru_cache(maxsize=8)
def _ranks(weight_items: tuple) -> dict[str, int]:
    w = dict(weight_items)

    def value(bits: str) -> float:
        return sum(w[name] for name, bit in zip(PREFERENCE_TRAITS, bits) if bit == "1")

    ordered = sorted(preference_classes(), key=lambda bits: (-value(bits), bits))
    return {bits: rank for rank, bits in enumerate(ordered)}


def rank_values() -> list[float]:
    """The bonus of each rank (index = rank), with the weights in force."""
    w = weights()
    out = [0.0] * 16
    for bits, rank in preference_ranks().items():
        out[rank] = round(sum(w[name] for name, bit in zip(PREFERENCE_TRAITS, bits) if bit == "1"), 6)
    return out


def rank_part(bits: str) -> int:
    """The high bits of a row id for a document with these preference bits (document_rowid)."""
    return preference_ranks()[bits] << RANK_SHIFT


def document_rowid(rank: int, product_id: int, salt: int = 0) -> int:
    """The search document's row id, from its rank part (rank_part, or an existing row id's high bits): sorting
    by it lists the most preferred first, then by tie hash."""
    return (rank >> RANK_SHIFT << RANK_SHIFT) | tie_hash(product_id, salt)


def _fmt(value: float) -> str:
    return f"{value:.2f}".replace(".", ",")


def format_score(value: float) -> str:
    return _fmt(value)


def _region_name() -> str:
    return _regency_name(settings.KATALOG_REGION)


@lru_cache(maxsize=8)
def _regency_name(code: str) -> str:
    return getattr(Regency.objects.filter(code=code).first(), "name", code)

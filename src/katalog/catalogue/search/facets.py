"""Facet values as index tokens and as packed integers (pure; no database).

Tokens: each document carries, in an FTS5 column that does not count towards
relevance (bm25 weight 0), one token per facet value it has, e.g.
"zzk180301" (kecamatan 18.03.01), "zzfhalal", "zzb2" (third price band). A
filter is then part of the full-text query, answered from the index alone.

Keys: the same values packed into two integers (`category_key`,
`facet_key`), so that facet counts are one GROUP BY over two small columns,
decoded here.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import product as cartesian

ALL = "zzall"  # every document: browsing without words is a query too
PREFERENCE_TRAITS = ("local_supplier", "umk", "tkdn", "tkdn_bmp")
FLAGS = ("umk", "local_supplier", "tkdn", "tkdn_bmp", "halal", "sni")


def category_token(level: int, category_id: int) -> str:
    return f"zzc{'abc'[level - 1]}{int(category_id)}"


def district_token(code: str) -> str:
    return "zzk" + "".join(ch for ch in code if ch.isalnum()).lower()


def scale_token(scale: str) -> str:
    return "zzs" + scale


def origin_token(origin: str) -> str:
    return "zzo" + origin


def band_token(index: int) -> str:
    return f"zzb{int(index)}"


def flag_token(flag: str) -> str:
    return "zzf" + flag.replace("_", "")


def preference_bits(*, local_supplier: bool, umk: bool, tkdn: bool, tkdn_bmp: bool) -> str:
    return "".join("1" if v else "0" for v in (local_supplier, umk, tkdn, tkdn_bmp))


def preference_classes() -> list[str]:
    """All 16 combinations of the preferred traits, as bit strings in PREFERENCE_TRAITS order."""
    return ["".join(bits) for bits in cartesian("01", repeat=len(PREFERENCE_TRAITS))]


def band_of(price: int, bands: tuple[int, ...]) -> int:
    for i, upper in enumerate(bands):
        if price < upper:
            return i
    return len(bands)


@dataclass(frozen=True)
class DocumentFacets:
    category_path: tuple[int, ...]  # ids from level 1 down
    district_code: str
    scale: str
    origin: str
    band: int
    flags: frozenset[str]
    preference_bits: str

    def tokens(self) -> list[str]:
        out = [ALL]
        out += [category_token(level, cid) for level, cid in enumerate(self.category_path[:3], start=1)]
        if self.district_code:
            out.append(district_token(self.district_code))
        out += [scale_token(self.scale), origin_token(self.origin), band_token(self.band)]
        out += [flag_token(f) for f in FLAGS if f in self.flags]
        return out

    def category_key(self) -> int:
        path = (list(self.category_path[:3]) + [0, 0, 0])[:3]
        if any(cid >= _CATEGORY_LIMIT for cid in path):
            return 0  # beyond the packing: the category facet skips it
        return (path[0] << 40) | (path[1] << 20) | path[2]

    def facet_key(self, home_districts: tuple[str, ...]) -> int:
        district = home_districts.index(self.district_code) + 1 if self.district_code in home_districts else 0
        flags = sum(1 << i for i, flag in enumerate(FLAGS) if flag in self.flags)
        return (min(district, 63) | (SCALES.index(self.scale) << 6 if self.scale in SCALES else 0)
                | (ORIGINS.index(self.origin) << 8 if self.origin in ORIGINS else 0)
                | (min(self.band, 15) << 9) | (flags << 13))


SCALES = ("mikro", "kecil", "menengah", "besar")
ORIGINS = ("lokal", "impor")
_CATEGORY_LIMIT = 1 << 20


def unpack(category_key: int, facet_key: int, home_districts: tuple[str, ...]) -> tuple:
    """(l1, l2, l3, district, scale, origin, band, umk, local_supplier, tkdn, tkdn_bmp, halal, sni)."""
    mask = _CATEGORY_LIMIT - 1
    l1, l2, l3 = (category_key >> 40) & mask, (category_key >> 20) & mask, category_key & mask
    district_index = facet_key & 63
    district = home_districts[district_index - 1] if 0 < district_index <= len(home_districts) else ""
    flags = facet_key >> 13
    return (l1 or None, l2 or None, l3 or None, district, SCALES[(facet_key >> 6) & 3], ORIGINS[(facet_key >> 8) & 1],
            (facet_key >> 9) & 15, *[bool(flags & (1 << i)) for i in range(len(FLAGS))])

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
        return sum(CATEGORY_LEVELS[level].put(cid) for level, cid in enumerate(path, start=1))

    def facet_key(self, home_districts: tuple[str, ...]) -> int:
        district = home_districts.index(self.district_code) + 1 if self.district_code in home_districts else 0
        flags = sum(1 << i for i, flag in enumerate(FLAGS) if flag in self.flags)
        return (DISTRICT.put(min(district, DISTRICT.mask))
                | (SCALE.put(SCALES.index(self.scale)) if self.scale in SCALES else 0)
                | (ORIGIN.put(ORIGINS.index(self.origin)) if self.origin in ORIGINS else 0)
                | BAND.put(min(self.band, BAND.mask)) | FLAG_BITS.put(flags))

SCALES = ("mikro", "kecil", "menengah", "besar")
ORIGINS = ("lokal", "impor")


@dataclass(frozen=True)
class FacetField:
    """One field of a packed key: `width` bits from bit `shift`. The only statement of the layout: the
    encoding above, the decoding below, engine.py's counting and the SQL of engine_postgres.py use it."""

    shift: int
    width: int

    @property
    def mask(self) -> int:
        return (1 << self.width) - 1

    def put(self, value: int) -> int:
        return value << self.shift

    def get(self, key: int) -> int:
        return (key >> self.shift) & self.mask

    def sql(self, column: str) -> str:
        """The field read from an integer column, in SQL."""
        return f"{column} & {self.mask}" if self.shift == 0 else f"({column} >> {self.shift}) & {self.mask}"


# category_key: the category ids of levels 1, 2 and 3, 20 bits each.
CATEGORY_LEVELS = {1: FacetField(40, 20), 2: FacetField(20, 20), 3: FacetField(0, 20)}
_CATEGORY_LIMIT = 1 << 20
# facet_key: the home-district index (1-63, 0 = elsewhere), scale, origin, price band, then one bit per flag.
DISTRICT = FacetField(0, 6)
SCALE = FacetField(6, 2)
ORIGIN = FacetField(8, 1)
BAND = FacetField(9, 4)
FLAG_BITS = FacetField(13, len(FLAGS))  # bit i of this field: FLAGS[i]
FLAG = {flag: FacetField(FLAG_BITS.shift + i, 1) for i, flag in enumerate(FLAGS)}


def unpack(category_key: int, facet_key: int, home_districts: tuple[str, ...]) -> tuple:
    """(l1, l2, l3, district, scale, origin, band, umk, local_supplier, tkdn, tkdn_bmp, halal, sni)."""
    l1, l2, l3 = (CATEGORY_LEVELS[level].get(category_key) for level in (1, 2, 3))
    district_index = DISTRICT.get(facet_key)
    district = home_districts[district_index - 1] if 0 < district_index <= len(home_districts) else ""
    flags = FLAG_BITS.get(facet_key)
    return (l1 or None, l2 or None, l3 or None, district, SCALES[SCALE.get(facet_key)], ORIGINS[ORIGIN.get(facet_key)],
            BAND.get(facet_key), *[bool(flags & (1 << i)) for i in range(len(FLAGS))])

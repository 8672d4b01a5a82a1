"""What the search service takes and gives back (plain dataclasses, no querysets)."""

from __future__ import annotations

from dataclasses import dataclass, field, fields, replace
from math import ceil

from .facets import ORIGINS, SCALES  # one list each: the facet keys encode them by position

SORTS = ("relevansi", "harga_termurah", "harga_termahal", "terbaru", "tkdn")
FLAGS = ("umk", "local_supplier", "tkdn", "tkdn_bmp", "halal", "sni")
# GET parameter for each filter (the pages and the API use the same names).
PARAMS = {
    "category": "kategori", "district": "kecamatan", "scale": "skala", "origin": "asal", "price": "harga",
    "umk": "umk", "local_supplier": "penyedia_lokal", "tkdn": "tkdn", "tkdn_bmp": "tkdn_bmp",
    "halal": "halal", "sni": "sni",
}
_TRUE = {"1", "ya", "true", "on", "yes"}


@dataclass(frozen=True)
class SearchFilters:
    category: str = ""  # category slug; includes its sub-categories
    district: str = ""  # the supplier's kecamatan (Kemendagri code)
    scale: str = ""  # mikro | kecil | menengah | besar
    origin: str = ""  # lokal | impor
    price: str = ""  # "MIN-MAX" in rupiah, MAX may be empty
    umk: bool = False
    local_supplier: bool = False
    tkdn: bool = False  # TKDN ≥ KATALOG_RULES["tkdn_minimum_percent"]
    tkdn_bmp: bool = False  # TKDN + BMP ≥ KATALOG_RULES["tkdn_bmp_minimum_percent"]
    halal: bool = False
    sni: bool = False

    @classmethod
    def from_params(cls, data) -> SearchFilters:
        """Read GET parameters, ignoring anything malformed (a bad link shows everything, not an error)."""
        get = data.get
        scale = (get(PARAMS["scale"]) or "").strip()
        origin = (get(PARAMS["origin"]) or "").strip()
        price = (get(PARAMS["price"]) or "").strip()[:40]
        return cls(
            category=(get(PARAMS["category"]) or "").strip()[:160],
            district=(get(PARAMS["district"]) or "").strip()[:8],
            scale=scale if scale in SCALES else "",
            origin=origin if origin in ORIGINS else "",
            price=price if parse_price_band(price) else "",
            **{flag: (get(PARAMS[flag]) or "").strip().lower() in _TRUE for flag in FLAGS},
        )

    def as_params(self) -> dict[str, str]:
        out = {}
        for f in fields(self):
            value = getattr(self, f.name)
            if value:
                out[PARAMS[f.name]] = "1" if value is True else str(value)
        return out

    def without(self, name: str) -> SearchFilters:
        default = next(f.default for f in fields(self) if f.name == name)
        return replace(self, **{name: default})

    def with_value(self, name: str, value) -> SearchFilters:
        return replace(self, **{name: value})

    @property
    def active(self) -> bool:
        return any(getattr(self, f.name) for f in fields(self))


def parse_price_band(text: str) -> tuple[int, int | None] | None:
    low, sep, high = (text or "").partition("-")
    if not sep or not low.isdigit() or (high and not high.isdigit()):
        return None
    low_value, high_value = int(low), (int(high) if high else None)
    if high_value is not None and high_value <= low_value:
        return None
    return low_value, high_value


@dataclass
class SearchHit:
    product_id: int
    score: float  # text weight × relevance + preference (search/ranking.py)
    relevance: float  # 0..1, relative to the best match of this search
    preference: float
    why: list[str] = field(default_factory=list)
    product: object = None  # the Product, loaded for display


@dataclass(frozen=True)
class FacetValue:
    value: str
    label: str
    count: int
    selected: bool = False


@dataclass
class Facet:
    name: str  # filter name (SearchFilters field)
    label: str
    values: list[FacetValue]
    param: str = ""


@dataclass
class SearchResult:
    query: str
    hits: list[SearchHit]
    total: int
    page: int
    page_size: int
    facets: list[Facet] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # how the query was understood ("kripik" → "keripik")
    sort: str = "relevansi"
    backend: str = ""
    matched_all_words: bool = True
    facets_approximate: bool = False  # counted on a random sample of a very large result set
    total_approximate: bool = False  # `total` is an estimate from a random sample (a note says so)
    ranked_among: int | None = None  # very large result set: only this many candidates were ranked (a note says so)

    @property
    def num_pages(self) -> int:
        return max(1, ceil(self.total / self.page_size)) if self.page_size else 1

    # The attributes templates/_pager.html reads from a Django Page.
    @property
    def number(self) -> int:
        return self.page

    @property
    def paginator(self):
        return self

    @property
    def count(self) -> int:
        return self.total

    def has_other_pages(self) -> bool:
        return self.num_pages > 1

    def has_previous(self) -> bool:
        return self.page > 1

    def has_next(self) -> bool:
        return self.page < self.num_pages

    def previous_page_number(self) -> int:
        return self.page - 1

    def next_page_number(self) -> int:
        return self.page + 1

    def __iter__(self):
        return iter(hit.product for hit in self.hits)

    def __len__(self) -> int:
        return len(self.hits)

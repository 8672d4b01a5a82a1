"""The trade lexicon (data/lexicon.toml) applied to a query, and the words search must not bend.

* `match_at(terms, i)`: the longest lexicon word or phrase starting at the i-th analysed query word, with
  what else to look for (its synonyms, or a concept's members), each already analysed into index terms;
* `is_known(term)`: a word the lexicon knows is never completed into a longer word nor corrected into
  another (the issue's "lampu" → "lampung", "bohlam" → "bola");
* `place_terms()`: the names of provinces, kabupaten/kota and this kabupaten's kecamatan, analysed: a
  product word is never completed or corrected into a place (places are the kecamatan facet, not text).

Pure apart from place_terms (one query on the region tables, cached per process).
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from django.conf import settings

from katalog.regions.models import District, Province, Regency

from .normalize import analyze_query, fold, stem

# How much a product holding a synonym, or a member of a concept, counts against one holding the word typed.
SYNONYM_WEIGHT = 0.8
MEMBER_WEIGHT = 0.7
LEXICON_FILE = Path(__file__).resolve().parent / "data" / "lexicon.toml"


@dataclass(frozen=True)
class Group:
    domain: str
    kind: str  # "synonyms" | "concept"
    words: tuple[str, ...]  # as written in the file: the synonyms, or the concept's names
    members: tuple[str, ...]  # concept only
    example: str


@dataclass(frozen=True)
class Expansion:
    """What one lexicon word or phrase adds to a query."""

    length: int  # how many analysed query words it spans
    key: tuple[str, ...]  # those words' index terms
    also: tuple[tuple[str, tuple[str, ...], float], ...]  # (as written, its index terms, weight), in file order
    domains: tuple[str, ...]


def analysed(text: str) -> tuple[str, ...]:
    """Index terms of a lexicon word or phrase, as the query analyser makes them."""
    return tuple(w.term for w in analyze_query(text + " ").words)


@lru_cache(maxsize=1)
def _data() -> dict:
    with open(LEXICON_FILE, "rb") as handle:
        return tomllib.load(handle)


@lru_cache(maxsize=1)
def generic_terms() -> frozenset[str]:
    """Index terms of words that name no product on their own (the file's `generic` list)."""
    return frozenset(t for word in _data().get("generic", ()) for t in analysed(word))


@lru_cache(maxsize=1)
def groups() -> tuple[Group, ...]:
    data = _data()
    out = []
    for item in data["group"]:
        if "concept" in item:
            out.append(Group(item["domain"], "concept", tuple(item["concept"]), tuple(item.get("members", ())),
                             item.get("example", "")))
        else:
            out.append(Group(item["domain"], "synonyms", tuple(item["synonyms"]), (), item.get("example", "")))
    return tuple(out)


@lru_cache(maxsize=1)
def _table() -> tuple[dict[tuple[str, ...], Expansion], int, frozenset[str]]:
    """key (index terms) → Expansion; the longest key; every single index term the lexicon holds."""
    merged: dict[tuple[str, ...], dict] = {}
    known: set[str] = set()
    for group in groups():
        words = [(w, analysed(w)) for w in group.words]
        members = [(w, analysed(w)) for w in group.members]
        for _w, terms in words + members:
            known.update(terms)
        for _word, key in words:
            if not key:
                continue
            entry = merged.setdefault(key, {"also": {}, "domains": []})
            extra = [(w, t, SYNONYM_WEIGHT) for w, t in words]
            if group.kind == "concept":
                extra += [(w, t, MEMBER_WEIGHT) for w, t in members]
            for written, terms, weight in extra:
                if terms and terms != key and terms not in entry["also"]:
                    entry["also"][terms] = (written, weight)
            if group.domain not in entry["domains"]:
                entry["domains"].append(group.domain)
    table = {
        key: Expansion(length=len(key), key=key, also=tuple((w, t, weight) for t, (w, weight) in value["also"].items()),
                       domains=tuple(value["domains"]))
        for key, value in merged.items()
    }
    longest = max((len(k) for k in table), default=1)
    return table, longest, frozenset(known)


def match_at(terms: list[str], i: int) -> Expansion | None:
    """The longest lexicon entry whose words are terms[i:i+n]."""
    table, longest, _known = _table()
    for n in range(min(longest, len(terms) - i), 0, -1):
        found = table.get(tuple(terms[i:i + n]))
        if found:
            return found
    return None


def is_known(term: str) -> bool:
    return term in _table()[2]


_NOT_PLACE_WORDS = frozenset({
    "utara", "selatan", "barat", "timur", "tengah", "tenggara", "daya", "kota", "kabupaten", "administrasi",
    "kepulauan", "raya", "baru", "jaya", "daerah", "istimewa", "khusus", "ibukota", "ibu", "pusat", "besar", "kecil",
    "atas", "bawah", "ulu", "ilir", "muara",
})


@lru_cache(maxsize=1)
def place_terms() -> frozenset[str]:
    """Folded place names of one word (provinces, kabupaten/kota, this kabupaten's kecamatan) and their common
    short forms ("lampura"), direction and generic words left out ("Lampung Utara" is "lampung", "Kota Metro" is
    "metro"). A name of several words is a place only as a whole: "Tulang Bawang", "Tanah Bumbu", "Padang
    Panjang" and "Deli Serdang" do not make bawang, bumbu, panjang or the Deli brand into places. Words the
    lexicon lists (its groups and `product_words`) stay product words."""

    names = list(Province.objects.values_list("name", flat=True))
    names += list(Regency.objects.values_list("name", flat=True))
    names += list(District.objects.filter(regency_id=settings.KATALOG_REGION).values_list("name", flat=True))
    names += ["lampura"]
    out: set[str] = set()
    for name in names:
        words = [w for w in re.findall(r"[a-z0-9]+", fold(name)) if w not in _NOT_PLACE_WORDS]
        if len(words) == 1 and len(words[0]) >= 4:
            out.add(words[0])
    # A query word is looked up stemmed: a stem counts when it is a place of its own ("pemalang" → "malang"),
    # never when it is an ordinary word ("bekasi" → "bekas", "kediri" → "diri", "selayar" → "layar").
    out |= {stem(w) for w in out if stem(w) in out}
    return frozenset(out - _table()[2] - product_words())


@lru_cache(maxsize=1)
def product_words() -> frozenset[str]:
    """Words that are also place names but mean goods in a product title (the file's `product_words`)."""
    return frozenset(fold(w).strip() for w in _data().get("product_words", ()))

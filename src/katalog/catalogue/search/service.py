"""`search_products`: the one search the pages, the API and `katalog search` use.

From the typed words to ranked products, each step says what it did:
1. analyse the query (normalize.py): variants, synonyms, units, stems;
2. check each word against the index vocabulary: a word the catalogue does not
   know is completed (the last word, still being typed: "pis" → "pis*"),
   corrected (edit distance 1, or 2 for longer words, candidates from the
   engine's trigram index: "pisng" → "pisang"), or left out with a note;
3. run the engine query requiring every word; if nothing matches, any word;
4. rank (ranking.py) and explain every hit in plain language.
"""

from __future__ import annotations

import hashlib
import logging
import math
from dataclasses import dataclass, field

from django.conf import settings
from django.core.cache import cache
from django.db import connection, transaction
from django.utils.translation import gettext as _
from katalog.core.rules import rule

from katalog.core import pagecache

from . import expansion, indexer
from .backends import get_backend
from .engine import Alternative, RawResult, ResolvedFilters
from .lexicon import ABBREVIATIONS
from .normalize import AnalyzedQuery, QueryWord, analyze_query, edit_distance
from .ranking import (
    Preference, combined_score, format_score, preference_factor, price_bands, tie_hash, tkdn_bmp_threshold,
    tkdn_threshold, weights,
)
from .types import FLAGS, PARAMS, Facet, FacetValue, SearchFilters, SearchHit, SearchResult, parse_price_band
from katalog.core.money import format_rupiah
from katalog.suppliers.models import Scale
from ..models import Origin
from katalog.catalogue.models import Product
from .normalize import document_terms

log = logging.getLogger(__name__)

# A search refreshes at most this many queued products itself; `katalog reindex` does bulk loads.
LAZY_SYNC_LIMIT = 2000
MAX_PAGE_SIZE = 100
BROWSE_FACET_SECONDS = 120
CACHED_PAGE_SIZE = 50  # the longest page whose answer is kept in the cache (search_products)


@dataclass
class PlannedWord:
    word: QueryWord
    alternatives: list[Alternative]
    notes: list[str] = field(default_factory=list)
    guessed: bool = False  # completed, or corrected with little certainty (see _resolve_unknown)
    qualifier: bool = False  # a size or quantity ("500 ml", "f4"): it narrows the item, it does not name one


@dataclass
class QueryPlan:
    words: list[PlannedWord]
    notes: list[str]
    df: dict[str, int] = field(default_factory=dict)  # documents per index term looked up

    @property
    def found(self) -> list[PlannedWord]:
        """The words looked for (those the catalogue holds in some form)."""
        return [w for w in self.words if w.alternatives]

    @property
    def groups(self) -> list[list[Alternative]]:
        return [w.alternatives for w in self.found]

    @property
    def required(self) -> list[bool]:
        """Which of `groups` a full match must hold: every one but the general words (lexicon.toml
        `generic`: "kantor" in "perlengkapan kebersihan kantor" names no product), unless nothing else is
        left. A general word still counts in the ranking."""
        generic = expansion.generic_terms()
        flags = [not all(t in generic for t in w.word.term.split()) for w in self.found]
        return flags if any(flags) else [True] * len(flags)


def search_products(*, query: str = "", filters: SearchFilters | None = None, sort: str = "relevansi",
                    page: int = 1, page_size: int = 24, with_facets: bool = True) -> SearchResult:
    """Search the public catalogue (active products only)."""
    filters = filters or SearchFilters()
    page = max(1, int(page or 1))
    page_size = max(1, min(int(page_size or 24), MAX_PAGE_SIZE))
    backend = get_backend()
    _sync_lazily()
    # Inside a transaction, what it wrote is nobody else's yet and the version has not risen: never cached. Nor
    # are long pages (the API's, for scripts that page through everything once): ~0.7 kB per product kept.
    if not pagecache.enabled() or connection.in_atomic_block or page_size > CACHED_PAGE_SIZE:
        return _search(backend, query=query, filters=filters, sort=sort, page=page, page_size=page_size,
                       with_facets=with_facets)
    # The same question asked again (another visitor, the results as a fragment, the API) is answered from the
    # cache, with the products as they were read: the ranking, the notes and the "why" of every hit depend on
    # nothing but the index and the rules, and any committed change to a product, its price or its stock (and so
    # to the index) raises the content version in the key (core/pagecache.py).
    asked = repr((query, sorted(filters.as_params().items()), sort, page, page_size, with_facets))  # unambiguous
    key = pagecache.fragment_key("search", backend.vendor, pagecache.content_version(), asked)
    result = cache.get(key)
    if result is None:
        result = _search(backend, query=query, filters=filters, sort=sort, page=page, page_size=page_size,
                         with_facets=with_facets)
        cache.set(key, result, settings.KATALOG_PAGE_CACHE["seconds"])
    return result


def _search(backend, *, query: str, filters: SearchFilters, sort: str, page: int, page_size: int,
            with_facets: bool) -> SearchResult:
    analyzed = analyze_query(query)
    plan = plan_query(analyzed, backend)
    reference = _reference()
    resolved = _resolve_filters(filters, reference)
    offset = (page - 1) * page_size
    groups = plan.groups
    required = plan.required
    matched_all = True
    partial_on_page = not all(required)  # a full match may lack a general word: say what each one lacks
    if groups:
        rerank = sort == "relevansi" and offset < RERANK_DEPTH
        depth = max(RERANK_DEPTH, offset + page_size) if rerank else page_size
        raw = backend.search(groups=[g for g, needed in zip(groups, required) if needed], all_words=True,
                             filters=resolved, sort=sort, offset=0 if rerank else offset, limit=depth,
                             with_facets=with_facets)
        if not all(required):
            optional = [f"“{w.word.raw}”" for w, needed in zip(plan.found, required) if not needed]
            plan.notes.append(_("Kata umum tidak wajib ada di produk: %(words)s.") % {"words": ", ".join(optional)})
        if rerank:
            raw.hits = _rerank(backend, plan, raw.hits, raw.ranked_among)[offset:offset + page_size]
        full = raw.total
        phrase = any(w.word.kind == "phrase" and w.alternatives for w in plan.words)
        if (len(groups) > 1 or phrase) and offset + page_size > full:
            # Past the products holding every word: the closest partial matches follow (never an empty page).
            partial, partial_raw = _partial_matches(backend, plan, resolved, sort=sort,
                                                    want=offset + page_size - full,
                                                    with_facets=with_facets and full == 0)
            start = max(0, offset - full)
            page_partial = partial[start:start + page_size - len(raw.hits)]
            partial_on_page = bool(page_partial)
            raw.hits = raw.hits + page_partial
            raw.total = full + len(partial)
            if full == 0:
                matched_all = False
                raw.facets = partial_raw.facets
                raw.total_approximate, raw.ranked_among = False, None
            if partial:
                missing = _words_never_together(plan)
                if full == 0:
                    plan.notes.append(_("Tidak ada produk yang memuat semua kata (%(words)s); ditampilkan %(n)s "
                                        "produk yang memuat sebagian, yang memuat lebih banyak kata (dan kata yang "
                                        "lebih jarang) lebih dulu.") % {"words": missing, "n": _thousands(len(partial))})
                else:
                    plan.notes.append(_("%(full)s produk memuat semua kata; sesudahnya %(n)s produk yang memuat "
                                        "sebagian kata.") % {"full": _thousands(full), "n": _thousands(len(partial))})
    elif analyzed.words:  # words were asked for, but the catalogue knows none of them
        raw = RawResult(hits=[], total=0, facets={})
        near = _near_terms(analyzed, backend)
        if near:
            plan.notes.append(_("Tidak ada produk yang cocok. Kata yang mirip di katalog: %(words)s.")
                              % {"words": ", ".join(near)})
        else:
            plan.notes.append(_("Tidak ada produk yang cocok dengan kata yang dicari."))
    else:  # nothing to look for (empty, or only unit and function words): browse
        raw = backend.search(groups=None, all_words=True, filters=resolved, sort=sort, offset=offset,
                             limit=page_size, with_facets=False)
        if with_facets:
            raw.facets = _browse_facets(backend, filters, resolved)
    hits = [SearchHit(product_id=pk, relevance=rel, preference=pref,
                      score=round(combined_score(rel, pref), 4) if groups else round(pref, 4))
            for pk, rel, pref in raw.hits]
    total = _round_estimate(raw.total) if raw.total_approximate else raw.total
    if raw.total_approximate:
        plan.notes.append(_("Sangat banyak produk cocok: jumlahnya (sekitar %(n)s) diperkirakan dari sampel acak.")
                          % {"n": _thousands(total)})
    if raw.ranked_among is not None and raw.ranked_sample:
        plan.notes.append(_(
            "Karena sangat banyak produk cocok, hanya %(n)s produk cocok, sampel acak-tetap menurut hash id "
            "produk, yang diurutkan menurut skor (termasuk preferensi penyedia lokal, UMK, TKDN); produk lainnya "
            "menyusul dalam urutan preferensi.") % {"n": _thousands(raw.ranked_among)})
    elif raw.ranked_among is not None:
        plan.notes.append(_(
            "Karena sangat banyak produk cocok, hanya %(n)s produk cocok yang diurutkan menurut skor: yang "
            "preferensinya tertinggi (penyedia lokal, UMK, TKDN; dalam satu kelas preferensi dipilih acak-tetap "
            "menurut hash id produk), ditambah yang memuat kata pencarian yang jarang; produk lainnya menyusul dalam "
            "urutan preferensi itu.") % {"n": _thousands(raw.ranked_among)})
    _attach_products(hits)
    _explain(hits, plan, backend, has_query=bool(groups), sort=sort, matched_all=not partial_on_page,
             ranked_among=raw.ranked_among, name_terms=raw.name_terms)
    return SearchResult(
        query=query, hits=[h for h in hits if h.product is not None], total=total, page=page,
        page_size=page_size, facets=_facets(raw.facets, filters, resolved, reference) if with_facets else [],
        notes=plan.notes, sort=sort, backend=backend.vendor, matched_all_words=matched_all,
        facets_approximate="approximate" in raw.facets, total_approximate=raw.total_approximate,
        ranked_among=raw.ranked_among,
    )


def _round_estimate(n: int) -> int:
    """An estimate shown with the precision it has (three significant digits), not as an exact count."""
    if n < 1000:
        return n
    step = 10 ** (len(str(n)) - 3)
    return round(n / step) * step


def _thousands(n: int) -> str:
    return f"{n:,}".replace(",", ".")


def _sync_lazily() -> None:
    try:
        if indexer.has_pending():
            with transaction.atomic():
                indexer.sync_pending(limit=LAZY_SYNC_LIMIT)
    except Exception:  # a failed refresh must not take the catalogue page down; the queue stays
        log.exception("Search index refresh failed; results may be stale until `katalog reindex`.")


# --- understanding the query -------------------------------------------------


def plan_query(analyzed: AnalyzedQuery, backend) -> QueryPlan:
    """Each word (or lexicon phrase) of the query → what to look for, with a note for anything changed.

    A word the catalogue holds is looked for as it is, plus its synonyms or a concept's members from the
    lexicon (data/lexicon.toml: "kerudung" also finds jilbab and hijab, "atk" pens and paper). A word the
    lexicon knows is never completed or corrected. A word neither knows is completed when it is still being
    typed, else corrected to a catalogue word within a small edit distance, never into a place name.
    """
    notes: list[str] = []
    if analyzed.ignored:
        notes.append(_("Kata umum tidak dicari: %(words)s.") % {"words": ", ".join(analyzed.ignored)})
    words = list(analyzed.words)
    terms = [w.term for w in words]
    spans: list[tuple[QueryWord, expansion.Expansion | None]] = []
    i = 0
    while i < len(words):
        entry = expansion.match_at(terms, i)
        if entry is not None and entry.length > 1:
            joined = words[i:i + entry.length]
            spans.append((QueryWord(raw=" ".join(w.raw for w in joined), term=" ".join(entry.key),
                                    surface=" ".join(entry.key), kind="phrase",
                                    is_last=joined[-1].is_last), entry))
            i += entry.length
            continue
        spans.append((words[i], entry))
        i += 1
    lookups = {w.term for w in words} | {w.surface for w in words}
    for _word, entry in spans:
        if entry is not None:
            lookups.update(t for _w, ts, _weight in entry.also for t in ts)
    df = backend.term_frequencies(sorted(lookups))
    places = expansion.place_terms()
    planned: list[PlannedWord] = []
    for word, entry in spans:
        item = PlannedWord(word=word, alternatives=[])
        if word.kind == "phrase":
            alt = _phrase_alternative(word.term.split(), df)
            if alt:
                item.alternatives.append(alt)
        else:
            known = [t for t in dict.fromkeys([word.term, word.surface]) if df.get(t, 0) > 0]
            if word.kind == "synonym":
                item.notes.append(_("“%(typed)s” dicari sebagai “%(term)s”.") % {"typed": word.raw, "term": word.term})
            elif word.variant_of:
                item.notes.append(_("“%(typed)s” disamakan dengan “%(term)s”.") % {"typed": word.variant_of,
                                                                                   "term": word.surface})
            if known:
                chosen = word.term if word.term in known else known[0]
                item.alternatives.append(Alternative(chosen, df=df[chosen]))
            elif entry is None and not expansion.is_known(word.term):
                _resolve_unknown(word, item, backend, analyzed.ends_open, places)
                if item.alternatives and not item.alternatives[0].prefix:
                    entry = expansion.match_at([item.alternatives[0].term], 0)
        if entry is not None:
            elsewhere = {t for other, _e in spans if other is not word for t in other.term.split()}
            _expand(item, entry, df, backend, elsewhere)
        item.qualifier = word.kind == "quantity" or bool(entry and set(entry.domains) <= QUALIFIER_DOMAINS)
        if not item.alternatives and (word.kind == "phrase" or entry is not None or expansion.is_known(word.term)):
            item.notes.append(_("“%(typed)s” tidak ada di katalog dan tidak dicari.") % {"typed": word.raw})
        if item.alternatives and word.term in ABBREVIATIONS:
            item.notes.append(_("“%(short)s” berarti %(long)s; keduanya dicari.") % {
                "short": word.term, "long": ABBREVIATIONS[word.term]})
        notes.extend(item.notes)
        planned.append(item)
    return QueryPlan(words=planned, notes=notes, df=df)


GUESS_WEIGHT = 0.9  # a corrected or completed word, against the word as typed
SURE_CORRECTION_LENGTH = 5  # one slip in a word at least this long is a sure correction
QUALIFIER_DOMAINS = frozenset({"satuan"})  # lexicon.toml groups of sizes and units ("f4" = "folio")

# How many of a concept's or synonym group's words one query word may bring in (the rest are not looked for).
MAX_EXPANSIONS = 40


def _phrase_alternative(terms: list[str], df: dict[str, int], weight: float = 1.0) -> Alternative | None:
    """A phrase of several index terms: every one of them in the product (not necessarily side by side)."""
    if not terms or any(df.get(t, 0) == 0 for t in terms):
        return None
    if len(terms) == 1:
        return Alternative(terms[0], df=df[terms[0]], weight=weight)
    return Alternative(" ".join(terms), df=min(df[t] for t in terms), weight=weight)


def _expand(item: PlannedWord, entry, df: dict[str, int], backend, elsewhere: set[str] = frozenset()) -> None:
    """Add the lexicon's synonyms or members that the catalogue holds, and say so.

    A member made only of the query's other words is left out: in "seragam batik" the uniform group's member
    "batik" would let any batik cloth stand for a uniform, so the word "seragam" would no longer narrow anything."""
    missing = [t for _w, ts, _weight in entry.also for t in ts if t not in df]
    if missing:
        df.update(backend.term_frequencies(missing))
    present = {a.term for a in item.alternatives}
    shown: list[str] = []
    for written, terms, weight in entry.also:
        if len(item.alternatives) >= MAX_EXPANSIONS:
            break
        alt = _phrase_alternative(list(terms), df, weight)
        if alt is None or alt.term in present or set(terms) <= elsewhere:
            continue
        if _covered(alt, item.alternatives):
            continue
        present.add(alt.term)
        item.alternatives.append(alt)
        shown.append(written)
    if shown:
        listed = ", ".join(shown[:8]) + (" …" if len(shown) > 8 else "")
        item.notes.append(_("“%(typed)s” juga mencari: %(words)s.") % {"typed": item.word.raw, "words": listed})


def _covered(alt: Alternative, alternatives: list[Alternative]) -> bool:
    """Whether another alternative holds the same words, weighing as much ("kopi bubuk" and "bubuk kopi"): it
    would find nothing more, yet the engine would weigh its words twice (bm25, ts_rank), each time a pass
    over their postings. An alternative whose words are only a part of another's ("seragam", "seragam
    dinas") is kept: there the longer phrase lifts the products that hold all of it (measured:
    benchmarks/search_quality.py lost 0.006 nDCG@10 overall, "lampu tidur" 0.28, without such phrases)."""
    return any(not other.prefix and other.part == alt.part and other.weight >= alt.weight
               and other.words == alt.words for other in alternatives)


def _resolve_unknown(word: QueryWord, item: PlannedWord, backend, ends_open: bool, places=frozenset()) -> None:
    typing = word.is_last and ends_open and word.kind == "word"
    completions = backend.prefix_terms(word.surface, limit=8) if typing and len(word.surface) >= 2 else []
    completions = [(t, n) for t, n in completions if t not in places]
    if typing and completions:
        _complete(word, item, backend, completions, places)
    elif corrections := (_corrections(word.surface, backend, exclude=places) if word.kind == "word" else []):
        item.alternatives = [Alternative(t, df=n, weight=GUESS_WEIGHT) for t, n in corrections]
        item.guessed = not _sure_correction(word.surface, corrections[0][0])
        item.notes.append(_("“%(typed)s” dikoreksi menjadi %(words)s.") % {
            "typed": word.raw, "words": (" " + _("atau") + " ").join(f"“{t}”" for t, _n in corrections)})
    else:  # a complete word (more follow, or a space after it) is never completed into a longer one
        typed = word.raw if word.surface == word.raw else f"{word.raw}” (“{word.surface}"
        item.notes.append(_("“%(typed)s” tidak ada di katalog dan tidak dicari.") % {"typed": typed})


def _sure_correction(typed: str, corrected: str) -> bool:
    """One slip in a word of five letters or more ("amplob" → "amplop"), or a key struck twice ("hvss" →
    "hvs"), is a sure correction; two slips ("pantofel" → "pantone") or one in a short word ("neon" → "non")
    is a guess, weighed as one (_group_weights)."""
    if any(typed[:i] + typed[i + 1:] == corrected for i in range(1, len(typed)) if typed[i] == typed[i - 1]):
        return True
    return len(typed) >= SURE_CORRECTION_LENGTH and edit_distance(typed, corrected, limit=3) == 1


def _complete(word: QueryWord, item: PlannedWord, backend, completions, places) -> None:
    """An incomplete last word: every catalogue word it begins, as one prefix, unless some of those are
    place names: then only the others, one by one."""
    item.guessed = True
    if places and any(t in places for t, _n in backend.prefix_terms(word.surface, limit=50)):
        item.alternatives = [Alternative(t, df=n, weight=GUESS_WEIGHT) for t, n in completions]
    else:
        item.alternatives = [Alternative(word.surface, prefix=True, weight=GUESS_WEIGHT)]
    item.notes.append(_("“%(typed)s” dilengkapi: %(words)s …") % {
        "typed": word.raw, "words": ", ".join(t for t, _n in completions[:3])})


def _corrections(word: str, backend, exclude=frozenset(), limit: int = 2) -> list[tuple[str, int]]:
    """Known terms within edit distance 1 (2 for words of 6+ letters), the most frequent first, with
    their document counts."""
    if len(word) < 4 or not word.isalpha():
        return []
    allowed = 1 if len(word) < 6 else 2
    scored = []
    for term, df in backend.similar_terms(word):
        if term in exclude or term == word:
            continue
        distance = edit_distance(word, term, limit=allowed + 1)
        if distance <= allowed:
            scored.append((distance, -df, term))
    scored.sort()
    if not scored:
        return []
    best = scored[0][0]
    return [(term, -neg_df) for distance, neg_df, term in scored if distance == best][:limit]


# --- partial matches -----------------------------------------------------------------------------------

# Products holding only some of the words: this many of the engine's best (bm25 / ts_rank over any word) are
# ordered by which words they hold; more are taken when a later page asks for them.
PARTIAL_CANDIDATES = 100
PARTIAL_LIMIT = 1000


RERANK_DEPTH = 60  # the first products holding every word are ordered again by which words they hold, and where
IN_BODY = 0.6  # a word found only in the category, brand or description, against one in the product's name
PLACE_WEIGHT = 0.25  # a place name says little about the product (places are the kecamatan facet)
GENERIC_WEIGHT = 0.25  # nor does a word like "perlengkapan" (lexicon.toml `generic`)
PART_WEIGHT = 0.5  # one word of a lexicon phrase ("sampah" of "tempat sampah"), for partial matches
MAX_PART_WEIGHT = 0.8  # the rarest word of a phrase, alone
BOUNDED_SHARE = 0.5  # a size, or an unsure guess, weighs at most this share of the lightest sure word


def _group_weights(plan: QueryPlan) -> list[float]:
    """Each looked-for word's weight: the rarer in the catalogue, the more it says (idf); a lexicon phrase
    weighs as its words together; a place name weighs little.

    A bound keeps a rare word from pulling the wrong products up when no product holds every word: an
    unsure guess (a completed word, or a correction of two slips or of a short word) and a size or quantity
    weigh at most half the lightest word found as typed. "sepatu pantofel" lists shoes before whatever holds
    the correction "pantone"; "madu 500 ml" lists honey of another size before syrup of 500 ml."""
    places, generic = expansion.place_terms(), expansion.generic_terms()
    items = [w for w in plan.words if w.alternatives]
    known = [n for n in plan.df.values() if n]
    scale = 10.0 * max(known + [1])
    out = []
    for item in items:
        fallback = sum(a.df or 0 for a in item.alternatives if not a.prefix) or scale / 100
        weight = 0.0
        for term in item.word.term.split():
            df = plan.df.get(term) or fallback
            weight += math.log(1.0 + scale / df) * (
                PLACE_WEIGHT if term in places else GENERIC_WEIGHT if term in generic else 1.0)
        out.append(weight)
    firm = [w for item, w in zip(items, out) if not item.guessed and not item.qualifier]
    if firm:
        for i, item in enumerate(items):
            if item.qualifier or item.guessed:
                out[i] = min(out[i], BOUNDED_SHARE * min(firm))
    return out


def _text_score(groups, weights: list[float], name: set[str], body: set[str],
                required: list[bool] | None = None) -> tuple[float, bool]:
    """How well a product answers the words: each word's weight × its best alternative's weight (the word
    typed 1, a synonym or correction less, a concept member less again), full in the name, IN_BODY elsewhere.
    Also whether it holds every required word (QueryPlan.required; all of them when not given)."""
    total = sum(weights) or 1.0
    score, every = 0.0, True
    required = required or [True] * len(groups)
    for group, weight, needed in zip(groups, weights, required):
        best, whole = 0.0, False
        for alt in group:
            if _found([alt], name):
                best, whole = max(best, alt.weight), whole or not alt.part
            elif _found([alt], body):
                best, whole = max(best, alt.weight * IN_BODY), whole or not alt.part
        every = every and (whole or not needed)
        score += weight * best
    return score / total, every


def _rerank(backend, plan: QueryPlan, hits, ranked_among: int | None):
    """The engine's first products holding every word, ordered by _text_score (then the engine's score),
    the preference bounded (ranking.py); equal scores by the stable hash of the id."""
    count = len(hits) if ranked_among is None else min(len(hits), ranked_among)
    if count < 2:
        return hits
    head, tail = hits[:count], hits[count:]
    docs = backend.documents([pk for pk, _rel, _pref in head])
    groups, weights_ = plan.groups, _group_weights(plan)
    scored = []
    for pk, rel, pref in head:
        name, body = docs.get(pk, (set(), set()))
        text, _every = _text_score(groups, weights_, name, body)
        relevance = round(0.7 * text + 0.3 * rel, 6)
        scored.append((-relevance * preference_factor(pref), tie_hash(pk), pk, relevance, pref))
    scored.sort()
    return [(pk, relevance, pref) for _key, _tie, pk, relevance, pref in scored] + tail


def _partial_matches(backend, plan: QueryPlan, resolved: ResolvedFilters, *, sort: str, want: int,
                     with_facets: bool) -> tuple[list[tuple[int, float, float]], RawResult]:
    """Products holding some but not all of the words, after those holding all: by the weight of the words
    they hold (_text_score: how many, which, rarer words weigh more, the name more than the description),
    then by the engine's score; the preference bounded as everywhere (ranking.py)."""
    groups = _with_parts(plan)
    limit = min(PARTIAL_LIMIT, max(PARTIAL_CANDIDATES, want))
    raw = backend.search(groups=groups, all_words=False, filters=resolved, sort=sort, offset=0, limit=limit,
                         with_facets=with_facets)
    if not raw.hits:
        return [], raw
    docs = backend.documents([pk for pk, _rel, _pref in raw.hits])
    weights_ = _group_weights(plan)
    best = max(rel for _pk, rel, _pref in raw.hits) or 1.0
    scored = []
    for pk, rel, pref in raw.hits:
        name, body = docs.get(pk, (set(), set()))
        text, every = _text_score(groups, weights_, name, body, plan.required)
        if every:
            continue  # holds every required word: listed with the full matches already
        relevance = round(0.99 * (0.7 * text + 0.3 * rel / best), 6) if sort == "relevansi" else rel
        scored.append((-relevance * preference_factor(pref), tie_hash(pk), pk, relevance, pref))
    if sort == "relevansi":
        scored.sort()
    return [(pk, relevance, pref) for _key, _tie, pk, relevance, pref in scored], raw


def _with_parts(plan: QueryPlan) -> list[list[Alternative]]:
    """The query's groups, a lexicon phrase's group also holding each of its words (as a part)."""
    out = []
    for item in plan.words:
        if not item.alternatives:
            continue
        group = list(item.alternatives)
        if item.word.kind == "phrase":
            have = {a.term for a in group}
            terms = item.word.term.split()
            shares = _part_shares(terms, plan.df)
            for term in terms:
                if term not in have and plan.df.get(term):
                    group.append(Alternative(term, df=plan.df[term], weight=shares[term], part=True))
        out.append(group)
    return out


def _part_shares(terms: list[str], df: dict[str, int]) -> dict[str, float]:
    """Each word's share of a phrase, by how rare it is (idf): "sampah" says more of "tempat sampah" than
    "tempat" does, so a bin bag comes before a fruit holder. Words equally rare weigh PART_WEIGHT each; none
    more than MAX_PART_WEIGHT (a part is never the whole)."""
    known = [n for n in df.values() if n]
    scale = 10.0 * max(known + [1])
    idf = {t: math.log(1.0 + scale / (df.get(t) or scale)) for t in terms}
    total = sum(idf.values()) or 1.0
    return {t: round(min(MAX_PART_WEIGHT, len(terms) * PART_WEIGHT * idf[t] / total), 6) for t in terms}


def _words_never_together(plan: QueryPlan) -> str:
    return ", ".join(f"“{w.word.raw}”" for w in plan.words if w.alternatives)


def _near_terms(analyzed: AnalyzedQuery, backend) -> list[str]:
    """Catalogue words close to what was typed (a wider net than correction), for a query that found nothing."""
    places = expansion.place_terms()
    out: list[str] = []
    for word in analyzed.words:
        if word.kind != "word" or len(word.surface) < 3:
            continue
        candidates = []
        for term, df in backend.similar_terms(word.surface, limit=30):
            if term in places or term in out:
                continue
            distance = edit_distance(word.surface, term, limit=4)
            if distance <= 3:
                candidates.append((distance, -df, term))
        out.extend(term for _d, _n, term in sorted(candidates)[:3])
    return out[:6]


# --- filters and facets --------------------------------------------------------


@dataclass(frozen=True)
class _Reference:
    """Categories and this kabupaten's kecamatan, read once per search (two small raw queries)."""

    categories: dict[int, tuple[int | None, int, str, str]]  # id → (parent, level, slug, name)
    districts: dict[str, str]  # code → name, in code order


def _reference() -> _Reference:
    categories, districts = {}, {}
    with connection.cursor() as cursor:  # one round trip for both
        cursor.execute(
            "SELECT id, parent_id, level, slug, name FROM catalogue_category UNION ALL "
            "SELECT NULL, NULL, NULL, code, name FROM regions_district WHERE regency_id = %s",
            [settings.KATALOG_REGION],
        )
        for pk, parent, level, key, name in cursor.fetchall():
            if pk is None:
                districts[key] = name
            else:
                categories[pk] = (parent, level, key, name)
    return _Reference(categories=categories, districts=dict(sorted(districts.items())))


def _resolve_filters(filters: SearchFilters, reference: _Reference) -> ResolvedFilters:
    categories = reference.categories
    category_id, level, impossible = None, 0, False
    if filters.category:
        category_id = next((pk for pk, row in categories.items() if row[2] == filters.category), None)
        if category_id is None:
            impossible = True
        else:
            level = min(max(categories[category_id][1], 1), 3)
    bands: tuple[int, ...] = ()
    bounds = parse_price_band(filters.price)
    if bounds:
        # A price range counts when it runs from one band edge to another (what the facet links give).
        edges = (0, *price_bands())
        low, high = bounds
        if low in edges and (high is None or high in edges[1:]):
            first = edges.index(low)
            last = len(edges) - 1 if high is None else edges.index(high) - 1
            bands = tuple(range(first, last + 1))
    return ResolvedFilters(
        category_id=category_id, category_level=level,
        category_children=tuple(sorted(pk for pk, row in categories.items() if category_id and row[0] == category_id)),
        top_categories=tuple(sorted(pk for pk, row in categories.items() if row[0] is None)),
        district=filters.district, scale=filters.scale, origin=filters.origin, bands=bands,
        flags=frozenset(flag for flag in FLAGS if getattr(filters, flag)), impossible=impossible,
        home_districts=tuple(reference.districts),
    )


def _browse_facets(backend, filters: SearchFilters, resolved: ResolvedFilters) -> dict:
    # The filters are what the visitor typed: hashed, so the key stays short and plain whatever they sent
    # (the database cache's key column holds 255 characters; memcached refuses spaces and control characters).
    # The content version in the key: a committed change shows in the counts at once (core/pagecache.py).
    params = "&".join(f"{k}={v}" for k, v in sorted(filters.as_params().items()))
    key = (f"catalogue:browse-facets:{backend.vendor}:{pagecache.content_version()}:"
           + hashlib.sha256(params.encode()).hexdigest())
    facets = cache.get(key)
    if facets is None:
        facets = backend.browse_facets(resolved)
        cache.set(key, facets, BROWSE_FACET_SECONDS)
    return facets


def _price_band_labels() -> list[tuple[str, str]]:
    bands = price_bands()
    out, low = [], 0
    for high in bands:
        label = (_("di bawah %(high)s") % {"high": format_rupiah(high)} if low == 0
                 else f"{format_rupiah(low)} – {format_rupiah(high)}")
        out.append((f"{low}-{high}", label))
        low = high
    out.append((f"{low}-", _("%(low)s ke atas") % {"low": format_rupiah(low)}))
    return out


def _facets(raw: dict[str, dict[str, int]], filters: SearchFilters, resolved: ResolvedFilters,
            reference: _Reference) -> list[Facet]:
    facets: list[Facet] = []
    raw = dict(raw)
    raw.pop("approximate", None)
    categories = reference.categories
    category_counts = raw.get("category", {})
    if category_counts or filters.category:
        values = [FacetValue(value=categories[int(k)][2], label=categories[int(k)][3], count=n)
                  for k, n in category_counts.items() if int(k) in categories]
        values.sort(key=lambda v: (-v.count, v.label))
        if resolved.category_id:
            _parent, _level, slug, name = categories[resolved.category_id]
            values.insert(0, FacetValue(value=slug, label=name, count=sum(v.count for v in values), selected=True))
        facets.append(Facet("category", _("Kategori"), values, PARAMS["category"]))
    district_counts = raw.get("district", {})
    if district_counts:
        names = reference.districts
        values = [FacetValue(code, names.get(code, code), n, selected=(code == filters.district))
                  for code, n in district_counts.items() if code]
        values.sort(key=lambda v: v.label)
        facets.append(Facet("district", _("Kecamatan penyedia"), values, PARAMS["district"]))
    scale_counts = raw.get("scale", {})
    if scale_counts:
        values = [FacetValue(s.value, str(s.label), scale_counts[s.value], selected=(s.value == filters.scale))
                  for s in Scale if s.value in scale_counts]
        facets.append(Facet("scale", _("Skala usaha"), values, PARAMS["scale"]))
    origin_counts = raw.get("origin", {})
    if origin_counts:
        values = [FacetValue(o.value, str(o.label), origin_counts[o.value], selected=(o.value == filters.origin))
                  for o in Origin if o.value in origin_counts]
        facets.append(Facet("origin", _("Asal produk"), values, PARAMS["origin"]))
    price_counts = raw.get("price", {})
    if price_counts:
        values = [FacetValue(key, label, price_counts.get(str(i), 0), selected=(key == filters.price))
                  for i, (key, label) in enumerate(_price_band_labels()) if price_counts.get(str(i))]
        facets.append(Facet("price", _("Harga"), values, PARAMS["price"]))
    flag_counts = raw.get("flag", {})
    if flag_counts:
        labels = {
            "umk": _("Usaha mikro/kecil (UMK)"),
            "local_supplier": _("Penyedia lokal"),
            "tkdn": _("TKDN ≥ %(t)s%%") % {"t": tkdn_threshold()},
            "tkdn_bmp": _("TKDN + BMP ≥ %(t)s%%") % {"t": tkdn_bmp_threshold()},
            "halal": _("Bersertifikat halal"),
            "sni": _("Ber-SNI"),
        }
        values = [FacetValue(flag, labels[flag], flag_counts.get(flag, 0), selected=getattr(filters, flag))
                  for flag in FLAGS]
        facets.append(Facet("flags", _("Preferensi dan sertifikat"), values))
    return facets


# --- explaining the ranking --------------------------------------------------------


def _attach_products(hits: list[SearchHit]) -> None:
    ids = [h.product_id for h in hits]
    if not ids:
        return
    # Only what result cards, the API and `katalog search` show: fewer columns, less to build per row, and no
    # ORDER BY (hits keep theirs). The card photo by one plain query: a correlated subquery in the ORM statement
    # cost a quarter more Python time to compile than the photos take to read.
    products = attach_card_photos(list(Product.objects.select_related("supplier", "supplier__district")
                                       .filter(pk__in=ids).only(*_HIT_FIELDS).order_by()))
    by_id = {p.pk: p for p in products}
    for hit in hits:
        hit.product = by_id.get(hit.product_id)


_HIT_FIELDS = (
    "id", "name", "price", "unit", "tkdn", "bmp", "origin", "is_halal", "has_sni", "status", "category_id",
    "ppn_percent", "ppnbm", "stock", "min_order", "lead_time_days", "supplier__id", "supplier__name", "supplier__scale",
    "supplier__is_pkp",
    "supplier__is_cooperative", "supplier__regency_id", "supplier__district_id", "supplier__district__code",
    "supplier__district__name",
)


def attach_card_photos(products: list) -> list:
    """Set `card_photo_id` (the first photo, or None) on each product, in one query."""
    ids = [p.pk for p in products]
    first: dict[int, int] = {}
    if ids:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT product_id, id FROM catalogue_productphoto "
                f"WHERE product_id IN ({', '.join(['%s'] * len(ids))}) ORDER BY position DESC, id DESC", ids)
            first = dict(cursor.fetchall())  # the last write per product wins: the first photo
    for product in products:
        product.card_photo_id = first.get(product.pk)
    return products


def _explain(hits: list[SearchHit], plan: QueryPlan, backend, *, has_query: bool, sort: str,
             matched_all: bool = True, ranked_among: int | None = None,
             name_terms: dict[int, str] | None = None) -> None:
    # Every word matched somewhere when all words were required: only the name needs analysing then (the
    # engine usually read its stored terms with the page).
    docs = backend.documents([h.product_id for h in hits]) if has_query and not matched_all else {}
    name_terms = name_terms or {}
    text_weight = format_score(weights()["text"])
    thresholds = (int(tkdn_threshold() * 100), int(tkdn_bmp_threshold() * 100))
    reason_cache: dict[tuple, list[str]] = {}
    # Each sentence translated once per search, not once per hit.
    in_name_text = _("Nama produk memuat: %(words)s")
    elsewhere_text = _("Kategori, merek, penyedia atau deskripsi memuat: %(words)s")
    missing_text = _("Tidak memuat: %(words)s")
    if ranked_among is None:
        relevance_text = _("Kecocokan teks %(pct)s%% dari yang terbaik (× bobot %(w)s)")
    else:  # the best among the candidates ranked, not among every match (see the note)
        relevance_text = _("Kecocokan teks %(pct)s%% dari yang terbaik di antara %(n)s produk yang diperingkat "
                           "(× bobot %(w)s)")
    score_text = _("Skor %(score)s")
    factor_text = _("Preferensi mengalikan skor teks ×%(f)s (paling banyak ×%(max)s: tidak pernah mengangkat "
                    "kecocokan yang lemah di atas yang jelas lebih baik)")
    cap_text = _factor(1 + float(rule("search_preference_cap")))
    tie_text = _("Skor sama dengan produk di sebelahnya: urutan ditentukan acak-tetap (hash id produk)")
    for i, hit in enumerate(hits):
        why: list[str] = []
        product = hit.product
        if has_query and product is not None:
            if hit.product_id in docs:
                in_name_terms, body_terms = docs[hit.product_id]
            elif hit.product_id in name_terms:
                in_name_terms, body_terms = set(name_terms[hit.product_id].split()), None
            else:
                in_name_terms, body_terms = set(document_terms(product.name)), None
            in_name, elsewhere, missing = [], [], []
            for planned in plan.words:
                if not planned.alternatives:
                    continue
                found = _found(planned.alternatives, in_name_terms)
                if found:
                    in_name.append(found)
                elif body_terms is None:
                    elsewhere.append(planned.alternatives[0].term + ("…" if planned.alternatives[0].prefix else ""))
                elif (found := _found(planned.alternatives, body_terms)):
                    elsewhere.append(found)
                else:
                    missing.append(planned.word.raw)
            if in_name:
                why.append(in_name_text % {"words": ", ".join(in_name)})
            if elsewhere:
                why.append(elsewhere_text % {"words": ", ".join(elsewhere)})
            if missing:
                why.append(missing_text % {"words": ", ".join(missing)})
            why.append(relevance_text % {"pct": round(hit.relevance * 100), "w": text_weight,
                                         "n": _thousands(ranked_among or 0)})
        if product is not None:
            supplier = product.supplier
            tkdn = int((product.tkdn or 0) * 100)  # no TKDN value reaches no threshold
            key = (supplier.is_local, supplier.is_umk, tkdn >= thresholds[0], tkdn + int(product.bmp * 100) >= thresholds[1])
            if key not in reason_cache:
                preference = Preference(local_supplier=key[0], umk=key[1], tkdn=key[2], tkdn_bmp=key[3])
                reason_cache[key] = preference.reasons() or [
                    _("Tanpa nilai tambah preferensi (bukan penyedia lokal/UMK, TKDN di bawah ambang)")]
            why.extend(reason_cache[key])
            if has_query and hit.preference:
                why.append(factor_text % {"f": _factor(preference_factor(hit.preference)), "max": cap_text})
        why.append(score_text % {"score": format_score(hit.score)})
        neighbours = [hits[j].score for j in (i - 1, i + 1) if 0 <= j < len(hits)]
        if sort == "relevansi" and hit.score in neighbours:
            why.append(tie_text)
        hit.why = why


def _factor(value: float) -> str:
    return f"{value:.2f}".replace(".", ",")


def _found(alternatives: list[Alternative], terms: set[str]) -> str:
    for alt in alternatives:
        if alt.prefix:
            match = next((t for t in sorted(terms) if t.startswith(alt.term)), None)
            if match:
                return match
        elif alt.term in terms or (" " in alt.term and all(t in terms for t in alt.term.split())):
            return alt.term
    return ""

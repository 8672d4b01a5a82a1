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

import logging
from dataclasses import dataclass, field

from django.core.cache import cache
from django.db import connection, transaction
from django.utils.translation import gettext as _

from . import indexer
from .engine import Alternative, RawResult, ResolvedFilters, get_backend
from .lexicon import ABBREVIATIONS
from .normalize import AnalyzedQuery, QueryWord, analyze_query, edit_distance
from .ranking import Preference, format_score, price_bands, tkdn_bmp_threshold, tkdn_threshold, weights
from .types import FLAGS, PARAMS, Facet, FacetValue, SearchFilters, SearchHit, SearchResult, parse_price_band

log = logging.getLogger(__name__)

# A search refreshes at most this many queued products itself; `katalog reindex` does bulk loads.
LAZY_SYNC_LIMIT = 2000
MAX_PAGE_SIZE = 100
RARE_TERM_DF = 3  # a known word this rare may be a typo itself: also look for a common neighbour
BROWSE_FACET_SECONDS = 120


@dataclass
class PlannedWord:
    word: QueryWord
    alternatives: list[Alternative]
    notes: list[str] = field(default_factory=list)


@dataclass
class QueryPlan:
    words: list[PlannedWord]
    notes: list[str]

    @property
    def groups(self) -> list[list[Alternative]]:
        return [w.alternatives for w in self.words if w.alternatives]


def search_products(*, query: str = "", filters: SearchFilters | None = None, sort: str = "relevansi",
                    page: int = 1, page_size: int = 24, with_facets: bool = True) -> SearchResult:
    """Search the public catalogue (active products only)."""
    filters = filters or SearchFilters()
    page = max(1, int(page or 1))
    page_size = max(1, min(int(page_size or 24), MAX_PAGE_SIZE))
    backend = get_backend()
    _sync_lazily()

    analyzed = analyze_query(query)
    plan = plan_query(analyzed, backend)
    reference = _reference()
    resolved = _resolve_filters(filters, reference)
    offset = (page - 1) * page_size
    groups = plan.groups
    matched_all = True
    if groups:
        raw = backend.search(groups=groups, all_words=True, filters=resolved, sort=sort, offset=offset,
                             limit=page_size, with_facets=with_facets)
        if raw.total == 0 and len(groups) > 1:
            matched_all = False
            plan.notes.append(_("Tidak ada produk yang memuat semua kata; ditampilkan yang memuat sebagian."))
            raw = backend.search(groups=groups, all_words=False, filters=resolved, sort=sort, offset=offset,
                                 limit=page_size, with_facets=with_facets)
    elif analyzed.words:  # words were asked for, but the catalogue knows none of them
        raw = RawResult(hits=[], total=0, facets={})
    else:  # nothing to look for (empty, or only unit and function words): browse
        raw = backend.search(groups=None, all_words=True, filters=resolved, sort=sort, offset=offset,
                             limit=page_size, with_facets=False)
        if with_facets:
            raw.facets = _browse_facets(backend, filters, resolved)
    hits = [SearchHit(product_id=pk, relevance=rel, preference=pref,
                      score=round(rel * weights()["text"] + pref, 4) if groups else round(pref, 4))
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
            "Karena sangat banyak produk cocok, hanya %(n)s produk cocok dengan preferensi tertinggi (penyedia lokal, "
            "UMK, TKDN; dalam satu kelas preferensi dipilih acak-tetap menurut hash id produk) yang diurutkan menurut "
            "skor; produk lainnya menyusul dalam urutan preferensi itu.") % {"n": _thousands(raw.ranked_among)})
    _attach_products(hits)
    _explain(hits, plan, backend, has_query=bool(groups), sort=sort, matched_all=matched_all,
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
    notes: list[str] = []
    if analyzed.ignored:
        notes.append(_("Kata umum tidak dicari: %(words)s.") % {"words": ", ".join(analyzed.ignored)})
    lookups = [w.term for w in analyzed.words] + [w.surface for w in analyzed.words]
    df = backend.term_frequencies(lookups)
    planned: list[PlannedWord] = []
    for word in analyzed.words:
        item = PlannedWord(word=word, alternatives=[])
        known = [t for t in dict.fromkeys([word.term, word.surface]) if df.get(t, 0) > 0]
        if word.kind == "synonym":
            item.notes.append(_("“%(typed)s” dicari sebagai “%(term)s”.") % {"typed": word.raw, "term": word.term})
        elif word.variant_of:
            item.notes.append(_("“%(typed)s” disamakan dengan “%(term)s”.") % {"typed": word.variant_of,
                                                                               "term": word.surface})
        if known:
            chosen = word.term if word.term in known else known[0]
            item.alternatives = [Alternative(chosen, df=df[chosen])]
            if max(df.get(t, 0) for t in known) < RARE_TERM_DF and word.kind == "word":
                for term, term_df in _corrections(word.surface, backend, exclude=set(known)):
                    if df.get(term, 0) == 0:
                        item.alternatives.append(Alternative(term, df=term_df))
                        item.notes.append(_("Juga dicari “%(term)s”.") % {"term": term})
        else:
            _resolve_unknown(word, item, backend, analyzed.ends_open)
        if item.alternatives and word.term in ABBREVIATIONS:
            item.notes.append(_("“%(short)s” berarti %(long)s; keduanya dicari.") % {
                "short": word.term, "long": ABBREVIATIONS[word.term]})
        notes.extend(item.notes)
        planned.append(item)
    return QueryPlan(words=planned, notes=notes)


def _resolve_unknown(word: QueryWord, item: PlannedWord, backend, ends_open: bool) -> None:
    typing = word.is_last and ends_open and word.kind == "word"
    completions = backend.prefix_terms(word.surface) if len(word.surface) >= 2 and word.kind == "word" else []
    corrections = _corrections(word.surface, backend) if word.kind == "word" else []
    if typing and completions:
        item.alternatives = [Alternative(word.surface, prefix=True)]
        item.notes.append(_("“%(typed)s” dilengkapi: %(words)s …") % {
            "typed": word.raw, "words": ", ".join(t for t, _n in completions[:3])})
    elif corrections:
        item.alternatives = [Alternative(t, df=n) for t, n in corrections]
        item.notes.append(_("“%(typed)s” dikoreksi menjadi %(words)s.") % {
            "typed": word.raw, "words": (" " + _("atau") + " ").join(f"“{t}”" for t, _n in corrections)})
    elif completions:
        item.alternatives = [Alternative(word.surface, prefix=True)]
        item.notes.append(_("“%(typed)s” dilengkapi: %(words)s …") % {
            "typed": word.raw, "words": ", ".join(t for t, _n in completions[:3])})
    else:
        typed = word.raw if word.surface == word.raw else f"{word.raw}” (“{word.surface}"
        item.notes.append(_("“%(typed)s” tidak ada di katalog dan tidak dicari.") % {"typed": typed})


def _corrections(word: str, backend, exclude: set[str] = frozenset(), limit: int = 2) -> list[tuple[str, int]]:
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


# --- filters and facets --------------------------------------------------------


@dataclass(frozen=True)
class _Reference:
    """Categories and this kabupaten's kecamatan, read once per search (two small raw queries)."""

    categories: dict[int, tuple[int | None, int, str, str]]  # id → (parent, level, slug, name)
    districts: dict[str, str]  # code → name, in code order


def _reference() -> _Reference:
    from django.conf import settings

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
    key = "catalogue:browse-facets:" + backend.vendor + ":" + "&".join(
        f"{k}={v}" for k, v in sorted(filters.as_params().items()))
    facets = cache.get(key)
    if facets is None:
        facets = backend.browse_facets(resolved)
        cache.set(key, facets, BROWSE_FACET_SECONDS)
    return facets


def _price_band_labels() -> list[tuple[str, str]]:
    from katalog.core.money import format_rupiah

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
    from katalog.suppliers.models import Scale

    from ..models import Origin

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
    from django.db.models import OuterRef, Subquery

    from katalog.catalogue.models import Product, ProductPhoto

    ids = [h.product_id for h in hits]
    if not ids:
        return
    # Only what result cards, the API and `katalog search` show: fewer columns, less to build per row; the
    # card photo (as attach_card_photos picks it) in the same statement, and no ORDER BY (hits keep theirs).
    first_photo = ProductPhoto.objects.filter(product_id=OuterRef("pk")).order_by("position", "id").values("id")[:1]
    products = (Product.objects.select_related("supplier", "supplier__district").filter(pk__in=ids)
                .only(*_HIT_FIELDS).annotate(card_photo_id=Subquery(first_photo)).order_by())
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
    from .normalize import document_terms

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
            tkdn = int(product.tkdn * 100)
            key = (supplier.is_local, supplier.is_umk, tkdn >= thresholds[0], tkdn + int(product.bmp * 100) >= thresholds[1])
            if key not in reason_cache:
                preference = Preference(local_supplier=key[0], umk=key[1], tkdn=key[2], tkdn_bmp=key[3])
                reason_cache[key] = preference.reasons() or [
                    _("Tanpa nilai tambah preferensi (bukan penyedia lokal/UMK, TKDN di bawah ambang)")]
            why.extend(reason_cache[key])
        why.append(score_text % {"score": format_score(hit.score)})
        neighbours = [hits[j].score for j in (i - 1, i + 1) if 0 <= j < len(hits)]
        if sort == "relevansi" and hit.score in neighbours:
            why.append(tie_text)
        hit.why = why


def _found(alternatives: list[Alternative], terms: set[str]) -> str:
    for alt in alternatives:
        if alt.prefix:
            match = next((t for t in sorted(terms) if t.startswith(alt.term)), None)
            if match:
                return match
        elif alt.term in terms:
            return alt.term
    return ""

"""Very large result sets: ranking a static-order prefix, sampled facets and totals, said in plain words.

The limits are lowered so that a small catalogue behaves as a million-product one would.
"""

import pytest

from katalog.catalogue.search import search_products
from katalog.catalogue.search.engine import HASH_MASK, Alternative, match_upper_bound
from katalog.catalogue.search.models import SearchDocument


@pytest.fixture
def tapis(db):
    """40 equal "Tas Tapis" offers: 20 from a local micro business, 20 from a large one elsewhere."""
    from katalog.regions.models import District
    from tests.factories import make_category, make_product, make_supplier

    category = make_category("Kerajinan")
    elsewhere = District.objects.exclude(regency_id="18.03").order_by("code").first()
    local = make_supplier(name="UD Tapis Abung", scale="mikro")
    far = make_supplier(name="PT Jauh Sekali", scale="besar", district=elsewhere)
    products = [make_product(local, category, name="Tas Tapis Lampung", tkdn=60) for _ in range(20)]
    products += [make_product(far, category, name="Tas Tapis Lampung", tkdn=0) for _ in range(20)]
    return products


def _static_order(product_ids):
    """The documents' static order: the row id / tie (preference class, then tie hash)."""
    ties = dict(SearchDocument.objects.filter(product_id__in=product_ids).values_list("product_id", "tie"))
    return sorted(product_ids, key=ties.__getitem__)


@pytest.fixture
def engine(db):
    """The backend class in use: each engine sets its own limits."""
    from katalog.catalogue.search.backends import get_backend

    return type(get_backend())


def test_upper_bound_on_matches_comes_from_term_counts():
    kopi, robusta, typed = Alternative("kopi", df=900), Alternative("robusta", df=40), Alternative("rob", prefix=True)
    assert match_upper_bound([[kopi], [robusta]], all_words=True) == 40
    assert match_upper_bound([[kopi], [robusta]], all_words=False) == 940
    assert match_upper_bound([[kopi, robusta]], all_words=True) == 940
    assert match_upper_bound([[kopi], [typed]], all_words=True) == 900
    assert match_upper_bound([[typed]], all_words=True) is None


@pytest.mark.django_db
def test_small_result_sets_are_ranked_exactly_without_notes(tapis):
    result = search_products(query="tas tapis", page_size=50)
    assert result.ranked_among is None and not result.total_approximate and not result.facets_approximate
    assert result.total == 40
    assert not any("sangat banyak" in note.lower() for note in result.notes)


@pytest.mark.django_db
def test_very_large_result_set_ranks_candidates_then_static_order_and_says_so(tapis, engine, monkeypatch):
    from django.db import connection

    monkeypatch.setattr(engine, "EXACT_RANKING_LIMIT", 10)
    monkeypatch.setattr(engine, "RANKING_CANDIDATES", 25)
    result = search_products(query="tas tapis", page_size=50)
    ids = [h.product_id for h in result.hits]
    assert sorted(ids) == sorted(p.pk for p in tapis)  # nothing lost, nothing twice
    ranked = result.ranked_among
    assert ranked and 1 <= ranked < 40
    candidates, rest = ids[:ranked], ids[ranked:]
    scores = [h.score for h in result.hits[:ranked]]
    assert scores == sorted(scores, reverse=True)  # the candidates are ranked by score ...
    assert rest == _static_order(rest)  # ... the others follow the static order
    ties = dict(SearchDocument.objects.values_list("product_id", "tie"))
    if connection.vendor == "sqlite":
        # The candidates are the first matches in static order: every local micro offer comes first.
        assert max(ties[pk] for pk in candidates) < min(ties[pk] for pk in rest)
        assert set(candidates[:min(ranked, 20)]) <= {p.pk for p in tapis[:20]}
    else:
        # The candidates are the tie-hash sample: their hashes lie below all the others'.
        hash_of = {pk: tie & HASH_MASK for pk, tie in ties.items()}
        assert max(hash_of[pk] for pk in candidates) < min(hash_of[pk] for pk in rest)
    assert any("sangat banyak produk cocok" in note and f"hanya {ranked} produk" in note for note in result.notes)
    assert all(any("di antara" in line for line in h.why) for h in result.hits)


@pytest.mark.django_db
def test_pages_of_a_very_large_result_set_neither_overlap_nor_skip(tapis, engine, monkeypatch):
    monkeypatch.setattr(engine, "EXACT_RANKING_LIMIT", 10)
    monkeypatch.setattr(engine, "RANKING_CANDIDATES", 7)  # pages of 6 straddle the candidates' end
    whole = [h.product_id for h in search_products(query="tas tapis", page_size=50).hits]
    paged = []
    for page in range(1, 8):
        paged += [h.product_id for h in search_products(query="tas tapis", page=page, page_size=6).hits]
    assert paged == whole


@pytest.mark.django_db
def test_facet_sample_is_uniform_across_preference_classes(tapis, engine, monkeypatch):
    # The row id begins with the preference class: a sample of the first matches in row-id order would hold
    # only the local micro offers. The tie-hash sample takes about half of each class here.
    monkeypatch.setattr(engine, "EXACT_RANKING_LIMIT", 10)
    monkeypatch.setattr(engine, "FACET_SAMPLE", 20)  # SQLite's facet sample
    monkeypatch.setattr(engine, "RANKING_CANDIDATES", 20)  # PostgreSQL's one sample for everything
    result = search_products(query="tas tapis")
    assert result.facets_approximate
    scale = {v.value: v.count for f in result.facets if f.name == "scale" for v in f.values}
    assert set(scale) == {"mikro", "besar"}
    assert 5 <= scale["besar"] <= 35 and 5 <= scale["mikro"] <= 35
    assert 12 <= scale["besar"] + scale["mikro"] <= 68  # about 40: a sample of about half, scaled up


@pytest.mark.django_db
def test_estimated_total_is_rounded_and_explained(tapis, engine, monkeypatch):
    monkeypatch.setattr(engine, "EXACT_RANKING_LIMIT", 10)
    monkeypatch.setattr(engine, "FACET_SAMPLE", 20)
    monkeypatch.setattr(engine, "RANKING_CANDIDATES", 5)
    result = search_products(query="tas tapis")
    assert result.total_approximate and result.total > 10
    assert any(f"sekitar {result.total}" in note and "sampel acak" in note for note in result.notes)


@pytest.mark.django_db
def test_total_is_exact_when_every_match_was_a_candidate(tapis, engine, monkeypatch):
    monkeypatch.setattr(engine, "EXACT_RANKING_LIMIT", 10)
    monkeypatch.setattr(engine, "FACET_SAMPLE", 20)
    monkeypatch.setattr(engine, "RANKING_CANDIDATES", 100)
    result = search_products(query="tas tapis")
    assert result.total == 40 and not result.total_approximate and result.ranked_among == 40


@pytest.mark.django_db
def test_sqlite_ranks_a_rare_alternatives_matches_beyond_the_candidates(engine, monkeypatch):
    """"gunteng" is corrected to the common "genteng" and the rare "gunting": the candidates, the most preferred
    matches, are all roof tiles from a local micro business; the scissors, from a large business elsewhere, are
    ranked with them all the same (SQLiteBackend._rescue), first, as ranking every match would put them."""
    from django.db import connection

    from katalog.catalogue.search import indexer
    from katalog.catalogue.search.backends import get_backend
    from katalog.catalogue.search.engine import ResolvedFilters
    from katalog.regions.models import District
    from tests.factories import make_category, make_product, make_supplier

    if connection.vendor != "sqlite":
        pytest.skip("PostgreSQL's candidates are a uniform sample (test_very_large_result_set_…)")
    category = make_category("Bahan")
    local = make_supplier(name="UD Genteng Abung", scale="mikro")
    far = make_supplier(name="PT Gunting Jauh", scale="besar",
                        district=District.objects.exclude(regency_id="18.03").order_by("code").first())
    tiles = [make_product(local, category, name=f"Genteng Keramik Tipe {n}", tkdn=60) for n in range(30)]
    scissors = [make_product(far, category, name="Gunting Kertas Besar") for _ in range(2)]
    indexer.sync_pending()
    backend = get_backend()
    groups = [[Alternative("genteng", df=30, weight=0.9), Alternative("gunting", df=2, weight=0.9)]]
    monkeypatch.setattr(engine, "EXACT_RANKING_LIMIT", 5)
    monkeypatch.setattr(engine, "RANKING_CANDIDATES", 8)
    monkeypatch.setattr(engine, "RESCUE_MATCHES", 10)  # the scissors are rare, the tiles are not

    def pages(size):
        out = []
        for start in range(0, 40, size):
            out += [pk for pk, _rel, _pref in backend.search(groups=groups, all_words=True, filters=ResolvedFilters(),
                                                           sort="relevansi", offset=start, limit=size).hits]
        return out

    every = pages(40)
    assert set(every[:2]) == {p.pk for p in scissors}  # rare, so weighed most (bm25's idf), and now ranked
    assert sorted(every) == sorted(p.pk for p in tiles + scissors)  # nothing lost, nothing twice
    assert pages(3) == every  # pages straddling the ranked part's end neither overlap nor skip
    monkeypatch.setattr(engine, "RESCUE_MATCHES", 0)  # without the rescue: the scissors come last
    assert set(pages(40)[-2:]) == {p.pk for p in scissors}

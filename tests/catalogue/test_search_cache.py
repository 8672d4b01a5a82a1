"""The search service's own cache (search/service.py): a question asked again is answered with the same ranking,
notes, facets and "why" without searching, and a committed change to a product is searched at once."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from katalog.catalogue.search import SearchFilters, search_products
from tests.factories import make_category, make_product, make_supplier
from tests.purchasing.helpers import accepted, checkout, make_world

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.page_cache]


def _shown(result):
    return ([(h.product_id, h.score, h.relevance, h.preference, h.why, h.product.name, h.product.price)
             for h in result.hits], result.total, result.notes, result.facets, result.matched_all_words)


def test_a_repeated_search_is_answered_from_the_cache_with_the_same_ranking_and_explanations():
    supplier, category = make_supplier(), make_category("Alat Tulis Kantor")
    for name in ("Kertas HVS A4 70 gram", "Kertas HVS F4 80 gram", "Map plastik kertas", "Pulpen hitam"):
        make_product(supplier, category, name=name)
    filters = SearchFilters(umk=True)
    first = search_products(query="kertas hvss", filters=filters)
    assert first.hits and any("dikoreksi" in note for note in first.notes)
    with CaptureQueriesContext(connection) as queries:
        again = search_products(query="kertas hvss", filters=filters)
    assert "catalogue_searchterm" not in " ".join(q["sql"] for q in queries.captured_queries)  # nothing looked up
    assert _shown(again) == _shown(first)
    with CaptureQueriesContext(connection) as queries:
        search_products(query="kertas hvss", filters=SearchFilters(), page_size=2)  # another question
    assert "catalogue_searchterm" in " ".join(q["sql"] for q in queries.captured_queries)  # answered afresh


def test_a_renamed_or_repriced_product_is_searched_as_it_is_now():
    product = make_product(name="Kertas HVS A4 70 gram", price=48_500)
    found = search_products(query="kertas")
    assert [h.product.price for h in found.hits] == [48_500]
    product.name, product.price = "Map plastik biru", 51_000
    product.save()
    assert search_products(query="kertas").total == 0
    assert [h.product.price for h in search_products(query="map").hits] == [51_000]


def test_stock_taken_by_an_accepted_order_shows_at_once_in_a_repeated_search():
    w = make_world(stock=10)
    assert [h.product.stock for h in search_products(query="kertas").hits] == [10]
    accepted(w, checkout(w, [(w.product, 4)]))  # the stock leaves by an UPDATE, which sends no post_save
    assert [h.product.stock for h in search_products(query="kertas").hits] == [6]

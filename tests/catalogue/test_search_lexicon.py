"""The trade lexicon (search/data/lexicon.toml): one test per group, and the words search must not bend."""

import pytest

from katalog.catalogue.search import search_products
from katalog.catalogue.search.expansion import analysed, groups, is_known
from katalog.catalogue.search.normalize import fold

GROUPS = groups()


def _query(group) -> str:
    return group.words[0]


@pytest.mark.django_db
@pytest.mark.parametrize("group", GROUPS, ids=[f"{g.domain}:{g.words[0]}" for g in GROUPS])
def test_every_group_finds_its_example_and_says_what_else_it_looked_for(group):
    """The example title does not hold the query word: only the group can find it."""
    from tests.factories import make_category, make_product

    query = _query(group)
    assert group.example, "every group needs an example title"
    example_terms = set(analysed(group.example))
    assert not set(analysed(query)) <= example_terms, f"{group.example!r} holds {query!r}: pick another example"
    category = make_category("Lain-lain")
    product = make_product(category=category, name=group.example)
    make_product(category=category, name="Tenda Pesta Ukuran Besar")  # something else in the catalogue
    result = search_products(query=query, page_size=50)
    assert product.pk in [h.product_id for h in result.hits], (query, result.notes)
    assert any("juga mencari" in note for note in result.notes), result.notes


def test_lexicon_words_are_written_folded_and_never_empty():
    for group in GROUPS:
        for word in group.words + group.members:
            assert word == fold(word).strip() and analysed(word), (group.domain, word)


@pytest.mark.parametrize("word", ["lampu", "bohlam", "kerudung", "atk", "sepatu", "kemoceng", "hekter"])
def test_lexicon_words_are_known(word):
    assert is_known(analysed(word)[0])


@pytest.mark.django_db
def test_a_known_word_is_never_completed_into_a_place(db):
    """The issue: "lampu" was completed to "lampung, lampura" and found 1,112 unrelated products."""
    from tests.factories import make_category, make_product

    category = make_category("Makanan")
    lamp = make_product(category=make_category("Elektronik"), name="Lampu LED 12 Watt Putih")
    coffee = make_product(category=category, name="Kopi Robusta Lampung 250 gr")
    make_product(category=category, name="Keripik Pisang Khas Lampura")
    result = search_products(query="lampu")
    assert [h.product_id for h in result.hits] == [lamp.pk]
    assert not any("dilengkapi" in note for note in result.notes), result.notes
    coffee.delete()


@pytest.mark.django_db
def test_a_known_word_is_never_corrected_into_another(db):
    """The issue: "bohlam" was corrected to "bola" and showed HVS paper; it means a lamp."""
    from tests.factories import make_category, make_product

    category = make_category("Lain-lain")
    ball = make_product(category=category, name="Bola Sepak Size 5")
    lamp = make_product(category=category, name="Lampu Bulb 9 Watt")
    result = search_products(query="bohlam")
    ids = [h.product_id for h in result.hits]
    assert lamp.pk in ids and ball.pk not in ids
    assert not any("dikoreksi" in note for note in result.notes), result.notes
    assert any("juga mencari" in note and "lampu" in note for note in result.notes), result.notes


@pytest.mark.django_db
def test_an_unknown_word_is_not_corrected_into_a_place(db):
    from tests.factories import make_category, make_product

    category = make_category("Lain-lain")
    make_product(category=category, name="Kopi Bubuk Kotabumi 250 gr")
    result = search_products(query="kotabum ")  # a complete word, unknown: correction, not into a kecamatan
    assert not any("kotabumi" in note for note in result.notes), result.notes


@pytest.mark.django_db
def test_a_query_that_matches_nothing_says_so_and_suggests_what_is_near(db):
    from tests.factories import make_category, make_product

    make_product(category=make_category("Lain-lain"), name="Kursi Lipat Besi Hitam")
    result = search_products(query="qwxyzk kursiiiii ")
    assert result.total == 0 or result.hits
    if result.total == 0:
        assert any("Tidak ada produk yang cocok" in note for note in result.notes), result.notes
    result = search_products(query="zzqqxx")
    assert result.total == 0
    assert any("Tidak ada produk yang cocok" in note for note in result.notes), result.notes


@pytest.mark.django_db
def test_full_matches_come_first_then_partial_ones_with_what_they_lack(db):
    """The issue: "masker anak" returned 2 products while dozens of masks exist."""
    from tests.factories import make_category, make_product

    category = make_category("Kesehatan")
    child = make_product(category=category, name="Masker Anak Karakter 3 Ply")
    adults = [make_product(category=category, name=f"Masker Medis 3 Ply Dewasa Warna {i}") for i in range(5)]
    make_product(category=category, name="Tenda Pesta Besar")
    result = search_products(query="masker anak")
    ids = [h.product_id for h in result.hits]
    assert ids[0] == child.pk and set(ids[1:]) == {p.pk for p in adults}
    assert all(any(line == "Tidak memuat: anak" for line in h.why) for h in result.hits[1:])
    assert any("sebagian kata" in note for note in result.notes), result.notes


@pytest.mark.django_db
def test_preference_never_lifts_a_weak_match_above_a_clearly_better_one(db):
    from katalog.regions.models import District
    from tests.factories import make_category, make_product, make_supplier

    category = make_category("Alat Tulis Kantor")
    far = make_supplier(name="PT Jauh", scale="besar",
                        district=District.objects.exclude(regency_id="18.03").order_by("code").first())
    local = make_supplier(name="UD Dekat", scale="mikro")
    better = make_product(far, category, name="Pulpen Gel Hitam", tkdn=0)
    weaker = make_product(local, category, name="Paket Alat Tulis Sekolah", tkdn=80)  # a concept member
    result = search_products(query="pulpen")
    ids = [h.product_id for h in result.hits]
    assert ids.index(better.pk) < ids.index(weaker.pk) if weaker.pk in ids else ids[0] == better.pk
    top = result.hits[0]
    assert any("paling banyak ×1,10" in line for line in result.hits[-1].why) or top.preference == 0

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


@pytest.mark.django_db
def test_only_a_place_name_of_one_word_is_a_place(db):
    """"Tulang Bawang", "Padang Panjang", "Deli Serdang" and "Bekasi" (stem "bekas") are places as a whole:
    bawang (onion), panjang (long), the Deli brand and bekas (second-hand) stay product words."""
    from katalog.catalogue.search.expansion import place_terms

    places = place_terms()
    assert {"lampung", "lampura", "kotabumi", "sungkai", "jakarta", "bekasi"} <= places
    assert not {"bawang", "panjang", "deli", "serdang", "tanah", "bumbu", "bekas", "diri", "layar"} & places
    assert "kuningan" not in places  # the file's product_words: brass, not the kabupaten


@pytest.mark.django_db
def test_a_word_of_a_longer_place_name_weighs_as_a_product_word(db):
    """"bawang lampung": onions first; a place name weighs little (the kecamatan facet is for places)."""
    from tests.factories import make_category, make_product

    category = make_category("Bahan Pangan")
    onions = {make_product(category=category, name=f"Bawang Merah Brebes Grade {g}").pk for g in "ABC"}
    coffee = make_product(category=category, name="Kopi Robusta Lampung 250 gr")
    ids = [h.product_id for h in search_products(query="bawang lampung").hits]
    assert set(ids[:3]) == onions and ids[3] == coffee.pk


@pytest.mark.parametrize("typed, corrected, sure", [
    ("amplob", "amplop", True), ("hvss", "hvs", True), ("kertsa", "kertas", True),
    ("neon", "non", False), ("pantofel", "pantone", False), ("ergonomis", "ekonomis", False),
])
def test_a_correction_is_sure_after_one_slip_in_a_long_word_or_a_key_struck_twice(typed, corrected, sure):
    from katalog.catalogue.search.service import _sure_correction

    assert _sure_correction(typed, corrected) is sure


@pytest.mark.django_db
def test_an_unsure_correction_never_lifts_its_products_above_the_words_typed(db):
    """"sepatu pantofel": no pantofel in the catalogue, and "pantone" (two slips away, in one product) is a
    guess: the shoes come first, not the colour guide."""
    from tests.factories import make_category, make_product

    category = make_category("Fesyen")
    shoes = {make_product(category=category, name=f"Sepatu Kulit Pria Hitam {n}").pk for n in (39, 40, 41)}
    guide = make_product(category=category, name="Pantone Color Guide Formula")
    _elsewhere_in_the_catalogue(make_product)
    result = search_products(query="sepatu pantofel ")
    ids = [h.product_id for h in result.hits]
    assert any("dikoreksi" in note and "pantone" in note for note in result.notes), result.notes
    assert set(ids[:3]) == shoes and ids[3] == guide.pk


@pytest.mark.django_db
def test_a_size_never_lifts_another_item_of_that_size_above_the_item_asked_for(db):
    """"madu 500 ml": honey of 500 ml, then honey of other sizes, then other goods of 500 ml."""
    from tests.factories import make_category, make_product

    category = make_category("Makanan dan Minuman")
    exact = make_product(category=category, name="Madu Hutan Murni 500 ml")
    other_sizes = {make_product(category=category, name=f"Madu Hutan Murni {n} ml").pk for n in (250, 650, 1000)}
    syrup = make_product(category=category, name="Sirup Gula Aren 500ml")
    _elsewhere_in_the_catalogue(make_product)
    ids = [h.product_id for h in search_products(query="madu 500 ml").hits]
    assert ids[0] == exact.pk and set(ids[1:4]) == other_sizes and ids[4] == syrup.pk


def _elsewhere_in_the_catalogue(make_product) -> None:
    """Goods that answer none of the words, as any catalogue holds (the engine's own scores need them)."""
    from tests.factories import make_category

    category = make_category("Lain-lain")
    for name in ("Tenda Pesta Besar", "Kursi Lipat Besi", "Meja Kerja Kayu", "Pulpen Gel Hitam", "Sapu Ijuk",
                 "Kertas HVS A4 70 gr"):
        make_product(category=category, name=name)


@pytest.mark.django_db
def test_a_general_word_is_not_required_of_a_full_match(db):
    """"kantor" names no product (lexicon.toml `generic`): "sapu kantor" lists brooms as full matches, each
    saying it lacks "kantor", and a desk that holds only "kantor" after them."""
    from tests.factories import make_category, make_product

    category = make_category("Kebersihan")
    brooms = {make_product(category=category, name=name).pk for name in ("Sapu Ijuk Gagang Kayu", "Sapu Lidi Aren")}
    desk = make_product(category=make_category("Mebel"), name="Meja Kantor Modern 120 cm")
    result = search_products(query="sapu kantor")
    ids = [h.product_id for h in result.hits]
    assert set(ids[:2]) == brooms and ids[2] == desk.pk
    assert result.matched_all_words
    assert any("Kata umum tidak wajib" in note and "kantor" in note for note in result.notes), result.notes
    assert not any("Tidak ada produk yang memuat semua kata" in note for note in result.notes), result.notes
    assert all("Tidak memuat: kantor" in h.why for h in result.hits[:2])
    assert [h.product_id for h in search_products(query="kantor").hits] == [desk.pk]  # nothing else: required


@pytest.mark.django_db
def test_the_rarer_word_of_a_phrase_says_more_when_products_hold_only_one(db):
    """"tempat sampah": after the bins, bin bags (they hold "sampah") before holders of anything else."""
    from tests.factories import make_category, make_product

    category = make_category("Rumah Tangga")
    bin_ = make_product(category=category, name="Tempat Sampah Injak 20 Liter")
    bags = {make_product(category=category, name=f"Kantong Sampah Hitam Ukuran {size} cm isi 10 Lembar Tebal").pk
            for size in ("60 x 100", "90 x 120")}
    holders = {make_product(category=category, name=name).pk
               for name in ("Tempat Buah", "Tempat Pensil", "Tempat Tisu", "Tempat Sabun")}
    ids = [h.product_id for h in search_products(query="tempat sampah").hits]
    assert ids[0] == bin_.pk and set(ids[1:3]) == bags and set(ids[3:7]) == holders


@pytest.mark.django_db
def test_the_word_typed_comes_before_its_synonyms(db):
    """"lakban" also finds selotip and double tape (lexicon.SYNONYM_WEIGHT), after the lakban themselves."""
    from tests.factories import make_category, make_product

    category = make_category("Alat Tulis Kantor")
    tapes = {make_product(category=category, name=name).pk
             for name in ("Lakban Hitam Kain 2 Inch", "Lakban Coklat 2 Inch Daimaru", "Lakban Bening 48 mm")}
    stuffed = make_product(category=category, name="Selotip Isolasi Bening 24 mm")
    for _ in range(4):  # a catalogue of some size: with a handful of products every word is rare
        _elsewhere_in_the_catalogue(make_product)
    ids = [h.product_id for h in search_products(query="lakban").hits]
    assert set(ids[:3]) == tapes and ids[3] == stuffed.pk


def test_a_phrase_word_weighs_by_how_rare_it_is():
    from katalog.catalogue.search.service import MAX_PART_WEIGHT, PART_WEIGHT, _part_shares

    shares = _part_shares(["tempat", "sampah"], {"tempat": 400, "sampah": 40})
    assert shares["sampah"] > PART_WEIGHT > shares["tempat"]
    assert _part_shares(["meja", "rapat"], {"meja": 30, "rapat": 30}) == {"meja": PART_WEIGHT, "rapat": PART_WEIGHT}
    assert _part_shares(["kertas", "struk"], {"kertas": 5000, "struk": 1})["struk"] == MAX_PART_WEIGHT

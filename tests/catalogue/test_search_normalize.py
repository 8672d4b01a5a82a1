"""The Indonesian analyser (pure functions; no database)."""

import pytest

from katalog.catalogue.search.normalize import analyze_query, document_terms, edit_distance, fold, stem


@pytest.mark.parametrize(("word", "expected"), [
    ("pengadaan", "pengadaan"),  # Sastrawi would give "ada"
    ("pakaian", "pakaian"),  # not "pakai"
    ("kerajinan", "kerajinan"),  # not "rajin"
    ("penggaris", "penggaris"),
    ("kepok", "kepok"),  # five letters: never stemmed
    ("minuman", "minum"),
    ("percetakan", "cetak"),
    ("perlengkapan", "lengkap"),
])
def test_stemming_respects_protected_terms(word, expected):
    assert stem(word) == expected


def test_folding_removes_case_accents_and_thousands_dots():
    assert fold("Kafé ÉKSPRES Rp 12.500") == "kafe ekspres rp 12500"


@pytest.mark.parametrize(("text", "expected"), [
    ("Kripik Pisang 250gr", ["keripik", "pisang", "250g"]),
    ("Kopi 1,5 Kg", ["kopi", "1500g"]),
    ("Air mineral 600 ML", ["air", "mineral", "600ml"]),
    ("Oleh-oleh Kotabumi", ["oleh", "kotabumi"]),
    ("Emping mlinjo", ["emping", "melinjo"]),
    ("Batre AA", ["baterai", "aa"]),
])
def test_document_terms(text, expected):
    assert document_terms(text) == expected


def test_synonym_phrase_adds_its_short_form_and_keeps_the_words():
    assert document_terms("Alat Tulis Kantor") == ["atk", "alat", "tulis", "kantor"]


def test_documents_keep_the_written_form_beside_the_stem_for_prefix_search():
    assert document_terms("Minuman") == ["minum", "minuman"]


def test_query_drops_unit_and_function_words_but_keeps_quantities():
    analyzed = analyze_query("keripik untuk rapat 250 gram pcs")
    assert [w.term for w in analyzed.words] == ["keripik", "rapat", "250g"]
    assert set(analyzed.ignored) == {"untuk", "pcs"}


def test_query_turns_a_synonym_phrase_into_one_word():
    analyzed = analyze_query("alat tulis kantor murah")
    assert [(w.term, w.kind) for w in analyzed.words] == [("atk", "synonym")]


def test_query_records_spelling_variants_and_an_open_last_word():
    analyzed = analyze_query("hp sams")
    assert analyzed.words[0].term == "handphone" and analyzed.words[0].variant_of == "hp"
    assert analyzed.words[-1].is_last and analyzed.ends_open
    assert not analyze_query("hp samsung ").ends_open


def test_edit_distance_counts_transpositions_as_one():
    assert edit_distance("pisng", "pisang") == 1
    assert edit_distance("kopi", "kpoi") == 1
    assert edit_distance("kertas", "kursi", limit=3) == 3

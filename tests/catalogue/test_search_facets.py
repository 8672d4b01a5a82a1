"""The packed facet keys (search/facets.py): one layout, read the same way by the encoder, the decoder,
the counting in engine.py and the SQL of the PostgreSQL backend."""

from katalog.catalogue.search import facets as F
from katalog.catalogue.search.engine import ResolvedFilters, facets_from_keys, filter_tests

HOME = ("18.03.01", "18.03.02", "18.03.03")


def _doc(**over) -> F.DocumentFacets:
    values = dict(category_path=(7, 42, 1_048_575), district_code="18.03.03", scale="menengah", origin="impor",
                  band=5, flags=frozenset({"umk", "halal"}), preference_bits="0100")
    values.update(over)
    return F.DocumentFacets(**values)


def test_the_stored_layout_is_unchanged():
    # Documents already indexed carry these keys: a different layout needs a reindex, so it is pinned here.
    doc = _doc()
    assert doc.facet_key(HOME) == 3 | 2 << 6 | 1 << 8 | 5 << 9 | (1 << 0 | 1 << 4) << 13
    assert doc.category_key() == 7 << 40 | 42 << 20 | 1_048_575


def test_fields_do_not_overlap_and_cover_the_flags():
    fields = [F.DISTRICT, F.SCALE, F.ORIGIN, F.BAND, F.FLAG_BITS]
    for a, b in zip(fields, fields[1:]):
        assert a.shift + a.width == b.shift
    assert len(F.SCALES) <= F.SCALE.mask + 1 and len(F.ORIGINS) <= F.ORIGIN.mask + 1
    assert [F.FLAG[flag].shift for flag in F.FLAGS] == list(range(F.FLAG_BITS.shift, F.FLAG_BITS.shift + len(F.FLAGS)))


def test_unpack_reads_back_what_was_packed():
    doc = _doc(category_path=(3, 9), district_code="elsewhere", scale="mikro", origin="lokal", band=40,
               flags=frozenset({"sni", "tkdn_bmp"}))
    unpacked = F.unpack(doc.category_key(), doc.facet_key(HOME), HOME)
    assert unpacked == (3, 9, None, "", "mikro", "lokal", F.BAND.mask,
                        False, False, False, True, False, True)


def test_sql_and_python_read_the_same_bits():
    assert F.DISTRICT.sql("facet_key") == "facet_key & 63"
    assert F.SCALE.sql("facet_key") == "(facet_key >> 6) & 3"
    assert F.FLAG["sni"].sql("facet_key") == "(facet_key >> 18) & 1"
    assert F.CATEGORY_LEVELS[1].sql("category_key") == "(category_key >> 40) & 1048575"


def test_filters_and_counts_read_the_packed_keys():
    kept, other = _doc(), _doc(scale="kecil", flags=frozenset({"sni"}), district_code="18.03.01")
    rows = [(d.category_key(), d.facet_key(HOME), n) for d, n in ((kept, 5), (other, 2))]
    filters = ResolvedFilters(scale="menengah", flags=frozenset({"halal"}), home_districts=HOME)
    assert [all(test(ck, fk) for _n, test in filter_tests(filters)) for ck, fk, _ in rows] == [True, False]
    counts = facets_from_keys(rows, filters)
    assert counts["scale"] == {"menengah": 5}  # the other row fails the halal filter too
    assert counts["district"] == {"18.03.03": 5}
    assert counts["flag"] == {"umk": 5, "halal": 5}
    assert counts["price"] == {"5": 5}

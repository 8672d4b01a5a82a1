"""Checks on the demo-data vocabulary (pure data; no Django, no database)."""

from __future__ import annotations

import csv
import gzip
import re
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "src/katalog/catalogue/data"

try:  # plain pytest run without the package installed
    from katalog.demo import vocabulary as v
except ImportError:  # pragma: no cover - depends on the environment
    sys.path.insert(0, str(ROOT / "src"))
    from katalog.demo import vocabulary as v


def _codes(filename: str) -> dict[str, str]:
    """code -> level_name from a shipped gzip KBKI file."""
    with gzip.open(DATA / filename, "rt", encoding="utf-8", newline="") as fh:
        return {row["code"]: row["level_name"] for row in csv.DictReader(fh)}


@pytest.fixture(scope="module")
def kbki_goods() -> dict[str, str]:
    return _codes("kbki-2012-barang.csv.gz")


@pytest.fixture(scope="module")
def kbki_services() -> dict[str, str]:
    return _codes("kbki-2013-jasa.csv.gz")


KBLI_RE = re.compile(r"^\d{5}$")
LEAF_PATHS = {leaf.path for leaf in v.ALL_LEAVES}


# --------------------------------------------------------------------------- #
# Category tree
# --------------------------------------------------------------------------- #


def test_every_kbki_code_exists_in_the_shipped_files(kbki_goods, kbki_services):
    missing = []
    for leaf in v.ALL_LEAVES:
        table = kbki_services if leaf.service else kbki_goods
        if leaf.kbki not in table:
            missing.append((leaf.path, leaf.kbki))
    assert not missing, f"KBKI codes not in the shipped files: {missing}"


def test_kbki_codes_are_subkelas(kbki_goods, kbki_services):
    for leaf in v.ALL_LEAVES:
        table = kbki_services if leaf.service else kbki_goods
        assert len(leaf.kbki) == 5, leaf
        assert table[leaf.kbki] == "subkelas", leaf


def test_service_flag_matches_kbki_section(kbki_goods, kbki_services):
    for leaf in v.ALL_LEAVES:
        if leaf.service:
            assert leaf.kbki not in kbki_goods, leaf
        else:
            assert leaf.kbki not in kbki_services, leaf


def test_tree_shape():
    assert 8 <= len(v.CATEGORIES) <= 12
    tops = [top for top, _ in v.CATEGORIES]
    assert len(tops) == len(set(tops))
    for top, mids in v.CATEGORIES:
        assert mids, top
        mid_names = [mid for mid, _ in mids]
        assert len(mid_names) == len(set(mid_names)), top
        for mid, leaves in mids:
            assert leaves, (top, mid)
            for leaf in leaves:
                assert isinstance(leaf, v.Leaf)
                assert leaf.path[:2] == (top, mid)
                assert len(leaf.path) == 3
                assert all(part.strip() == part and part for part in leaf.path)


def test_all_leaves_and_lookup():
    assert len(v.ALL_LEAVES) == len(LEAF_PATHS), "duplicate leaf paths"
    names = [leaf.name for leaf in v.ALL_LEAVES]
    assert len(names) == len(set(names)), "leaf names must be unique"
    for leaf in v.ALL_LEAVES:
        assert v.leaf_for(leaf.path) is leaf
        assert v.leaf_for(list(leaf.path)) is leaf
        assert v.leaf_by_name(leaf.name) is leaf
    with pytest.raises(KeyError):
        v.leaf_for(("Makanan dan Minuman", "Makanan Ringan", "Tidak Ada"))


def test_category_paths_lists_parents_first():
    seen: set[tuple[str, ...]] = set()
    paths = v.category_paths()
    for path in paths:
        if len(path) > 1:
            assert path[:-1] in seen, path
        seen.add(path)
    assert {p for p in paths if len(p) == 3} == LEAF_PATHS


def test_leaf_kbli_codes():
    for leaf in v.ALL_LEAVES:
        assert 1 <= len(leaf.kbli) <= 3, leaf
        assert len(set(leaf.kbli)) == len(leaf.kbli), leaf
        for code in leaf.kbli:
            assert KBLI_RE.match(code), (leaf, code)


def test_some_services_and_goods():
    services = [leaf for leaf in v.ALL_LEAVES if leaf.service]
    assert services and len(services) < len(v.ALL_LEAVES)


# --------------------------------------------------------------------------- #
# Product templates
# --------------------------------------------------------------------------- #


def test_enough_templates():
    assert len(v.PRODUCT_TEMPLATES) >= 120


def test_every_template_leaf_exists():
    for tpl in v.PRODUCT_TEMPLATES:
        assert tpl.leaf_path in LEAF_PATHS, tpl.leaf_path
        assert v.leaf_for(tpl.leaf_path).path == tpl.leaf_path


def test_every_leaf_has_a_template():
    empty = [leaf.path for leaf in v.ALL_LEAVES if not v.templates_for(leaf.path)]
    assert not empty, f"leaves without templates: {empty}"


def test_prices_are_positive_ints_in_order():
    for tpl in v.PRODUCT_TEMPLATES:
        for price in (tpl.price_min, tpl.price_max):
            assert type(price) is int, tpl.names[0]
            assert price > 0, tpl.names[0]
        assert tpl.price_min <= tpl.price_max, tpl.names[0]


def test_tkdn_ranges():
    for tpl in v.PRODUCT_TEMPLATES:
        low, high = tpl.tkdn
        assert type(low) is int and type(high) is int, tpl.names[0]
        assert 0 <= low <= high <= 100, tpl.names[0]


def test_other_template_fields():
    for tpl in v.PRODUCT_TEMPLATES:
        name = tpl.names[0]
        assert isinstance(tpl.import_share, (int, float)) and 0 <= tpl.import_share <= 1, name
        assert tpl.halal in (True, False, None), name
        assert isinstance(tpl.sni_likely, bool), name
        assert isinstance(tpl.local_specialty, bool), name
        assert tpl.ppn in (0, 12), name
        assert tpl.unit and tpl.unit == tpl.unit.strip(), name
        assert len(tpl.names) >= 2, name
        for variant in tpl.names:
            assert 5 <= len(variant) <= 250, variant  # e-Katalog v6 name length
            assert variant == variant.strip(), variant


def test_no_duplicate_product_names():
    seen: dict[str, str] = {}
    dupes = []
    for tpl in v.PRODUCT_TEMPLATES:
        for name in tpl.names:
            key = " ".join(name.lower().split())
            if key in seen:
                dupes.append(name)
            seen[key] = name
    assert not dupes, f"duplicate product names: {dupes}"


def test_imports_and_local_specialties_both_present():
    imported = [t for t in v.PRODUCT_TEMPLATES if t.import_share >= 0.9]
    local = [t for t in v.PRODUCT_TEMPLATES if t.local_specialty]
    assert len(imported) >= 10
    assert len(local) >= 30
    # an item that is (almost) always imported cannot carry a high TKDN
    for tpl in imported:
        assert tpl.tkdn[1] <= 25, tpl.names[0]


def test_food_templates_have_a_halal_value():
    food_tops = {"Makanan dan Minuman", "Jasa Boga (Katering)"}
    for tpl in v.PRODUCT_TEMPLATES:
        if tpl.leaf_path[0] in food_tops and tpl.leaf_path[2] != "Beras":
            assert tpl.halal is not None, tpl.names[0]


# --------------------------------------------------------------------------- #
# Agencies
# --------------------------------------------------------------------------- #


def test_agencies():
    assert 30 <= len(v.AGENCIES) <= 40
    codes = [a.code for a in v.AGENCIES]
    assert len(codes) == len(set(codes)), "agency codes must be unique"
    names = [a.name for a in v.AGENCIES]
    assert len(names) == len(set(names))
    shorts = [a.short_name for a in v.AGENCIES]
    assert len(shorts) == len(set(shorts))
    for agency in v.AGENCIES:
        assert agency.kind in v.AGENCY_KINDS, agency
        assert re.match(r"^[a-z0-9][a-z0-9-]*$", agency.code), agency
        assert "kecamatan" not in agency.name.lower(), agency
    by_code = {a.code: a for a in v.AGENCIES}
    assert by_code["setda"].name == "Sekretariat Daerah"
    assert by_code["diskopumkm"].short_name == "Diskop UMKM"
    assert v.UKPBJ_AGENCY_CODE in by_code


# --------------------------------------------------------------------------- #
# Name pools and supplier kinds
# --------------------------------------------------------------------------- #


@pytest.mark.parametrize(
    "pool",
    ["PERSON_FIRST_NAMES", "PERSON_LAST_NAMES", "BUSINESS_PREFIXES", "BUSINESS_WORDS"],
)
def test_name_pools(pool):
    values = getattr(v, pool)
    assert len(values) >= 15
    assert len(values) == len(set(values)), pool
    assert all(isinstance(x, str) and x and x == x.strip() for x in values)


def test_supplier_kinds_sell_existing_leaves():
    codes = [k.code for k in v.SUPPLIER_KINDS]
    assert len(codes) == len(set(codes))
    for kind in v.SUPPLIER_KINDS:
        assert kind.leaves, kind.code
        for path in kind.leaves:
            assert path in LEAF_PATHS, (kind.code, path)
        assert v.supplier_kind(kind.code) is kind


def test_supplier_kind_kbli_matches_every_leaf_it_sells():
    # The national portal rejects a category the supplier's KBLI does not match.
    for kind in v.SUPPLIER_KINDS:
        for code in kind.kbli:
            assert KBLI_RE.match(code), (kind.code, code)
        for path in kind.leaves:
            leaf = v.leaf_for(path)
            assert set(leaf.kbli) & set(kind.kbli), (kind.code, leaf.path, leaf.kbli)


def test_supplier_kind_scales_and_names():
    assert v.SCALES == ("mikro", "kecil", "menengah", "besar")
    for kind in v.SUPPLIER_KINDS:
        assert len(kind.scale_weights) == len(v.SCALES), kind.code
        assert all(type(w) is int and w >= 0 for w in kind.scale_weights), kind.code
        assert sum(kind.scale_weights) > 0, kind.code
        assert kind.prefixes and set(kind.prefixes) <= set(v.BUSINESS_PREFIXES), kind.code
        assert kind.name_words, kind.code


def test_every_leaf_has_a_seller():
    sold = {path for kind in v.SUPPLIER_KINDS for path in kind.leaves}
    assert sold == LEAF_PATHS, f"leaves nobody sells: {LEAF_PATHS - sold}"


def test_name_helpers_are_deterministic():
    kind = v.SUPPLIER_KINDS[0]
    assert [v.person_name(i) for i in range(50)] == [v.person_name(i) for i in range(50)]
    assert v.business_name(kind, 7) == v.business_name(kind, 7)
    people = {v.person_name(i) for i in range(300)}
    assert len(people) > 250
    for k in v.SUPPLIER_KINDS:
        names = [v.business_name(k, i) for i in range(40)]
        assert len(set(names)) >= 30, k.code
        for name in names:
            assert name.split()[0] in " ".join(v.BUSINESS_PREFIXES)
            assert "  " not in name

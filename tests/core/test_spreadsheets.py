"""The shared spreadsheet reader: hostile files are refused before they cost time or memory, for every import.

The files are built here (tests/core/hostile_files.py): a 3 MB .xlsx whose sheet unpacks to 2 GB of empty
`<row/>` elements, Excel's largest sheet (1,048,576 rows), a sheet whose one row is numbered 1,048,576, and
CSVs of a million lines. Each must be refused in under 2 s with under 100 MB of memory growth, measured on
the process (resident set, sampled) and on Python's own allocations (tracemalloc).
"""

from __future__ import annotations

import threading
import time
import tracemalloc
from dataclasses import dataclass

import pytest

from katalog.core.spreadsheets import SpreadsheetError, read_table
from tests.core.hostile_files import empty_row_bomb, inline_row, many_rows, sheet, xlsx
from tests.factories import make_supplier, make_user

MB = 1024 * 1024
PRODUCT_HEADER = ["nama", "kategori", "satuan", "harga"]


@dataclass
class Cost:
    seconds: float
    rss_growth: int
    traced_peak: int


def _rss() -> int:
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * 4096


def measured(call):
    """Run `call` twice: timed with the resident set sampled, then under tracemalloc (which slows Python
    down, so it is not timed). Returns (its result or the exception it raised, Cost)."""
    baseline, peak, stop = _rss(), [0], threading.Event()

    def sample():
        while not stop.is_set():
            peak[0] = max(peak[0], _rss())
            time.sleep(0.002)

    def run():
        try:
            return call()
        except Exception as error:  # the refusal is what we measure
            return error

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    started = time.perf_counter()
    outcome = run()
    seconds = time.perf_counter() - started
    stop.set()
    sampler.join()
    peak[0] = max(peak[0], _rss())
    tracemalloc.start()
    run()
    _current, traced = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return outcome, Cost(seconds, peak[0] - baseline, traced)


def assert_cheap(cost: Cost):
    assert cost.seconds < 2.0, cost
    assert cost.rss_growth < 100 * MB, cost
    assert cost.traced_peak < 100 * MB, cost


@pytest.fixture(scope="module")
def bomb() -> bytes:
    data = empty_row_bomb(PRODUCT_HEADER, gigabytes=2.0)
    assert len(data) < 4 * MB  # what travels is small; what it unpacks to is not
    return data


@pytest.fixture(scope="module")
def million() -> bytes:
    return many_rows(PRODUCT_HEADER)


def _read(data, filename="produk.xlsx", max_rows=50_000):
    return read_table(data, filename, aliases={k: k for k in PRODUCT_HEADER}, required=tuple(PRODUCT_HEADER),
                      max_rows=max_rows)


def test_zip_bomb_of_empty_rows_is_refused_by_its_compression_ratio_before_parsing(bomb):
    outcome, cost = measured(lambda: _read(bomb))
    assert isinstance(outcome, SpreadsheetError), outcome
    assert "xl/worksheets/sheet1.xml" in str(outcome) and "kali" in str(outcome)
    assert_cheap(cost)


def test_a_member_too_large_is_refused_even_at_an_ordinary_ratio(settings):
    settings.KATALOG_RULES = {**settings.KATALOG_RULES, "import_max_unpacked_bytes": 2 * MB}
    data = many_rows(PRODUCT_HEADER, count=60_000)
    with pytest.raises(SpreadsheetError, match=r"setelah dibuka; batasnya 2,0 MB"):
        _read(data)


def test_million_row_sheet_is_refused_at_the_cap_with_the_row_it_stopped_at(million):
    outcome, cost = measured(lambda: _read(million))
    assert isinstance(outcome, SpreadsheetError), outcome
    assert "lebih dari 50.000 baris" in str(outcome) and "baris 50.011" in str(outcome)
    assert outcome.row == 50_011
    assert_cheap(cost)


def test_one_row_numbered_at_the_bottom_of_the_sheet_counts_every_blank_row_above_it():
    data = xlsx(sheet([inline_row(PRODUCT_HEADER),
                       b'<row r="1048576"><c t="inlineStr"><is><t>Kopi</t></is></c></row>']))
    outcome, cost = measured(lambda: _read(data))
    assert isinstance(outcome, SpreadsheetError) and "baris 1.048.576" in str(outcome)
    assert_cheap(cost)


def test_blank_rows_count_toward_the_row_cap():
    rows = [inline_row(PRODUCT_HEADER)] + [inline_row(["Kopi", "Minuman", "kg", 1000])] * 5 + [b"<row/>"] * 6
    with pytest.raises(SpreadsheetError, match="lebih dari 10 baris") as refused:
        _read(xlsx(sheet(rows)), max_rows=10)
    assert refused.value.row == 12  # header on row 1, so row 12 is the eleventh after it
    # Up to the cap, blank rows are still skipped rather than refused.
    table = _read(xlsx(sheet(rows[:11])), max_rows=10)
    assert [number for number, _cells in table.rows] == [2, 3, 4, 5, 6]


def test_a_declared_dimension_of_16384_columns_costs_nothing():
    head = (b'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/'
            b'spreadsheetml/2006/main"><dimension ref="A1:XFD50000"/><sheetData>')
    from tests.core.hostile_files import _Member

    rows = inline_row(PRODUCT_HEADER) + b"".join(inline_row([f"Kopi {n}", "Minuman", "kg", n]) for n in range(10_000))
    data = xlsx(_Member("xl/worksheets/sheet1.xml", head + rows + b"</sheetData></worksheet>"))
    table, cost = measured(lambda: _read(data))
    assert len(table.rows) == 10_000 and max(len(cells) for _n, cells in table.rows) == 4
    assert cost.rss_growth < 100 * MB


def test_million_line_csv_is_refused_at_the_cap():
    data = ("nama,kategori,satuan,harga\n" + "Kopi,Teh,kg,1\n" * 1_048_575).encode()
    assert len(data) < 20 * MB
    outcome, cost = measured(lambda: _read(data, "produk.csv"))
    # Without quotes a CSV record is a line: the line feeds are counted without decoding the file.
    assert isinstance(outcome, SpreadsheetError) and "baris 50.011" in str(outcome)
    assert_cheap(cost)


def test_csv_of_blank_lines_is_refused_at_the_cap():
    data = ("nama,kategori,satuan,harga\n" + "\n" * 5_000_000).encode()
    outcome, cost = measured(lambda: _read(data, "produk.csv"))
    assert isinstance(outcome, SpreadsheetError) and "lebih dari 50.000 baris" in str(outcome)
    assert_cheap(cost)


def test_a_quoted_csv_over_the_cap_is_counted_record_by_record():
    data = ('nama,kategori,satuan,harga\n' + '"Kopi\nbubuk",Minuman,kg,1000\n' * 30).encode()
    assert len(_read(data, "produk.csv", max_rows=30).rows) == 30
    with pytest.raises(SpreadsheetError, match="pembacaan berhenti di baris 31") as refused:
        _read(data, "produk.csv", max_rows=29)
    assert refused.value.row == 31


def test_a_csv_that_is_not_utf8_is_read_as_cp1252():
    data = "nama;kategori;satuan;harga\nKopi Lampung ¼ kg;Minuman;bungkus;1000\n".encode("cp1252")
    table = _read(data, "produk.csv")
    assert table.value(table.rows[0][1], "nama") == "Kopi Lampung ¼ kg"


def test_csv_with_an_unclosed_quote_names_the_row():
    data = ('nama,kategori,satuan,harga\nKopi,Minuman,kg,1000\n"Teh' + "x" * 200_000 + "\n").encode()
    with pytest.raises(SpreadsheetError, match="Baris 3: sel terlalu panjang atau tanda kutip tidak ditutup"):
        _read(data, "produk.csv")


def test_file_over_the_upload_limit_is_refused_unread(settings):
    settings.KATALOG_RULES = {**settings.KATALOG_RULES, "import_max_bytes": 1 * MB}
    with pytest.raises(SpreadsheetError, match=r"Berkas terlalu besar \(2,0 MB\); batasnya 1,0 MB"):
        _read(b"nama,harga\n" + b"x" * (2 * MB), "produk.csv")


def test_an_ordinary_workbook_still_reads():
    rows = [inline_row(["Daftar produk"]), inline_row(PRODUCT_HEADER), inline_row(["Kopi", "Minuman", "kg", 1000])]
    table = _read(xlsx(sheet(rows)))
    assert table.header_row == 2
    assert [(n, table.value(c, "nama"), table.value(c, "harga")) for n, c in table.rows] == [(3, "Kopi", 1000)]


# --- every import refuses them through the shared reader, on SQLite and PostgreSQL ------------------


# Each returns the import call, its people made beforehand so that only the import is measured.


def _import_products():
    from katalog.catalogue.importing import import_products

    supplier = make_supplier()
    actor = make_user("supplier", supplier=supplier)
    return lambda data, filename: [e.message for e in import_products(
        data=data, filename=filename, supplier=supplier, actor=actor).errors]


def _import_supplier_list():
    from katalog.opendata.imports import import_supplier_list

    actor = make_user("umkm_officer")
    return lambda data, filename: [e["message"] for e in import_supplier_list(
        actor=actor, data=data, filename=filename).errors]


def _import_rup():
    from katalog.monitoring.services import rup_import

    actor = make_user("admin")
    return lambda data, filename: [e["message"] for e in rup_import(
        actor=actor, data=data, filename=filename, year=2026).errors]


def _import_price_references():
    from katalog.catalogue.references import price_references_import

    actor = make_user("catalogue_manager")
    return lambda data, filename: [e["message"] for e in price_references_import(
        actor=actor, data=data, filename=filename, year=2026).errors]


IMPORTS = {
    "products": (_import_products, PRODUCT_HEADER),
    "supplier_list": (_import_supplier_list, ["nama_usaha", "nama_pemilik", "kecamatan", "skala"]),
    "rup": (_import_rup, ["kode_rup", "opd", "nama_paket", "pagu"]),
    "price_references": (_import_price_references, ["uraian", "satuan", "harga"]),
}


@pytest.mark.django_db
@pytest.mark.parametrize("kind", IMPORTS)
def test_every_import_refuses_the_zip_bomb_quickly(kind, bomb):
    run = IMPORTS[kind][0]()
    messages, cost = measured(lambda: run(bomb, "serangan.xlsx"))
    assert isinstance(messages, list), messages
    assert len(messages) == 1 and "mengembang" in messages[0]
    assert_cheap(cost)


@pytest.mark.django_db
@pytest.mark.parametrize("kind", IMPORTS)
@pytest.mark.parametrize("form", ["xlsx", "csv"])
def test_every_import_refuses_a_million_rows_quickly(kind, form, million):
    prepare, header = IMPORTS[kind]
    run = prepare()
    data = million if form == "xlsx" else b"\n".join([",".join(header).encode()] + [b"1,2,3,4"] * 1_048_575)
    messages, cost = measured(lambda: run(data, f"besar.{form}"))
    assert isinstance(messages, list), messages
    assert len(messages) == 1 and "baris kosong ikut dihitung" in messages[0], messages
    assert_cheap(cost)

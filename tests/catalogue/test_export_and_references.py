"""Exports (whole catalogue, national e-Katalog v6 layout) and SSH price references."""

import io

import pytest
from openpyxl import Workbook, load_workbook

from katalog.catalogue import exporting, references, services
from katalog.catalogue.importing import import_products
from katalog.catalogue.models import NationalListing, PriceReference, Product
from katalog.core.roles import Role
from tests.factories import make_category, make_product, make_supplier, make_user


def sheet_rows(data: bytes, index: int = 0):
    return list(load_workbook(io.BytesIO(data), read_only=True).worksheets[index].iter_rows(values_only=True))


@pytest.mark.django_db
def test_catalogue_export_reads_back_through_the_importer():
    supplier = make_supplier(nib="9120000000009")
    category = make_category("Keripik")
    make_product(supplier, category, name="Keripik Pisang Manis", price=18_000, unit="bungkus", tkdn=60)
    data = exporting.catalogue_workbook(Product.objects.all())
    rows = sheet_rows(data)
    assert rows[0][:7] == ("id", "nama", "deskripsi", "kategori", "kode_kbki", "satuan", "harga")
    assert rows[1][1] == "Keripik Pisang Manis" and rows[1][6] == 18_000
    other = make_supplier()
    report = import_products(data=data, filename="ekspor.xlsx", supplier=other)
    assert report.errors == [] and report.created == 1


@pytest.mark.django_db
def test_national_export_uses_the_v6_layout_and_records_the_status(client):
    food = make_category("Makanan dan Minuman")
    snacks = make_category("Makanan Ringan", parent=food)
    chips = make_category("Keripik", parent=snacks)
    umk = make_supplier(scale="mikro", nib="9120000000010")
    product = make_product(umk, chips, name="Keripik Pisang Manis", price=18_000, tkdn=70, has_sni=True)
    data = exporting.national_workbook(Product.objects.filter(pk=product.pk))
    header, row = sheet_rows(data)[:2]
    record = dict(zip(header, row))
    assert header[:4] == ("Kategori Level 1", "Kategori Level 2", "Kategori Level 3", "Nama Produk")
    assert (record["Kategori Level 1"], record["Kategori Level 2"], record["Kategori Level 3"]) == (
        "Makanan dan Minuman", "Makanan Ringan", "Keripik")
    assert record["Asal Produk (PDN/Impor)"] == "PDN" and record["Nilai TKDN (%)"] == 70
    assert record["Harga Satuan (Rp)"] == 18_000 and record["SNI (Ya/Tidak)"] == "Ya"
    assert record["NIB Penyedia"] == "9120000000010"
    assert {"Foto 1", "Berat (gram)", "Harga Grosir (jumlah:harga; ...)", "Pre-Order (Ya/Tidak)"} <= set(header)
    officer = make_user(Role.UMKM_OFFICER)
    assert services.products_set_national_listing(actor=officer, products=[product], status=NationalListing.LISTED) == 1
    product.refresh_from_db()
    assert product.national_listing == NationalListing.LISTED


def ssh_workbook(rows):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["Kode", "Uraian Barang", "Spesifikasi", "Satuan", "Harga Satuan (Rp)"])
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


@pytest.mark.django_db
def test_ssh_import_shows_the_ceiling_beside_matching_products_and_flags_those_above():
    manager = make_user(Role.CATALOGUE_MANAGER)
    report = references.price_references_import(actor=manager, filename="ssh.xlsx", year=2026, data=ssh_workbook([
        ("1.1.7.01", "Kertas HVS", "A4 70 gram", "rim", "Rp 52.000"),
        ("1.1.7.02", "Kertas HVS", "F4 80 gram", "rim", 60000),
        ("5.2.1.01", "Keripik Pisang", "kemasan 250 gram", "bungkus", 20000),
    ]))
    assert (report.created, report.errors) == (3, [])
    cheap = make_product(name="Kertas HVS A4 70 gsm", unit="rim", price=50_000)
    dear = make_product(name="Kertas HVS F4 80 gram Sinar", unit="rim", price=75_000)
    other_unit = make_product(name="Kertas HVS A4 eceran", unit="lembar", price=500)
    unrelated = make_product(name="Pulpen Hitam", unit="pcs", price=3_000)
    ceilings = references.ceilings_for([cheap, dear, other_unit, unrelated])
    assert ceilings[cheap.pk].reference.specification == "A4 70 gram" and not ceilings[cheap.pk].above
    assert ceilings[dear.pk].reference.specification == "F4 80 gram" and ceilings[dear.pk].above
    assert ceilings[dear.pk].excess_percent == 25
    assert other_unit.pk not in ceilings and unrelated.pk not in ceilings


@pytest.mark.django_db
def test_ssh_file_with_a_bad_row_changes_nothing():
    manager = make_user(Role.CATALOGUE_MANAGER)
    report = references.price_references_import(actor=manager, filename="ssh.xlsx", year=2026, data=ssh_workbook([
        ("1", "Kertas HVS", "A4", "rim", 52000),
        ("2", "", "A4", "rim", "mahal"),
    ]))
    assert {(e["row"], e["column"]) for e in report.errors} == {(3, "uraian"), (3, "harga")}
    assert PriceReference.objects.count() == 0

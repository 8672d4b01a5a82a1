"""Importing products from the spreadsheets people keep: messy files work, bad rows are named precisely."""

import io
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from katalog.catalogue.errors import NotAllowed
from katalog.catalogue.importing import COLUMNS, import_products
from katalog.catalogue.models import ImportBatch, Kbki, PriceChange, Product
from katalog.catalogue.search import search_products
from katalog.core.models import AuditEvent
from katalog.core.roles import Role
from tests.factories import make_category, make_supplier, make_user

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def setup(db):
    food = make_category("Makanan Ringan")
    make_category("Keripik", parent=food)
    office = make_category("Alat Tulis Kantor")
    office.kbki = Kbki.objects.get(code="32131")  # a KBKI code people can write instead of the name
    office.save()
    return {"supplier": make_supplier(name="UD Pisang Jaya", nib="9120000000001", is_pkp=False)}


def csv_bytes(text: str) -> bytes:
    return text.strip("\n").encode("utf-8")


MESSY_CSV = """
  NAMA ;Harga (Rp);Kategori; satuan ;Stok;catatan internal;TKDN (%);Asal;Halal
Keripik Pisang Manis 250 gr;Rp 12.500,00;keripik;bungkus;1.000;jangan dihapus;65;lokal;ya
;;;;;;;;
Keripik Pisang Coklat;15000;Makanan Ringan > Keripik;Bungkus;;;0,7;Dalam Negeri;tidak
Kertas HVS A4 70 gsm;Rp55.000;32131;rim;20;;30;;
"""


@pytest.mark.django_db
def test_messy_csv_imports_with_loose_headers_indonesian_prices_and_blank_rows(setup):
    report = import_products(data=csv_bytes(MESSY_CSV), filename="data kecamatan.csv", supplier=setup["supplier"])
    assert report.errors == [] and report.created == 3
    assert report.unknown_columns == ["catatan internal"]
    products = {p.name: p for p in Product.objects.filter(supplier=setup["supplier"])}
    first = products["Keripik Pisang Manis 250 gr"]
    assert (first.price, first.stock, first.is_halal, str(first.tkdn)) == (12_500, 1000, True, "65.00")
    assert products["Keripik Pisang Coklat"].category.name == "Keripik"
    assert str(products["Keripik Pisang Coklat"].tkdn) == "0.70"
    assert products["Kertas HVS A4 70 gsm"].category.name == "Alat Tulis Kantor"
    assert all(p.status == Product.Status.SUBMITTED for p in products.values())  # verification like any other
    assert PriceChange.objects.filter(product__in=products.values(), source="impor").count() == 3
    assert ImportBatch.objects.get().status == ImportBatch.Status.DONE


BAD_CSV = """
nama,kategori,satuan,harga,tkdn,asal,halal,ppn,min_pesan
Keripik Pisang Manis,Keripik,bungkus,18000,60,lokal,ya,0,1
,Keripik,bungkus,18000,,,,,
Kopi Robusta,Minuman Ajaib,bungkus,dua ribu,,,,,
Gula Aren Cetak,Keripik,,9000,120,china,mungkin,12,0
Keripik Pisang Manis,Keripik,bungkus,18000,,,,,
Madu Hutan,Keripik,botol,12.500,5,impor,,,
"""


@pytest.mark.django_db
def test_file_with_errors_imports_nothing_and_names_row_column_and_reason(setup):
    report = import_products(data=csv_bytes(BAD_CSV), filename="salah.csv", supplier=setup["supplier"])
    assert report.created == 0 and Product.objects.count() == 0
    found = {(e.row, e.column) for e in report.errors}
    assert found == {
        (3, "nama"),  # empty name
        (4, "kategori"), (4, "harga"),  # unknown category, price in words
        (5, "satuan"), (5, "tkdn"), (5, "asal"), (5, "halal"), (5, "ppn"), (5, "min_pesan"),
        (6, "nama"),  # same as row 2
        (7, "tkdn"),  # an import has no TKDN
    }
    messages = {(e.row, e.column): e.message for e in report.errors}
    assert "Minuman Ajaib" in messages[(4, "kategori")]
    assert "bukan PKP" in messages[(5, "ppn")]
    assert "baris 2" in messages[(6, "nama")]
    batch = ImportBatch.objects.get()
    assert batch.status == ImportBatch.Status.REJECTED and batch.error_count == len(report.errors)


@pytest.mark.django_db
def test_valid_only_imports_the_good_rows_and_reports_the_rest(setup):
    report = import_products(data=csv_bytes(BAD_CSV), filename="salah.csv", supplier=setup["supplier"], valid_only=True)
    assert report.created == 1
    assert list(Product.objects.values_list("name", flat=True)) == ["Keripik Pisang Manis"]
    assert report.error_rows == 5


@pytest.mark.django_db
def test_xlsx_with_title_rows_above_the_header_and_numeric_cells(setup):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["Daftar produk UMKM Kecamatan Abung Selatan"])
    sheet.append([])
    sheet.append(["No", "Nama Produk", "Kategori", "Satuan", "Harga Satuan", "Min. Pesan", "SNI"])
    sheet.append([1, "Kertas HVS F4 80 gsm", 32131, "rim", 62000.0, 2, "Ya"])
    sheet.append([None, None, None, None, None, None, None])
    sheet.append([2, "Map Plastik Kancing", "alat tulis kantor", "lusin", "Rp 30.000", None, None])
    buffer = io.BytesIO()
    workbook.save(buffer)
    report = import_products(data=buffer.getvalue(), filename="umkm.xlsx", supplier=setup["supplier"])
    assert report.errors == [] and report.created == 2
    hvs = Product.objects.get(name="Kertas HVS F4 80 gsm")
    assert (hvs.price, hvs.min_order, hvs.has_sni) == (62_000, 2, True)


@pytest.mark.django_db
def test_missing_required_column_is_a_clear_file_error(setup):
    report = import_products(data=csv_bytes("nama,kategori,harga\nKeripik,Keripik,1000"), filename="a.csv",
                             supplier=setup["supplier"])
    assert report.created == 0
    assert report.errors[0].row == 0 and "satuan" in report.errors[0].message


@pytest.mark.django_db
def test_only_catalogue_managers_publish_directly_and_it_is_audited(setup):
    csv = csv_bytes("nama,kategori,satuan,harga\nKeripik Pisang Manis,Keripik,bungkus,18000")
    with pytest.raises(NotAllowed):
        import_products(data=csv, filename="a.csv", supplier=setup["supplier"], actor=make_user(Role.UMKM_OFFICER),
                        publish=True)
    manager = make_user(Role.CATALOGUE_MANAGER)
    report = import_products(data=csv, filename="a.csv", supplier=setup["supplier"], actor=manager, publish=True)
    product = Product.objects.get()
    assert report.published and product.status == Product.Status.ACTIVE and product.verified_by == manager
    assert search_products(query="keripik pisang").total == 1
    event = AuditEvent.objects.get(action="product.import_publish")
    assert event.actor == manager and event.after["published"] == 1


@pytest.mark.django_db
def test_supplier_cannot_import_into_another_business(setup):
    seller = make_user(Role.SUPPLIER)
    with pytest.raises(NotAllowed):
        import_products(data=b"nama,kategori,satuan,harga", filename="a.csv", supplier=setup["supplier"], actor=seller)


@pytest.mark.django_db
def test_cli_imports_with_progress_and_fails_with_the_error_list(setup, tmp_path, capsys):
    good = tmp_path / "produk.csv"
    good.write_text("nama;kategori;satuan;harga\nKeripik Pisang Manis;Keripik;bungkus;Rp 18.000\n", encoding="utf-8")
    call_command("import_products", str(good), "--supplier", "9120000000001")
    captured = capsys.readouterr()
    assert "1 dari 1 baris diimpor" in captured.out and "Menyimpan" in captured.err
    bad = tmp_path / "salah.csv"
    bad.write_text("nama,kategori,satuan,harga\nKopi,Keripik,bungkus,gratis\n", encoding="utf-8")
    with pytest.raises(CommandError, match="Tidak ada yang diimpor"):
        call_command("import_products", str(bad), "--supplier", "9120000000001")
    output = capsys.readouterr().out
    assert "baris 2, kolom nama" in output and "baris 2, kolom harga" in output
    with pytest.raises(CommandError, match="--publish perlu --user"):
        call_command("import_products", str(good), "--supplier", "9120000000001", "--publish")


@pytest.mark.django_db
def test_ten_thousand_rows_import_at_once_and_all_become_searchable(setup):
    lines = ["nama;kategori;satuan;harga;stok;tkdn"]
    lines += [f"Keripik Pisang Rasa {i:05d};Keripik;bungkus;Rp {15_000 + i % 700 * 10:,};{i % 90};{40 + i % 50}"
              .replace(",", ".") for i in range(10_000)]
    data = "\n".join(lines)
    manager = make_user(Role.CATALOGUE_MANAGER)
    # How fast: benchmarks/import_products.py (speed belongs to benchmarks, not to timed tests).
    report = import_products(data=data.encode(), filename="besar.csv", supplier=setup["supplier"], actor=manager,
                             publish=True)
    assert report.errors == [] and report.created == 10_000
    # Sorted by price every match is counted; by relevance a total above 2,500 matches is an estimate.
    assert search_products(query="keripik pisang rasa", sort="harga_termurah").total == 10_000
    assert search_products(query="keripik pisang rasa 09999").hits[0].product.name == "Keripik Pisang Rasa 09999"


@pytest.mark.django_db
def test_web_import_by_a_supplier_and_by_an_officer_shows_the_errors(setup, client, settings, tmp_path):
    """The page queues a job (tests/catalogue/test_import_background.py runs it through the worker); here
    the job is run directly, and its result page shows what the one-transaction import showed."""
    from katalog.jobs.models import Job
    from katalog.jobs.runner import execute

    settings.STORAGES = {**settings.STORAGES, "default": {
        "BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": str(tmp_path)}}}
    seller = make_user(Role.SUPPLIER, supplier=setup["supplier"])
    client.force_login(seller)
    upload = io.BytesIO(csv_bytes(BAD_CSV))
    upload.name = "salah.csv"
    response = client.post(reverse("catalogue:import_upload"), {"file": upload, "token": "0" * 32})
    job = Job.objects.get()
    assert response["Location"] == reverse("jobs:detail", args=[job.pk])
    assert execute(job.pk) == Job.State.DONE
    batch = ImportBatch.objects.get()
    page = client.get(reverse("catalogue:import_detail", args=[batch.pk])).content.decode()
    assert "Tidak ada produk yang diimpor" in page and "Minuman Ajaib" in page
    officer = make_user(Role.UMKM_OFFICER)
    client.force_login(officer)
    upload = io.BytesIO(csv_bytes(MESSY_CSV))
    upload.name = "baik.csv"
    client.post(reverse("catalogue:import_upload"), {"file": upload, "supplier_nib": "9120000000001",
                                                     "token": "1" * 32})
    job = Job.objects.get(requested_by=officer)
    assert execute(job.pk) == Job.State.DONE
    page = client.get(reverse("jobs:detail", args=[job.pk])).content.decode()
    assert "Selesai" in page and "Lihat hasilnya" in page
    assert Product.objects.filter(supplier=setup["supplier"]).count() == 3
    # A supplier sees only its own batches.
    client.force_login(make_user(Role.SUPPLIER))
    batch = ImportBatch.objects.order_by("-id").first()
    assert client.get(reverse("catalogue:import_detail", args=[batch.pk])).status_code == 404


@pytest.mark.django_db
def test_the_shipped_template_has_the_documented_headers_and_its_example_imports(setup):
    path = ROOT / "docs" / "import-template.xlsx"
    sheet = load_workbook(path, read_only=True).worksheets[0]
    headers = [cell for cell in next(sheet.iter_rows(values_only=True))]
    assert headers == [name for name, _required, _help in COLUMNS]
    report = import_products(data=path.read_bytes(), filename=path.name, supplier=setup["supplier"])
    assert report.errors == [] and report.created == 1


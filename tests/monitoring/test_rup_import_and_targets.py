import io

import pytest
from openpyxl import Workbook

from katalog.core.models import AuditEvent
from katalog.core.roles import Role
from katalog.monitoring import figures, services
from katalog.monitoring.models import RupPackage, Target
from tests.factories import make_agency, make_category, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    make_agency(code="disdikbud", name="Dinas Pendidikan dan Kebudayaan", short_name="Disdikbud")
    make_agency(code="dinkes", name="Dinas Kesehatan", short_name="Dinkes")
    parent = make_category("Makanan dan Minuman")
    leaf = make_category("Nasi Kotak", parent=make_category("Konsumsi Rapat", parent=parent))
    return {"leaf": leaf, "admin": make_user(Role.ADMIN)}


SIRUP_CSV = (
    "Kode RUP;Nama Satuan Kerja;Nama Paket;Pagu (Rp);Metode Pemilihan;Produk Dalam Negeri;Usaha Kecil/Koperasi\n"
    "50112233;Dinas Pendidikan dan Kebudayaan;Belanja nasi kotak rapat guru;Rp 12.500.000;E-Purchasing;Ya;Ya\n"
    "50112234;Dinkes;Belanja alat kesehatan;250000000;Tender;Tidak;Tidak\n"
)


def test_a_sirup_export_loads_with_its_own_headers(world):
    report = services.rup_import(actor=world["admin"], data=SIRUP_CSV.encode(), filename="sirup.csv", year=2025)
    assert report.errors == [] and (report.created, report.saved) == (2, True)
    meal = RupPackage.objects.get(rup_code="50112233")
    assert (meal.agency.code, meal.pagu, meal.is_pdn, meal.is_umk, meal.method) == (
        "disdikbud", 12_500_000, True, True, "E-Purchasing")
    # No category column: the package name "nasi kotak" finds the catalogue's category.
    assert meal.category == world["leaf"]
    assert RupPackage.objects.get(rup_code="50112234").agency.code == "dinkes"
    assert AuditEvent.objects.filter(action="monitoring.rup_import").count() == 1


def test_plans_appear_beside_realisation_on_the_dashboard(world):
    services.rup_import(actor=world["admin"], data=SIRUP_CSV.encode(), filename="sirup.csv", year=2025)
    rows = {r.agency.code: r for r in figures.agency_rows(2025)}
    assert (rows["disdikbud"].planned, rows["disdikbud"].planned_umk, rows["disdikbud"].planned_pdn) == (
        12_500_000, 12_500_000, 12_500_000)
    assert rows["dinkes"].planned == 250_000_000 and rows["dinkes"].planned_umk == 0


BAD_CSV = (
    "kode_rup,opd,nama_paket,pagu,pdn,umk,tahun\n"
    "50000001,Disdikbud,Belanja ATK,1000000,ya,tidak,2025\n"
    ",Disdikbud,Tanpa kode,1000,ya,ya,2025\n"
    "50000003,Dinas Antah Berantah,Belanja kursi,2000000,ya,ya,2025\n"
    "50000004,Dinkes,Belanja obat,satu juta,mungkin,ya,2024\n"
    "50000001,Dinkes,Kode kembar,5000,ya,ya,2025\n"
)


def test_every_wrong_cell_is_reported_with_row_column_and_reason_and_nothing_is_saved(world):
    report = services.rup_import(actor=world["admin"], data=BAD_CSV.encode(), filename="rup.csv", year=2025)
    assert not report.saved and RupPackage.objects.count() == 0
    found = {(e["row"], e["column"]) for e in report.errors}
    assert found == {(3, "kode_rup"), (4, "opd"), (5, "pagu"), (5, "pdn"), (5, "tahun"), (6, "kode_rup")}
    messages = {(e["row"], e["column"]): e["message"] for e in report.errors}
    assert "tidak dikenal" in messages[(4, "opd")]
    assert "sudah ada di baris 2" in messages[(6, "kode_rup")]
    assert "Ya atau Tidak" in messages[(5, "pdn")]
    assert AuditEvent.objects.filter(action="monitoring.rup_import").count() == 0


def test_valid_only_loads_the_good_rows_and_reports_the_rest(world):
    report = services.rup_import(actor=world["admin"], data=BAD_CSV.encode(), filename="rup.csv", year=2025,
                                 valid_only=True)
    assert report.saved and report.created == 1
    assert list(RupPackage.objects.values_list("rup_code", flat=True)) == ["50000001"]
    assert len({e["row"] for e in report.errors}) == 4


def test_excel_files_load_and_a_second_import_updates_instead_of_duplicating(world):
    book = Workbook()
    sheet = book.active
    sheet.append(["Rencana Umum Pengadaan 2025"])  # a title row above the header, as exports have
    sheet.append(["Kode RUP", "OPD", "Nama Paket", "Pagu", "PDN", "UMK", "Kategori"])
    sheet.append([50112233, "disdikbud", "Snack rapat", 3_000_000, "Ya", "Tidak", "Nasi Kotak"])
    buffer = io.BytesIO()
    book.save(buffer)
    first = services.rup_import(actor=world["admin"], data=buffer.getvalue(), filename="rup.xlsx", year=2025)
    assert first.errors == [] and first.created == 1
    package = RupPackage.objects.get()
    assert (package.rup_code, package.pagu, package.category) == ("50112233", 3_000_000, world["leaf"])
    second = services.rup_import(actor=world["admin"], data=SIRUP_CSV.encode(), filename="sirup.csv", year=2025)
    assert (second.created, second.updated) == (1, 1)
    assert RupPackage.objects.get(rup_code="50112233").pagu == 12_500_000


def test_a_file_without_the_required_headers_is_refused_as_a_whole(world):
    report = services.rup_import(actor=world["admin"], data=b"nama,harga\nx,1\n", filename="x.csv", year=2025)
    assert not report.saved and report.errors[0]["row"] == 0 and "judul kolom" in report.errors[0]["message"]


def test_targets_default_to_settings_until_leadership_sets_them(world):
    assert figures.targets_for(2025).umk == 40 and figures.targets_for(2025).from_settings
    leader = make_user(Role.LEADERSHIP)
    services.target_set(actor=leader, year=2025, umk_percent=45, domestic_percent=90, local_percent=60)
    t = figures.targets_for(2025)
    assert (t.umk, t.domestic, t.local, t.from_settings) == (45, 90, 60, False)
    assert figures.targets_for(2026).umk == 40  # other years keep the defaults
    services.target_set(actor=leader, year=2025, umk_percent=50, domestic_percent=90, local_percent=60)
    assert Target.objects.get(year=2025).umk_percent == 50
    event = AuditEvent.objects.filter(action="monitoring.target_set").last()
    assert event.before == {"umk": 45, "domestic": 90, "local": 60} and event.after["umk"] == 50


def test_a_umk_target_below_the_regulation_or_a_percent_above_100_is_refused(world):
    leader = make_user(Role.LEADERSHIP)
    with pytest.raises(services.MonitoringError, match="Perpres 12/2021"):
        services.target_set(actor=leader, year=2025, umk_percent=30, domestic_percent=90, local_percent=60)
    with pytest.raises(services.MonitoringError):
        services.target_set(actor=leader, year=2025, umk_percent=40, domestic_percent=101, local_percent=60)
    assert not Target.objects.exists()


def test_the_downloadable_template_loads_as_it_is(world, client):
    from django.urls import reverse

    client.force_login(world["admin"])
    content = client.get(reverse("monitoring:rup_template")).content
    assert content.decode("utf-8-sig").startswith("Kode RUP;OPD;Nama Paket;Pagu (Rp)")
    import datetime

    report = services.rup_import(actor=world["admin"], data=content, filename="templat-rup.csv",
                                 year=datetime.date.today().year)
    assert report.errors == [] and report.created == 1
    assert RupPackage.objects.get().category == world["leaf"]

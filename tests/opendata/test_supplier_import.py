"""Supplier lists from the Dinas → assisted registration drafts, with row-level errors, all or nothing."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse
from openpyxl import Workbook

from katalog.core.models import AuditEvent
from katalog.core.roles import Role
from katalog.opendata.imports import import_supplier_list
from katalog.suppliers.models import RegistrationDraft, Supplier
from tests.factories import make_supplier, make_user
from tests.jobs.drive import run_jobs  # noqa: F401  (fixture)

pytestmark = pytest.mark.django_db

HEADER = ["Nama UMKM", "Nama Pemilik", "Kecamatan", "Skala Usaha", "Desa", "Alamat", "NIB", "NIK", "No HP", "Koperasi"]


def xlsx(rows, header=HEADER) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["Daftar UMKM binaan Dinas Koperasi dan UMKM 2026"])  # a title row above the header
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


GOOD = [
    ["UD Keripik Pisang Kemuning", "Siti Aminah", "Bukit Kemuning", "Usaha Mikro", "", "Jl. Raya 1", "", "", "0812 3456 7890", "tidak"],
    ["Koperasi Tani Makmur", "Budi Santoso", "18.03.01", "kecil", "", "", 9120000000001, "", "", "ya"],
]


@pytest.fixture
def officer():
    return make_user(Role.UMKM_OFFICER)


def test_each_row_becomes_an_assisted_draft_of_the_officer(officer):
    report = import_supplier_list(actor=officer, data=xlsx(GOOD), filename="daftar.xlsx")
    assert report.saved and report.created == 2 and report.errors == []
    drafts = RegistrationDraft.objects.filter(created_by=officer).order_by("id")
    assert [d.business_name for d in drafts] == ["UD Keripik Pisang Kemuning", "Koperasi Tani Makmur"]
    first = drafts[0]
    usaha = first.data.get("usaha") or first.raw.get("usaha")
    assert usaha["scale"] == "mikro" and usaha["owner_name"] == "Siti Aminah"
    # Phone and e-mail wait on the owner's account step, where the officer adds the name and user name.
    contact = first.raw.get("akun")
    assert contact["phone"] == "+6281234567890"
    second = drafts[1].data.get("usaha") or drafts[1].raw.get("usaha")
    assert second["nib"] == "9120000000001" and second.get("is_cooperative") in ("on", True)
    assert not Supplier.objects.exists()  # nothing is a supplier until the officer and owner submit
    event = AuditEvent.objects.get(action="supplier_list.import")
    assert event.after["drafts"] == 2 and "Siti" not in str(event.after)


def test_one_bad_row_imports_nothing_and_each_problem_names_row_and_column(officer):
    existing = make_supplier(nib="9120000000009")
    rows = GOOD + [
        ["", "Tanpa Nama Usaha", "Bukit Kemuning", "mikro", "", "", "", "", "", ""],
        ["UD Salah Kecamatan", "Ani", "Gotham", "raksasa", "", "", "123", "99", "abc", "mungkin"],
        ["UD Sudah Ada", "Dedi", "Bukit Kemuning", "mikro", "", "", existing.nib, "", "", ""],
    ]
    report = import_supplier_list(actor=officer, data=xlsx(rows), filename="daftar.xlsx")
    assert not report.saved and report.created == 0
    assert not RegistrationDraft.objects.exists()
    problems = {(e["row"], e["column"]) for e in report.errors}
    assert (5, "nama_usaha") in problems
    assert {(6, "kecamatan"), (6, "skala"), (6, "nib"), (6, "nik"), (6, "telepon"), (6, "koperasi")} <= problems
    assert (7, "nib") in problems
    assert all(e["message"] for e in report.errors)


def test_valid_only_imports_the_good_rows_and_reports_the_rest(officer):
    rows = GOOD + [["UD Salah", "Ani", "Gotham", "mikro", "", "", "", "", "", ""]]
    report = import_supplier_list(actor=officer, data=xlsx(rows), filename="daftar.xlsx", valid_only=True)
    assert report.saved and report.created == 2 and report.rejected_rows == 1
    assert RegistrationDraft.objects.count() == 2


def test_the_same_business_twice_in_one_file_is_an_error(officer):
    rows = [GOOD[1], ["Koperasi Tani Makmur (dobel)", "Budi", "18.03.01", "kecil", "", "", 9120000000001, "", "", ""]]
    report = import_supplier_list(actor=officer, data=xlsx(rows), filename="daftar.xlsx")
    assert [(e["row"], e["column"]) for e in report.errors] == [(4, "nib")]
    assert "baris 3" in report.errors[0]["message"]


def test_a_file_that_is_not_a_spreadsheet_is_refused_as_a_whole(officer):
    report = import_supplier_list(actor=officer, data=b"%PDF-1.4 nope", filename="daftar.pdf")
    assert report.errors[0]["row"] == 0 and not report.saved


def test_only_officers_and_administrators_import(client, officer):
    with pytest.raises(PermissionError):
        import_supplier_list(actor=make_user(Role.PP), data=xlsx(GOOD), filename="daftar.xlsx")
    client.force_login(make_user(Role.CATALOGUE_MANAGER))
    assert client.get(reverse("opendata:supplier_import")).status_code == 403


def test_the_page_shows_the_errors_and_links_to_the_drafts(client, officer, run_jobs):
    client.force_login(officer)
    upload = SimpleUploadedFile("daftar.xlsx", xlsx(GOOD + [["UD X", "Y", "Gotham", "mikro", "", "", "", "", "", ""]]))
    job = run_jobs(client.post(reverse("opendata:supplier_import"), {"file": upload}))
    html = client.get(reverse("jobs:detail", args=[job.pk])).content.decode()
    assert "Tidak ada yang disimpan" in html and "Gotham" in html
    assert RegistrationDraft.objects.count() == 0
    upload = SimpleUploadedFile("daftar.xlsx", xlsx(GOOD))
    job = run_jobs(client.post(reverse("opendata:supplier_import"), {"file": upload}))
    response = client.get(reverse("jobs:detail", args=[job.pk]))
    assert reverse("suppliers:assisted_drafts") in response.content.decode()
    assert job.result["created"] == 2 and RegistrationDraft.objects.count() == 2
    assert client.get(reverse("suppliers:assisted_drafts")).status_code == 200
    template = client.get(reverse("opendata:supplier_import_template"))
    assert template.status_code == 200 and "Nama Usaha" in template.content.decode("utf-8-sig")


def test_the_template_imports_cleanly(officer):
    from katalog.opendata.imports import template_csv

    report = import_supplier_list(actor=officer, data=template_csv(), filename="templat.csv")
    assert report.errors == [] and report.created == 1


def test_the_command_line_import(tmp_path, officer):
    path = tmp_path / "daftar.xlsx"
    path.write_bytes(xlsx(GOOD))
    call_command("import_supplier_list", str(path), "--user", officer.username, verbosity=0)
    assert RegistrationDraft.objects.count() == 2
    bad = tmp_path / "salah.xlsx"
    bad.write_bytes(xlsx([["UD X", "Y", "Gotham", "mikro", "", "", "", "", "", ""]]))
    with pytest.raises(CommandError):
        call_command("import_supplier_list", str(bad), "--user", officer.username, verbosity=0)

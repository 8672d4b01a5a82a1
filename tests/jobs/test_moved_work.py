"""Long work moved onto the queue: each page returns at once with a job, the real worker (django-tasks'
database backend) does the work, and the job's page shows the result, the rejected rows or the file.
Runs on SQLite and PostgreSQL."""

import io
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import resolve, reverse
from openpyxl import load_workbook

from katalog.catalogue.models import PriceReference
from katalog.core.roles import Role
from katalog.jobs.models import Job
from tests.factories import make_product, make_user

pytestmark = pytest.mark.django_db(transaction=True)


def _job(response) -> Job:
    assert response.status_code == 302
    match = resolve(response["Location"])
    assert match.view_name == "jobs:detail"
    return Job.objects.get(pk=match.kwargs["pk"])


def _ssh_csv(*rows) -> SimpleUploadedFile:
    lines = ["uraian,spesifikasi,satuan,harga", *(",".join(map(str, r)) for r in rows)]
    return SimpleUploadedFile("ssh.csv", ("\n".join(lines) + "\n").encode())


def test_the_price_reference_import_runs_in_the_worker_and_its_page_shows_the_rejected_rows(client, run_worker):
    client.force_login(make_user(Role.CATALOGUE_MANAGER))
    bad = _job(client.post(reverse("catalogue:price_references"), {
        "year": 2026, "file": _ssh_csv(("Kertas HVS", "A4", "rim", 52000), ("", "A4", "rim", "mahal")),
        "token": "a" * 32}))
    assert bad.state == Job.State.QUEUED and PriceReference.objects.count() == 0  # nothing done in the request
    run_worker()
    html = client.get(reverse("jobs:detail", args=[bad.pk])).content.decode()
    assert "Tidak ada yang disimpan" in html and "Uraian barang kosong." in html
    assert PriceReference.objects.count() == 0
    good = _job(client.post(reverse("catalogue:price_references"), {
        "year": 2026, "file": _ssh_csv(("Kertas HVS", "A4", "rim", 52000)), "token": "b" * 32}))
    # The same form sent twice (a double click) opens the same job.
    again = _job(client.post(reverse("catalogue:price_references"), {
        "year": 2026, "file": _ssh_csv(("Kertas HVS", "A4", "rim", 52000)), "token": "b" * 32}))
    assert again.pk == good.pk
    run_worker()
    good.refresh_from_db()
    assert (good.state, good.result["created"], good.rows_saved, good.upload) == (Job.State.DONE, 1, 1, "")
    assert PriceReference.objects.get().ceiling_price == 52000


def test_the_catalogue_export_is_built_by_the_worker_and_downloaded_by_whoever_asked(client, run_worker):
    make_product(name="Keripik Pisang Manis", price=18_000)
    leader = make_user(Role.LEADERSHIP)
    client.force_login(leader)
    assert "Susun berkas" in client.get(reverse("catalogue:export_catalogue")).content.decode()
    job = _job(client.post(reverse("catalogue:export_catalogue"), {"token": "c" * 32}))
    run_worker()
    page = client.get(reverse("jobs:detail", args=[job.pk])).content.decode()
    assert reverse("jobs:download", args=[job.pk]) in page
    response = client.get(reverse("jobs:download", args=[job.pk]))
    content = b"".join(response.streaming_content)
    rows = list(load_workbook(io.BytesIO(content), read_only=True).worksheets[0].iter_rows(values_only=True))
    assert rows[1][1] == "Keripik Pisang Manis"
    # Another person cannot open the job or its file.
    client.force_login(make_user(Role.AUDITOR))
    assert client.get(reverse("jobs:download", args=[job.pk])).status_code == 404
    # Someone who may not export never starts the job.
    client.force_login(make_user(Role.PP))
    assert client.post(reverse("catalogue:export_catalogue"), {"token": "d" * 32}).status_code == 403


def test_the_ocds_publication_writes_validated_files_through_storage_and_serves_them(client, run_worker):
    make_product(name="Kertas HVS A4", price=52_000)
    assert "Belum ada terbitan" in client.get(reverse("opendata:published_list")).content.decode()
    client.post(reverse("opendata:publish"), {"token": "e" * 32})
    client.force_login(make_user(Role.PP))
    assert client.post(reverse("opendata:publish"), {"token": "e" * 32}).status_code == 403
    assert not Job.objects.exists()  # a visitor or a buyer cannot publish
    client.force_login(make_user(Role.CATALOGUE_MANAGER))
    assert "Terbitkan sekarang" in client.get(reverse("opendata:published_list")).content.decode()
    job = _job(client.post(reverse("opendata:publish"), {"token": "f" * 32}))
    run_worker()
    job.refresh_from_db()
    assert job.state == Job.State.DONE and "ocds-katalog.json" in job.result["files"]
    client.logout()
    page = client.get(reverse("opendata:published_list")).content.decode()
    assert "ocds-katalog-record.json" in page
    response = client.get(reverse("opendata:published_file", args=["ocds-katalog.json"]))

    package = json.loads(b"".join(response.streaming_content))
    assert package["version"] == "1.1" and package["releases"]
    assert client.get(reverse("opendata:published_file", args=["..secret"])).status_code == 404

"""The web import runs in the background: the page returns at once, the job page shows progress and the
result, one job per form, batches with a checkpoint so an interrupted import resumes without duplicates."""

import io

import pytest
from django.core.files.storage import default_storage
from django.db import connection
from django.urls import reverse

from katalog.catalogue import importing
from katalog.catalogue.importing_background import _Pace
from katalog.catalogue.models import ImportBatch, Kbki, PriceChange, Product
from katalog.core.models import AuditEvent
from katalog.core.roles import Role
from katalog.jobs.models import Job
from katalog.jobs.services import job_retry
from tests.factories import make_category, make_supplier, make_user
from tests.jobs.conftest import _job_storage, run_worker  # noqa: F401  (fixtures)

pytestmark = pytest.mark.django_db(transaction=True)

GOOD = """nama;kategori;satuan;harga;stok
Keripik Pisang Manis 250 gr;Keripik;bungkus;Rp 12.500,00;10
Keripik Pisang Coklat;Makanan Ringan > Keripik;bungkus;15000;
Keripik Singkong Pedas;Keripik;bungkus;9000;5
Kertas HVS A4 70 gsm;32131;rim;55000;20
Keripik Talas Original;Keripik;bungkus;11000;3
"""
BAD = "nama;kategori;satuan;harga\nMinuman Ajaib;Tidak Ada;botol;gratis\nKeripik Pisang Manis;Keripik;bungkus;100\n"


@pytest.fixture
def setup():
    food = make_category("Makanan Ringan")
    make_category("Keripik", parent=food)
    office = make_category("Alat Tulis Kantor")
    office.kbki = Kbki.objects.get(code="32131")
    office.save()
    supplier = make_supplier(name="UD Pisang Jaya", nib="9120000000001", is_pkp=False)
    return {"supplier": supplier, "seller": make_user(Role.SUPPLIER, supplier=supplier)}


def _post(client, text: str, token: str, name: str = "produk.csv"):
    upload = io.BytesIO(text.encode())
    upload.name = name
    return client.post(reverse("catalogue:import_upload"), {"file": upload, "token": token})


def test_the_import_page_returns_at_once_and_the_job_page_shows_progress_then_the_result(setup, client, run_worker):
    client.force_login(setup["seller"])
    response = _post(client, GOOD, "a" * 32)
    job = Job.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("jobs:detail", args=[job.pk])
    # Nothing imported inside the request: the worker does it.
    assert Product.objects.count() == 0
    assert default_storage.exists(job.upload) and job.upload_name == "produk.csv"
    page = client.get(response["Location"]).content.decode()
    assert "Menunggu giliran" in page and 'hx-get="%s"' % reverse("jobs:progress", args=[job.pk]) in page
    # The same form sent again (double click, reload) opens the same job.
    again = _post(client, GOOD, "a" * 32)
    assert again["Location"] == response["Location"] and Job.objects.count() == 1
    run_worker()
    fragment = client.get(reverse("jobs:progress", args=[job.pk])).content.decode()
    batch = ImportBatch.objects.get()
    assert "Selesai" in fragment and reverse("catalogue:import_detail", args=[batch.pk]) in fragment
    assert "hx-get" not in fragment  # finished: the page stops polling
    stored = job.upload
    job.refresh_from_db()
    assert (job.rows_total, job.rows_checked, job.rows_saved, job.error_count) == (5, 5, 5, 0)
    assert Product.objects.filter(supplier=setup["supplier"], import_batch=batch).count() == 5
    assert (batch.status, batch.created_count) == (ImportBatch.Status.DONE, 5)
    assert AuditEvent.objects.filter(action="product.import").count() == 1
    assert job.upload == "" and not default_storage.exists(stored)  # the upload is removed after success
    # Another person's job is not theirs to see.
    client.force_login(make_user(Role.SUPPLIER))
    assert client.get(reverse("jobs:detail", args=[job.pk])).status_code == 404


def test_a_file_with_bad_rows_imports_nothing_and_the_job_counts_the_errors(setup, client, run_worker):
    client.force_login(setup["seller"])
    _post(client, BAD, "b" * 32, name="salah.csv")
    run_worker()
    job = Job.objects.get()
    assert job.state == Job.State.DONE and job.error_count >= 2 and job.rows_saved == 0
    batch = ImportBatch.objects.get()
    assert batch.status == ImportBatch.Status.REJECTED and Product.objects.count() == 0
    detail = client.get(reverse("catalogue:import_detail", args=[batch.pk])).content.decode()
    assert "Tidak ada produk yang diimpor" in detail and "Kategori “Tidak Ada” tidak ada di katalog" in detail


def test_an_import_interrupted_between_batches_keeps_whole_batches_and_resumes_without_duplicates(
        setup, client, run_worker, settings, monkeypatch):
    settings.KATALOG_JOBS = {**settings.KATALOG_JOBS, "import_batch_rows": 2}
    calls = {"n": 0}
    real_create = importing._create

    def create_then_stop(*args, **kwargs):
        calls["n"] += 1
        if calls["n"] == 2:
            raise RuntimeError("listrik padam")  # the worker dies inside the second batch's transaction
        return real_create(*args, **kwargs)

    monkeypatch.setattr("katalog.catalogue.importing_background._create", create_then_stop)
    client.force_login(setup["seller"])
    _post(client, GOOD, "c" * 32)
    run_worker()
    job = Job.objects.get()
    assert job.state == Job.State.FAILED and "yang sudah tersimpan tetap utuh" in job.message
    # One whole batch (2 products, their price history, the checkpoint naming its last row), nothing more.
    assert Product.objects.count() == 2 and PriceChange.objects.count() == 2
    assert job.checkpoint["last_row"] == 3 and job.rows_saved == 2
    assert ImportBatch.objects.get().status == ImportBatch.Status.RUNNING
    page = client.get(reverse("jobs:detail", args=[job.pk])).content.decode()
    assert "Ulangi" in page
    monkeypatch.setattr("katalog.catalogue.importing_background._create", real_create)
    response = client.post(reverse("jobs:retry", args=[job.pk]))
    assert response.status_code == 302
    run_worker()
    job.refresh_from_db()
    assert (job.state, job.attempts, job.rows_saved) == (Job.State.DONE, 2, 5)
    names = list(Product.objects.values_list("name", flat=True))
    assert len(names) == len(set(names)) == 5 and PriceChange.objects.count() == 5
    batch = ImportBatch.objects.get()
    assert (batch.status, batch.created_count) == (ImportBatch.Status.DONE, 5)


def test_after_each_batch_an_import_pauses_as_long_as_it_held_the_database_and_on_sqlite_at_least_100_ms(
        settings, monkeypatch):
    # The times are given, not measured: this checks the pacing rule, not the machine.
    settings.KATALOG_JOBS = {**settings.KATALOG_JOBS, "import_batch_rows": 500, "import_pause_ratio": 1.0}
    pauses = []
    monkeypatch.setattr("katalog.catalogue.importing_background.time.sleep", pauses.append)
    pace = _Pace()
    for held in (1.0, 0.3, 0.05):
        pace.after_batch(waited=0.0, held=held)
    # On SQLite at least one busy-handler sleep (100 ms), so a writer waiting at the commit gets the lock
    # before the next batch; PostgreSQL's writers lock rows, and wait for no such sleep.
    assert pauses == ([1.0, 0.3, 0.1] if connection.vendor == "sqlite" else [1.0, 0.3, 0.05])
    assert pace.rows == 500

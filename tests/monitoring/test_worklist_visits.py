"""Visits recorded from the officer's worklist: the ordinary form post, the offline queue's post with its
key (sent twice, recorded once), refusals that keep what was typed, the download and who may use them."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from katalog.core.roles import Role
from katalog.suppliers.models import AssistanceVisit
from tests.factories import make_user
from tests.monitoring.test_worklist import field  # noqa: F401 (the fixture)

pytestmark = pytest.mark.django_db

FETCH = {"HTTP_X_REQUESTED_WITH": "fetch"}


def visit_post(field, **changes):
    data = {"district": field["district"].pk, "village": field["villages"][1].pk,
            "supplier": field["beginner"].pk, "visited_on": timezone.localdate().isoformat(),
            "notes": "Foto produk di halaman rumah.", "next_step": "Unggah NIB"}
    data.update(changes)
    return data


def test_the_worklist_offers_a_visit_form_per_kecamatan_with_businesses_by_kampung(client, field):
    client.force_login(field["officer"])
    page = client.get(reverse("monitoring:worklist")).content.decode()
    assert 'action="%s"' % reverse("monitoring:worklist_visit") in page
    assert f'<optgroup label="{field["villages"][1].name}">' in page
    assert f'value="{field["beginner"].pk}"' in page
    assert "data-offline-queue" in page and f'data-officer="{field["officer"].pk}"' in page


def test_a_plain_post_records_the_visit_and_comes_back_to_the_worklist(client, field):
    client.force_login(field["officer"])
    response = client.post(reverse("monitoring:worklist_visit"), visit_post(field))
    assert response.status_code == 302 and response["Location"] == reverse("monitoring:worklist")
    visit = AssistanceVisit.objects.get(notes="Foto produk di halaman rumah.")
    assert (visit.officer, visit.supplier, visit.village) == (field["officer"], field["beginner"], field["villages"][1])
    assert visit.client_key == ""


def test_the_offline_queue_sending_a_visit_twice_records_it_once(client, field):
    client.force_login(field["officer"])
    data = visit_post(field, client_key="4f1c2b9e-0d3a-4c55-9a61-1b2c3d4e5f60")
    first = client.post(reverse("monitoring:worklist_visit"), data, **FETCH)
    again = client.post(reverse("monitoring:worklist_visit"), data, **FETCH)
    assert first.status_code == again.status_code == 200
    assert first.json() == again.json() == {"ok": True, "message": "Kunjungan tercatat."}
    assert AssistanceVisit.objects.filter(notes="Foto produk di halaman rumah.").count() == 1


def test_one_key_belongs_to_one_officer(client, field):
    """Another officer's visit with the same key is its own visit, not a repeat of the first."""
    from katalog.monitoring import worklist
    other = make_user(Role.UMKM_OFFICER)
    worklist.officer_area_assign(actor=make_user(Role.ADMIN), officer=other, district=field["district"])
    data = visit_post(field, client_key="same-key-on-two-phones")
    for officer in (field["officer"], other):
        client.force_login(officer)
        assert client.post(reverse("monitoring:worklist_visit"), data, **FETCH).json()["ok"]
    assert AssistanceVisit.objects.filter(client_key="same-key-on-two-phones").count() == 2


def test_a_malformed_key_is_ignored_rather_than_stored(client, field):
    client.force_login(field["officer"])
    client.post(reverse("monitoring:worklist_visit"), visit_post(field, client_key="<script>"), **FETCH)
    assert AssistanceVisit.objects.get(notes="Foto produk di halaman rumah.").client_key == ""


def test_a_refused_visit_says_why_and_keeps_what_was_typed(client, field):
    client.force_login(field["officer"])
    tomorrow = (timezone.localdate() + timedelta(days=1)).isoformat()
    response = client.post(reverse("monitoring:worklist_visit"), visit_post(field, visited_on=tomorrow))
    page = response.content.decode()
    assert response.status_code == 400
    assert "Tanggal kunjungan tidak boleh di masa depan." in page
    assert "Foto produk di halaman rumah." in page and 'value="Unggah NIB"' in page
    assert not AssistanceVisit.objects.filter(notes="Foto produk di halaman rumah.").exists()
    answer = client.post(reverse("monitoring:worklist_visit"), visit_post(field, visited_on=tomorrow), **FETCH)
    assert answer.status_code == 400 and answer.json()["errors"]["visited_on"] == [
        "Tanggal kunjungan tidak boleh di masa depan."]


def test_a_business_outside_the_kecamatan_is_refused(client, field):
    from tests.factories import make_supplier
    elsewhere = make_supplier(name="UD Jauh")
    client.force_login(field["officer"])
    answer = client.post(reverse("monitoring:worklist_visit"), visit_post(field, supplier=elsewhere.pk), **FETCH)
    assert answer.status_code == 400 and "supplier" in answer.json()["errors"]


def test_the_download_is_one_file_to_keep_on_the_phone(client, field):
    client.force_login(field["officer"])
    response = client.get(reverse("monitoring:worklist_download"))
    page = response.content.decode()
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="daftar-kerja-pendamping-')
    assert "<style>" in page and "UD Pemula" in page and field["due"].number in page
    assert "<form" not in page and "<script" not in page


@pytest.mark.parametrize("role", [Role.PP, Role.SUPPLIER, Role.AUDITOR, Role.LEADERSHIP])
def test_only_officers_and_the_administrator_record_visits(client, field, role):
    client.force_login(make_user(role))
    assert client.post(reverse("monitoring:worklist_visit"), visit_post(field)).status_code == 403
    assert client.get(reverse("monitoring:worklist_download")).status_code == 403
    assert not AssistanceVisit.objects.filter(notes="Foto produk di halaman rumah.").exists()

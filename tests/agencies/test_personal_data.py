"""The data-subject export (UU 27/2022 Pasal 7, 32), the processing-record page, and `no_store`."""

import json

import pytest
from django.http import HttpResponse
from django.test import RequestFactory
from django.urls import reverse

from katalog.agencies.models import TwoFactorDevice
from katalog.core.audit import record_event
from katalog.core.models import AuditEvent
from katalog.core.privacy import no_store
from katalog.core.roles import Role
from katalog.suppliers.models import SupplierDocument
from tests.agencies.helpers import enrol
from tests.factories import make_agency, make_order, make_product, make_supplier, make_user

NIK = "1803014501900002"
BANK = "0123456789012"


def _download(client, url=None):
    response = client.post(url or reverse("accounts:personal_data_download"))
    assert response.status_code == 200, response.status_code
    return response, json.loads(response.content)


@pytest.fixture
def owner():
    supplier = make_supplier(owner_nik=NIK, npwp="0123456789012345", bank_account_number=BANK, name="UD Kopi Abung")
    person = make_user(Role.SUPPLIER, supplier=supplier, email="siti@example.test")
    SupplierDocument.objects.create(
        supplier=supplier, kind="npwp", file="suppliers/documents/abc.pdf", content_type="application/pdf",
        size=1234, uploaded_by=person,
    )
    record_event(actor=None, action="supplier.verify", obj=supplier, after={"status": "verified"})
    return person


@pytest.mark.django_db
def test_a_business_owner_downloads_everything_held_about_them(client, owner):
    client.force_login(owner)
    response, data = _download(client)
    assert response["Content-Disposition"].startswith(f'attachment; filename="data-pribadi-{owner.username}-')
    assert "no-store" in response["Cache-Control"]
    assert data["account"]["username"] == owner.username and data["account"]["email"] == "siti@example.test"
    assert data["supplier"]["owner_nik"] == NIK and data["supplier"]["bank_account_number"] == BANK
    assert data["supplier"]["name"] == "UD Kopi Abung"
    [document] = data["supplier_documents"]
    assert document["kind"] == "npwp" and document["bytes"] == 1234
    assert "supplier.verify" in [e["action"] for e in data["audit_events"]]
    assert data["security"] == {"two_factor_enrolled": False, "recovery_codes_left": 0, "sessions_open": 1}


@pytest.mark.django_db
def test_the_export_leaves_out_secrets(client, owner):
    codes = enrol(owner)
    text = json.dumps(_export_for(owner))
    assert owner.password not in text and "argon2" not in text
    assert TwoFactorDevice.objects.get(user=owner).secret not in text
    assert not any(code in text for code in codes)


def _export_for(person):
    from katalog.agencies.privacy import export_json, personal_data_export

    return json.loads(export_json(personal_data_export(person=person)))


@pytest.mark.django_db
def test_the_export_counts_every_other_record_that_names_the_person():
    agency = make_agency()
    buyer = make_user(Role.PP, agency=agency)
    supplier = make_supplier()
    product = make_product(supplier)
    orders = [make_order(agency=agency, supplier=supplier, buyer=buyer, lines=[(product, 1)]) for _ in range(2)]
    data = _export_for(buyer)
    [entry] = [e for e in data["other_records"] if e["model"] == "purchasing.order" and e["field"] == "buyer"]
    assert entry["count"] == 2 and entry["ids"] == sorted(o.pk for o in orders)
    assert data["supplier"] is None and data["account"]["agency"]["code"] == agency.code


@pytest.mark.django_db
def test_each_download_is_audited_and_a_get_cannot_trigger_it(client, owner):
    client.force_login(owner)
    assert client.get(reverse("accounts:personal_data_download")).status_code == 405
    _download(client)
    event = AuditEvent.objects.get(action="privacy.export")
    assert event.actor_id == owner.pk and event.object_id == str(owner.pk) and event.after == {"requested_by": "self"}


@pytest.mark.django_db
def test_an_administrator_finds_the_person_and_downloads_their_data(client, owner):
    admin = make_user(Role.ADMIN)
    client.force_login(admin)
    page = client.get(reverse("accounts:personal_data_requests"), {"q": "kopi abung"}).content.decode()
    url = reverse("accounts:personal_data_download_for", args=[owner.pk])
    assert url in page
    _, data = _download(client, url)
    assert data["account"]["username"] == owner.username
    event = AuditEvent.objects.get(action="privacy.export")
    assert event.actor_id == admin.pk and event.after == {"requested_by": "admin"}


@pytest.mark.django_db
@pytest.mark.parametrize("role", [r for r in Role.values if r != Role.ADMIN])
def test_nobody_but_the_administrator_exports_someone_else(client, owner, role):
    client.force_login(make_user(role))
    assert client.post(reverse("accounts:personal_data_download_for", args=[owner.pk])).status_code == 403
    assert client.get(reverse("accounts:personal_data_requests")).status_code == 403


@pytest.mark.django_db
def test_an_anonymous_visitor_cannot_download_anything(client, owner):
    response = client.post(reverse("accounts:personal_data_download"))
    assert response.status_code == 302 and response.url.startswith(reverse("login"))


@pytest.mark.django_db
def test_the_processing_record_is_public(client):
    html = client.get(reverse("accounts:privacy_notice")).content.decode()
    assert "UU 27/2022" in html and "3 × 24 jam" in html and "NIK" in html


def test_no_store_marks_a_response_as_never_to_be_kept():
    view = no_store(lambda request: HttpResponse("NIK 1803014501900002"))
    response = view(RequestFactory().get("/"))
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]
    assert response["Pragma"] == "no-cache"
    assert response["Expires"]

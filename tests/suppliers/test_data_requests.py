"""Data subjects' requests (UU 27/2022 Pasal 7, 8, 14, 32, 43): asked on the business's page by its owner or
a pendamping, answered by the administrator from a queue with the 3 × 24-hour deadline; erasure reuses the
rejected-registration erasure and pseudonymises the person in the audit trail while the chain still verifies."""

import json
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from katalog.core.audit import record_event
from katalog.core.audit_check import verify_chain
from katalog.core.models import AuditEvent
from katalog.core.roles import Role
from katalog.suppliers import services
from katalog.suppliers.models import PersonalDataRequest
from tests.factories import make_agency, make_order, make_product, make_supplier, make_user

pytestmark = pytest.mark.django_db

NIK, BANK = "1803021708850001", "0123-01-000456-50-9"


def _business():
    supplier = make_supplier(owner_nik=NIK, bank_account_number=BANK, bank_name="BRI", owner_name="Siti Aminah",
                             email="siti@contoh.id", phone="+6281234567890")
    owner = make_user(Role.SUPPLIER, supplier=supplier, username="siti.aminah", full_name="Siti Aminah",
                      email="siti@contoh.id")
    return supplier, owner


def _ask(client, supplier, kind):
    return client.post(reverse("suppliers:data_request_create", args=[supplier.pk]), {"kind": kind}, follow=True)


def test_the_deadline_is_three_times_24_hours_from_the_request(settings):
    assert settings.KATALOG_RULES["data_request_hours"] == 72
    at = timezone.now()
    assert services.data_request_due(at) - at == timedelta(hours=72)


def test_the_owner_asks_for_erasure_on_the_business_page_and_sees_the_deadline(client):
    supplier, owner = _business()
    client.force_login(owner)
    page = client.get(reverse("suppliers:supplier_detail", args=[supplier.pk])).content.decode()
    assert reverse("suppliers:data_request_create", args=[supplier.pk]) in page
    response = _ask(client, supplier, "erasure")
    request = PersonalDataRequest.objects.get()
    assert request.kind == "erasure" and request.status == "open" and request.requested_by == owner
    assert "batas jawaban" in response.content.decode() and "Menunggu" in response.content.decode()
    again = _ask(client, supplier, "erasure")  # one open request of a kind at a time
    assert "masih diproses" in again.content.decode() and PersonalDataRequest.objects.count() == 1
    event = AuditEvent.objects.get(action="supplier.data_request")
    assert event.after["kind"] == "erasure" and event.after["on_behalf"] is False


def test_a_pendamping_asks_on_behalf_of_a_business_another_supplier_cannot(client):
    supplier, _owner = _business()
    officer = make_user(Role.UMKM_OFFICER)
    client.force_login(officer)
    _ask(client, supplier, "export")
    assert PersonalDataRequest.objects.get().requested_by == officer
    assert AuditEvent.objects.get(action="supplier.data_request").after["on_behalf"] is True
    stranger = make_user(Role.SUPPLIER)
    client.force_login(stranger)
    assert _ask(client, supplier, "erasure").status_code == 404
    client.force_login(make_user(Role.AUDITOR))
    assert client.post(reverse("suppliers:data_request_create", args=[supplier.pk]), {"kind": "erasure"}).status_code == 403


def test_the_admin_queue_orders_by_deadline_and_marks_late_requests(client):
    early, _ = _business()
    later = make_supplier()
    officer = make_user(Role.UMKM_OFFICER)
    late = services.data_request_create(supplier=early, kind="erasure", actor=officer)
    PersonalDataRequest.objects.filter(pk=late.pk).update(due_at=timezone.now() - timedelta(hours=1))
    services.data_request_create(supplier=later, kind="export", actor=officer)
    client.force_login(make_user(Role.ADMIN))
    html = client.get(reverse("suppliers:data_request_queue")).content.decode()
    assert html.index(early.name) < html.index(later.name)
    assert html.count("TERLAMBAT") == 1
    client.force_login(make_user(Role.UMKM_OFFICER))
    assert client.get(reverse("suppliers:data_request_queue")).status_code == 403


def test_erasure_on_request_pseudonymises_the_person_in_the_audit_trail_and_the_chain_still_verifies(client):
    supplier, owner = _business()
    client.force_login(owner)
    record_event(actor=owner, action="supplier.updated", obj=supplier, after={"fields": ["phone"]})
    from django.test import Client

    failed = Client().post(reverse("login"), {"username": owner.username, "password": "salah-sekali-123"})
    assert failed.status_code == 200 and AuditEvent.objects.filter(action="login.failed").exists()
    _ask(client, supplier, "erasure")
    admin = make_user(Role.ADMIN)
    client.force_login(admin)
    request = PersonalDataRequest.objects.get()
    response = client.post(reverse("suppliers:data_request_erase", args=[request.pk]), follow=True)
    assert "dihapus" in response.content.decode()

    supplier.refresh_from_db()
    owner.refresh_from_db()
    assert supplier.owner_nik == "" and supplier.bank_account_number == "" and supplier.personal_data_erased_at
    assert not owner.is_active and owner.username == f"dihapus-{owner.pk}"
    request.refresh_from_db()
    assert request.status == "done" and request.handled_by == admin
    # Nothing in the audit trail names the person any more; their events show the pseudonym.
    rows = list(AuditEvent.objects.values_list("actor_label", "before", "after"))
    assert "siti.aminah" not in json.dumps(rows) and "Siti Aminah" not in json.dumps(rows)
    theirs = AuditEvent.objects.filter(actor=owner).select_related("actor")
    assert theirs and {e.actor_name for e in theirs} == {f"dihapus-{owner.pk}"}
    client.force_login(make_user(Role.AUDITOR))
    audit_page = client.get(reverse("audit_log")).content.decode()
    assert "siti.aminah" not in audit_page and f"dihapus-{owner.pk}" in audit_page
    assert verify_chain().ok
    out = __import__("io").StringIO()
    call_command("audit", "verify", stdout=out)
    assert "utuh" in out.getvalue()
    assert AuditEvent.objects.filter(action="supplier.personal_data_erased", after__reason="request").exists()


def test_a_business_with_orders_is_not_erased_and_the_admin_refuses_with_a_reason(client):
    supplier, owner = _business()
    agency = make_agency()
    make_order(agency=agency, supplier=supplier, buyer=make_user(Role.PP, agency=agency),
               lines=[(make_product(supplier), 1)])
    request = services.data_request_create(supplier=supplier, kind="erasure", actor=owner)
    client.force_login(make_user(Role.ADMIN))
    response = client.post(reverse("suppliers:data_request_erase", args=[request.pk]), follow=True)
    assert "sudah punya pesanan" in response.content.decode()
    supplier.refresh_from_db()
    assert supplier.owner_nik == NIK and supplier.personal_data_erased_at is None
    short = client.post(reverse("suppliers:data_request_refuse", args=[request.pk]), {"reason": "tidak"}, follow=True)
    assert "paling sedikit 10 huruf" in short.content.decode()
    client.post(reverse("suppliers:data_request_refuse", args=[request.pk]),
                {"reason": "Usaha ini pihak kontrak; data wajib disimpan selama masa arsip."})
    request.refresh_from_db()
    assert request.status == "refused"
    client.force_login(owner)
    page = client.get(reverse("suppliers:supplier_detail", args=[supplier.pk])).content.decode()
    assert "pihak kontrak" in page


def test_the_copy_is_downloaded_by_the_admin_and_the_request_answered(client):
    supplier, owner = _business()
    request = services.data_request_create(supplier=supplier, kind="export", actor=owner)
    admin = make_user(Role.ADMIN)
    client.force_login(admin)
    response = client.post(reverse("suppliers:data_request_export", args=[request.pk]))
    assert response.status_code == 200 and "attachment" in response["Content-Disposition"]
    assert "no-store" in response["Cache-Control"]
    body = json.loads(response.content)
    [account] = body["accounts"]
    assert account["account"]["username"] == "siti.aminah"
    request.refresh_from_db()
    assert request.status == "done" and request.handled_by == admin
    assert AuditEvent.objects.filter(action="privacy.export", object_id=str(owner.pk)).exists()
    assert AuditEvent.objects.get(action="supplier.data_request_done").after["late"] is False
    again = client.post(reverse("suppliers:data_request_export", args=[request.pk]), follow=True)
    assert "sudah dijawab" in again.content.decode()

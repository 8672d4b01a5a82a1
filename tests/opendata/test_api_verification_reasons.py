"""Through the API a catalogue manager gives the same reasons the review page asks for: why a business is verified
without every required document, why it is rejected, what to fix in each part, and why a product is returned or
rejected. Checked by the page's own forms (same limits, same messages), stored, audited and sent to the business
as the page does."""

import pytest
from django.urls import reverse
from django.utils import timezone

from katalog.catalogue.models import Product
from katalog.core.models import AuditEvent
from katalog.core.roles import Role
from katalog.suppliers import services
from katalog.suppliers.documents import REQUIRED_KINDS
from katalog.suppliers.models import Notification
from katalog.suppliers.states import SupplierStatus
from tests.factories import give_required_documents, make_category, make_document, make_product, make_supplier, make_user
from tests.opendata.api_helpers import assert_error_shape, auth, get, post, token_for

pytestmark = pytest.mark.django_db
S = SupplierStatus
REASON = "NIB dan NPWP asli dilihat di kantor Dinas; pemilik belum punya pemindai."


@pytest.fixture
def manager():
    return make_user(Role.CATALOGUE_MANAGER)


@pytest.fixture
def raw(manager):
    return token_for(manager)


def in_review(manager, *, documents=False):
    supplier = make_supplier(status=S.SUBMITTED, submitted_at=timezone.now())
    make_user(Role.SUPPLIER, supplier=supplier)
    if documents:
        give_required_documents(supplier)
    services.supplier_start_review(supplier=supplier, actor=manager)
    supplier.refresh_from_db()
    return supplier


def decide(client, raw, supplier, action, body=None):
    return post(client, f"/api/v1/verification/suppliers/{supplier.pk}/{action}", raw, body)


def notices(supplier) -> list[Notification]:
    return list(Notification.objects.filter(supplier=supplier).order_by("pk"))


def test_the_queue_names_the_missing_documents_that_make_a_reason_necessary(client, manager, raw):
    bare = make_supplier(status=S.SUBMITTED, submitted_at=timezone.now(), name="UD Tanpa Dokumen")
    make_document(bare, uploaded_by=make_user(Role.SUPPLIER, supplier=bare), kind="nib")
    complete = make_supplier(status=S.SUBMITTED, submitted_at=timezone.now(), name="UD Dokumen Lengkap")
    give_required_documents(complete)
    items = {i["name"]: i for i in get(client, "/api/v1/verification/suppliers", raw).json()["items"]}
    assert items["UD Tanpa Dokumen"]["missing_documents"] == ["npwp", "bank"]
    assert items["UD Dokumen Lengkap"]["missing_documents"] == []


def test_verifying_without_required_documents_needs_a_reason_as_on_the_page(client, manager, raw):
    supplier = in_review(manager)
    error = assert_error_shape(decide(client, raw, supplier, "verify"), 422)
    assert "Dokumen wajib belum ada" in error["message"] and "Kartu/surat NPWP" in error["message"]
    assert error["details"][0]["location"] == ["body", "reason"]
    assert_error_shape(decide(client, raw, supplier, "verify", {"reason": "   "}), 422)
    supplier.refresh_from_db()
    assert supplier.status == S.IN_REVIEW
    assert not AuditEvent.objects.filter(action="supplier.verified", object_id=str(supplier.pk)).exists()


def test_a_reason_for_verifying_without_documents_is_kept_audited_and_shown_as_from_the_page(client, manager, raw):
    supplier = in_review(manager)
    response = decide(client, raw, supplier, "verify", {"reason": f"  {REASON} "})
    assert response.status_code == 200 and response.json()["status"] == "verified"
    supplier.refresh_from_db()
    assert supplier.verification_reason == REASON
    event = AuditEvent.objects.get(action="supplier.verified", object_id=str(supplier.pk))
    assert event.actor_id == manager.pk
    assert event.after["reason"] == REASON and event.after["documents_missing"] == [k.value for k in REQUIRED_KINDS]
    assert notices(supplier)[-1].title == "Selamat, usaha Anda terverifikasi"
    client.force_login(make_user(Role.AUDITOR))
    assert REASON in client.get(reverse("suppliers:supplier_detail", args=[supplier.pk])).content.decode()


def test_with_every_document_a_reason_sent_anyway_is_not_recorded(client, manager, raw):
    supplier = in_review(manager, documents=True)
    assert decide(client, raw, supplier, "verify", {"reason": REASON}).status_code == 200
    supplier.refresh_from_db()
    assert supplier.status == S.VERIFIED and supplier.verification_reason == ""
    assert "reason" not in AuditEvent.objects.get(action="supplier.verified", object_id=str(supplier.pk)).after


def test_a_verification_reason_longer_than_the_pages_field_is_refused(client, manager, raw):
    supplier = in_review(manager)
    error = assert_error_shape(decide(client, raw, supplier, "verify", {"reason": "x" * 2001}), 422)
    assert error["details"][0]["location"][-1] == "reason"
    assert decide(client, raw, supplier, "verify", {"reason": "x" * 2000}).status_code == 200


@pytest.mark.parametrize("reason", ["", "   ", "x" * 1001])
def test_a_rejection_reason_the_page_refuses_the_api_refuses_with_the_same_message(client, manager, raw, reason):
    supplier = in_review(manager)
    error = assert_error_shape(decide(client, raw, supplier, "reject", {"reason": reason}), 422)
    assert error["details"][0]["location"] == ["body", "reason"]
    client.force_login(manager)
    page = client.post(reverse("suppliers:verification_reject", args=[supplier.pk]), {"reason": reason})
    assert page.status_code == 200 and error["message"] in page.content.decode().replace("&#x27;", "'")
    supplier.refresh_from_db()
    assert supplier.status == S.IN_REVIEW and not notices(supplier)[1:]


def test_a_rejection_with_its_reason_is_stored_audited_and_sent_to_the_business(client, manager, raw):
    supplier = in_review(manager, documents=True)
    reason = "x" * 990 + " NIB lain."
    response = decide(client, raw, supplier, "reject", {"reason": f" {reason} "})
    assert response.status_code == 200 and response.json()["status"] == "rejected"
    supplier.refresh_from_db()
    assert supplier.rejection_reason == reason and supplier.reviewer_id == manager.pk
    event = AuditEvent.objects.get(action="supplier.rejected", object_id=str(supplier.pk))
    assert event.after == {"status": "rejected"}  # free text stays out of the audit log, as from the page
    notice = notices(supplier)[-1]
    assert notice.title == "Pendaftaran usaha ditolak" and notice.body == reason


def test_a_revision_request_with_a_reason_per_part_is_stored_audited_and_sent(client, manager, raw):
    supplier = in_review(manager, documents=True)
    reasons = {"npwp": "Foto NPWP buram, nomor tidak terbaca.", "bank": "Nama rekening beda dengan pemilik."}
    response = decide(client, raw, supplier, "request_revision", {"reasons": {**reasons, "name": "  "}})
    assert response.status_code == 200 and response.json()["status"] == "needs_revision"
    supplier.refresh_from_db()
    assert supplier.revision_reasons == reasons
    event = AuditEvent.objects.get(action="supplier.revision_requested", object_id=str(supplier.pk))
    assert event.after == {"status": "needs_revision", "parts": ["bank", "npwp"]}
    notice = notices(supplier)[-1]
    assert notice.title == "Data usaha perlu diperbaiki" and "Foto NPWP buram" in notice.body


@pytest.mark.parametrize("reasons, location", [
    ({}, ["body", "reasons"]),
    ({"npwp": "  "}, ["body", "reasons"]),
    ({"npwp": "x" * 501}, ["body", "reasons", "npwp"]),
    ({"owner_nik": "Salah ketik."}, ["body", "reasons", "owner_nik"]),
])
def test_a_revision_request_the_page_would_refuse_is_refused(client, manager, raw, reasons, location):
    supplier = in_review(manager)
    error = assert_error_shape(decide(client, raw, supplier, "request_revision", {"reasons": reasons}), 422)
    assert error["details"][0]["location"] == location
    if not reasons or "npwp" in reasons and not reasons["npwp"].strip():
        assert "setidaknya satu bagian" in error["message"]
    supplier.refresh_from_db()
    assert supplier.status == S.IN_REVIEW and supplier.revision_reasons == {}


def test_the_body_may_be_left_out_where_no_reason_is_asked(client, manager, raw):
    supplier = make_supplier(status=S.SUBMITTED, submitted_at=timezone.now())
    response = client.generic("POST", f"/api/v1/verification/suppliers/{supplier.pk}/start_review", **auth(raw))
    assert response.status_code == 200 and response.json()["status"] == "in_review"


def test_a_manager_connected_to_the_business_cannot_reject_it_either(client, raw, manager):
    supplier = in_review(make_user(Role.CATALOGUE_MANAGER))
    services.conflict_declare(supplier=supplier, actor=manager)
    assert_error_shape(decide(client, raw, supplier, "reject", {"reason": "NIB milik usaha lain."}), 409)
    supplier.refresh_from_db()
    assert supplier.status == S.IN_REVIEW


def test_a_product_is_returned_or_rejected_only_with_a_note_which_the_supplier_receives(client, raw):
    supplier = make_supplier()
    product = make_product(supplier, make_category(), status=Product.Status.SUBMITTED, name="Keripik pisang 250 g")
    path = f"/api/v1/verification/products/{product.pk}"
    for action in ("request_revision", "reject"):
        error = assert_error_shape(post(client, path, raw, {"action": action, "note": "  "}), 422)
        assert "Tuliskan alasannya" in error["message"]
    assert_error_shape(post(client, path, raw, {"action": "reject", "note": "x" * 2001}), 422)
    note = "Foto bukan produk ini; unggah foto kemasan asli."
    response = post(client, path, raw, {"action": "request_revision", "note": note})
    assert response.status_code == 200 and response.json()["status"] == "draft"  # back to the supplier
    product.refresh_from_db()
    assert product.review_note == note
    notice = notices(supplier)[-1]
    assert notice.title == "Produk “Keripik pisang 250 g” perlu diperbaiki." and notice.body == note
    event = AuditEvent.objects.get(action="product.request_revision", object_id=str(product.pk))
    assert event.after["note"] == note

"""A business without its required documents (NIB, NPWP, bank book) is verified only with a written reason,
kept on the business and in the audit trail; the review screen shows the readiness score and the documents."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from katalog.core.models import AuditEvent
from katalog.core.roles import Role
from katalog.suppliers import services
from katalog.suppliers.documents import REQUIRED_KINDS, missing_required
from katalog.suppliers.states import SupplierStatus
from tests.factories import give_required_documents, make_document, make_supplier, make_user

pytestmark = pytest.mark.django_db
S = SupplierStatus


@pytest.fixture
def manager(client):
    user = make_user(Role.CATALOGUE_MANAGER)
    client.force_login(user)
    return user


def in_review(manager, **fields):
    supplier = make_supplier(status=S.SUBMITTED, submitted_at=timezone.now(), **fields)
    services.supplier_start_review(supplier=supplier, actor=manager)
    supplier.refresh_from_db()
    return supplier


def test_verifying_without_required_documents_and_without_a_reason_is_refused(client, manager):
    supplier = in_review(manager)
    make_document(supplier, uploaded_by=make_user(Role.SUPPLIER, supplier=supplier), kind="nib")
    response = client.post(reverse("suppliers:verification_action", args=[supplier.pk, "verify"]), follow=True)
    html = response.content.decode()
    assert "Dokumen wajib belum ada" in html and "Kartu/surat NPWP" in html and "buku tabungan" in html
    supplier.refresh_from_db()
    assert supplier.status == S.IN_REVIEW
    assert not AuditEvent.objects.filter(action="supplier.verified", object_id=str(supplier.pk)).exists()


def test_verifying_without_required_documents_with_a_reason_records_it_in_the_audit_trail(client, manager):
    supplier = in_review(manager)
    reason = "NIB dan NPWP asli dilihat di kantor Dinas; pemilik belum punya pemindai."
    client.post(reverse("suppliers:verification_action", args=[supplier.pk, "verify"]), {"reason": f"  {reason} "})
    supplier.refresh_from_db()
    assert supplier.status == S.VERIFIED and supplier.verification_reason == reason
    event = AuditEvent.objects.get(action="supplier.verified", object_id=str(supplier.pk))
    assert event.after["reason"] == reason
    assert event.after["documents_missing"] == [k.value for k in REQUIRED_KINDS]
    # The reason is on the business's page for the next reviewer and the auditor.
    client.force_login(make_user(Role.AUDITOR))
    assert reason in client.get(reverse("suppliers:supplier_detail", args=[supplier.pk])).content.decode()


def test_with_every_required_document_no_reason_is_asked_or_recorded(client, manager):
    supplier = in_review(manager)
    give_required_documents(supplier)
    page = client.get(reverse("suppliers:supplier_detail", args=[supplier.pk])).content.decode()
    assert "Semua dokumen wajib ada" in page and 'name="reason"' not in page
    client.post(reverse("suppliers:verification_action", args=[supplier.pk, "verify"]))
    supplier.refresh_from_db()
    assert supplier.status == S.VERIFIED and supplier.verification_reason == ""
    event = AuditEvent.objects.get(action="supplier.verified", object_id=str(supplier.pk))
    assert "reason" not in event.after


def test_an_expired_copy_counts_as_missing(manager):
    supplier = make_supplier()
    give_required_documents(supplier)
    assert missing_required(supplier) == []
    supplier.documents.filter(kind="npwp").update(expires_on=timezone.localdate() - datetime.timedelta(days=1))
    assert missing_required(supplier) == ["npwp"]
    assert missing_required(supplier, today=timezone.localdate() - datetime.timedelta(days=2)) == []


def test_the_review_screen_shows_readiness_documents_and_asks_the_reason(client, manager):
    supplier = in_review(manager, name="UD Kopi Robusta")
    make_document(supplier, uploaded_by=make_user(Role.SUPPLIER, supplier=supplier), kind="nib")
    page = client.get(reverse("suppliers:supplier_detail", args=[supplier.pk])).content.decode()
    review = page[page.index('<section class="review">'):]
    review = review[:review.index("</section>")]
    assert "Skor kesiapan" in review and "/100" in review
    assert "NIB (Nomor Induk Berusaha)" in review and "Unduh" in review
    assert "Dokumen wajib belum ada: Kartu/surat NPWP, Halaman depan buku tabungan / rekening koran." in review
    assert 'name="reason"' in review and "Verifikasi dengan alasan" in review

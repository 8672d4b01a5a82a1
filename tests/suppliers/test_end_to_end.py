"""Nothing → verified supplier through the web with Django's test client, alone and with a UMKM officer.

(The browser versions of these two paths wait for the shared Playwright harness.)
"""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from katalog.core.audit import first_broken_link
from katalog.core.models import AuditEvent
from katalog.core.roles import Role
from katalog.suppliers.models import Notification, Supplier
from tests.factories import make_user

from .flows import fill_assisted_registration, fill_self_registration

pytestmark = pytest.mark.django_db

PHONE = {"HTTP_USER_AGENT": "Mozilla/5.0 (Linux; Android 13; SM-A145F) Mobile"}


def verify_as_manager(supplier: Supplier, *, revision_first: bool = False, reason: str = "") -> Client:
    manager = Client(**PHONE)
    manager.force_login(make_user(Role.CATALOGUE_MANAGER))
    queue = manager.get(reverse("suppliers:verification_queue")).content.decode()
    assert supplier.name in queue
    manager.post(reverse("suppliers:verification_action", args=[supplier.pk, "start_review"]))
    if revision_first:
        manager.post(reverse("suppliers:verification_revision", args=[supplier.pk]),
                     {"reason_documents": "Unggah foto NIB."})
        return manager
    response = manager.post(reverse("suppliers:verification_action", args=[supplier.pk, "verify"]), {"reason": reason})
    assert response.status_code == 302
    return manager


def test_a_business_owner_goes_from_nothing_to_verified_supplier_alone(mailoutbox, run_on_commit):
    owner = Client(**PHONE)
    with run_on_commit():  # e-mail leaves when the transaction commits
        assert owner.get(reverse("suppliers:register")).status_code == 302
        response = fill_self_registration(owner)
    supplier = Supplier.objects.get(nib="9120001234567")
    assert response.url == reverse("catalogue:my_product_create")  # straight on to a first product
    # The owner confirms their e-mail address from the message sent to them.
    link = next(m for m in mailoutbox if "surel" in m.subject).body.split("http://testserver")[1].split()[0]
    owner.post(link)
    # They upload the NIB, the NPWP and the bank book's first page while waiting.
    for kind in ("nib", "npwp", "bank"):
        owner.post(reverse("suppliers:document_upload", args=[supplier.pk]),
                   {"kind": kind, "file": SimpleUploadedFile(f"{kind}.pdf", b"%PDF-1.4\n%%EOF\n")})
    with run_on_commit():
        manager = verify_as_manager(supplier, revision_first=True)
    supplier.refresh_from_db()
    assert supplier.status == Supplier.Status.NEEDS_REVISION
    page = owner.get(reverse("suppliers:supplier_detail", args=[supplier.pk])).content.decode()
    assert "Unggah foto NIB." in page
    with run_on_commit():
        owner.post(reverse("suppliers:supplier_submit", args=[supplier.pk]))
        manager.post(reverse("suppliers:verification_action", args=[supplier.pk, "start_review"]))
        manager.post(reverse("suppliers:verification_action", args=[supplier.pk, "verify"]))
    supplier.refresh_from_db()
    assert supplier.status == Supplier.Status.VERIFIED and supplier.email_verified_at is not None
    assert owner.get(reverse("suppliers:supplier_public", args=[supplier.pk])).status_code == 200
    titles = " | ".join(Notification.objects.filter(supplier=supplier).values_list("title", flat=True))
    assert "Pendaftaran diterima" in titles and "perlu diperbaiki" in titles and "terverifikasi" in titles
    assert any("terverifikasi" in m.subject for m in mailoutbox)
    actions = list(AuditEvent.objects.filter(object_id=str(supplier.pk), object_type="suppliers.supplier")
                   .values_list("action", flat=True))
    assert actions[:1] == ["supplier.registered"] and actions[-1] == "supplier.verified"
    assert first_broken_link() is None


def test_a_business_goes_from_nothing_to_verified_supplier_with_an_officer(mailoutbox, run_on_commit):
    officer = Client(**PHONE)
    officer.force_login(make_user(Role.UMKM_OFFICER))
    with run_on_commit():
        _key, response = fill_assisted_registration(officer, kontak={"email": ""})
        supplier = Supplier.objects.get(nib="9120001234567")
        html = officer.get(response.url).content.decode()
        start = html.index("http://testserver/penyedia/undangan/")
        link = html[start:html.index('"', start)].replace("http://testserver", "")
        owner = Client(**PHONE)
        owner.get(link)
        owner.post(reverse("suppliers:invitation", args=["atur-sandi"]),
                   {"new_password1": "gula-Aren-Manis-26", "new_password2": "gula-Aren-Manis-26"})
        assert "Diajukan" in owner.get(reverse("suppliers:supplier_detail", args=[supplier.pk])).content.decode()
        # The officer saw the originals on the visit; nothing was uploaded, so the manager writes why.
        verify_as_manager(supplier, reason="Dokumen asli diperiksa saat kunjungan pendampingan.")
    supplier.refresh_from_db()
    assert supplier.status == Supplier.Status.VERIFIED and supplier.registered_by.role == Role.UMKM_OFFICER
    assert supplier.verification_reason == "Dokumen asli diperiksa saat kunjungan pendampingan."
    fresh = Client(**PHONE)
    assert fresh.login(username="siti.kopi", password="gula-Aren-Manis-26")
    assert "Terverifikasi" in fresh.get(reverse("suppliers:supplier_detail", args=[supplier.pk])).content.decode()
    assert mailoutbox == []  # no address given: in-app notifications only
    assert Notification.objects.filter(supplier=supplier, title__icontains="terverifikasi").exists()


def test_the_officer_who_registered_a_business_cannot_be_its_verifier():
    """Separation of duties holds even if an officer later becomes a catalogue manager."""
    officer_user = make_user(Role.UMKM_OFFICER)
    officer = Client()
    officer.force_login(officer_user)
    fill_assisted_registration(officer)
    supplier = Supplier.objects.get()
    officer_user.role = Role.CATALOGUE_MANAGER
    officer_user.save()
    response = officer.post(reverse("suppliers:verification_action", args=[supplier.pk, "start_review"]), follow=True)
    assert "terhubung dengan usaha ini" in response.content.decode()

"""Documents: checked by content and size, stored privately under random names, served only to those allowed."""

import datetime
import io
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError
from django.urls import reverse
from PIL import Image

from katalog.core.models import AuditEvent
from katalog.core.roles import Role
from katalog.suppliers.models import Notification, SupplierDocument
from katalog.suppliers.services import document_add, send_document_expiry_reminders
from tests.factories import PDF, make_supplier, make_user

pytestmark = pytest.mark.django_db


def image_bytes(fmt: str) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), "white").save(buffer, format=fmt)
    return buffer.getvalue()


def upload(client, supplier, content: bytes, name: str = "dokumen.pdf", **fields):
    data = {"kind": "nib", "file": SimpleUploadedFile(name, content), **fields}
    return client.post(reverse("suppliers:document_upload", args=[supplier.pk]), data)


def stored_files(media: Path) -> list[Path]:
    return [p for p in media.rglob("*") if p.is_file()] if media.exists() else []


@pytest.fixture
def owner(client):
    user = make_user(Role.SUPPLIER)
    client.force_login(user)
    return user


@pytest.mark.parametrize(("content", "name", "content_type"), [
    (PDF, "NIB Siti Aminah.pdf", "application/pdf"),
    (image_bytes("JPEG"), "foto.jpg", "image/jpeg"),
    (image_bytes("PNG"), "foto.png", "image/png"),
])
def test_pdf_jpeg_and_png_are_stored_under_a_random_name(client, owner, private_media, content, name, content_type):
    response = upload(client, owner.supplier, content, name)
    assert response.status_code == 302
    document = SupplierDocument.objects.get()
    files = stored_files(private_media)
    assert len(files) == 1 and document.content_type == content_type
    if content_type == "application/pdf":
        assert files[0].read_bytes() == content and document.size == len(content)
    else:  # images are re-encoded from their pixels so that EXIF is not kept (test_upload_hardening.py)
        with Image.open(files[0]) as kept:
            assert kept.format == name.rsplit(".")[-1].upper().replace("JPG", "JPEG") and kept.size == (8, 8)
        assert document.size == files[0].stat().st_size
    assert "Siti" not in files[0].name and len(files[0].stem) == 32
    assert files[0].is_relative_to(private_media)
    event = AuditEvent.objects.get(action="supplier.document_added")
    assert "Siti" not in str(event.after) and event.after["kind"] == "nib"


def test_a_document_whose_row_is_refused_leaves_no_file_behind(private_media):
    owner = make_user(Role.SUPPLIER)
    with pytest.raises(IntegrityError):  # the database refuses an unknown kind after the file was written
        document_add(supplier=owner.supplier, actor=owner, kind="rahasia", upload=SimpleUploadedFile("x.pdf", PDF),
                     content_type="application/pdf", extension="pdf")
    assert stored_files(private_media) == [] and not SupplierDocument.objects.exists()


@pytest.mark.parametrize(("content", "name"), [
    (b"MZ\x90\x00\x03\x00\x00\x00program", "NIB.pdf"),              # a Windows program renamed .pdf
    (b"<html><script>alert(1)</script></html>", "foto.png"),       # a web page renamed .png
    (b"GIF89a\x01\x00\x01\x00", "foto.jpg"),                       # a GIF is not accepted either
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "foto.png"),           # a PNG cut short
])
def test_disguised_or_broken_files_are_refused_and_nothing_is_stored(client, owner, private_media, content, name):
    response = upload(client, owner.supplier, content, name, number="123")
    html = response.content.decode()
    assert response.status_code == 400
    assert "bukan PDF, JPG atau PNG" in html or "rusak" in html
    assert 'value="123"' in html  # the rest of the form is kept
    assert not SupplierDocument.objects.exists() and stored_files(private_media) == []


def test_oversized_files_are_refused_with_the_limit_named(client, owner, private_media, settings):
    settings.KATALOG_RULES = {**settings.KATALOG_RULES, "supplier_document_max_bytes": 1024}
    response = upload(client, owner.supplier, PDF + b"0" * 2000)
    assert response.status_code == 400 and "terlalu besar" in response.content.decode()
    assert "1,0\xa0KB" in response.content.decode() or "1.0\xa0KB" in response.content.decode()
    assert stored_files(private_media) == []


def test_tkdn_certificate_needs_its_value_and_expiry(client, owner):
    response = upload(client, owner.supplier, PDF, kind="tkdn")
    html = response.content.decode()
    assert "Isi nilai TKDN" in html and "Isi tanggal berlaku" in html
    response = upload(client, owner.supplier, PDF, kind="tkdn", tkdn_value="43.5", expires_on="2030-01-31")
    assert response.status_code == 302
    document = SupplierDocument.objects.get()
    assert str(document.tkdn_value) == "43.50" and document.expires_on == datetime.date(2030, 1, 31)


def _document(supplier, uploader, **fields):
    fields.setdefault("kind", "nib")
    return SupplierDocument.objects.create(
        supplier=supplier, file=SimpleUploadedFile("x.pdf", PDF), content_type="application/pdf", size=len(PDF),
        uploaded_by=uploader, **fields)


def test_download_is_an_attachment_that_is_never_cached(client, owner):
    document = _document(owner.supplier, owner)
    response = client.get(reverse("suppliers:document_download", args=[document.pk]))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["Content-Type"] == "application/pdf" and "no-store" in response["Cache-Control"]
    assert b"".join(response.streaming_content) == PDF


def test_another_suppliers_documents_are_not_found(client, owner):
    other = make_supplier()
    document = _document(other, make_user(Role.SUPPLIER, supplier=other))
    assert client.get(reverse("suppliers:document_download", args=[document.pk])).status_code == 404
    assert client.get(reverse("suppliers:document_list", args=[other.pk])).status_code == 404
    assert upload(client, other, PDF).status_code == 404
    assert client.post(reverse("suppliers:document_delete", args=[document.pk])).status_code == 404
    assert SupplierDocument.objects.filter(pk=document.pk).exists()


@pytest.mark.parametrize(("role", "status"), [
    (Role.CATALOGUE_MANAGER, 200), (Role.UMKM_OFFICER, 200), (Role.AUDITOR, 200), (Role.ADMIN, 200),
    (Role.LEADERSHIP, 403), (Role.PP, 403), (Role.PPK, 403), (Role.TREASURER, 403),
])
def test_who_may_download_a_document(client, role, status):
    supplier = make_supplier()
    document = _document(supplier, make_user(Role.SUPPLIER, supplier=supplier))
    client.force_login(make_user(role))
    assert client.get(reverse("suppliers:document_download", args=[document.pk])).status_code == status


def test_anonymous_visitors_are_sent_to_login_for_documents(client):
    supplier = make_supplier()
    document = _document(supplier, make_user(Role.SUPPLIER, supplier=supplier))
    response = client.get(reverse("suppliers:document_download", args=[document.pk]))
    assert response.status_code == 302 and response.url.startswith(reverse("login"))


def test_catalogue_manager_can_see_but_not_upload(client):
    supplier = make_supplier()
    client.force_login(make_user(Role.CATALOGUE_MANAGER))
    assert "Unggah dokumen" not in client.get(reverse("suppliers:document_list", args=[supplier.pk])).content.decode()
    assert upload(client, supplier, PDF).status_code == 403


def test_officer_uploads_on_the_owners_behalf(client):
    supplier = make_supplier()
    client.force_login(make_user(Role.UMKM_OFFICER))
    assert upload(client, supplier, PDF).status_code == 302
    assert supplier.documents.count() == 1


def test_removing_a_document_deletes_the_file(client, owner, private_media, run_on_commit):
    with run_on_commit():
        upload(client, owner.supplier, PDF)
        document = SupplierDocument.objects.get()
        client.post(reverse("suppliers:document_delete", args=[document.pk]))
    assert not SupplierDocument.objects.exists() and stored_files(private_media) == []
    assert AuditEvent.objects.filter(action="supplier.document_removed").exists()


def test_rejected_supplier_cannot_add_documents(client, owner):
    owner.supplier.status = "rejected"
    owner.supplier.save()
    response = upload(client, owner.supplier, PDF)
    assert response.status_code == 400 and "ditolak" in response.content.decode()


def test_stored_file_name_is_never_shown(client, owner):
    document = _document(owner.supplier, owner)
    html = client.get(reverse("suppliers:document_list", args=[owner.supplier.pk])).content.decode()
    assert Path(document.file.name).stem not in html


def test_expiry_reminders_are_sent_once_per_stage(owner, mailoutbox, run_on_commit):
    supplier = owner.supplier
    supplier.email = "usaha@contoh.id"
    supplier.save()
    today = datetime.date(2026, 3, 2)
    soon = _document(supplier, owner, kind="halal", expires_on=today + datetime.timedelta(days=10))
    _document(supplier, owner, kind="pirt", expires_on=today + datetime.timedelta(days=200))
    _document(supplier, owner, kind="nib")
    with run_on_commit():
        assert send_document_expiry_reminders(today) == 1
        assert send_document_expiry_reminders(today) == 0
    assert Notification.objects.filter(supplier=supplier, title__icontains="segera habis").count() == 1
    assert len(mailoutbox) == 1 and "12-03-2026" in mailoutbox[0].body
    assert send_document_expiry_reminders(today + datetime.timedelta(days=11)) == 1
    assert send_document_expiry_reminders(today + datetime.timedelta(days=12)) == 0
    soon.refresh_from_db()
    assert soon.reminder_stage == "expired"
    assert Notification.objects.filter(supplier=supplier, title__icontains="sudah habis").count() == 1


def test_expiry_reminder_defaults_to_today():
    assert send_document_expiry_reminders() == 0

"""Uploads that are kept: no EXIF or GPS position, no decompression bomb, no PDF that runs code, private modes."""

from __future__ import annotations

import io
import stat
import struct
import zlib
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from katalog.core.roles import Role
from katalog.core.uploads import pdf_active_content
from katalog.suppliers.models import SupplierDocument
from tests.factories import PDF, make_user

pytestmark = pytest.mark.django_db

GPS_IFD = 0x8825


def photo_with_gps(fmt: str = "JPEG") -> bytes:
    """A phone photo of a document: EXIF with the camera, a GPS position (Kotabumi) and a comment."""
    image = Image.new("RGB", (320, 200), (200, 180, 160))
    exif = Image.Exif()
    exif[0x010F] = "Telepon Pintar"  # Make
    exif[0x0112] = 1  # Orientation
    exif.get_ifd(GPS_IFD).update({1: "S", 2: (4.0, 49.0, 55.0), 3: "E", 4: (104.0, 53.0, 46.0)})
    out = io.BytesIO()
    image.save(out, fmt, exif=exif.tobytes(), **({"comment": b"rumah Siti"} if fmt == "JPEG" else {}))
    return out.getvalue()


def png_header_only(width: int, height: int) -> bytes:
    """A PNG whose header claims width×height; the pixel data is a few bytes (what a bomb sends)."""
    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(b"\x00" * 1024)) + chunk(b"IEND", b""))


def upload(client, supplier, content: bytes, name: str, kind: str = "npwp"):
    return client.post(reverse("suppliers:document_upload", args=[supplier.pk]),
                       {"kind": kind, "file": SimpleUploadedFile(name, content)})


@pytest.fixture
def owner(client):
    user = make_user(Role.SUPPLIER)
    client.force_login(user)
    return user


def stored(media: Path) -> list[Path]:
    return [p for p in media.rglob("*") if p.is_file()] if media.exists() else []


@pytest.mark.parametrize("fmt,name", [("JPEG", "ktp.jpg"), ("PNG", "npwp.png")])
def test_identity_document_photos_are_kept_without_exif_or_gps(client, owner, private_media, fmt, name):
    content = photo_with_gps(fmt)
    assert Image.open(io.BytesIO(content)).getexif().get_ifd(GPS_IFD)  # the upload does carry a position
    assert upload(client, owner.supplier, content, name).status_code == 302
    [path] = stored(private_media)
    kept = path.read_bytes()
    with Image.open(io.BytesIO(kept)) as image:
        assert image.format == fmt and image.size == (320, 200)
        assert dict(image.getexif()) == {} and "exif" not in image.info and "comment" not in image.info
    assert b"Exif" not in kept and b"Telepon Pintar" not in kept and b"rumah Siti" not in kept
    document = SupplierDocument.objects.get()
    assert document.size == len(kept)


def test_product_photos_are_kept_without_exif(client, private_media, settings):
    from katalog.catalogue.models import ProductPhoto
    from tests.factories import make_category, make_product

    settings.MEDIA_ROOT = private_media
    user = make_user(Role.SUPPLIER)
    product = make_product(user.supplier, make_category())
    client.force_login(user)
    response = client.post(reverse("catalogue:my_product_photo_add", args=[product.pk]),
                           {"photo": SimpleUploadedFile("foto.jpg", photo_with_gps())})
    assert response.status_code in (200, 302)
    photo = ProductPhoto.objects.get()
    kept = Path(photo.image.path).read_bytes()
    assert b"Exif" not in kept and b"Telepon Pintar" not in kept


@pytest.mark.parametrize("width,height", [(30_000, 30_000), (10_000, 10_000), (8_000, 8_000)])
def test_an_image_with_too_many_pixels_is_refused_with_a_message(client, owner, private_media, width, height):
    # 900 MP: Pillow's DecompressionBombError; 100 MP: its DecompressionBombWarning; 64 MP: our own limit.
    response = upload(client, owner.supplier, png_header_only(width, height), "ktp.png")
    assert response.status_code == 400
    assert "Gambar terlalu besar" in response.content.decode()
    assert stored(private_media) == [] and not SupplierDocument.objects.exists()


@pytest.mark.parametrize("width,height", [(30_000, 30_000), (10_000, 10_000)])
def test_a_product_photo_bomb_is_refused_with_a_message(width, height):
    from django.core.exceptions import ValidationError

    from katalog.catalogue.photos import process_photo

    with pytest.raises(ValidationError) as refused:
        process_photo(SimpleUploadedFile("foto.png", png_header_only(width, height)))
    assert "Gambar terlalu besar" in str(refused.value)


def _pdf(*objects: bytes) -> bytes:
    body = b"%PDF-1.7\n" + b"".join(b"%d 0 obj\n" % (i + 1) + o + b"\nendobj\n" for i, o in enumerate(objects))
    return body + b"trailer\n<< /Root 1 0 R >>\n%%EOF\n"


def _object_stream(text: bytes) -> bytes:
    data = zlib.compress(text)
    return b"<< /Type /ObjStm /N 1 /First 4 /Filter /FlateDecode /Length %d >>\nstream\n" % len(data) + data + \
        b"\nendstream"


HOSTILE_PDFS = {
    "open_action_javascript": _pdf(b"<< /Type /Catalog /OpenAction << /S /JavaScript /JS (app.alert(1)) >> >>"),
    "js_reference": _pdf(b"<< /Type /Catalog /OpenAction 2 0 R >>", b"<< /S /JavaScript /JS 3 0 R >>"),
    "launch": _pdf(b"<< /Type /Catalog /OpenAction << /S /Launch /F (cmd.exe) >> >>"),
    "escaped_name": _pdf(b"<< /Type /Catalog /OpenAction << /S /J#61vaScript /J#53 (x) >> >>"),
    "hidden_in_object_stream": _pdf(b"<< /Type /Catalog /OpenAction 2 0 R >>",
                                    _object_stream(b"2 0 << /S /JavaScript /JS (app.alert(1)) >>")),
    "names_tree": _pdf(b"<< /Type /Catalog /Names << /JavaScript << /Names [(a) 2 0 R] >> >> >>"),
}


@pytest.mark.parametrize("name", HOSTILE_PDFS)
def test_pdfs_that_run_code_are_refused(client, owner, private_media, name):
    response = upload(client, owner.supplier, HOSTILE_PDFS[name], "nib.pdf")
    assert response.status_code == 400
    text = response.content.decode()
    assert "yang dapat berjalan saat dibuka, jadi ditolak" in text
    assert stored(private_media) == []


def test_ordinary_pdfs_pass_the_active_content_check(client, owner, private_media):
    ordinary = _pdf(b"<< /Type /Catalog /Pages 2 0 R /OpenAction [3 0 R /Fit] >>",
                    b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>", b"<< /Type /Page /Parent 2 0 R /JSON 1 >>")
    assert pdf_active_content(ordinary) is None
    assert upload(client, owner.supplier, ordinary, "nib.pdf").status_code == 302
    assert upload(client, owner.supplier, PDF, "nib2.pdf", kind="nib").status_code == 302


def test_uploaded_files_are_not_readable_by_others(client, owner, private_media):
    assert upload(client, owner.supplier, PDF, "nib.pdf", kind="nib").status_code == 302
    assert upload(client, owner.supplier, photo_with_gps(), "npwp.jpg").status_code == 302
    files = stored(private_media)
    assert len(files) == 2
    for path in files:
        assert stat.S_IMODE(path.stat().st_mode) == 0o640, path
        for folder in path.relative_to(private_media).parents:
            if str(folder) != ".":
                assert stat.S_IMODE((private_media / folder).stat().st_mode) == 0o750, folder


def test_the_sqlite_database_file_is_made_private_when_opened(tmp_path):
    from django.db.backends.sqlite3.base import DatabaseWrapper

    path = tmp_path / "katalog.sqlite3"
    path.touch(mode=0o644)
    path.chmod(0o644)
    wrapper = DatabaseWrapper({
        "NAME": str(path), "ENGINE": "django.db.backends.sqlite3", "OPTIONS": {}, "TIME_ZONE": None,
        "CONN_MAX_AGE": 0, "CONN_HEALTH_CHECKS": False, "AUTOCOMMIT": True, "ATOMIC_REQUESTS": False,
        "USER": "", "PASSWORD": "", "HOST": "", "PORT": "", "TEST": {},
    }, alias="mode_check")
    try:
        with wrapper.cursor() as cursor:
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("CREATE TABLE t (x integer)")
            cursor.execute("INSERT INTO t VALUES (1)")
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
        for companion in (Path(f"{path}-wal"), Path(f"{path}-shm")):
            if companion.exists():
                assert stat.S_IMODE(companion.stat().st_mode) & 0o077 == 0, companion
    finally:
        wrapper.close()

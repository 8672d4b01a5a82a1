"""Checking uploaded documents by what they contain, not by what they are called."""

from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from katalog.core.uploads import check_pdf, image_without_metadata, open_image
from katalog.core.rules import rule

from .models import DocumentKind
from PIL import UnidentifiedImageError
from django.core.files.uploadedfile import SimpleUploadedFile

# (leading bytes, content type, extension). Only these three kinds are accepted.
SIGNATURES = (
    (b"%PDF-", "application/pdf", "pdf"),
    (b"\xff\xd8\xff", "image/jpeg", "jpg"),
    (b"\x89PNG\r\n\x1a\n", "image/png", "png"),
)


# What verification needs on file: the business's NIB, its NPWP and the first page of its bank book (the
# readiness checklist marks the same three items required; monitoring.readiness checks they agree). A
# business without a valid copy of one of them can only be verified with a written reason.
REQUIRED_KINDS = (DocumentKind.NIB, DocumentKind.NPWP, DocumentKind.BANK_STATEMENT)


def missing_required(supplier, today=None) -> list[str]:
    """The required kinds with no copy on file that is still valid `today` (an expired copy does not count)."""
    today = today or timezone.localdate()
    valid = {d.kind for d in supplier.documents.all() if d.is_valid_on(today)}
    return [kind.value for kind in REQUIRED_KINDS if kind not in valid]


def kind_labels(kinds) -> list[str]:
    return [str(DocumentKind(kind).label) for kind in kinds]


def max_document_bytes() -> int:
    return int(rule("supplier_document_max_bytes"))


def sniff(head: bytes) -> tuple[str, str] | None:
    for magic, content_type, extension in SIGNATURES:
        if head.startswith(magic):
            return content_type, extension
    return None


def check_upload(upload) -> tuple[str, str]:
    """Return (content_type, extension) of an acceptable upload or raise ValidationError.

    Size first (cheap), then the file's first bytes: a program renamed to .pdf is refused.
    Images are also opened with Pillow so a truncated or disguised image is refused too.
    """
    limit = max_document_bytes()
    if upload.size > limit:
        raise ValidationError(
            _("Berkas terlalu besar (%(size)s). Batasnya %(limit)s; perkecil atau pindai ulang dengan resolusi "
              "lebih rendah.") % {"size": filesizeformat(upload.size), "limit": filesizeformat(limit)},
            code="file_too_large",
        )
    if upload.size == 0:
        raise ValidationError(_("Berkas kosong. Pilih berkas lain."), code="file_empty")
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    found = sniff(head)
    if found is None:
        raise ValidationError(
            _("Isi berkas bukan PDF, JPG atau PNG (nama berkasnya tidak menentukan). Simpan ulang sebagai PDF atau "
              "foto JPG/PNG."),
            code="file_type",
        )
    content_type, extension = found
    data = upload.read()
    upload.seek(0)
    if content_type.startswith("image/"):
        try:
            with open_image(data) as image:  # the pixel limit is enforced here (a ValidationError)
                image.verify()
        except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
            raise ValidationError(_("Gambar ini rusak atau tidak lengkap. Foto ulang dokumennya."),
                                  code="file_broken") from None
    else:
        check_pdf(data)
    return content_type, extension


def kept_upload(upload, content_type: str):
    """What is stored: a PDF as sent (check_upload refused active content); an image re-encoded from its
    pixels, so that EXIF (the GPS position of a phone photo of a KTP), XMP and comments are not kept."""
    if not content_type.startswith("image/"):
        return upload

    upload.seek(0)
    data, kind = image_without_metadata(upload.read())
    upload.seek(0)
    return SimpleUploadedFile(upload.name, data, content_type="image/png" if kind == "PNG" else "image/jpeg")

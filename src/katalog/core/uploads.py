"""Checks for uploaded images and PDFs that are kept on the server: size in pixels, metadata, active content.

- Images: Pillow refuses a decompression bomb (a small file that decodes to billions of pixels) by raising
  DecompressionBombError, and only warns (DecompressionBombWarning) between its limit and twice it; both are
  turned into one clear message here, and anything over MAX_PIXELS is refused before decoding.
- Metadata: EXIF (with the GPS position a phone writes), XMP, comments and text chunks are dropped by
  re-encoding the pixels alone; an identity document photographed at home would otherwise publish where
  the owner lives to everyone who may open it.
- PDFs: JavaScript (/JavaScript, /JS), launch actions (/Launch) and an /OpenAction that runs either are
  refused. The names are looked for in the file and inside its compressed streams (object streams hide
  them), with `#xx` escapes in names decoded, as PDF 1.7 (ISO 32000-1) 7.3.5 allows.
"""

from __future__ import annotations

import io
import re
import warnings
import zlib

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from PIL import Image, ImageOps

# Pixels an uploaded image may have (a 48-megapixel phone photo passes; a 30000×30000 bomb does not).
MAX_PIXELS = 50_000_000
# Bytes one PDF stream may inflate to while it is searched, and the streams searched.
_PDF_STREAM_LIMIT = 20 * 1024 * 1024
_PDF_MAX_STREAMS = 5_000

_NAME_ESCAPE = re.compile(rb"#([0-9A-Fa-f]{2})")
_DANGEROUS = re.compile(rb"/(JavaScript|JS|Launch)(?=[\s/<>\[\]()%{}]|$)")
_STREAM = re.compile(rb"stream\r?\n")


def _too_large(width=None, height=None) -> ValidationError:
    if width and height:
        return ValidationError(
            _("Gambar terlalu besar (%(w)s×%(h)s piksel); batasnya %(mp)s juta piksel. Perkecil resolusinya lalu "
              "unggah lagi.") % {"w": width, "h": height, "mp": MAX_PIXELS // 1_000_000}, code="image_too_large")
    return ValidationError(_("Gambar terlalu besar; batasnya %(mp)s juta piksel. Perkecil resolusinya lalu unggah "
                             "lagi.") % {"mp": MAX_PIXELS // 1_000_000}, code="image_too_large")


def open_image(data: bytes):
    """Image.open with the pixel limit enforced and Pillow's bomb warning and error turned into a ValidationError.
    Other failures (not an image, truncated) propagate as Pillow raises them."""
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            image = Image.open(io.BytesIO(data))
        except (Image.DecompressionBombError, Image.DecompressionBombWarning):
            raise _too_large() from None
    width, height = image.size
    if width * height > MAX_PIXELS:
        image.close()
        raise _too_large(width, height)
    return image


def image_without_metadata(data: bytes) -> tuple[bytes, str]:
    """The image re-encoded from its pixels alone: (bytes, format). JPEG stays JPEG (quality 92, turned upright
    first since the orientation tag goes too), PNG stays PNG (lossless)."""
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            with open_image(data) as image:
                kind = image.format
                image.load()
                upright = ImageOps.exif_transpose(image)
        except (Image.DecompressionBombError, Image.DecompressionBombWarning):
            raise _too_large() from None
    # Pillow writes back what it read into `info` (comment, EXIF, ICC, text chunks): keep the pixels only.
    upright.info = {}
    out = io.BytesIO()
    if kind == "PNG":
        if upright.mode not in ("1", "L", "LA", "P", "RGB", "RGBA", "I", "I;16"):
            upright = upright.convert("RGBA")
        upright.save(out, "PNG", optimize=True)
    else:
        if upright.mode not in ("L", "RGB", "CMYK"):
            upright = upright.convert("RGB")
        upright.save(out, "JPEG", quality=92, optimize=True)
        kind = "JPEG"
    return out.getvalue(), kind


def _decoded_names(data: bytes) -> bytes:
    return _NAME_ESCAPE.sub(lambda m: bytes([int(m.group(1), 16)]), data)


def _streams(data: bytes):
    """Inflated contents of the file's Flate streams (bounded, so a compressed bomb costs nothing)."""
    for count, match in enumerate(_STREAM.finditer(data)):
        if count >= _PDF_MAX_STREAMS:
            return
        inflater = zlib.decompressobj()
        try:
            yield inflater.decompress(data[match.end():match.end() + _PDF_STREAM_LIMIT], _PDF_STREAM_LIMIT)
        except zlib.error:
            continue


def pdf_active_content(data: bytes) -> str | None:
    """The first active-content name (JavaScript, JS, Launch) found in a PDF, or None."""
    for part in (data, *_streams(data)):
        found = _DANGEROUS.search(_decoded_names(part))
        if found:
            return found.group(1).decode()
    return None


def check_pdf(data: bytes) -> None:
    name = pdf_active_content(data)
    if name is not None:
        raise ValidationError(
            _("PDF ini berisi %(what)s (/%(name)s) yang dapat berjalan saat dibuka, jadi ditolak. Cetak ulang "
              "dokumennya ke PDF (\"Print to PDF\") atau pindai ulang, lalu unggah lagi.")
            % {"what": _("perintah menjalankan program") if name == "Launch" else _("skrip JavaScript"),
               "name": name}, code="pdf_active_content")

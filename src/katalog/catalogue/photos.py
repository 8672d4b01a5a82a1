"""Product photos: checked by content, re-encoded, resized, with a thumbnail (Pillow).

The upload's name and declared type are never trusted: Pillow must read the
bytes as a JPEG, PNG or WebP image. Re-encoding to JPEG drops anything else
the file carried (EXIF with GPS positions, trailing data, scripts in a
polyglot file) and turns phone photos upright first.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

from katalog.core.uploads import open_image
from katalog.core.rules import rule

ACCEPTED_FORMATS = frozenset({"JPEG", "PNG", "WEBP"})
MAX_PIXELS = 40_000_000  # refuse decompression bombs long before Pillow's own limit


@dataclass(frozen=True)
class ProcessedPhoto:
    image: bytes
    thumbnail: bytes
    width: int
    height: int


def _rule(name: str) -> int:
    return int(rule(name))


def process_photo(upload) -> ProcessedPhoto:
    """Validate and re-encode one uploaded photo; raises ValidationError with a message in Indonesian."""
    size = getattr(upload, "size", None)
    if size is not None and size > _rule("product_photo_max_bytes"):
        raise ValidationError(_("Foto terlalu besar (maksimal %(mb)s MB).") % {
            "mb": _rule("product_photo_max_bytes") // (1024 * 1024)})
    if hasattr(upload, "seek"):
        upload.seek(0)  # read from the start: a service run again after a write conflict reads it twice
    data = upload.read()
    if not data:
        raise ValidationError(_("Berkas foto kosong."))
    try:
        with open_image(data) as probe:  # Pillow's bomb error and warning become a clear ValidationError
            kind = probe.format
            width, height = probe.size
            probe.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        raise ValidationError(_("Berkas bukan gambar yang dapat dibaca. Unggah foto JPEG, PNG atau WebP."))
    if kind not in ACCEPTED_FORMATS:
        raise ValidationError(_("Format %(kind)s tidak diterima. Unggah foto JPEG, PNG atau WebP.") % {"kind": kind})
    if width * height > MAX_PIXELS:
        raise ValidationError(_("Ukuran gambar terlalu besar (%(w)s×%(h)s piksel).") % {"w": width, "h": height})
    if min(width, height) < 100:
        raise ValidationError(_("Foto terlalu kecil; sisi terpendek minimal 100 piksel."))
    try:
        with open_image(data) as img:
            img.load()
            img = ImageOps.exif_transpose(img)
            img = _flatten(img)
    except (OSError, ValueError, Image.DecompressionBombError):
        raise ValidationError(_("Berkas gambar rusak dan tidak dapat diproses."))
    main = img.copy()
    main.thumbnail((_rule("product_photo_max_side"),) * 2, Image.Resampling.LANCZOS)
    thumb = ImageOps.fit(img, (_rule("product_thumbnail_side"),) * 2, Image.Resampling.LANCZOS)
    return ProcessedPhoto(image=_jpeg(main, 85), thumbnail=_jpeg(thumb, 80), width=main.width, height=main.height)


def _flatten(img: Image.Image) -> Image.Image:
    if img.mode in ("RGBA", "LA") or (img.mode == "P" and "transparency" in img.info):
        rgba = img.convert("RGBA")
        background = Image.new("RGB", rgba.size, (255, 255, 255))
        background.paste(rgba, mask=rgba.getchannel("A"))
        return background
    return img.convert("RGB")


def _jpeg(img: Image.Image, quality: int) -> bytes:
    out = io.BytesIO()
    img.save(out, "JPEG", quality=quality, optimize=True, progressive=True)
    return out.getvalue()

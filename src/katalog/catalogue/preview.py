"""The preview image a shared link shows (og:image, 1200×630): name, price, supplier, kecamatan, photo."""

from __future__ import annotations

import io
import textwrap
from functools import lru_cache

from django.conf import settings
from PIL import Image, ImageDraw, ImageFont, ImageOps

from katalog.core.money import format_rupiah
from katalog.regions.models import Regency

WIDTH, HEIGHT = 1200, 630
GREEN, INK, MUTED, PAPER = (0, 104, 71), (24, 33, 41), (84, 96, 108), (255, 255, 255)
_FONT_FILES = {
    True: ("/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf",),
    False: ("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",),
}


@lru_cache(maxsize=16)
def _font(size: int, bold: bool = False):
    for path in _FONT_FILES[bold]:
        try:
            return ImageFont.truetype(path, size)
        except OSError:
            continue
    return ImageFont.load_default(size=size)


def _region_name() -> str:
    regency = Regency.objects.filter(code=settings.KATALOG_REGION).first()
    return regency.name if regency else ""


def render_card(product) -> bytes:
    img = Image.new("RGB", (WIDTH, HEIGHT), PAPER)
    draw = ImageDraw.Draw(img)
    draw.rectangle((0, 0, WIDTH, 90), fill=GREEN)
    draw.text((40, 24), "Katalog Lokal", font=_font(38, True), fill=PAPER)
    draw.text((340, 34), _region_name(), font=_font(28), fill=PAPER)
    text_left = 40
    photo = product.photos.first() if hasattr(product, "photos") else None
    if photo is not None:
        try:
            with photo.thumbnail.open("rb") as handle, Image.open(handle) as thumb:
                thumb = ImageOps.fit(thumb.convert("RGB"), (400, 400))
                img.paste(thumb, (WIDTH - 440, 150))
        except (OSError, ValueError):
            pass
    width_chars = 30 if photo is not None else 44
    y = 130
    for line in textwrap.wrap(product.name, width=width_chars)[:3]:
        draw.text((text_left, y), line, font=_font(52, True), fill=INK)
        y += 66
    y += 20
    draw.text((text_left, y), f"{format_rupiah(product.price)} / {product.unit}", font=_font(56, True), fill=GREEN)
    y += 90
    supplier = product.supplier
    draw.text((text_left, y), supplier.name[:48], font=_font(32), fill=INK)
    y += 46
    facts = [f"Kec. {supplier.district.name}"] if supplier.district_id else []
    if supplier.is_umk:
        facts.append("UMK")
    if product.tkdn and product.tkdn >= 25:
        facts.append(f"TKDN {product.tkdn:.0f}%")
    draw.text((text_left, y), " · ".join(facts), font=_font(30), fill=MUTED)
    draw.text((40, HEIGHT - 60), "Bangga Buatan Indonesia", font=_font(28, True), fill=GREEN)
    out = io.BytesIO()
    img.save(out, "PNG", optimize=True)
    return out.getvalue()

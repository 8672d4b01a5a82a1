"""Template helpers for the monitoring pages: percentages, red/amber/green, drill-down links, bar widths."""

from urllib.parse import urlencode

from django import template
from django.urls import reverse
from django.utils.formats import number_format

from ..states import Rag

register = template.Library()


@register.filter
def pct(value) -> str:
    """A share (Decimal with one decimal, or None) the Indonesian way: "30,3%", or "–" without spend."""
    if value is None or value == "":
        return "–"
    return f"{number_format(value, 1)}%"


@register.filter
def rag_label(value) -> str:
    try:
        return str(Rag(value).label)
    except ValueError:
        return ""


@register.filter
def bar5(value) -> int:
    """0–100 rounded to a multiple of 5, for the .bar-fill.w-N classes (no inline styles under the CSP)."""
    try:
        number = float(value)
    except (TypeError, ValueError):
        return 0
    return int(min(100, max(0, round(number / 5) * 5)))


@register.simple_tag
def drill(year, measure, agency=None, month=None, district=None, village=None, category=None) -> str:
    """The URL of the orders behind one figure."""
    params = {"tahun": year, "ukuran": measure}
    for key, value in (("opd", agency), ("bulan", month), ("kecamatan", district), ("kampung", village),
                       ("kategori", category)):
        if value not in (None, ""):
            params[key] = getattr(value, "pk", value)
    return f"{reverse('monitoring:orders')}?{urlencode(params)}"


@register.simple_tag
def with_format(query: str, fmt: str = "xlsx") -> str:
    """The current query string plus format=… (for the 'Unduh Excel' link of a page)."""
    parts = [p for p in (query or "").split("&") if p and not p.startswith("format=") and not p.startswith("page=")]
    parts.append(f"format={fmt}")
    return "?" + "&".join(parts)


@register.filter
def get(mapping, key):
    try:
        return mapping.get(key)
    except AttributeError:
        return None


@register.filter
def points(value) -> str:
    """Percentage points the Indonesian way: "27,5"."""
    if value is None or value == "":
        return "–"
    return number_format(value, 1)

from django import template

from katalog.core.money import format_rupiah, terbilang_rupiah
from katalog.core.privacy import mask

register = template.Library()


@register.filter
def rupiah(amount) -> str:
    if amount is None or amount == "":
        return ""
    return format_rupiah(int(amount))


@register.filter
def terbilang(amount) -> str:
    return terbilang_rupiah(int(amount))


@register.filter
def masked(value) -> str:
    return mask(value)

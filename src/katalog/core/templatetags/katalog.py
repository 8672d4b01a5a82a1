from django import template
from django.utils.safestring import mark_safe

from katalog.core import pagecache
from katalog.core.permissions import allows
from katalog.core.money import format_rupiah, terbilang_rupiah
from katalog.core.privacy import mask
from katalog.core.phone import to_e164
from django.utils.formats import number_format
from django.utils.translation import gettext

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


@register.filter
def tkdn(value) -> str:
    """A TKDN value as a buyer reads it: "45,50%"; no value (None, or "" in a stored snapshot) is said in words,
    never shown as 0% (catalogue.Product.tkdn)."""

    if value is None or value == "" or value == "None":
        return gettext("belum ada nilai TKDN")
    return f"{number_format(value, 2)}%"


@register.filter
def may(user, permission: str) -> bool:
    """`{% if user|may:"monitoring.rup_import" %}`: a link is shown only to whom its view's @requires lets in
    (core.permissions.allows, the same check)."""
    return allows(user, permission)


@register.filter
def tel_href(phone) -> str:
    """`tel:+62…` for a tap-to-call link, or "" when the number is not a usable Indonesian number."""
    number = to_e164(str(phone or ""))
    return f"tel:{number}" if number else ""


@register.filter
def whatsapp_href(phone) -> str:
    """`https://wa.me/62…` (digits only, as WhatsApp's click-to-chat wants them), or ""."""
    number = to_e164(str(phone or ""))
    return f"https://wa.me/{number[1:]}" if number else ""


class SharedFragmentNode(template.Node):
    def __init__(self, nodelist, parts):
        self.nodelist, self.parts = nodelist, parts

    def render(self, context):
        page_cache = context.get("page_cache")
        if page_cache is None:  # the page cache is off
            return self.nodelist.render(context)
        parts = [part.resolve(context) for part in self.parts]
        return mark_safe(pagecache.shared_fragment(context.get("request"), parts,
                                                   lambda: self.nodelist.render(context), version=page_cache.version))


@register.tag
def shared_fragment(parser, token):
    """`{% shared_fragment "name" vary_on… %}…{% endshared_fragment %}`: the block rendered once per content
    version, language and the values given, for everyone, with each visitor's own CSRF token in its forms
    (core/pagecache.py `shared_fragment`). What the block shows must depend on nothing but those values."""
    bits = token.split_contents()
    if len(bits) < 2:
        raise template.TemplateSyntaxError("shared_fragment needs a name")
    nodelist = parser.parse(("endshared_fragment",))
    parser.delete_first_token()
    return SharedFragmentNode(nodelist, [parser.compile_filter(bit) for bit in bits[1:]])

"""The buy box that sits wherever a buyer looks at a product: card, product page, compare page.

Built in Python rather than with an inclusion template: a catalogue page draws 24 of them on every request
(they hold the buyer's CSRF token and the live stock, so they are never cached), and an inclusion template
cost about a quarter of the page's rendering time.
"""

from urllib.parse import quote

from django import template
from django.urls import reverse
from django.utils.formats import localize
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext

register = template.Library()


def _sentence(msgid: str, **values) -> str:
    """A translated sentence with its values escaped, as {% blocktranslate %} renders it."""
    return mark_safe(gettext(msgid) % {k: conditional_escape(localize(v)) for k, v in values.items()})


@register.simple_tag(takes_context=True)
def buy_form(context, product, compact=False):
    request = context.get("request")
    following = request.get_full_path() if request is not None else ""
    if context.get("can_buy", False):
        if product.status == "active" and product.stock >= product.min_order:
            action = reverse("purchasing:cart_add", args=[product.pk])
            token = context.get("csrf_token")
            csrf = (format_html('<input type="hidden" name="csrfmiddlewaretoken" value="{}">', token)
                    if token and token != "NOTPROVIDED" else "")
            return format_html(
                '\n<form class="buy{}" method="post" action="{}"\n      hx-post="{}" hx-target="find .buy-result" '
                'hx-swap="innerHTML">{}\n  <input type="hidden" name="next" value="{}">\n'
                '  <label class="buy-quantity">{} ({})\n'
                '    <input type="number" name="quantity" value="{}" min="{}" step="1" inputmode="numeric" required>\n'
                "    <small>{}</small>\n  </label>\n"
                '  <button type="submit">{}</button>\n'
                '  <p class="buy-result" role="status" aria-live="polite"></p>\n</form>\n',
                " compact" if compact else "", action, action, csrf, following,
                gettext("Jumlah"), product.unit, localize(product.min_order), localize(product.min_order),
                _sentence("minimal %(n)s · stok %(s)s %(u)s", n=product.min_order, s=product.stock, u=product.unit),
                gettext("Masukkan keranjang"),
            )
        if product.stock:
            return format_html('<p class="buy-none small">{}</p>\n', _sentence(
                "Stok %(s)s %(u)s, kurang dari minimal pesan %(n)s %(u)s: belum dapat dipesan.",
                s=product.stock, n=product.min_order, u=product.unit))
        return format_html('<p class="buy-none small">{}</p>', gettext("Stok habis: belum dapat dipesan."))
    user = context.get("user")
    if user is not None and user.is_authenticated:
        return ""
    return format_html('\n<p class="buy-login"><a class="{}" href="{}?next={}">{}</a></p>',
                       "small" if compact else "button secondary", reverse("login"), quote(following, safe="/"),
                       gettext("Masuk untuk membeli"))

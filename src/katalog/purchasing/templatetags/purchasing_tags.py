"""The buy box that sits wherever a buyer looks at a product: card, product page, compare page."""

from django import template

register = template.Library()


@register.inclusion_tag("purchasing/_buy_form.html", takes_context=True)
def buy_form(context, product, compact=False):
    request = context.get("request")
    return {
        "product": product,
        "can_buy": context.get("can_buy", False),
        "user": context.get("user"),
        "csrf_token": context.get("csrf_token"),
        "next": request.get_full_path() if request is not None else "",
        "compact": compact,
    }

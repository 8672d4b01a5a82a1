from django import template

from katalog.core.pagecache import shared

register = template.Library()

CARD_FACE = "catalogue/_card_face.html"


@register.filter
def get_item(mapping, key):
    """`{{ ceilings|get_item:product.pk }}`: a dict lookup by a variable key."""
    if not mapping:
        return None
    return mapping.get(key)


@register.filter
def card_photo(product):
    """The id of the product's first photo: prepared in bulk by the search (`card_photo_id`), else looked up."""
    if hasattr(product, "card_photo_id"):
        return product.card_photo_id
    first = product.photos.order_by("position", "id").values_list("id", flat=True).first()
    return first


@register.simple_tag(takes_context=True)
def card_face(context, product):
    """A product card's face (`_card_face.html`: photo, name, price, ceiling, supplier, tags): the same for every
    visitor, so drawn once per process and content version (core/pagecache.py) and shared by every page."""
    ceiling = context.get("ceiling")
    key = ("card-face", product.pk, getattr(getattr(ceiling, "reference", None), "pk", None),
           getattr(ceiling, "above", None))

    def draw():
        face = context.template.engine.get_template(CARD_FACE)
        with context.push(product=product):
            return face.render(context)

    return shared(context.get("request"), key, draw)

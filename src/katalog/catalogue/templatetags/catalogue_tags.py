from django import template

register = template.Library()


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

"""Reads of the catalogue for the pages. (Full Indonesian-aware search comes in catalogue/search.)"""

from django.db.models import Q, QuerySet

from .models import Category, Product


def public_products(*, query: str = "", category_slug: str = "", district_code: str = "") -> QuerySet[Product]:
    qs = Product.objects.active().select_related("supplier", "supplier__district", "category")
    for word in query.split()[:8]:
        qs = qs.filter(Q(name__icontains=word) | Q(brand__icontains=word) | Q(category__name__icontains=word))
    if category_slug:
        qs = qs.filter(Q(category__slug=category_slug) | Q(category__parent__slug=category_slug)
                       | Q(category__parent__parent__slug=category_slug))
    if district_code:
        qs = qs.filter(supplier__district_id=district_code)
    return qs.order_by("name", "id")


def top_categories() -> QuerySet[Category]:
    return Category.objects.filter(level=1).order_by("name")

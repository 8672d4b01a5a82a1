"""Reads of the catalogue. `products_visible_to` is the one place that decides who sees which product.

Public search goes through catalogue/search (`search_products`); the
functions here serve single products, the supplier's own list, the
verification queue, the showcase and comparisons.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, F, Q, QuerySet

from katalog.core.category_branch import in_branch_q
from katalog.core.roles import Role

from .models import Category, PriceChange, Product, ProductPhoto
from .search import SearchFilters, search_products
from .states import WAITING_STATUSES
from katalog.regions.selectors import home_districts
from .search.service import attach_card_photos

# Roles that may see products in every status (curation, assistance, oversight).
STAFF_ROLES = frozenset({Role.CATALOGUE_MANAGER, Role.UMKM_OFFICER, Role.AUDITOR, Role.LEADERSHIP, Role.ADMIN})
COMPARE_LIMIT = 4


def public_products(*, query: str = "", category_slug: str = "", district_code: str = "",
                    limit: int = 100) -> list[Product]:
    """Active products matching a search, in the search service's rank order (at most `limit`)."""
    ids: list[int] = []
    page = 1
    while len(ids) < limit:
        result = search_products(query=query, filters=SearchFilters(category=category_slug, district=district_code),
                                 page=page, page_size=min(100, limit - len(ids)), with_facets=False)
        ids.extend(h.product_id for h in result.hits)
        if not result.has_next():
            break
        page += 1
    position = {pk: i for i, pk in enumerate(ids)}
    products = list(Product.objects.filter(pk__in=ids).select_related("supplier", "supplier__district", "category"))
    products.sort(key=lambda p: position[p.pk])
    return products


def top_categories() -> QuerySet[Category]:
    return Category.objects.filter(level=1).order_by("name")


def products_visible_to(user) -> QuerySet[Product]:
    """Object-level access for products.

    Everyone (logged in or not) sees active products; a supplier's people also
    see every product of their own business; catalogue managers, UMKM officers
    and oversight roles see all.
    """
    qs = Product.objects.select_related("supplier", "supplier__district", "category", "production_district")
    public = Q(status=Product.Status.ACTIVE)
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return qs.filter(public)
    if user.role in STAFF_ROLES:
        return qs
    if user.role == Role.SUPPLIER and user.supplier_id:
        return qs.filter(public | Q(supplier_id=user.supplier_id))
    return qs.filter(public)


def products_of_supplier(user) -> QuerySet[Product]:
    """The products a supplier's person may edit: their own business's, nobody else's."""
    if getattr(user, "role", None) != Role.SUPPLIER or not user.supplier_id:
        return Product.objects.none()
    return (Product.objects.filter(supplier_id=user.supplier_id)
            .select_related("category", "created_by").annotate(photo_count=Count("photos"))
            .order_by("-updated_at", "-id"))


def photos_visible_to(user) -> QuerySet[ProductPhoto]:
    return ProductPhoto.objects.filter(product__in=products_visible_to(user).values("pk"))


def verification_queue(*, query: str = "", district_code: str = "", category_id: int | None = None,
                       scale: str = "") -> QuerySet[Product]:
    """Products waiting for a catalogue manager, the longest-waiting first.

    Narrowed by words of the product's or the supplier's name, the supplier's kecamatan and scale, and a
    category (the category or one below it).
    """
    qs = Product.objects.filter(status__in=WAITING_STATUSES)
    for word in query.split()[:5]:
        qs = qs.filter(Q(name__icontains=word) | Q(supplier__name__icontains=word))
    if district_code:
        qs = qs.filter(supplier__district_id=district_code)
    if scale:
        qs = qs.filter(supplier__scale=scale)
    if category_id:
        qs = qs.filter(in_branch_q(category_id))
    return (qs.select_related("supplier", "supplier__district", "category")
            .order_by(F("submitted_at").asc(nulls_first=True), "created_at", "id"))


def price_history(product: Product) -> QuerySet[PriceChange]:
    return product.price_changes.select_related("changed_by").order_by("-changed_at", "-id")


def compare_products(ids) -> list[Product]:
    """Up to four active products, in the order asked for."""
    wanted: list[int] = []
    for raw in ids:
        try:
            pk = int(raw)
        except (TypeError, ValueError):
            continue
        if pk not in wanted:
            wanted.append(pk)
    wanted = wanted[:COMPARE_LIMIT]
    found = {p.pk: p for p in Product.objects.active().filter(pk__in=wanted)
             .select_related("supplier", "supplier__district", "category", "production_district")
             .prefetch_related("photos", "price_tiers")}
    return [found[pk] for pk in wanted if pk in found]


def _featured(*, district_code: str = "", category: Category | None = None):
    """Products the officers featured, newest pick first, optionally in one kecamatan or category branch."""
    qs = Product.objects.active().filter(featured_at__isnull=False)
    if district_code:
        qs = qs.filter(supplier__district_id=district_code)
    if category is not None:
        qs = qs.filter(in_branch_q(category))
    return qs.order_by("-featured_at", "id")


def featured_products(*, district_code: str = "", category: Category | None = None, limit: int = 12) -> list[Product]:
    """Products the officers featured (newest pick first), optionally in one kecamatan or category branch."""
    qs = _featured(district_code=district_code, category=category).select_related(
        "supplier", "supplier__district", "category")
    return attach_card_photos(list(qs[:limit]))


@dataclass(frozen=True)
class DistrictFigure:
    code: str
    name: str
    product_count: int


def showcase_figures() -> list[DistrictFigure]:
    """The kabupaten's kecamatan with how many local products are on display in each, as plain values to keep
    between requests."""
    districts = home_districts().annotate(
        product_count=Count("suppliers__products", filter=Q(suppliers__products__status=Product.Status.ACTIVE)),
    ).order_by("name")
    return [DistrictFigure(code, name, count)
            for code, name, count in districts.values_list("code", "name", "product_count")]


@dataclass(frozen=True)
class ShowcasePicks:
    featured: list[int]
    local: list[int]
    photos: dict[int, int | None]  # each product's card photo (its first), as `attach_card_photos` finds it


def showcase_picks(district_code: str = "") -> ShowcasePicks:
    """Which products the showcase shows, by id: the featured ones (`_featured`) and the first twelve
    the search finds from local suppliers, both in one kecamatan or in all."""
    local = search_products(query="", filters=SearchFilters(district=district_code, local_supplier=True),
                            page_size=12, with_facets=False)
    featured_ids = list(_featured(district_code=district_code).values_list("pk", flat=True)[:12])
    local_ids = [hit.product_id for hit in local.hits]
    shown = [product for product in (*(Product(pk=pk) for pk in featured_ids), *local) if product is not None]
    return ShowcasePicks(featured=featured_ids, local=local_ids,
                         photos={product.pk: product.card_photo_id for product in attach_card_photos(shown)})


# What a product card (its face and its buy box) shows: nothing more is read for it.
CARD_FIELDS = (
    "id", "name", "price", "unit", "tkdn", "origin", "is_halal", "has_sni", "status", "stock", "min_order",
    "supplier__id", "supplier__name", "supplier__scale", "supplier__is_cooperative", "supplier__regency_id",
    "supplier__district_id", "supplier__district__code", "supplier__district__name",
)


def card_products(ids: list[int], photos: dict[int, int | None]) -> dict[int, Product]:
    """The products for cards, by id, in one query, with the card photos already found (`photos`)."""
    products = list(Product.objects.select_related("supplier", "supplier__district").filter(pk__in=ids)
                    .only(*CARD_FIELDS).order_by())
    for product in products:
        product.card_photo_id = photos.get(product.pk)
    return {product.pk: product for product in products}

"""Public catalogue pages: search, product, photos, compare, showcase. Thin: reads go through
catalogue/search and selectors.py."""

from urllib.parse import urlencode

from django.http import FileResponse, Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.functional import SimpleLazyObject
from django.views.decorators.cache import cache_control
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from katalog.core.pagecache import anonymous_page, shared
from katalog.core.params import MAX_PAGE, query_ids, query_int
from katalog.core.permissions import allows, requires
from katalog.regions.selectors import home_districts

from . import preview, references, selectors
from .search import SearchFilters, search_products
from .search.types import PARAMS, SORTS

SORT_LABELS = {
    "relevansi": _("Paling sesuai"), "harga_termurah": _("Harga termurah"), "harga_termahal": _("Harga termahal"),
    "terbaru": _("Terbaru"), "tkdn": _("TKDN tertinggi"),
}


def _search_request(request):
    query = request.GET.get("q", "").strip()[:200]
    filters = SearchFilters.from_params(request.GET)
    sort = request.GET.get("urut", "relevansi")
    if sort not in SORTS:
        sort = "relevansi"
    page = query_int(request, "page", default=1, maximum=MAX_PAGE, lenient=True)
    return query, filters, sort, page


def _link(query: str, filters: SearchFilters, sort: str) -> str:
    params = {"q": query} if query else {}
    params.update(filters.as_params())
    if sort != "relevansi":
        params["urut"] = sort
    return "?" + urlencode(params)


def _facet_links(result, query, filters, sort):
    """Each facet value with the link that applies it (or removes it, when it is already applied)."""
    out = []
    for facet in result.facets:
        values = []
        for value in facet.values:
            name = value.value if facet.name == "flags" else facet.name
            if facet.name == "flags":
                applied = filters.without(name) if value.selected else filters.with_value(name, True)
            else:
                applied = filters.without(name) if value.selected else filters.with_value(name, value.value)
            values.append({"value": value, "href": _link(query, applied, sort)})
        out.append({"facet": facet, "values": values})
    return out


@require_GET
@requires("catalogue.browse")
@anonymous_page
def product_list(request):
    query, filters, sort, page = _search_request(request)
    # Lazy: the results are a shared fragment (catalogue/_results.html), so a page whose results are kept in the
    # cache runs no search, reads no product and no price ceiling.
    result = SimpleLazyObject(lambda: search_products(query=query, filters=filters, sort=sort, page=page,
                                                      page_size=24))
    context = {
        "result": result, "page": result, "query": query, "filters": filters, "sort": sort,
        "category": filters.category, "district": filters.district,
        "categories": selectors.top_categories(), "districts": home_districts(),
        "sorts": [(key, SORT_LABELS[key]) for key in SORTS],
        "facets": SimpleLazyObject(lambda: _facet_links(result, query, filters, sort)),
        "clear_link": _link(query, SearchFilters(), sort), "filters_active": filters.active,
        "ceilings": SimpleLazyObject(lambda: references.ceilings_for([hit.product for hit in result.hits])),
    }
    template = "catalogue/_results.html" if request.headers.get("HX-Request") else "catalogue/product_list.html"
    return render(request, template, context)


@require_GET
@requires("catalogue.browse")
def search_api(request):
    """JSON for scripts and the as-you-type box: the same search service as the page."""
    query, filters, sort, page = _search_request(request)
    page_size = query_int(request, "jumlah", default=24, maximum=1000, lenient=True)
    result = search_products(query=query, filters=filters, sort=sort, page=page, page_size=page_size)
    return JsonResponse({
        "query": result.query, "total": result.total, "page": result.page, "pages": result.num_pages,
        "notes": result.notes,
        "results": [
            {
                "id": hit.product_id, "name": hit.product.name, "supplier": hit.product.supplier.name,
                "price": hit.product.price, "unit": hit.product.unit, "score": hit.score, "why": hit.why,
                "url": reverse("catalogue:product_detail", args=[hit.product_id]),
            }
            for hit in result.hits
        ],
        "facets": {f.name: [{"value": v.value, "label": v.label, "count": v.count, "selected": v.selected}
                            for v in f.values] for f in result.facets},
    }, json_dumps_params={"ensure_ascii": False})


@require_GET
@requires("catalogue.browse")
@anonymous_page
def product_detail(request, pk: int):
    product = get_object_or_404(selectors.products_visible_to(request.user), pk=pk)
    share_url = request.build_absolute_uri(reverse("catalogue:product_detail", args=[product.pk]))
    # The same for every visitor, and changed only with the content: kept under its version (core/pagecache.py),
    # so a signed-in buyer, or a visitor whose page the cache no longer holds, costs one product query.
    details = shared(request, ("product-details", product.pk), lambda: _product_details(product))
    return render(request, "catalogue/product_detail.html", {
        "product": product,
        "tax": product.tax_for(product.price),
        **details,
        "share_url": share_url,
        "share_text": urlencode({"text": f"{product.name} — {share_url}"}),
        "preview_url": request.build_absolute_uri(reverse("catalogue:product_preview", args=[product.pk])),
        "can_feature": allows(request.user, "catalogue.feature"),
    })


def _product_details(product) -> dict:
    # Plain values of only what the page shows: light to keep, quick to read.
    return {
        "photos": list(product.photos.values("pk")),
        "tiers": list(product.price_tiers.values("min_quantity", "price")),
        "history": list(product.price_changes.order_by("-changed_at", "-id")
                        .values("changed_at", "old_price", "new_price")[:50]),
        "ceiling": references.ceilings_for([product]).get(product.pk),
    }


@require_GET
@requires("catalogue.browse")
@cache_control(max_age=3600)
def product_preview(request, pk: int):
    """The shareable preview image (og:image): a card with name, price, supplier and kecamatan."""
    product = get_object_or_404(selectors.products_visible_to(request.user), pk=pk)
    return HttpResponse(preview.render_card(product), content_type="image/png")


@require_GET
@requires("catalogue.browse")
def photo(request, pk: int, kind: str):
    """A product photo, served only while its product is visible to the visitor."""
    item = get_object_or_404(selectors.photos_visible_to(request.user), pk=pk)
    field = {"besar": item.image, "kecil": item.thumbnail}.get(kind)
    if field is None or not field.name:
        raise Http404
    try:
        handle = field.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(handle, content_type="image/jpeg")
    response["Cache-Control"] = "public, max-age=86400" if item.product.status == "active" else "private, no-store"
    return response


@require_GET
@requires("catalogue.browse")
def compare(request):
    """Up to four products side by side: price, unit, TKDN, scale, kecamatan, lead time, certificates."""
    products = selectors.compare_products(query_ids(request, "id", limit=selectors.COMPARE_LIMIT))
    asked = len([v for v in request.GET.getlist("id") if v])
    ceilings = references.ceilings_for(products)
    return render(request, "catalogue/compare.html", {
        "products": products, "too_many": asked > selectors.COMPARE_LIMIT, "limit": selectors.COMPARE_LIMIT,
        "rows": [(product, ceilings.get(product.pk)) for product in products],
    })


@require_GET
@requires("catalogue.browse")
@anonymous_page
def showcase(request):
    """The public showcase (Bangga Buatan Indonesia): featured local products, by kecamatan and category.

    The kecamatan figures, the categories and the card faces are the same on every showcase page (and faces on
    every list), and which products a kecamatan shows changes only with the content: all are kept under the
    content version (core/pagecache.py), so a page not yet cached costs one product query and the buy boxes."""
    district = request.GET.get(PARAMS["district"], "")[:8]
    districts = shared(request, ("showcase-districts",), selectors.showcase_figures)
    current = next((d for d in districts if d.code == district), None)
    code = current.code if current else ""
    picks = shared(request, ("showcase-picks", code), lambda: selectors.showcase_picks(code))
    cards = selectors.card_products(picks.featured + picks.local, picks.photos)
    return render(request, "catalogue/showcase.html", {
        "featured": [cards[pk] for pk in picks.featured if pk in cards],
        "districts": districts, "current": current,
        "categories": shared(request, ("top-categories",), lambda: list(selectors.top_categories())),
        "local": [cards[pk] for pk in picks.local if pk in cards],
    })

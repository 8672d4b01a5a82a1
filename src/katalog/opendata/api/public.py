"""Public read operations: the catalogue (the same search and facets as the pages), categories, suppliers'
public profiles and aggregate figures. No token needed; with one, the owner's view applies (a supplier sees
its own unpublished product, as on the product page)."""

from django.conf import settings
from django.urls import reverse
from ninja import Field, Query, Router, Schema

from katalog.catalogue import selectors as catalogue_selectors
from katalog.catalogue.search import SearchFilters, search_products
from katalog.catalogue.search.types import SORTS
from katalog.monitoring.public_figures import public_figures
from katalog.suppliers import selectors as supplier_selectors
from katalog.core.rules import is_umk
from katalog.suppliers.models import Scale, Supplier

from .. import selectors
from .access import PAGE_MAX, PAGE_SIZE_MAX, operation, page_meta, page_size_of, paginate
from .errors import ApiError
from .schemas import (
    CategoryOut, ErrorOut, ProductOut, ProductSearchOut, StatisticsOut, SupplierPage, SupplierPublicOut,
    YearAgencyFigures,
)

router = Router(tags=["Publik"])
ERRORS = {400: ErrorOut, 401: ErrorOut, 404: ErrorOut, 422: ErrorOut, 429: ErrorOut}


def supplier_ref(supplier) -> dict:
    return {"id": supplier.pk, "name": supplier.name, "district": supplier.district.name, "scale": supplier.scale,
            "is_local": supplier.is_local, "is_umk": supplier.is_umk}


def product_dict(product) -> dict:
    return {
        "id": product.pk, "name": product.name, "description": product.description, "unit": product.unit,
        "price": product.price, "min_order": product.min_order, "stock": product.stock,
        "lead_time_days": product.lead_time_days, "tkdn": None if product.tkdn is None else f"{product.tkdn:.2f}", "bmp": f"{product.bmp:.2f}",
        "origin": product.origin, "brand": product.brand, "has_sni": product.has_sni, "is_halal": product.is_halal,
        "ppn_percent": product.ppn_percent if product.charges_ppn else 0, "ppnbm": product.ppnbm,
        "siinas_registered": product.siinas_registered,
        "ppn_per_unit": product.tax_for(product.price).ppn, "status": product.status,
        "category": {"id": product.category_id, "name": product.category.name, "slug": product.category.slug},
        "supplier": supplier_ref(product.supplier),
        "url": reverse("catalogue:product_detail", args=[product.pk]),
    }


class ProductQuery(Schema):
    """The catalogue page's parameters, with the same names and meaning (malformed filters are ignored,
    as on the page)."""

    q: str = Field("", description="Words to look for; typos and synonyms are understood.")
    kategori: str = Field("", description="Category slug (includes its sub-categories).")
    kecamatan: str = Field("", description="The supplier's kecamatan (Kemendagri code, e.g. 18.03.02).")
    skala: str = Field("", description="mikro, kecil, menengah or besar.")
    asal: str = Field("", description="lokal or impor.")
    harga: str = Field("", description="Price band MIN-MAX in rupiah; MAX may be empty (\"100000-\").")
    umk: str = Field("", description="1: micro/small/koperasi suppliers only.")
    penyedia_lokal: str = Field("", description="1: suppliers located in the kabupaten only.")
    tkdn: str = Field("", description="1: TKDN at least the domestic-product minimum.")
    tkdn_bmp: str = Field("", description="1: TKDN + BMP at least the threshold.")
    halal: str = Field("", description="1: halal-certified only.")
    sni: str = Field("", description="1: SNI only.")
    urut: str = Field("relevansi", description="Sort: " + ", ".join(SORTS) + ".")
    page: int = Field(1, ge=1, le=PAGE_MAX)
    page_size: int | None = Field(None, ge=1, le=PAGE_SIZE_MAX)


@operation(router.get, "/products", permission="catalogue.browse", summary="Cari produk katalog",
           response={200: ProductSearchOut, **ERRORS})
def products_search(request, params: Query[ProductQuery]):
    """The catalogue search of the product pages: same words, filters, facets and ranking."""
    filters = SearchFilters.from_params(request.GET)
    sort = params.urut if params.urut in SORTS else "relevansi"
    size = page_size_of(params.page_size)
    result = search_products(query=params.q.strip()[:200], filters=filters, sort=sort, page=params.page,
                             page_size=size)
    items = []
    for hit in result.hits:
        items.append({**product_dict(hit.product), "score": float(hit.score), "why": [str(w) for w in hit.why]})
    facets = [{"name": f.name, "label": str(f.label), "param": f.param or "",
               "values": [{"value": str(v.value), "label": str(v.label), "count": v.count, "selected": v.selected}
                          for v in f.values]} for f in result.facets]
    return {**page_meta(request, count=result.total, page=params.page, page_size=size),
            "query": result.query, "notes": [str(n) for n in result.notes], "total_approximate": result.total_approximate,
            "facets": facets, "items": items}


@operation(router.get, "/products/{product_id}", permission="catalogue.browse", summary="Satu produk",
           response={200: ProductOut, **ERRORS})
def product_detail(request, product_id: int):
    """One product as its page shows it (active products; a supplier's token also sees its own)."""
    product = catalogue_selectors.products_visible_to(request.api_user).filter(pk=product_id).first()
    if product is None:
        raise ApiError(404)
    return product_dict(product)


class CategoryQuery(Schema):
    level: int | None = Field(None, ge=1, le=3, description="Only this level of the 3-level tree.")


@operation(router.get, "/categories", permission="catalogue.browse", summary="Kategori katalog",
           response={200: list[CategoryOut], **ERRORS})
def categories(request, params: Query[CategoryQuery]):
    """The whole category tree (parents before children), with each category's KBKI code."""
    qs = selectors.catalogue_categories()
    if params.level:
        qs = qs.filter(level=params.level)
    return [{"id": c.pk, "name": c.name, "slug": c.slug, "level": c.level, "parent_id": c.parent_id,
             "kbki_code": c.kbki_id, "kbki_title": c.kbki.title if c.kbki_id else None} for c in qs]


def supplier_public_dict(supplier) -> dict:
    profile = supplier_selectors.public_profile(supplier)
    scale = profile.get("scale")
    return {
        "id": supplier.pk, "name": profile["name"], "scale": scale, "scale_label": str(profile["scale_label"]),
        "is_cooperative": bool(profile["is_cooperative"]), "is_local": bool(profile["is_local"]),
        "is_umk": is_umk(scale=scale, is_cooperative=profile["is_cooperative"]),
        "district_name": profile["district_name"], "regency_name": profile["regency_name"],
        "kbli_codes": [str(c) for c in profile["kbli_codes"] or []], "verified_at": profile["verified_at"],
        "url": reverse("suppliers:supplier_public", args=[supplier.pk]),
    }


class SupplierQuery(Schema):
    q: str = Field("", description="Words of the business name.")
    kecamatan: str = Field("", description="Kecamatan code.")
    skala: str = Field("", description="mikro, kecil, menengah or besar.")
    umk: bool | None = Field(None, description="true: micro, small or koperasi only; false: the others.")
    lokal: bool | None = Field(None, description="true: located in the kabupaten only; false: outside it.")
    page: int = Field(1, ge=1, le=PAGE_MAX)
    page_size: int | None = Field(None, ge=1, le=PAGE_SIZE_MAX)


@operation(router.get, "/suppliers", permission="catalogue.browse", summary="Profil publik penyedia",
           response={200: SupplierPage, **ERRORS})
def suppliers(request, params: Query[SupplierQuery]):
    """Verified suppliers' public profiles (the supplier page's content): no personal data."""
    qs = Supplier.objects.publicly_visible().select_related("district", "regency").order_by("name", "id")
    if params.kecamatan:
        qs = qs.filter(district_id=params.kecamatan[:8])
    if params.skala in Scale.values:
        qs = qs.filter(scale=params.skala)
    if params.umk is not None:
        umk_ids = Supplier.objects.umk().values("pk")
        qs = qs.filter(pk__in=umk_ids) if params.umk else qs.exclude(pk__in=umk_ids)
    if params.lokal is not None:
        qs = qs.filter(regency_id=settings.KATALOG_REGION) if params.lokal else qs.exclude(
            regency_id=settings.KATALOG_REGION)
    for word in params.q.split()[:5]:
        qs = qs.filter(name__icontains=word[:50])
    return paginate(request, qs, page=params.page, page_size=params.page_size, serialize=supplier_public_dict)


@operation(router.get, "/suppliers/{supplier_id}", permission="catalogue.browse",
           summary="Satu profil publik penyedia", response={200: SupplierPublicOut, **ERRORS})
def supplier_detail(request, supplier_id: int):
    supplier = Supplier.objects.publicly_visible().select_related("district", "regency").filter(
        pk=supplier_id).first()
    if supplier is None:
        raise ApiError(404)
    return supplier_public_dict(supplier)


@operation(router.get, "/statistics", permission="opendata.public", summary="Angka gabungan",
           response={200: StatisticsOut, **ERRORS})
def statistics(request):
    """The home page's figures and, per fiscal year, realised spend with its UMK and local parts
    (orders with a signed Surat Pesanan, not cancelled: the monitoring rule)."""
    figures = public_figures()
    years = [{"year": year, **selectors.figures_dict(selectors.kabupaten_figures(year))}
             for year in selectors.fiscal_years()]
    return {"products": figures["products"], "suppliers": figures["suppliers"],
            "local_suppliers": figures["local_suppliers"], "umk_suppliers": figures["umk_suppliers"],
            "years": years}


@operation(router.get, "/statistics/{year}", permission="opendata.public", summary="Angka per OPD satu tahun",
           response={200: YearAgencyFigures, **ERRORS})
def statistics_year(request, year: int):
    """Each OPD's figures for one fiscal year: the leadership dashboard's own numbers (UMK share of the
    goods/services budget and of catalogue spend, side by side)."""
    if not 2000 <= year <= 2100:
        raise ApiError(404)
    return selectors.year_agency_figures(year)

from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from katalog.core.permissions import requires
from katalog.regions.selectors import home_districts

from . import selectors
from .models import Product


@require_GET
@requires("catalogue.browse")
def product_list(request):
    query = request.GET.get("q", "").strip()[:200]
    category = request.GET.get("kategori", "")[:160]
    district = request.GET.get("kecamatan", "")[:8]
    products = selectors.public_products(query=query, category_slug=category, district_code=district)
    page = Paginator(products, 24).get_page(request.GET.get("page"))
    context = {
        "page": page, "query": query, "category": category, "district": district,
        "categories": selectors.top_categories(), "districts": home_districts(),
    }
    template = "catalogue/_results.html" if request.headers.get("HX-Request") else "catalogue/product_list.html"
    return render(request, template, context)


@require_GET
@requires("catalogue.browse")
def product_detail(request, pk: int):
    product = get_object_or_404(
        Product.objects.active().select_related("supplier", "supplier__district", "category", "production_district"),
        pk=pk,
    )
    return render(request, "catalogue/product_detail.html", {"product": product})

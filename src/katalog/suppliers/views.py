from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from katalog.core.permissions import requires

from .models import Supplier


@require_GET
@requires("supplier.view_all")
def supplier_list(request):
    suppliers = Supplier.objects.select_related("district", "regency").order_by("name")
    status = request.GET.get("status", "")
    if status in Supplier.Status.values:
        suppliers = suppliers.filter(status=status)
    page = Paginator(suppliers, 50).get_page(request.GET.get("page"))
    return render(request, "suppliers/supplier_list.html", {"page": page, "status": status, "statuses": Supplier.Status.choices})


@require_GET
@requires("catalogue.browse")
def supplier_public(request, pk: int):
    """The public profile: no personal data, verified businesses only."""
    supplier = get_object_or_404(Supplier.objects.verified().select_related("district", "regency"), pk=pk)
    products = supplier.products.active().select_related("category")[:48]
    return render(request, "suppliers/supplier_public.html", {"supplier": supplier, "products": products})

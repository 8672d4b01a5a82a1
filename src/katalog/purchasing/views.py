from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from katalog.core.permissions import requires

from .selectors import orders_visible_to
from .states import OrderStatus


@require_GET
@requires("order.view")
def order_list(request):
    orders = orders_visible_to(request.user)
    status = request.GET.get("status", "")
    if status in OrderStatus.values:
        orders = orders.filter(status=status)
    page = Paginator(orders, 50).get_page(request.GET.get("page"))
    return render(request, "purchasing/order_list.html", {"page": page, "status": status, "statuses": OrderStatus.choices})


@require_GET
@requires("order.view")
def order_detail(request, number: str):
    # Another OPD's or another supplier's order is a 404, never a 403: its existence is not disclosed.
    order = get_object_or_404(orders_visible_to(request.user).select_related("buyer", "ppk"), number=number)
    return render(request, "purchasing/order_detail.html", {"order": order, "lines": order.lines.all()})

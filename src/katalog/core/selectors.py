"""Figures for the public home page."""

from django.conf import settings
from django.db.models import Count, Q, Sum

from katalog.catalogue.models import Product
from katalog.purchasing.models import Order
from katalog.purchasing.states import COMMITTED_STATUSES
from katalog.core.rules import percent_float, umk_q
from katalog.suppliers.models import Supplier


def public_figures() -> dict:
    suppliers = Supplier.objects.verified().aggregate(
        total=Count("id"),
        local=Count("id", filter=Q(regency_id=settings.KATALOG_REGION)),
        umk=Count("id", filter=umk_q()),
    )
    spend = Order.objects.filter(status__in=COMMITTED_STATUSES).aggregate(
        spend_all=Sum("total"), spend_umk=Sum("total", filter=Q(supplier_is_umk=True)),
        spend_local=Sum("total", filter=Q(supplier_is_local=True)),
    )
    total = spend["spend_all"] or 0
    return {
        "products": Product.objects.active().count(),
        "suppliers": suppliers["total"],
        "local_suppliers": suppliers["local"],
        "umk_suppliers": suppliers["umk"],
        "spend_total": total,
        "umk_share": percent_float(spend["spend_umk"] or 0, total),
        "local_share": percent_float(spend["spend_local"] or 0, total),
    }


def featured_products(limit: int = 8):
    """Active local UMKM products; the pick rotates daily so no supplier owns the front page."""
    import datetime

    day = datetime.date.today().toordinal()
    qs = (
        Product.objects.active()
        .filter(umk_q("supplier__"), supplier__regency_id=settings.KATALOG_REGION, origin="lokal")
        .select_related("supplier", "supplier__district")
    )
    ids = list(qs.values_list("id", flat=True)[:2000])
    if not ids:
        return []
    picked = sorted(ids, key=lambda pk: (pk * 2654435761 + day * 40503) % 4294967296)[:limit]
    return list(qs.filter(id__in=picked))

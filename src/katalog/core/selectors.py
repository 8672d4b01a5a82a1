"""Figures for the public home page."""

import datetime

from django.conf import settings
from django.db.models import Count, Q

from katalog.catalogue.models import Product
from katalog.core.rules import umk_q
from katalog.suppliers.models import Supplier


def public_figures() -> dict:
    suppliers = Supplier.objects.verified().aggregate(
        total=Count("id"),
        local=Count("id", filter=Q(regency_id=settings.KATALOG_REGION)),
        umk=Count("id", filter=umk_q()),
    )
    from katalog.monitoring.figures import kabupaten_figures  # the one computation of spend figures

    year = datetime.date.today().year
    kabupaten = kabupaten_figures(year)
    return {
        "year": year,
        "products": Product.objects.active().count(),
        "suppliers": suppliers["total"],
        "local_suppliers": suppliers["local"],
        "umk_suppliers": suppliers["umk"],
        "spend_total": kabupaten.realised,
        "umk_share": kabupaten.umk_share,
        "local_share": kabupaten.local_share,
        "budget_share": kabupaten.budget_share,
        "has_budget": kabupaten.has_budget,
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

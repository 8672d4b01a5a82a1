"""What the public home page shows beside the figures (katalog.monitoring.public_figures)."""

import datetime

from django.conf import settings

from katalog.catalogue.models import Product
from katalog.core.rules import umk_q


def featured_products(limit: int = 8):
    """Active local UMKM products; the pick rotates daily so no supplier owns the front page."""
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

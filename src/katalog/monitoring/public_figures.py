"""The figures of the public home page and the public API: what the catalogue holds and where the money went."""

import datetime

from django.conf import settings
from django.core.cache import cache
from django.db.models import Count, Q

from katalog.catalogue.models import Product
from katalog.core import pagecache
from katalog.core.rules import umk_q
from katalog.suppliers.models import Supplier

from .figures import kabupaten_figures  # the one computation of spend figures


def public_figures() -> dict:
    """The home page's figures, computed once per content version and day (core/pagecache.py)."""
    if not pagecache.enabled():
        return _public_figures()
    key = pagecache.fragment_key("public-figures", pagecache.content_version(), datetime.date.today())
    figures = cache.get(key)
    if figures is None:
        figures = _public_figures()
        cache.set(key, figures, settings.KATALOG_PAGE_CACHE["seconds"])
    return figures


def _public_figures() -> dict:
    suppliers = Supplier.objects.verified().aggregate(
        total=Count("id"),
        local=Count("id", filter=Q(regency_id=settings.KATALOG_REGION)),
        umk=Count("id", filter=umk_q()),
    )
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

"""Who sees which monitoring records: the one place that decides it for this app.

- Leadership, auditors and administrators see every OPD's figures and the orders behind them.
- An OPD's own staff (PP, PPK, treasurer) see every OPD's figures (their OPD against the others, names
  visible) but only their own OPD's orders: drilling into another OPD is a 404.
- Nobody else sees orders here; the public page shows aggregate figures only.
"""

from __future__ import annotations

from django.db.models import QuerySet

from katalog.core.roles import AGENCY_ROLES, OVERSIGHT_ROLES

from .models import Flag
from django.urls import NoReverseMatch, reverse


def sees_all_orders(user) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_active and user.role in OVERSIGHT_ROLES)


def own_agency_id(user) -> int | None:
    if getattr(user, "is_authenticated", False) and user.is_active and user.role in AGENCY_ROLES:
        return user.agency_id
    return None


def may_drill(user, agency_id: int | None) -> bool:
    """May this person see the orders behind a figure of this OPD (None: the whole kabupaten)?"""
    if sees_all_orders(user):
        return True
    own = own_agency_id(user)
    return own is not None and agency_id == own


def flags_visible_to(user) -> QuerySet[Flag]:
    qs = Flag.objects.select_related("agency", "supplier", "product", "order", "reviewed_by")
    return qs if sees_all_orders(user) else qs.none()


def evidence_links(flag: Flag) -> list[dict]:
    """The flag's evidence with a link to each record (the linked page applies its own access rules)."""
    routes = {
        "order": lambda ref: reverse("purchasing:order_detail", args=[ref]),
        "product": lambda ref: reverse("catalogue:product_detail", args=[int(ref)]),
        "supplier": lambda ref: reverse("suppliers:supplier_public", args=[int(ref)]),
        "agency": lambda ref: reverse("monitoring:agency_detail", args=[int(ref)]),
        "drill": lambda ref: f"{reverse('monitoring:orders')}?{ref}",
        "price_reference": lambda ref: reverse("catalogue:price_references"),
    }
    links = []
    for item in flag.evidence or []:
        route = routes.get(item.get("type"))
        try:
            url = route(item.get("ref")) if route else ""
        except (NoReverseMatch, TypeError, ValueError):
            url = ""
        links.append({"label": item.get("label", ""), "url": url})
    return links

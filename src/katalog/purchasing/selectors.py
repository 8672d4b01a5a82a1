"""Reads of orders. `orders_visible_to` is the one place that decides who sees which order."""

from django.db.models import QuerySet

from katalog.core.roles import OVERSIGHT_ROLES, Role

from .models import Order


def orders_visible_to(user) -> QuerySet[Order]:
    """Object-level access for orders.

    OPD staff see their own OPD's orders; a supplier's people see orders placed
    with that supplier; leadership, auditors and administrators see all.
    Anyone else sees none.
    """
    qs = Order.objects.select_related("agency", "supplier")
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return qs.none()
    if user.role in OVERSIGHT_ROLES:
        return qs
    if user.role == Role.SUPPLIER and user.supplier_id:
        return qs.filter(supplier_id=user.supplier_id)
    if user.role in (Role.PP, Role.PPK, Role.TREASURER) and user.agency_id:
        return qs.filter(agency_id=user.agency_id)
    return qs.none()

"""Reads for purchasing: who sees which order, competition and cart, and who may act on an order.
`orders_visible_to` is the one place that decides who sees which order; `competitions_visible_to` does the
same for mini-kompetisi. What the catalogue offers against a cart is in `offers.py`; what an order's page
shows is in `order_page.py`."""

from __future__ import annotations

from django.apps import apps
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from katalog.agencies.models import User
from katalog.core.roles import OVERSIGHT_ROLES, Role
from katalog.suppliers.models import Supplier

from .errors import NotAllowed
from .models import Cart, CartLine, Competition, Order


def orders_visible_to(user) -> QuerySet[Order]:
    """Object-level access for orders.

    OPD staff see their own OPD's orders; a supplier's people see orders placed
    with that supplier; leadership, auditors and administrators see all.
    Anyone else sees none.
    """
    return _scoped(Order.objects.select_related("agency", "supplier"), user, supplier_lookup="supplier_id")


def competitions_visible_to(user) -> QuerySet[Competition]:
    """The OPD's own staff see its competitions; a supplier sees those it was invited to; oversight sees all."""
    return _scoped(Competition.objects.select_related("agency", "category", "buyer"), user,
                   supplier_lookup="invitations__supplier_id")


def _scoped(qs: QuerySet, user, *, supplier_lookup: str) -> QuerySet:
    """The one rule for orders and competitions alike: oversight sees all, a supplier's people what
    `supplier_lookup` ties to their business, OPD staff their own OPD's, anyone else nothing."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return qs.none()
    if user.role in OVERSIGHT_ROLES:
        return qs
    if user.role == Role.SUPPLIER and user.supplier_id:
        return qs.filter(**{supplier_lookup: user.supplier_id})
    if user.role in (Role.PP, Role.PPK, Role.TREASURER) and user.agency_id:
        return qs.filter(agency_id=user.agency_id)
    return qs.none()


def carts_of(user) -> QuerySet[Cart]:
    return Cart.objects.filter(buyer=user).select_related("supplier").prefetch_related("lines__product")


def cart_lines_of(user) -> QuerySet:
    return CartLine.objects.filter(cart__buyer=user).select_related("cart", "product")


def ppks_for(agency) -> QuerySet:
    """PPK of the OPD who may be chosen to approve and sign."""
    return User.objects.filter(agency=agency, role=Role.PPK, is_active=True).order_by("full_name")


# --- separation of duties -----------------------------------------------------------


def buyer_conflicts_with_supplier(user, supplier: Supplier) -> bool:
    """True when the buyer belongs to the supplier: the buyer's own business account, a declared
    conflict of interest, or the same e-mail/phone as the business or one of its accounts (docs/domain-notes.md,
    separation of duties: a buyer cannot order from a supplier they own)."""
    if user.supplier_id and user.supplier_id == supplier.pk:
        return True
    if apps.is_installed("katalog.suppliers"):
        try:
            declaration = apps.get_model("suppliers", "ConflictDeclaration")
        except LookupError:
            declaration = None
        if declaration is not None and declaration.objects.filter(supplier=supplier, user=user).exists():
            return True
    email = (user.email or "").strip().lower()
    phone = "".join(ch for ch in (user.phone or "") if ch.isdigit())
    if email and email == (supplier.email or "").strip().lower():
        return True
    if phone and phone == "".join(ch for ch in (supplier.phone or "") if ch.isdigit()):
        return True
    people = supplier.people.exclude(pk=user.pk)
    if email and people.filter(email__iexact=email).exists():
        return True
    return bool(phone) and people.filter(phone=user.phone).exists()


def party_problem(order: Order, user, role: str | None = None) -> str | None:
    """Why this person may not act on this order, or None when they may.

    The OPD's own PP and treasurer; the PPK chosen for the order (any PPK of the OPD while none is
    chosen); the people of the order's supplier. Separation of duties (docs/domain-notes.md): the PP who built
    an order never acts on it as PPK, even after a change of role.
    """
    role = role or user.role
    if not user.is_active:
        return str(NotAllowed.default_message)
    if role in (Role.PP, Role.TREASURER):
        return None if user.agency_id == order.agency_id else str(NotAllowed.default_message)
    if role == Role.PPK:
        if user.agency_id != order.agency_id:
            return str(NotAllowed.default_message)
        if user.pk == order.buyer_id:
            return str(_("Pemisahan tugas: orang yang menyusun pesanan sebagai PP "
                         "tidak boleh memprosesnya sebagai PPK."))
        if order.ppk_id is not None and order.ppk_id != user.pk:
            return str(_("Pesanan ini ditujukan kepada PPK lain; hanya PPK yang dipilih yang dapat memprosesnya."))
        return None
    if role == Role.SUPPLIER:
        return None if user.supplier_id == order.supplier_id else str(NotAllowed.default_message)
    return str(NotAllowed.default_message)

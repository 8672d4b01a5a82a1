"""Who may do what: one table for the whole application.

Every view names the permission it needs with `@requires("name")`; the
table below is the only place that says which roles hold it. `PUBLIC`
marks what an anonymous visitor may see. A test walks every URL pattern and
fails if a view has no permission (tests/core/test_permissions.py).

Object-level access (which orders, which supplier records) lives in the
selectors named in `docs/architecture.md`, never in views.
"""

from collections.abc import Callable
from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied

from .roles import Role

PUBLIC = "public"

R = Role
PERMISSIONS: dict[str, frozenset[str]] = {
    # Anyone, logged in or not.
    "site.public": frozenset({PUBLIC}),
    "catalogue.browse": frozenset({PUBLIC}),
    # Any logged-in person.
    "account.dashboard": frozenset(Role.values),
    # Suppliers manage their own business and products.
    "supplier.manage_own": frozenset({R.SUPPLIER}),
    # UMKM officers onboard and follow up businesses.
    "supplier.onboard": frozenset({R.UMKM_OFFICER, R.ADMIN}),
    "supplier.view_all": frozenset({R.UMKM_OFFICER, R.CATALOGUE_MANAGER, R.LEADERSHIP, R.AUDITOR, R.ADMIN}),
    # Catalogue managers curate suppliers and products.
    "catalogue.verify": frozenset({R.CATALOGUE_MANAGER}),
    "catalogue.manage": frozenset({R.CATALOGUE_MANAGER, R.ADMIN}),
    # Purchasing.
    "order.view": frozenset({R.PP, R.PPK, R.TREASURER, R.SUPPLIER, R.LEADERSHIP, R.AUDITOR, R.ADMIN}),
    "order.create": frozenset({R.PP}),
    "order.approve": frozenset({R.PPK}),
    "order.pay": frozenset({R.TREASURER}),
    # Oversight.
    "monitoring.view": frozenset({R.LEADERSHIP, R.AUDITOR, R.ADMIN, R.PPK}),
    "audit.view": frozenset({R.AUDITOR, R.ADMIN}),
}


def allows(user, permission: str) -> bool:
    """True when `user` (possibly anonymous) holds `permission`."""
    holders = PERMISSIONS[permission]
    if PUBLIC in holders:
        return True
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    return user.role in holders


def requires(permission: str) -> Callable:
    """View decorator: anonymous visitors go to login, others without the right get 403."""
    if permission not in PERMISSIONS:
        raise KeyError(f"Unknown permission {permission!r}: add it to PERMISSIONS.")

    def decorate(view):
        @wraps(view)
        def guarded(request, *args, **kwargs):
            if allows(request.user, permission):
                return view(request, *args, **kwargs)
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            raise PermissionDenied

        guarded.katalog_permission = permission
        return guarded

    return decorate

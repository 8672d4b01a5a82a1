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
    # A business owner registers without logging in (issue #3).
    "supplier.register": frozenset({PUBLIC}),
    # One supplier's private record (unmasked) and its documents; scoped by suppliers_visible_to.
    "supplier.detail": frozenset({R.SUPPLIER, R.UMKM_OFFICER, R.CATALOGUE_MANAGER, R.AUDITOR, R.ADMIN}),
    # Changing a supplier's data and documents: its own people, or a UMKM officer on its behalf.
    "supplier.edit": frozenset({R.SUPPLIER, R.UMKM_OFFICER}),
    # Catalogue managers curate suppliers and products.
    "catalogue.verify": frozenset({R.CATALOGUE_MANAGER}),
    "catalogue.manage": frozenset({R.CATALOGUE_MANAGER, R.ADMIN}),
    # Catalogue (issue #4): spreadsheet imports (suppliers for their own business, officers for any),
    # featuring products in the public showcase, exports and the national e-Katalog listing status.
    "catalogue.import": frozenset({R.SUPPLIER, R.UMKM_OFFICER, R.CATALOGUE_MANAGER}),
    "catalogue.feature": frozenset({R.UMKM_OFFICER, R.CATALOGUE_MANAGER}),
    "catalogue.export": frozenset({R.UMKM_OFFICER, R.CATALOGUE_MANAGER, R.LEADERSHIP, R.AUDITOR, R.ADMIN}),
    "catalogue.national_listing": frozenset({R.UMKM_OFFICER, R.CATALOGUE_MANAGER}),
    # Purchasing.
    "order.view": frozenset({R.PP, R.PPK, R.TREASURER, R.SUPPLIER, R.LEADERSHIP, R.AUDITOR, R.ADMIN}),
    "order.create": frozenset({R.PP}),
    "order.approve": frozenset({R.PPK}),
    "order.pay": frozenset({R.TREASURER}),
    # Acting on an order (POST forms); the purchasing services check the role per action and the party.
    "order.act": frozenset({R.PP, R.PPK, R.SUPPLIER, R.TREASURER}),
    # Mini-kompetisi: seen by the OPD, invited suppliers and oversight; quotes come from suppliers.
    "competition.view": frozenset({R.PP, R.PPK, R.SUPPLIER, R.LEADERSHIP, R.AUDITOR, R.ADMIN}),
    "competition.quote": frozenset({R.SUPPLIER}),
    # Oversight.
    "monitoring.view": frozenset({R.LEADERSHIP, R.AUDITOR, R.ADMIN, R.PPK}),
    # Monitoring (issue #6). The dashboard: oversight sees every OPD and its orders; an OPD's own staff see
    # their OPD against the others (names and figures), but only their own OPD's orders (monitoring.selectors).
    "monitoring.dashboard": frozenset({R.LEADERSHIP, R.AUDITOR, R.ADMIN, R.PP, R.PPK, R.TREASURER}),
    # Where the money lands per kecamatan/kampung, and the demand no local UMKM meets yet.
    "monitoring.impact": frozenset({R.UMKM_OFFICER, R.CATALOGUE_MANAGER, R.LEADERSHIP, R.AUDITOR, R.ADMIN}),
    # UMKM officers tag what each kecamatan has (raw material, skill) for the demand view.
    "monitoring.potentials": frozenset({R.UMKM_OFFICER, R.ADMIN}),
    # Yearly targets: leadership (Sekda, Bappeda) or the administrator.
    "monitoring.targets": frozenset({R.LEADERSHIP, R.ADMIN}),
    # Loading the SiRUP plan (RUP): Bagian PBJ, Bappeda, administrator.
    "monitoring.rup_import": frozenset({R.CATALOGUE_MANAGER, R.LEADERSHIP, R.ADMIN}),
    # Integrity flags: read by oversight, reviewed (with a note, audited) by the auditor only.
    "monitoring.flags": frozenset({R.LEADERSHIP, R.AUDITOR, R.ADMIN}),
    "monitoring.review_flags": frozenset({R.AUDITOR}),
    # The aggregate figures anyone may see, without logging in (no orders, no personal data).
    "monitoring.public": frozenset({PUBLIC}),
    "audit.view": frozenset({R.AUDITOR, R.ADMIN}),
    # Accounts (issue #8): each person's own security page (two-factor, password, own personal data);
    # answering a data-subject request for someone else is the administrator's.
    "account.security": frozenset(Role.values),
    "account.export_any": frozenset({R.ADMIN}),
    # A one-time password-reset link made by an officer: pendamping for business owners, admin for staff
    # (agencies.selectors.can_assist_password_reset decides per person).
    "account.assisted_reset": frozenset({R.UMKM_OFFICER, R.ADMIN}),
    # Open data and API (issue #7). Open data pages and downloads: anyone. The API's URL entry is public
    # too: each API operation then checks the permission of the page it mirrors, for the token's owner
    # (opendata/api). Personal API tokens: any logged-in person, for their own account.
    "opendata.public": frozenset({PUBLIC}),
    "api.call": frozenset({PUBLIC}),
    "api.tokens": frozenset(Role.values),
    # Background jobs (issue #14): a person follows the jobs they asked for (imports); the administrator
    # sees every job, the scheduled ones included, and the queue's state.
    "jobs.view": frozenset(Role.values),
    "jobs.admin": frozenset({R.ADMIN}),
}


# Permissions whose holders see other people's identity data (full NIK, NPWP, bank account) or download
# their identity documents. In production every role holding one must use a second factor
# (agencies.selectors.two_factor_required); a supplier's own people see only their own business.
IDENTITY_PERMISSIONS = ("supplier.detail", "account.export_any")


def identity_roles() -> frozenset[str]:
    """The roles that can see someone else's identity data or documents (see IDENTITY_PERMISSIONS)."""
    holders = set().union(*(PERMISSIONS[name] for name in IDENTITY_PERMISSIONS))
    return frozenset(holders - {PUBLIC, R.SUPPLIER})


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

"""Who may call which API operation: the same permission table and selectors as the pages.

Every operation is registered with `operation(...)`, naming the permission of the page it mirrors (from
katalog.core.permissions) and, for token-only operations, the token scope it needs ("read" for GET,
"write" for actions). The check runs before the input is read, for the token's owner (`request.api_user`,
set by gateway.py): no token where the page needs a login → 401; a role the page refuses → 403; a
token without the scope → 403. Which records come back is then decided by the owning app's selectors
(orders_visible_to, carts_of, products_of_supplier…), exactly as on the pages: another OPD's order is 404.
"""

from __future__ import annotations

from functools import wraps
from urllib.parse import urlencode

from django.conf import settings
from django.utils.translation import gettext as _
from ninja.decorators import decorate_view

from katalog.core.permissions import PERMISSIONS, PUBLIC, allows
from katalog.core.roles import Role
from katalog.core.rules import rule

from .errors import error_response

# operation function name → (permission, scope or None); read by the OpenAPI tests and the docs page.
REGISTRY: dict[str, tuple[str, str | None]] = {}


def holders(permission: str) -> list[str]:
    roles = PERMISSIONS[permission]
    return ["public"] if PUBLIC in roles else sorted(str(r) for r in roles)


def access_problem(request, permission: str, scope: str | None):
    user = getattr(request, "api_user", None)
    if PUBLIC in PERMISSIONS[permission]:
        return None
    if user is None or not user.is_authenticated:
        return error_response(401)
    if not allows(user, permission):
        return error_response(403, _("Peran pemilik token (%(role)s) tidak berwenang untuk ini; "
                                     "halaman yang sama juga menolaknya.") % {"role": Role(user.role).label})
    token = getattr(request, "api_token", None)
    if scope and (token is None or not token.allows_scope(scope)):
        return error_response(403, _("Token ini tidak memiliki cakupan “%(scope)s”. Buat token dengan cakupan "
                                     "itu di halaman Token API.") % {"scope": scope})
    return None


def guard(permission: str, scope: str | None):
    def decorate(run):
        @wraps(run)
        def checked(request, *args, **kwargs):
            problem = access_problem(request, permission, scope)
            if problem is not None:
                return problem
            return run(request, *args, **kwargs)
        return checked
    return decorate


def operation(route, path: str, *, permission: str, scope: str | None = None, summary: str, **kwargs):
    """Register an API operation: `route` is router.get / router.post / …"""
    if permission not in PERMISSIONS:
        raise KeyError(f"Unknown permission {permission!r}")
    roles = holders(permission)

    def register(func):
        REGISTRY[func.__name__] = (permission, scope)
        who = _("siapa saja, tanpa token") if roles == ["public"] else _("token dengan peran: %(roles)s") % {
            "roles": ", ".join(roles)}
        note = _("Izin `%(perm)s` (sama dengan halaman web): %(who)s.") % {"perm": permission, "who": who}
        if scope:
            note += " " + _("Cakupan token: `%(scope)s`.") % {"scope": scope}
        description = ((func.__doc__ or "").strip() + "\n\n" + note).strip()
        extra = {"x-katalog-permission": permission, "x-katalog-roles": roles}
        if scope:
            extra["x-katalog-scope"] = scope
        decorated = decorate_view(guard(permission, scope))(func)
        return route(path, summary=summary, description=description, openapi_extra=extra,
                     operation_id=func.__name__, **kwargs)(decorated)

    return register


# --- pagination -----------------------------------------------------------------------------------


# Bounds the query schemas declare (a larger value is a 422, as the OpenAPI document says).
PAGE_SIZE_MAX = rule("api_page_size_max")
PAGE_MAX = 10_000


def page_size_of(requested: int | None) -> int:
    rules = settings.KATALOG_RULES
    return max(1, min(requested or rules["api_page_size"], rules["api_page_size_max"]))


def _link(request, page: int) -> str:
    params = request.GET.copy()
    params["page"] = str(page)
    return f"{request.path}?{urlencode(sorted(params.lists()), doseq=True)}"


def page_meta(request, *, count: int, page: int, page_size: int) -> dict:
    pages = max(1, -(-count // page_size))
    return {
        "count": count, "page": page, "page_size": page_size, "pages": pages,
        "next": _link(request, page + 1) if page < pages else None,
        "previous": _link(request, page - 1) if page > 1 and page - 1 <= pages else None,
    }


def paginate(request, queryset, *, page: int, page_size: int | None, serialize) -> dict:
    size = page_size_of(page_size)
    count = queryset.count()
    start = (page - 1) * size
    items = [serialize(obj) for obj in queryset[start:start + size]] if start < count else []
    return {**page_meta(request, count=count, page=page, page_size=size), "items": items}

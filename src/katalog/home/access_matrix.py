"""Every route of the application with the permission it needs, and who holds it.

One list built from the code itself: the URL patterns (each view carries the name
of its permission, see core.permissions.requires) and the API operations (each
registered with the permission of the page it mirrors, see opendata.api.access).
The test of the role × URL matrix walks this list, and `katalog access-matrix`
writes it out as docs/access-matrix.md for auditors.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.urls import URLPattern, URLResolver, get_resolver

from katalog.core.permissions import PERMISSIONS, PUBLIC
from katalog.core.roles import Role
from katalog.opendata.api.access import REGISTRY
from katalog.opendata.api.main import api

API_NAMESPACE = "api-v1"
ANONYMOUS = "anonymous"
# Columns of the matrix: the anonymous visitor first, then every role in its declared order.
COLUMNS: tuple[str, ...] = (ANONYMOUS, *Role.values)


@dataclass(frozen=True)
class Route:
    path: str  # as written in the URL pattern, e.g. "pesanan/<str:number>/"
    name: str  # "namespace:name" for pages, the operation's function name for the API
    permission: str
    methods: tuple[str, ...] = ()  # API operations only: the methods it answers

    @property
    def is_api(self) -> bool:
        return bool(self.methods)

    @property
    def parameters(self) -> list[str]:
        """Names of the path parameters, in order (`<int:pk>` and `{pk}` both give "pk")."""
        return [a or b for a, b in re.findall(r"<(?:\w+:)?(\w+)>|\{(\w+)\}", self.path)]


def holds(column: str, permission: str) -> bool:
    """True when this column (a role, or ANONYMOUS) holds `permission` according to PERMISSIONS."""
    holders = PERMISSIONS[permission]
    return PUBLIC in holders or (column != ANONYMOUS and column in holders)


def _walk(patterns, prefix: str = "", namespace: str = ""):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            inner = namespace + (f"{entry.namespace}:" if entry.namespace else "")
            yield from _walk(entry.url_patterns, prefix + str(entry.pattern), inner)
        elif isinstance(entry, URLPattern):
            yield prefix + str(entry.pattern), namespace + (entry.name or ""), entry.callback


def page_routes() -> list[Route]:
    """Every URL pattern outside the API, with the permission its view declares."""
    routes = []
    for path, name, view in _walk(get_resolver().url_patterns):
        if name.startswith(f"{API_NAMESPACE}:"):
            continue
        routes.append(Route(path=path, name=name, permission=getattr(view, "katalog_permission", "")))
    return routes


def api_routes() -> list[Route]:
    """Every API operation, with the permission it was registered with (operations outside the
    registry — the OpenAPI document, the docs page — are public)."""
    prefix = "api/v1"
    routes = [
        Route(path=f"{prefix}/openapi.json", name="openapi-json", permission="api.call", methods=("GET",)),
        Route(path=f"{prefix}/docs", name="docs", permission="api.call", methods=("GET",)),
        Route(path=f"{prefix}/", name="api-root", permission="api.call", methods=("GET",)),
    ]
    for _mount, router in api._routers:
        for path, path_view in router.path_operations.items():
            for operation in path_view.operations:
                func = operation.view_func.__name__
                permission, _scope = REGISTRY.get(func, ("", None))
                routes.append(Route(path=prefix + path, name=func, permission=permission,
                                    methods=tuple(operation.methods)))
    return routes


def all_routes() -> list[Route]:
    return page_routes() + api_routes()


def render_markdown() -> str:
    """The matrix as a Markdown table: ✓ where the column holds the route's permission."""
    short = {ANONYMOUS: "Publik", **{role: role for role in Role.values}}
    header = ["Rute", "Nama", "Izin", *(short[c] for c in COLUMNS)]
    lines = [
        "# Matriks akses: peran × rute",
        "",
        "Dibuat dari kode oleh `katalog access-matrix`; jangan disunting dengan tangan. Tabel izin ada di",
        "`src/katalog/core/permissions.py`; uji `tests/security/test_access_matrix.py` memanggil setiap rute",
        "sebagai setiap peran dan gagal bila satu sel berbeda dari tabel ini.",
        "",
        "✓ = boleh masuk (akses per objek tetap dibatasi: OPD lain atau penyedia lain mendapat 404).",
        "Pengunjung tanpa login yang tidak boleh diarahkan ke halaman masuk (API: 401); peran yang tidak boleh",
        "mendapat 403.",
        "",
        "| " + " | ".join(header) + " |",
        "| " + " | ".join("---" for _ in header) + " |",
    ]
    for route in all_routes():
        path = "/" + route.path
        if route.methods:
            path = f"{' '.join(route.methods)} {path}"
        marks = ["✓" if holds(column, route.permission) else "·" for column in COLUMNS]
        lines.append("| " + " | ".join([f"`{path}`", f"`{route.name}`", f"`{route.permission}`", *marks]) + " |")
    return "\n".join(lines) + "\n"

"""The role × URL matrix: every route, called by every role and by an anonymous visitor, answers as the
permission table (katalog.core.permissions.PERMISSIONS) says — and the table's readable copy for auditors,
docs/access-matrix.md, is current.

A cell is one of three outcomes:
  login   the visitor is sent to log in (pages: redirect to the login page; API: 401)
  denied  403
  open    the request reached the view (any other answer: a page, a redirect, a form error, a 404 for an
          object the person may not see — object-level access is tested in test_object_access.py)
A 5xx, or an exception, is never an acceptable outcome.

A GET must not write anything but bookkeeping about the visit (no state change on GET).

Pages are called with GET and with POST (each request inside a rolled-back transaction, so no call changes
what the next one sees); API operations with the methods they declare. When a view refuses a method
before looking at the permission (405), the cell counts only if someone holding the permission is also
refused that method; otherwise the view serves the method and the 405 hides a wrong permission.
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass
from urllib.parse import urlparse

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from katalog.catalogue.models import ImportBatch
from katalog.home.access_matrix import ANONYMOUS, COLUMNS, Route, all_routes, api_routes, holds, page_routes
from katalog.core.permissions import PERMISSIONS
from katalog.core.roles import AGENCY_ROLES, Role
from katalog.monitoring.models import Flag, Potential
from katalog.purchasing import services as purchasing
from tests.factories import (
    home_district, make_agency, make_category, make_document, make_order, make_product, make_supplier, make_user,
)
from tests.opendata.api_helpers import token_for
from tests.security.calls import request_rolled_back

pytestmark = pytest.mark.django_db

LOGIN_PATH = "/masuk/"


@dataclass
class World:
    people: dict  # role → a person of that role, working for the OPD or the supplier below
    agency: object
    supplier: object
    product: object
    category: object
    order: object
    cart_line: object
    document: object
    flag: object
    potential: object
    batch: object


@pytest.fixture
def world(settings, tmp_path, generous_rate_limits):
    settings.MEDIA_ROOT = tmp_path / "media"
    agency, supplier, category = make_agency(), make_supplier(), make_category()
    people = {role: make_user(role, agency=agency if role in AGENCY_ROLES else None,
                              supplier=supplier if role == Role.SUPPLIER else None) for role in Role.values}
    product = make_product(supplier, category)
    order = make_order(agency=agency, supplier=supplier, buyer=people[Role.PP], lines=[(product, 2)])
    purchasing.cart_add_product(user=people[Role.PP], product=product, quantity=1)
    document = make_document(supplier, uploaded_by=people[Role.SUPPLIER])
    return World(
        people=people, agency=agency, supplier=supplier, product=product, category=category, order=order,
        cart_line=people[Role.PP].carts.get().lines.get(), document=document,
        flag=Flag.objects.create(kind=Flag.Kind.values[0], key="uji-matriks", reason="Uji matriks akses.",
                                 agency=agency, order=order),
        potential=Potential.objects.create(district=home_district(), category=category, kind="produk",
                                           description="Keripik pisang", created_by=people[Role.UMKM_OFFICER]),
        batch=ImportBatch.objects.create(supplier=supplier, filename="produk.xlsx", started_by=people[Role.SUPPLIER]),
    )


def parameter_values(route: Route, world: World) -> dict:
    """A value for every path parameter: the world's own objects, so permitted roles reach real pages."""
    pk_by_route = {
        "accounts:personal_data_download_for": world.people[Role.SUPPLIER].pk,
        "accounts:password_reset_assisted": world.people[Role.SUPPLIER].pk,
        "catalogue:category_edit": world.category.pk,
        "catalogue:import_detail": world.batch.pk,
        "catalogue:photo": 999_999,  # no photo: the view is reached and answers 404
        "suppliers:document_download": world.document.pk,
        "suppliers:document_delete": world.document.pk,
        "monitoring:potential_delete": world.potential.pk,
        "monitoring:flag_detail": world.flag.pk,
        "opendata:token_revoke": 999_999,
        # A job is seen by the person who asked for it (and the administrator): a stranger's id answers 404.
        "jobs:detail": 999_999, "jobs:progress": 999_999, "jobs:retry": 999_999, "jobs:download": 999_999,
        "notices:retry": 999_999,
    }
    pk = pk_by_route.get(route.name, world.supplier.pk if route.name.startswith("suppliers:") else world.product.pk)
    competition = route.name.startswith("purchasing:competition_")
    values = {
        "pk": pk, "photo_pk": 999_999, "kind": "kecil" if route.name == "catalogue:photo" else "sp",
        "step": "usaha", "token": "tidak-dikenal", "uidb64": "MQ", "key": uuid.uuid4(), "code": home_district().code,
        "action": "mulai" if route.name.startswith("suppliers:") else "place",
        "product_id": world.product.pk, "line_id": world.cart_line.pk, "cart_id": world.cart_line.cart_id,
        "number": "MK-TIDAK-ADA" if competition else world.order.number, "agency_id": world.agency.pk,
        "year": timezone.localdate().year, "ocid": f"ocds-uji-{world.order.number}", "supplier_id": world.supplier.pk,
        "supplier_pk": world.supplier.pk,
        "name": "ocds-katalog.json",  # not published in this world: the public view is reached and answers 404
    }
    unknown = [name for name in route.parameters if name not in values]
    assert not unknown, f"{route.name}: give the parameters {unknown} a value in parameter_values()"
    return {name: values[name] for name in route.parameters}


def url_of(route: Route, world: World) -> str:
    kwargs = parameter_values(route, world)
    if route.is_api:
        return "/" + route.path.format(**kwargs)
    return reverse(route.name, kwargs=kwargs)


class Caller:
    """One column of the matrix: a browser session for pages and a token for the API (none when anonymous)."""

    def __init__(self, column: str, world: World):
        self.column = column
        self.pages = Client()
        self.api = Client()
        self.token = None
        if column != ANONYMOUS:
            person = world.people[column]
            self.pages.force_login(person)
            self.token = token_for(person)

    def call(self, route: Route, method: str, url: str) -> tuple[str, str]:
        """(outcome, detail) of one request, rolled back so that it changes nothing. A GET that writes
        anything but bookkeeping about the visit is reported as an error: no state change on GET."""
        client = self.api if route.is_api else self.pages
        extra = {"HTTP_AUTHORIZATION": f"Bearer {self.token}"} if route.is_api and self.token else {}
        if route.is_api and method != "GET":
            extra.update(data="{}", content_type="application/json")
        try:
            with CaptureQueriesContext(connection) as queries:
                response = request_rolled_back(client, method, url, **extra)
        except Exception as error:  # noqa: BLE001 — any exception is a failed cell, reported with its name
            return "error", f"{type(error).__name__}: {error}"
        if method == "GET" and (writes := writes_beyond_bookkeeping(queries)):
            return "error", f"GET wrote: {writes[0][:160]}"
        return classify(response), str(response.status_code)


# What a GET may write: bookkeeping about the visit itself, never the data the page is about.
BOOKKEEPING_TABLES = {
    "django_session": "the visitor's session (idle timeout)",
    "agencies_usersession": "the session list on the account page",
    "opendata_apitoken": "a token's last-used time",
    "core_auditevent": "opening someone's personal data is itself audited",
}
# The search index (catalogue_search*) catches up on read with changes the database queued; it is derived
# from the products, never the products themselves.
DERIVED_INDEX_PREFIX = "catalogue_search"
WRITE = re.compile(r'^\s*(INSERT\s+INTO|UPDATE|DELETE\s+FROM)\s+"?(\w+)"?', re.IGNORECASE)


def writes_beyond_bookkeeping(queries) -> list[str]:
    writes = []
    for query in queries.captured_queries:
        match = WRITE.match(query["sql"])
        if match and match.group(2) not in BOOKKEEPING_TABLES and not match.group(2).startswith(DERIVED_INDEX_PREFIX):
            writes.append(query["sql"])
    return writes


def classify(response) -> str:
    status = response.status_code
    if status in (301, 302, 303):
        # The permission gate sends the visitor to log in and come back (?next=); a view's own redirect to
        # the login page (the second login step with no login in progress) is the view answering.
        location = urlparse(response["Location"])
        if location.path == LOGIN_PATH and "next=" in location.query:
            return "login"
    if status == 401:
        return "login"
    if status == 403:
        return "denied"
    if status >= 500:
        return "error"
    if status == 405:
        return "method"
    return "open"


def expected(column: str, route: Route) -> str:
    if holds(column, route.permission):
        return "open"
    return "login" if column == ANONYMOUS else "denied"


def methods_of(route: Route) -> tuple[str, ...]:
    return route.methods or ("GET", "POST")


@pytest.mark.parametrize("column", COLUMNS)
def test_every_route_answers_each_role_as_the_permission_table_says(world, column):
    caller = Caller(column, world)
    witnesses: dict[str, Caller] = {}
    wrong = []
    for route in all_routes():
        url = url_of(route, world)
        want = expected(column, route)
        for method in methods_of(route):
            got, detail = caller.call(route, method, url)
            if got == "method":
                # Refused the method before the permission check: fine only if a holder is refused it too.
                holder = next(c for c in COLUMNS if holds(c, route.permission))
                if holder not in witnesses:
                    witnesses[holder] = caller if holder == column else Caller(holder, world)
                witness = witnesses[holder]
                if witness.call(route, method, url)[0] == "method":
                    continue
                got = "open" if want == "open" else "method"
            if got != want:
                wrong.append(f"{method} {url} [{route.name}, {route.permission}]: expected {want}, got {got} ({detail})")
    assert not wrong, f"{len(wrong)} cells differ for {column}:\n" + "\n".join(wrong)


def test_the_matrix_covers_every_page_and_every_api_operation():
    routes = all_routes()
    assert len(page_routes()) > 100 and len(api_routes()) > 15
    assert all(route.permission in PERMISSIONS for route in routes), [r.name for r in routes
                                                                       if r.permission not in PERMISSIONS]
    assert len({(r.path, r.methods) for r in routes}) == len(routes)


def test_the_readable_matrix_for_auditors_is_current():
    call_command("access_matrix", "--check")

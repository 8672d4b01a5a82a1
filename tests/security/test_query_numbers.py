"""Numbers in the query string are validated to a range: oversized, negative, non-numeric or empty values give a
page, a 400 or a 404, never a 5xx.

Every page of the URL resolver is covered, those with path parameters too: the parameters are filled with the
ids and numbers of real records (the access matrix's world, tests/security/test_access_matrix.py), so the view
gets past its own 404 and reads the query string. The query parameters are found by reading the views: every
`request.GET` name a view (or a helper of its module it calls with the request) reads, plus the search
filters' names where a view reads them. Each page is visited as the first role (or anonymous visitor) that may
see it, once per parameter and hostile value.
"""

from __future__ import annotations

import inspect
import re
import sys
from urllib.parse import urlencode

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from katalog.catalogue.search.types import PARAMS as SEARCH_PARAMS
from katalog.home.access_matrix import ANONYMOUS, COLUMNS, Route, holds
from katalog.core.roles import Role
from tests.factories import make_user
from tests.security.calls import request_rolled_back
# One set of records and one way to fill a route's path parameters, shared with the access matrix.
from tests.security.test_access_matrix import parameter_values, world  # noqa: F401 (world is a fixture)

pytestmark = pytest.mark.django_db

HOSTILE = ["", "99999999999999999999", "-99999999999999999999", "-1", "0", "abc", "1e400", "9" * 5000, "٣", " 7 "]
_READS = [re.compile(p) for p in (
    r"GET\.get\(\s*\"(\w+)\"", r"GET\.getlist\(\s*\"(\w+)\"", r"GET\[\s*\"(\w+)\"\s*\]",
    r"_int\(\s*request,\s*\"(\w+)\"", r"query_int\(\s*request,\s*\"(\w+)\"",
)]


def _patterns(resolver=None, prefix="", namespace=""):
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            inner = namespace + (f"{entry.namespace}:" if entry.namespace else "")
            yield from _patterns(entry, prefix + str(entry.pattern), inner)
        elif isinstance(entry, URLPattern):
            yield prefix + str(entry.pattern), namespace + (entry.name or ""), entry.callback


def params_read_by(view) -> set[str]:
    view = inspect.unwrap(view)
    try:
        source = inspect.getsource(view)
    except (OSError, TypeError):
        return set()
    module = sys.modules.get(view.__module__)
    sources = [source]
    for name in set(re.findall(r"\b(_?\w+)\(\s*request\b", source)):
        helper = getattr(module, name, None)
        if inspect.isfunction(helper) and helper is not view:
            sources.append(inspect.getsource(helper))
    names = {m for text in sources for pattern in _READS for m in pattern.findall(text)}
    if any("SearchFilters" in text or "_search_request" in text for text in sources):
        names |= set(SEARCH_PARAMS.values()) | {"page", "jumlah"}
    return names


def _pages() -> list[tuple[Route, object, list[str]]]:
    pages = []
    for path, name, view in _patterns():
        if path.startswith("api/v1"):
            continue  # the JSON API has its own fuzz (tests/opendata/test_api_fuzz.py, test_api_schemathesis.py)
        names = sorted(params_read_by(view))
        if names:
            pages.append((Route(path=path, name=name, permission=getattr(view, "katalog_permission", "")), view, names))
    return pages


PAGES = _pages()


def test_the_reading_finds_the_parameters_that_gave_500s():
    found = {"/" + route.path: names for route, _view, names in PAGES}
    assert any("page" in names for url, names in found.items() if url.endswith("/katalog/") or url == "/")
    assert any("id" in names for url, names in found.items() if "bandingkan" in url)
    assert any("opd" in names for url, names in found.items() if "pemantauan/pesanan" in url)


def test_pages_with_path_parameters_are_fuzzed_too():
    with_parameters = {route.name for route, _view, _names in PAGES if route.parameters}
    assert {"monitoring:agency_detail", "monitoring:impact_district"} <= with_parameters, with_parameters


LOGIN = "/masuk/"


def url_of(route: Route, world) -> str:
    return reverse(route.name, kwargs=parameter_values(route, world))


@pytest.mark.parametrize("route,view,names", PAGES, ids=[route.name or route.path for route, _v, _n in PAGES])
def test_hostile_numbers_in_the_query_string_never_give_a_server_error(client, world, route, view, names):
    url = url_of(route, world)
    method = "GET"
    for column in COLUMNS:
        client.logout()
        if column != ANONYMOUS:
            client.force_login(world.people[column])
        response = request_rolled_back(client, method, url)
        if response.status_code == 405:
            # A button that only posts (it starts a job) reads its numbers from the same query string.
            method = "POST"
            response = request_rolled_back(client, method, url)
        if response.status_code < 300 or (response.status_code < 400 and not response["Location"].startswith(LOGIN)):
            break  # the page, or the view's own redirect (the language switch goes back where it came from)
    else:
        pytest.fail(f"no role opens {url}: give its path parameters a record that exists (parameter_values)")
    failures = []
    for name in names:
        for value in HOSTILE:
            status = request_rolled_back(client, method, f"{url}?{urlencode({name: value})}").status_code
            if status >= 500:
                failures.append((name, value[:30], status))
    assert failures == []


NUMBER_IN_PATH = re.compile(r"<int:(\w+)>")
PAGES_WITH_NUMBERS_IN_THE_PATH = [
    Route(path=path, name=name, permission=getattr(view, "katalog_permission", ""))
    for path, name, view in _patterns() if NUMBER_IN_PATH.search(path) and not path.startswith("api/v1")
]


@pytest.mark.parametrize("route", PAGES_WITH_NUMBERS_IN_THE_PATH, ids=[r.name for r in PAGES_WITH_NUMBERS_IN_THE_PATH])
def test_hostile_numbers_in_the_path_never_give_a_server_error(client, world, route):
    """`<int:pk>` takes any run of digits: an id past the database's 64 bits is a page that does not exist."""
    real = parameter_values(route, world)
    holders = [column for column in COLUMNS if holds(column, route.permission)]  # the others never reach the view
    people = [None if column == ANONYMOUS else world.people[column] for column in holders]
    failures = []
    for name in NUMBER_IN_PATH.findall(route.path):
        url = reverse(route.name, kwargs={**real, name: int(HOSTILE[1])})
        for person in people:
            client.logout()
            if person is not None:
                client.force_login(person)
            for method in ("GET", "POST"):
                status = request_rolled_back(client, method, url).status_code
                if status >= 500:
                    failures.append((method, url, person and person.role, status))
    assert failures == []


def test_the_reported_cases_answer_404_or_ignore_the_number(client):
    huge = "99999999999999999999"
    client.force_login(make_user(Role.AUDITOR))
    assert client.get(reverse("catalogue:product_list"), {"page": huge}).status_code == 404
    assert client.get(reverse("catalogue:search_api"), {"page": huge}).status_code == 404
    assert client.get(reverse("catalogue:product_list"), {"page": "abc"}).status_code == 200  # typed by hand
    assert client.get(reverse("catalogue:compare"), {"id": [huge, "-1"]}).status_code == 200  # not ids: ignored
    assert client.get(reverse("monitoring:orders"), {"ukuran": "realised", "opd": huge}).status_code == 404
    assert client.get(reverse("monitoring:orders"), {"ukuran": "realised", "bulan": "13"}).status_code == 404
    assert client.get(reverse("monitoring:orders"), {"ukuran": "realised", "bulan": "12"}).status_code == 200

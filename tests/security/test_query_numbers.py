"""Numbers in the query string are validated to a range: oversized, negative or non-numeric values give a page,
a 400 or a 404, never a 5xx.

The parameters are found by reading the views: every `request.GET` name a view (or a helper of its module it
calls with the request) reads, plus the search filters' names where a view reads them. Each page is visited
as the first role (or anonymous visitor) that may see it, once per parameter and hostile value.
"""

from __future__ import annotations

import inspect
import re
import sys

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from katalog.catalogue.search.types import PARAMS as SEARCH_PARAMS
from katalog.core.roles import Role
from tests.factories import make_agency, make_supplier, make_user

pytestmark = pytest.mark.django_db

HOSTILE = ["99999999999999999999", "-99999999999999999999", "-1", "0", "abc", "1e400", "9" * 5000, "٣", " 7 "]
_READS = [re.compile(p) for p in (
    r"GET\.get\(\s*\"(\w+)\"", r"GET\.getlist\(\s*\"(\w+)\"", r"GET\[\s*\"(\w+)\"\s*\]",
    r"_int\(\s*request,\s*\"(\w+)\"", r"query_int\(\s*request,\s*\"(\w+)\"",
)]


def _patterns(resolver=None, prefix=""):
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            yield from _patterns(entry, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            yield prefix + str(entry.pattern), entry.callback


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


def _pages() -> list[tuple[str, object, list[str]]]:
    pages = []
    for route, view in _patterns():
        if "<" in route or "(?P" in route or route.startswith("api/v1"):
            continue  # pages with path parameters; the JSON API has its own fuzz (tests/opendata/test_api_fuzz.py)
        url = "/" + route.replace("^", "").replace("$", "")
        names = sorted(params_read_by(view))
        if names:
            pages.append((url, view, names))
    return pages


PAGES = _pages()


def test_the_reading_finds_the_parameters_that_gave_500s():
    found = {url: names for url, _view, names in PAGES}
    assert any("page" in names for url, names in found.items() if url.endswith("/katalog/") or url == "/")
    assert any("id" in names for url, names in found.items() if "bandingkan" in url)
    assert any("opd" in names for url, names in found.items() if "pemantauan/pesanan" in url)


@pytest.fixture
def visitors():
    agency, supplier = make_agency(), make_supplier()
    people = [None]
    for role in (Role.ADMIN, Role.AUDITOR, Role.LEADERSHIP, Role.CATALOGUE_MANAGER, Role.UMKM_OFFICER, Role.PP,
                 Role.PPK, Role.TREASURER, Role.SUPPLIER):
        people.append(make_user(role, agency=agency if role in (Role.PP, Role.PPK, Role.TREASURER) else None,
                                supplier=supplier if role == Role.SUPPLIER else None))
    return people


@pytest.mark.parametrize("url,view,names", PAGES, ids=[url for url, _v, _n in PAGES])
def test_hostile_numbers_in_the_query_string_never_give_a_server_error(client, visitors, url, view, names):
    for person in visitors:
        client.logout()
        if person is not None:
            client.force_login(person)
        if client.get(url).status_code < 300:
            break
    else:
        pytest.skip(f"no role opens {url}")
    failures = []
    for name in names:
        for value in HOSTILE:
            status = client.get(url, {name: value}).status_code
            if status >= 500:
                failures.append((name, value[:30], status))
    assert failures == []


def test_the_reported_cases_answer_404_or_ignore_the_number(client):
    from django.urls import reverse

    huge = "99999999999999999999"
    client.force_login(make_user(Role.AUDITOR))
    assert client.get(reverse("catalogue:product_list"), {"page": huge}).status_code == 404
    assert client.get(reverse("catalogue:search_api"), {"page": huge}).status_code == 404
    assert client.get(reverse("catalogue:product_list"), {"page": "abc"}).status_code == 200  # typed by hand
    assert client.get(reverse("catalogue:compare"), {"id": [huge, "-1"]}).status_code == 200  # not ids: ignored
    assert client.get(reverse("monitoring:orders"), {"ukuran": "realised", "opd": huge}).status_code == 404
    assert client.get(reverse("monitoring:orders"), {"ukuran": "realised", "bulan": "13"}).status_code == 404
    assert client.get(reverse("monitoring:orders"), {"ukuran": "realised", "bulan": "12"}).status_code == 200

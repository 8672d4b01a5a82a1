"""A link a role is shown is a page that role may open: for every role, each link of its menu and of its landing
page, and each link on the pages its menu opens, answers without 403 (a link that then refuses is a dead end
on a phone). Menus and pages ask core.permissions.allows, the same check as the view's @requires."""

from __future__ import annotations

import re
from html import unescape
from urllib.parse import urlsplit

import pytest
from django.urls import reverse

from katalog.core.menus import menu_for
from tests.journeys.conftest import people  # noqa: F401  (one person of every role)

pytestmark = pytest.mark.django_db

HREF = re.compile(r'<a\b[^>]*\bhref="([^"#]+)[^"]*"')
# Links that end the session or leave the HTML pages (downloads answer too, but are not worth fetching here).
SKIP = re.compile(r"(/keluar/|\.(pdf|xlsx|csv|json|png|jpg|svg|zip)$|/dokumen/|/foto/)")


def _links(html: str) -> list[str]:
    found = []
    for href in HREF.findall(html):
        url = unescape(href)
        parts = urlsplit(url)
        if parts.scheme or parts.netloc or not parts.path.startswith("/") or SKIP.search(parts.path):
            continue
        if "format=" in parts.query:
            continue
        found.append(url)
    return found


def test_every_link_a_role_is_shown_on_its_menu_and_pages_opens(client, people):  # noqa: F811
    refused = {}
    for user in people:
        client.force_login(user)
        landing = client.get(reverse("dashboard"))
        assert landing.status_code == 200
        menu = [item.url for item in menu_for(user)]
        pages = [reverse("dashboard"), *menu]
        links = set(menu) | set(_links(landing.content.decode()))
        for page in menu:
            response = client.get(page, follow=True)
            assert response.status_code == 200, (user.role, page, response.status_code)
            links |= set(_links(response.content.decode()))
        for url in sorted(links - set(pages)):
            status = client.get(url, follow=True).status_code
            if status in (403, 404, 500):
                refused.setdefault(user.role, []).append((url, status))
        client.logout()
    assert refused == {}

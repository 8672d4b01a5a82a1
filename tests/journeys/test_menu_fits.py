"""Every role's menu fits a 1280-px office screen: grouped drop-downs, one line."""

import re
from urllib.parse import urldefrag, urlsplit

import pytest
from playwright.sync_api import Error as PlaywrightError

from katalog.core.roles import Role
from tests.factories import make_user
from tests.journeys.clicks import log_in
from tests.purchasing.helpers import completed, make_world

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PAGES_PER_ROLE = 30
# Links that leave the page's HTML world: files, letters and images are not pages to lay out.
NOT_A_PAGE = re.compile(r"(/dokumen/|/unduh|\.(pdf|xlsx|csv|json|png|jpg|zip|svg)$|/api/|/foto/|/ekspor|/keluar/)")
NOT_A_PAGE_QUERY = re.compile(r"(^|&)(format|unduh)=")


def _shape(path: str) -> str:
    """Pages that differ only by an id share a layout: visit one of each."""
    return re.sub(r"\d+", "N", path)


def _links(page, origin: str) -> list[str]:
    hrefs = page.eval_on_selector_all("a[href]", "links => links.map(a => a.href)")
    found = []
    for href in hrefs:
        url, _fragment = urldefrag(href)
        parts = urlsplit(url)
        if (f"{parts.scheme}://{parts.netloc}" != origin or NOT_A_PAGE.search(parts.path)
                or NOT_A_PAGE_QUERY.search(parts.query)):
            continue
        found.append(url)
    return found


def _crawl(page, live_server, user) -> dict[str, int]:
    """Log in, then follow links breadth first; return the pages wider than the screen."""
    log_in(page, live_server, user)
    queue, seen, too_wide = [page.url], set(), {}
    while queue and len(seen) < PAGES_PER_ROLE:
        url = queue.pop(0)
        shape = _shape(urlsplit(url).path) + ("?" if urlsplit(url).query else "")
        if shape in seen:
            continue
        seen.add(shape)
        try:
            response = page.goto(url)
        except PlaywrightError as error:  # a link that downloads a file rather than showing a page
            if "Download is starting" in str(error):
                continue
            raise
        if response is None or response.status >= 400 or "text/html" not in response.headers.get("content-type", ""):
            continue
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > 360:
            too_wide[urlsplit(url).path] = width
        queue.extend(_links(page, live_server.url))
    assert len(seen) >= 3, f"{user.role}: only {len(seen)} pages reached"
    return too_wide


@pytest.fixture
def people():
    w = make_world(price=250_000, stock=50)
    completed(w)
    return [w.pp, w.ppk, w.treasurer, w.seller] + [
        make_user(role) for role in (Role.UMKM_OFFICER, Role.CATALOGUE_MANAGER, Role.LEADERSHIP, Role.AUDITOR,
                                     Role.ADMIN)]


def test_every_role_s_menu_fits_a_1280_px_screen(browse_as, live_server, people):
    problems = {}
    for user in people:
        page = browse_as(phone=False)
        log_in(page, live_server, user)
        menu = page.locator("header nav ul").first
        box = menu.bounding_box()
        width = page.evaluate("document.documentElement.scrollWidth")
        # One line of menu: no taller than a line of links with their own names wrapped on two lines.
        if width > 1280 or box["x"] + box["width"] > 1280 or box["height"] > 70:
            problems[user.role] = {"page": width, "menu_right": box["x"] + box["width"], "menu_height": box["height"]}
        # Every drop-down opens on a click and shows its links inside the screen.
        for group in page.locator(".menu-group").all():
            group.locator("summary").click()
            first = group.locator("ul a").first
            if not first.is_visible() or first.bounding_box()["x"] + first.bounding_box()["width"] > 1280:
                problems.setdefault(user.role, {})[group.locator("summary").inner_text()] = "does not open"
        page.context.close()
    assert problems == {}

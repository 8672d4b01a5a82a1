"""Every page a role reaches by following links from its landing page fits a 360-px phone without sideways
scrolling of the whole page (wide tables scroll inside their own region; tests/journeys/test_menu_fits.py checks the
menu at 1280 px)."""

import re
from urllib.parse import urldefrag, urlsplit

import pytest
from playwright.sync_api import Error as PlaywrightError

from tests.journeys.clicks import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PAGES_PER_ROLE = 30
# Links that leave the page's HTML world: files, letters and images are not pages to lay out.
NOT_A_PAGE = re.compile(r"(/dokumen/|/unduh|\.(pdf|xlsx|csv|json|png|jpg|zip|svg)$|/api/|/foto/|/ekspor|/keluar/)")
NOT_A_PAGE_QUERY = re.compile(r"(^|&)(format|unduh)=")


# What sticks out: the first visible element (outside the header) whose right edge passes the screen.
WIDEST = """() => { for (const el of document.querySelectorAll('main *, footer *')) {
  const r = el.getBoundingClientRect();
  if (r.width > 0 && r.right > 361) return el.tagName + '.' + el.className + ': '
    + (el.textContent || '').trim().slice(0, 60); } return ''; }"""


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


def _crawl(page, live_server, user) -> dict[str, tuple]:
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
            too_wide[urlsplit(url).path] = (width, page.evaluate(WIDEST))
        queue.extend(_links(page, live_server.url))
    assert len(seen) >= 3, f"{user.role}: only {len(seen)} pages reached"
    return too_wide


def test_no_page_a_role_reaches_is_wider_than_a_360_px_phone(browse_as, live_server, people):
    problems = {}
    for user in people:
        page = browse_as(phone=True)
        too_wide = _crawl(page, live_server, user)
        if too_wide:
            problems[user.role] = too_wide
        page.context.close()
    assert problems == {}

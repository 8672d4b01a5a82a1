"""Every page a role reaches by following links from its landing page fits a 360-px phone without sideways
scrolling of the whole page (wide tables scroll inside their own region; tests/journeys/test_menu_fits.py checks the
menu at 1280 px), and axe-core finds no serious or critical accessibility violation on it
(test_accessibility.py checks each role's main pages at 1280 px too).

Why this crawl opens each found link with `page.goto` rather than a click: it is a layout check, not a journey.
It only opens addresses it found as links on pages the role had reached (no address is typed), and it visits up
to 30 page shapes per role breadth first, many of them behind collapsed menus, drop-downs and pagination.
Walking back to each link's page and clicking it would cost several page loads per page on the 2-core CI and
prove nothing more about the layout; that every role's main job is reachable by clicking is what the journey
tests beside this file (test_buying.py, test_oversight.py) prove, and tests/core/test_role_links.py checks that
every link a role is shown on its menu and landing page opens."""

import re
from urllib.parse import urldefrag, urlsplit

import pytest
from playwright.sync_api import Error as PlaywrightError

from tests.a11y.axe import serious_violations
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


def _crawl(page, live_server, user) -> tuple[dict[str, tuple], list[str]]:
    """Log in, then follow links breadth first; return the pages wider than the screen, and the serious
    accessibility violations found."""
    log_in(page, live_server, user)
    queue, seen, too_wide, violations = [page.url], set(), {}, []
    while queue and len(seen) < PAGES_PER_ROLE:
        url = queue.pop(0)
        shape = _shape(urlsplit(url).path) + ("?" if urlsplit(url).query else "")
        if shape in seen:
            continue
        seen.add(shape)
        try:
            # A link found on a page this role reached, opened as a click on it would (the crawl, not a journey).
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
        violations += serious_violations(page)
        queue.extend(_links(page, live_server.url))
    assert len(seen) >= 3, f"{user.role}: only {len(seen)} pages reached"
    return too_wide, violations


# One test per role (in the order of the `people` fixture), so that parallel workers share the crawl.
ROLES = ("pp", "ppk", "treasurer", "supplier", "umkm_officer", "catalogue_manager", "leadership", "auditor", "admin")


@pytest.mark.parametrize("position", range(len(ROLES)), ids=ROLES)
def test_no_page_a_role_reaches_is_wider_than_a_360_px_phone_or_fails_axe(browse_as, live_server, people, position):
    user = people[position]
    assert user.role == ROLES[position]
    too_wide, violations = _crawl(browse_as(phone=True), live_server, user)
    assert too_wide == {}
    assert violations == []

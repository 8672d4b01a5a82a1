"""Every role's menu fits a 1280-px office screen: grouped drop-downs, one line."""

import pytest

from tests.journeys.clicks import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


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

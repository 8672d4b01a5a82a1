"""How a person moves through the site in a journey test: log in through the form once, then only click,
type, select and upload. No helper here opens a URL after login (`page.goto` is for the login page and for a
visitor opening a shared link)."""

from __future__ import annotations

from tests.factories import PASSWORD


def follow(page, target) -> None:
    """Click a link or button (a locator) that opens a page, and wait until that page has loaded. Every click
    that opens a page goes through here: `click()` returns once the navigation has started, and a read that
    does not wait (a count, the page's content, the database) then sees a page still arriving; and
    `wait_for_load_state()` after a click returns at once while the old page is still shown."""
    with page.expect_navigation():
        target.click()


def log_in(page, live_server, user) -> None:
    """The login form, as a person fills it; the page the role lands on comes next."""
    page.goto(f"{live_server.url}/masuk/")
    page.get_by_label("Nama pengguna").fill(user.username)
    page.get_by_label("Kata sandi").fill(PASSWORD)
    follow(page, page.get_by_role("button", name="Masuk"))


def open_menu_item(page, name: str) -> None:
    """Click an item of the main menu; on a phone the menu first unfolds behind its "Menu" button."""
    menu = page.locator("header details.nav")
    if not menu.evaluate("element => element.open"):
        menu.locator("summary").first.click()
    link = menu.get_by_role("link", name=name, exact=True)
    if not link.is_visible():  # inside a closed drop-down group on a wide screen
        # A role locator skips hidden links, so the group is found by the link's text.
        menu.locator(".menu-group", has=page.locator(f'a:text-is("{name}")')).locator("summary").click()
    follow(page, link)


def go_home(page) -> None:
    """Back to the role's own landing page through the menu."""
    open_menu_item(page, "Beranda saya")


def open_order_from_home(page, number: str) -> None:
    """From the landing page's list of orders waiting for this person, open one by its number."""
    go_home(page)
    follow(page, page.get_by_role("link", name=number, exact=True).first)



def press(page, name: str) -> None:
    follow(page, page.get_by_role("button", name=name, exact=True))


def no_horizontal_overflow(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")

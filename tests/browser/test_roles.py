"""Every role logs in through a real browser, lands on its own page and sees its own menu."""

import pytest

from katalog.core.menus import ITEMS
from katalog.core.permissions import allows
from katalog.core.roles import Role
from tests.browser.conftest import log_in
from tests.factories import make_user
from tests.journeys.clicks import follow

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("role", Role.values)
def test_role_logs_in_on_a_phone_and_sees_its_menu(phone, live_server, role, password):
    user = make_user(role)
    log_in(phone, live_server, user.username, password)
    phone.wait_for_url(f"{live_server.url}/beranda/")
    assert phone.locator("h1").get_attribute("data-role") == role
    phone.get_by_text("Menu", exact=True).click()  # the menu folds away on a phone
    menu = phone.get_by_role("navigation", name="Menu utama")
    for item in ITEMS:
        link = menu.get_by_role("link", name=str(item.label), exact=True)
        if allows(user, item.permission):
            assert link.is_visible(), (role, item.label)
        else:
            assert link.count() == 0, (role, item.label)


def test_wrong_password_says_so_in_indonesian(phone, live_server):
    user = make_user(Role.PP)
    log_in(phone, live_server, user.username, "bukan-sandinya")
    assert phone.get_by_role("alert").inner_text().startswith("Nama pengguna atau kata sandi salah")


def test_visitor_switches_the_interface_to_english(desktop, live_server):
    desktop.goto(f"{live_server.url}/")
    follow(desktop, desktop.get_by_role("button", name="English"))
    assert desktop.locator("html").get_attribute("lang") == "en"
    assert desktop.get_by_role("link", name="Log in").is_visible()

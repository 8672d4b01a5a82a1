import pytest

from katalog.core.roles import Role
from tests.factories import make_user
from tests.purchasing.helpers import completed, make_world


@pytest.fixture
def browse_as(browser):
    """Open a fresh browser for a person: a 360-px phone or a 1280-px office screen."""
    contexts = []

    def open_browser(*, phone: bool):
        if phone:
            context = browser.new_context(viewport={"width": 360, "height": 740}, locale="id-ID", is_mobile=True,
                                          has_touch=True)
        else:
            context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="id-ID")
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(15_000)
        return page

    yield open_browser
    for context in contexts:
        context.close()


@pytest.fixture
def people():
    """One person of every role, with an order taken to a signed BAST between the OPD's officers and a supplier."""
    w = make_world(price=250_000, stock=50)
    completed(w)
    return [w.pp, w.ppk, w.treasurer, w.seller] + [
        make_user(role) for role in (Role.UMKM_OFFICER, Role.CATALOGUE_MANAGER, Role.LEADERSHIP, Role.AUDITOR,
                                     Role.ADMIN)]



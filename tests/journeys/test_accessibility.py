"""axe-core on every role's main pages: the page the role lands on and the page of its main job, reached by
clicking, on a 1280-px screen and on a 360-px phone; and the public home page and catalogue for a visitor.
Serious and critical violations fail the test. Every other page a role reaches is checked on the phone by the
crawl in test_every_page_fits.py."""

from __future__ import annotations

import pytest

from katalog.core.roles import Role
from tests.a11y.axe import AXE_VERSION, axe_source, serious_violations
from tests.journeys.clicks import log_in, open_menu_item

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# The menu item that opens each role's main job, from its landing page.
MAIN_JOB = {
    Role.PP: "Katalog",
    Role.PPK: "Pesanan",
    Role.TREASURER: "Pesanan",
    Role.SUPPLIER: "Produk saya",
    Role.UMKM_OFFICER: "Daftarkan UMKM",
    Role.CATALOGUE_MANAGER: "Verifikasi penyedia",
    Role.LEADERSHIP: "Pemantauan",
    Role.AUDITOR: "Tanda integritas",
    Role.ADMIN: "Jejak audit",
}


def test_the_vendored_engine_is_the_pinned_release():
    assert f"axe v{AXE_VERSION}" in axe_source()[:200]


@pytest.mark.parametrize("phone", [False, True], ids=["1280px", "360px"])
def test_no_serious_accessibility_violation_on_any_roles_main_pages(browse_as, live_server, people, phone):
    problems = []
    for user in people:
        page = browse_as(phone=phone)
        log_in(page, live_server, user)
        problems += serious_violations(page)
        open_menu_item(page, MAIN_JOB[user.role])
        problems += serious_violations(page)
        page.context.close()
    assert problems == []


def test_no_serious_accessibility_violation_for_a_visitor(browse_as, live_server, people):
    for phone in (False, True):
        page = browse_as(phone=phone)
        page.goto(f"{live_server.url}/")
        problems = serious_violations(page)
        open_menu_item(page, "Katalog")
        problems += serious_violations(page)
        assert problems == []


def test_the_check_fails_on_a_serious_violation(browse_as, live_server):
    """The harness can fail: a button without a name (axe rule button-name, critical) is reported."""
    page = browse_as(phone=False)
    page.goto(f"{live_server.url}/")
    assert serious_violations(page) == []
    page.evaluate("document.querySelector('main').insertAdjacentHTML('beforeend', '<button id=\"kosong\"></button>')")
    found = serious_violations(page)
    assert len(found) == 1 and "button-name" in found[0] and "#kosong" in found[0]

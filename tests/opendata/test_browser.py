"""In Debian's chromium: the API docs page (offline assets, no CSP violation) and the transparency page
on a 360-px phone."""

import pytest
from django.utils import timezone

from katalog.core.roles import Role
from katalog.purchasing.states import OrderStatus
from tests.factories import make_agency, make_category, make_order, make_product, make_supplier, make_user
from tests.journeys.clicks import follow

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

RECORD_CSP_VIOLATIONS = (
    "window.__csp = []; document.addEventListener('securitypolicyviolation', "
    "e => window.__csp.push(e.violatedDirective + ' ' + e.blockedURI));"
)


def test_api_docs_render_locally_under_the_site_csp_and_try_it_out_works(desktop, live_server):
    requests = []
    desktop.on("request", lambda r: requests.append(r.url))
    desktop.add_init_script(RECORD_CSP_VIOLATIONS)
    desktop.goto(f"{live_server.url}/")  # a developer opens the site's address, then follows its links
    desktop.get_by_role("link", name="Data terbuka dan transparansi belanja").click()
    desktop.get_by_role("link", name="API untuk pengembang").click()
    desktop.wait_for_selector(".swagger-ui .opblock")
    assert desktop.locator(".swagger-ui .opblock").count() >= 15
    desktop.locator(".opblock-summary", has_text="/api/v1/categories").first.click()
    desktop.get_by_role("button", name="Try it out").click()
    desktop.get_by_role("button", name="Execute").click()
    status = desktop.locator(".live-responses-table tr.response .response-col_status").first
    status.wait_for()
    assert status.inner_text().strip() == "200"
    assert desktop.evaluate("window.__csp") == []
    assert all(url.startswith(live_server.url) for url in requests), [u for u in requests
                                                                      if not u.startswith(live_server.url)]


def test_transparency_page_fits_a_phone(phone, live_server):
    agency = make_agency(name="Dinas Pekerjaan Umum dan Penataan Ruang Kabupaten")
    supplier = make_supplier(scale="kecil")
    product = make_product(supplier, make_category("Bahan Bangunan dan Perlengkapan Konstruksi"))
    make_order(agency=agency, supplier=supplier, buyer=make_user(Role.PP, agency=agency),
               lines=[(product, 50)], status=OrderStatus.PAID)
    phone.add_init_script(RECORD_CSP_VIOLATIONS)
    phone.goto(f"{live_server.url}/")  # a visitor opens the site's address, then follows its links
    follow(phone, phone.get_by_role("link", name="Data terbuka dan transparansi belanja"))
    assert phone.get_by_label("Tahun anggaran").input_value() == str(timezone.localdate().year)
    phone.wait_for_selector("meter")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360
    assert phone.get_by_role("heading", name="Per perangkat daerah (OPD)").is_visible()
    assert phone.evaluate("window.__csp") == []

"""The catalogue manager's main job as a person does it: from the landing page, open the supplier queue by its
count, find a business with the filters, review it beside its readiness score and documents, verify it (with a
written reason, since one required document is missing), then open the product queue and verify and publish a
product. Logged in through the form, then only clicks, types and selects; on a phone and on an office screen."""

import datetime

import pytest
from django.utils import timezone

from katalog.catalogue.models import Product
from katalog.core.models import AuditEvent
from katalog.core.roles import Role
from katalog.suppliers.models import Supplier
from katalog.suppliers.states import SupplierStatus
from tests.factories import home_district, make_category, make_document, make_product, make_supplier, make_user
from tests.journeys.clicks import follow, go_home, log_in, no_horizontal_overflow, press

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def queues():
    ago = lambda days: timezone.now() - datetime.timedelta(days=days)  # noqa: E731
    waiting = make_supplier(name="UD Gula Semut Abung", status=SupplierStatus.SUBMITTED, submitted_at=ago(5),
                            district=home_district(2), scale="mikro", phone="081234567890")
    owner = make_user(Role.SUPPLIER, supplier=waiting)
    for kind in ("nib", "bank"):  # no NPWP on file
        make_document(waiting, uploaded_by=owner, kind=kind)
    for n in range(3):
        make_supplier(name=f"CV Lain {n}", status=SupplierStatus.SUBMITTED, submitted_at=ago(n), scale="menengah")
    seller = make_supplier(name="UD Keripik Kotabumi", district=home_district(1))
    product = make_product(seller, make_category("Keripik"), name="Keripik pisang 250 g",
                           status=Product.Status.SUBMITTED, submitted_at=ago(3))
    return {"supplier": waiting, "product": product, "manager": make_user(Role.CATALOGUE_MANAGER)}


@pytest.mark.parametrize("phone", [True, False], ids=["360px", "1280px"])
def test_catalogue_manager_verifies_a_business_and_a_product_by_clicks(browse_as, live_server, queues, phone):
    page = browse_as(phone=phone)
    log_in(page, live_server, queues["manager"])

    # The landing page links to the supplier queue with its count.
    follow(page, page.get_by_role("link", name="4 penyedia menunggu verifikasi"))
    assert no_horizontal_overflow(page)
    rows = page.locator("tbody tr")
    assert rows.first.inner_text().startswith("1\tUD Gula Semut Abung")  # oldest first
    page.get_by_label("Skala usaha").select_option(label="Mikro")
    page.get_by_label("Kecamatan").select_option(value=home_district(2).code)
    press(page, "Terapkan")
    assert page.locator("tbody tr").count() == 1
    row = page.locator("tbody tr").first
    assert "5" in row.locator("td.num").first.inner_text() and "kurang: Kartu/surat NPWP" in row.inner_text()
    follow(page, row.get_by_role("link", name="UD Gula Semut Abung"))

    press(page, "Mulai periksa")
    review = page.locator("section.review")
    assert "Skor kesiapan" in review.inner_text() and "NIB (Nomor Induk Berusaha)" in review.inner_text()
    assert "Dokumen wajib belum ada: Kartu/surat NPWP" in review.inner_text()
    assert no_horizontal_overflow(page)
    review.get_by_label("Alasan memverifikasi tanpa dokumen wajib").fill(
        "Kartu NPWP asli diperlihatkan pemilik di kantor Bagian PBJ.")
    press(page, "Verifikasi dengan alasan")
    assert "terverifikasi" in page.locator(".messages").inner_text()
    supplier = Supplier.objects.get(pk=queues["supplier"].pk)
    assert supplier.status == SupplierStatus.VERIFIED
    event = AuditEvent.objects.get(action="supplier.verified", object_id=str(supplier.pk))
    assert event.after["documents_missing"] == ["npwp"] and "NPWP asli" in event.after["reason"]

    # Back home, the product queue by its count; review and publish.
    go_home(page)
    follow(page, page.get_by_role("link", name="1 produk menunggu verifikasi"))
    assert no_horizontal_overflow(page)
    follow(page, page.get_by_role("link", name="Keripik pisang 250 g"))
    assert "Skor kesiapan" in page.content() and no_horizontal_overflow(page)
    page.get_by_label("Keputusan").select_option(label="Verifikasi dan tayangkan")
    press(page, "Simpan keputusan")
    assert "Keputusan verifikasi disimpan" in page.locator(".messages").inner_text()
    assert Product.objects.get(pk=queues["product"].pk).status == Product.Status.ACTIVE

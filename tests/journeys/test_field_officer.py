"""The field officer's day on a 360-px phone: from its landing page to its worklist, a visit recorded for a
business in a chosen kampung while the phone has no connection, and the visit saved by itself when the
connection returns. The officer logs in through the form and then only clicks, types and selects."""

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from katalog.core.roles import Role
from katalog.monitoring import worklist
from katalog.regions.models import District, Village
from katalog.suppliers.models import AssistanceVisit
from tests.factories import make_supplier, make_user
from tests.journeys.clicks import log_in, no_horizontal_overflow, open_menu_item

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def field():
    district = District.objects.get(code="18.03.02")
    kampung = Village.objects.filter(district=district).order_by("code")[2]
    officer = make_user(Role.UMKM_OFFICER)
    worklist.officer_area_assign(actor=make_user(Role.ADMIN), officer=officer, district=district)
    business = make_supplier(name="UD Gula Aren Mekar", district=district, village_id=kampung.code, status="draft")
    return {"district": district, "kampung": kampung, "officer": officer, "business": business}


def test_a_visit_recorded_offline_on_a_phone_is_saved_when_the_connection_returns(browse_as, live_server, field):
    phone = browse_as(phone=True)
    log_in(phone, live_server, field["officer"])
    open_menu_item(phone, "Daftar kerja pendamping")
    area = phone.locator(f'section[data-district="{field["district"].code}"]')
    expect(area.get_by_role("row", name=field["business"].name)).to_be_visible()
    assert no_horizontal_overflow(phone)

    # In the field, without a signal.
    phone.context.set_offline(True)
    area.get_by_text(f"Catat kunjungan di Kecamatan {field['district'].name}").click()
    form = area.locator("form[data-offline-queue]")
    form.get_by_label("Desa/kampung").select_option(label=field["kampung"].name)
    form.get_by_label("Usaha yang didampingi").select_option(label=field["business"].name)
    form.get_by_label("Catatan").fill("Bantu foto produk dan daftar NIB lewat OSS.")
    form.get_by_label("Langkah berikutnya").fill("Unggah NIB minggu depan")
    form.get_by_role("button", name="Simpan kunjungan").click()
    status = phone.locator("[data-offline-status]")
    expect(status).to_contain_text("1 kunjungan tersimpan di ponsel ini")
    assert not AssistanceVisit.objects.exists()

    # The signal returns: the visit goes by itself, once.
    phone.context.set_offline(False)
    expect(status).to_contain_text("1 kunjungan yang dicatat tanpa sinyal sudah terkirim")
    visit = AssistanceVisit.objects.get()
    assert (visit.officer, visit.supplier, visit.village, visit.visited_on) == (
        field["officer"], field["business"], field["kampung"], timezone.localdate())
    assert visit.notes == "Bantu foto produk dan daftar NIB lewat OSS." and visit.client_key

    # Opened again, the worklist shows the visit and nothing waits on the phone.
    open_menu_item(phone, "Daftar kerja pendamping")
    area = phone.locator(f'section[data-district="{field["district"].code}"]')
    expect(area).to_contain_text("Unggah NIB minggu depan")
    expect(phone.locator("[data-offline-status]")).to_be_hidden()
    assert AssistanceVisit.objects.count() == 1


def test_a_visit_kept_offline_survives_closing_the_page(browse_as, live_server, field):
    phone = browse_as(phone=True)
    log_in(phone, live_server, field["officer"])
    open_menu_item(phone, "Daftar kerja pendamping")
    phone.context.set_offline(True)
    area = phone.locator(f'section[data-district="{field["district"].code}"]')
    area.get_by_text(f"Catat kunjungan di Kecamatan {field['district'].name}").click()
    form = area.locator("form[data-offline-queue]")
    form.get_by_label("Catatan").fill("Kunjungan umum ke kecamatan.")
    form.get_by_role("button", name="Simpan kunjungan").click()
    expect(phone.locator("[data-offline-status]")).to_contain_text("1 kunjungan tersimpan")

    # The officer closes the tab and opens the site again later, online.
    context = phone.context
    phone.close()
    context.set_offline(False)
    later = context.new_page()
    later.goto(live_server.url)  # the officer opens the site again; still logged in
    open_menu_item(later, "Daftar kerja pendamping")
    expect(later.locator("[data-offline-status]")).to_contain_text("sudah terkirim")
    assert AssistanceVisit.objects.get().notes == "Kunjungan umum ke kecamatan."

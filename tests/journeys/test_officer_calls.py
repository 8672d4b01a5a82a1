"""A pendamping on a phone logs in and, on the landing page, finds the business in its care whose order is
about to be cancelled automatically, with a link to phone the owner and one to write on WhatsApp."""

from datetime import timedelta

import pytest
from django.utils import timezone

from katalog.core.roles import Role
from katalog.monitoring.models import OfficerArea
from katalog.purchasing import services
from katalog.purchasing.models import Order
from tests.factories import make_user
from tests.journeys.clicks import log_in, no_horizontal_overflow
from tests.purchasing.helpers import checkout, make_world

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_officer_on_a_phone_sees_an_order_close_to_expiry_and_can_call_the_owner(browse_as, live_server):
    w = make_world()
    w.supplier.phone, w.supplier.owner_name = "+6281234567890", "Ibu Siti Aminah"
    w.supplier.save()
    officer = make_user(Role.UMKM_OFFICER)
    OfficerArea.objects.create(officer=officer, district=w.supplier.district)
    order = checkout(w)
    order = services.order_place(order=order, user=w.pp, expected_version=order.version)
    Order.objects.filter(pk=order.pk).update(response_due_at=timezone.now() + timedelta(hours=6))

    page = browse_as(phone=True)
    log_in(page, live_server, officer)
    entry = page.locator(f'li[data-order="{order.number}"]')
    assert "Ibu Siti Aminah" in entry.inner_text()
    call = entry.get_by_role("link", name="Telepon +6281234567890")
    assert call.get_attribute("href") == "tel:+6281234567890" and call.is_visible()
    assert entry.get_by_role("link", name="WhatsApp").get_attribute("href") == "https://wa.me/6281234567890"
    assert no_horizontal_overflow(page)

"""The pendamping's landing page lists the businesses in its care whose orders are about to be cancelled
automatically, with a tap-to-call and a WhatsApp link, so the officer can phone the owner in time."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from katalog.core.roles import Role
from katalog.monitoring.models import OfficerArea
from katalog.purchasing import services
from katalog.purchasing.models import Order
from tests.factories import make_user
from tests.purchasing.helpers import checkout, make_world

pytestmark = pytest.mark.django_db


def _placed(w):
    order = checkout(w)
    return services.order_place(order=order, user=w.pp, expected_version=order.version)


def test_the_officer_sees_orders_of_businesses_in_its_care_close_to_expiry_with_call_links(client):
    w = make_world()
    w.supplier.phone, w.supplier.owner_name = "+6281234567890", "Ibu Siti"
    w.supplier.save()
    officer, other_officer = make_user(Role.UMKM_OFFICER), make_user(Role.UMKM_OFFICER)
    OfficerArea.objects.create(officer=officer, district=w.supplier.district)
    soon, later = _placed(w), _placed(w)
    now = timezone.now()
    Order.objects.filter(pk=soon.pk).update(response_due_at=now + timedelta(hours=5))
    Order.objects.filter(pk=later.pk).update(response_due_at=now + timedelta(days=5))
    client.force_login(officer)
    html = client.get(reverse("dashboard")).content.decode()
    assert f'data-order="{soon.number}"' in html and f'data-order="{later.number}"' not in html
    assert 'href="tel:+6281234567890"' in html and 'href="https://wa.me/6281234567890"' in html
    assert "Ibu Siti" in html
    # Not in this officer's care: not on their page.
    client.force_login(other_officer)
    html = client.get(reverse("dashboard")).content.decode()
    assert soon.number not in html and "Tidak ada pesanan usaha dampingan Anda yang hampir batal." in html


def test_a_business_the_officer_registered_is_in_its_care_wherever_it_is(client):
    w = make_world()
    w.supplier.phone = "0724 21234"  # a landline still gets a call link
    officer = make_user(Role.UMKM_OFFICER)
    w.supplier.registered_by = officer
    w.supplier.save()
    order = _placed(w)
    Order.objects.filter(pk=order.pk).update(response_due_at=timezone.now() + timedelta(hours=20))
    client.force_login(officer)
    html = client.get(reverse("dashboard")).content.decode()
    assert f'data-order="{order.number}"' in html and 'href="tel:+6272421234"' in html

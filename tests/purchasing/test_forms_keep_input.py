"""A refused action shows the order page again with what the person typed, never an emptied form."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from katalog.purchasing.models import Payment
from tests.purchasing.helpers import completed, make_world, signed

pytestmark = pytest.mark.django_db


def _act(client, user, order, action, data):
    client.force_login(user)
    return client.post(reverse("purchasing:order_action", args=[order.number, action]),
                       {"version": order.version, **data})


def test_a_refused_shipment_keeps_the_note_and_the_date(client):
    w = make_world(stock=50)
    order = signed(w)
    line = order.lines.get()
    tomorrow = timezone.localdate() + timedelta(days=1)
    response = _act(client, w.seller, order, "ship", {
        f"qty_{line.pk}": line.quantity + 5,  # more than ordered: refused by the form
        "shipped_on": tomorrow.isoformat(), "note": "JNE resi 0123456789"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "JNE resi 0123456789" in html
    assert f'value="{tomorrow.isoformat()}"' in html
    assert not order.deliveries.exists()


def test_a_refused_payment_keeps_the_sp2d_number(client):
    w = make_world(price=100_000)
    order = completed(w)
    response = _act(client, w.treasurer, order, "record_payment", {
        "sp2d_number": "00777/SP2D/LS/2026", "sp2d_date": timezone.localdate().isoformat(),
        "amount": str(order.total + 1)})  # more than the order: refused by the service
    html = response.content.decode()
    assert "paling banyak" in html
    assert 'value="00777/SP2D/LS/2026"' in html
    assert not Payment.objects.exists()

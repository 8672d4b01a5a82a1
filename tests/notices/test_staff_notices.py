"""Staff hear of orders waiting for them: the PPK of an order a PP sent up for review and of a Surat Pesanan
to sign, the OPD's treasurer of a completed order to record payment; through the same outbox."""

import pytest
from django.core import mail

from katalog.notices.models import Delivery
from katalog.notices.services import deliver_due
from katalog.purchasing import services
from tests.factories import make_user
from katalog.core.roles import Role
from tests.purchasing.helpers import accepted, at, checkout, completed, make_world

pytestmark = pytest.mark.django_db


def _world():
    w = make_world()
    for person, address in ((w.ppk, "ppk@opd.go.id"), (w.treasurer, "bendahara@opd.go.id")):
        person.email = address
        person.save()
    return w


def test_the_ppk_is_told_of_an_order_sent_up_for_review_with_its_deadline(settings):
    settings.KATALOG_SITE_URL = "https://katalog.lampungutarakab.go.id"
    w = _world()
    order = checkout(w, now=at(2026, 2, 6, 10))
    order = services.order_send_to_ppk(order=order, user=w.pp, expected_version=order.version, now=at(2026, 2, 6, 10))
    rows = list(Delivery.objects.filter(kind="staff_review"))
    assert [(r.address, r.recipient_id) for r in rows] == [("ppk@opd.go.id", w.ppk.pk)]
    deliver_due(now=at(2026, 2, 6, 10, 1))
    message = next(m for m in mail.outbox if m.to == ["ppk@opd.go.id"])
    assert message.subject.endswith(f"Pesanan {order.number} menunggu reviu Anda")
    assert "batal otomatis" in message.body and "WIB" in message.body
    assert f"https://katalog.lampungutarakab.go.id/pesanan/{order.number}/" in message.body


def test_the_ppk_is_told_to_sign_and_the_treasurer_to_record_payment_once_each():
    w = _world()
    make_user(Role.TREASURER, agency=w.agency, email="")  # no address: nothing queued for them
    accepted(w)
    assert list(Delivery.objects.filter(kind="staff_sign").values_list("address", flat=True)) == ["ppk@opd.go.id"]
    assert not Delivery.objects.filter(kind="staff_payment").exists()
    completed(w)  # a second order, to the end
    assert list(Delivery.objects.filter(kind="staff_payment").values_list("address", flat=True)) == [
        "bendahara@opd.go.id"]
    # The PP placed the order within the limit: nothing went to the PPK for review.
    assert not Delivery.objects.filter(kind="staff_review").exists()
    assert Delivery.objects.filter(kind="staff_sign").count() == 2  # once per order, not per signature

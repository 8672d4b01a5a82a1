"""Notices reach the supplier: a new order (deadline in WIB, in words), the reminder one working day before
the automatic cancellation, the cancellation, payment; by e-mail (Django's locmem backend stands for SMTP)
and WhatsApp (a fake Cloud API server on 127.0.0.1). The clock is driven: the dates are in 2026 with the
shipped holiday list (tests/purchasing/test_deadlines.py)."""

import io

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from katalog.notices.models import Delivery
from katalog.core.phone import to_e164
from katalog.notices.services import deliver_due
from katalog.purchasing import services
from katalog.purchasing.notices import queue_reminders
from katalog.suppliers.consent import whatsapp_consent_set
from tests.purchasing.helpers import at, checkout, completed, make_world

pytestmark = pytest.mark.django_db


def _world():
    w = make_world()
    w.supplier.email = "usaha@contoh.id"
    w.supplier.phone = "0812-3456-7890"
    whatsapp_consent_set(w.supplier, consents=True, now=timezone.now())
    w.supplier.save()
    w.seller.email = "pemilik@contoh.id"
    w.seller.save()
    return w


def _placed(w, now):
    order = checkout(w, now=now)
    return services.order_place(order=order, user=w.pp, expected_version=order.version, now=now)


@pytest.mark.parametrize("raw, e164", [
    ("0812-3456-7890", "+6281234567890"), ("+62 812 3456 7890", "+6281234567890"), ("6281234567890", "+6281234567890"),
    ("(0724) 21234", "+6272421234"), ("12345", None), ("", None), ("0812", None),
])
def test_phone_numbers_are_stored_and_sent_in_e164_form(raw, e164):
    assert to_e164(raw) == e164


def test_a_new_order_queues_a_notice_at_once_and_the_worker_delivers_it_by_email_and_whatsapp(whatsapp):
    w = _world()
    order = _placed(w, at(2026, 2, 6, 10))  # Friday → answer due Wednesday 11 February 10.00 WIB
    rows = Delivery.objects.filter(kind="order_new")
    # The business's address, its people's (the seller's account) and its WhatsApp number, all waiting.
    assert sorted(rows.values_list("channel", "address")) == [
        ("email", "pemilik@contoh.id"), ("email", "usaha@contoh.id"), ("whatsapp", "+6281234567890")]
    assert rows.filter(state=Delivery.State.PENDING).count() == rows.count()
    assert mail.outbox == [] and whatsapp.received == []  # nothing leaves inside the order's transaction
    assert deliver_due(now=at(2026, 2, 6, 10, 1))["sent"] == rows.count()
    message = next(m for m in mail.outbox if m.to == ["usaha@contoh.id"])
    assert order.number in message.subject
    assert "Rabu, 11 Februari 2026 pukul 10.00 WIB" in message.body
    assert f"https://katalog.lampungutarakab.go.id/pesanan/{order.number}/" in message.body
    assert len(whatsapp.received) == 1
    request = whatsapp.received[0]
    assert request["path"] == "/1234567890/messages" and request["authorization"] == "Bearer token-uji"
    assert request["json"]["to"] == "6281234567890"
    assert "Rabu, 11 Februari 2026 pukul 10.00 WIB" in whatsapp.texts()[0]
    # The supplier's notification list shows where each copy went.
    page = _client_for(w).get("/penyedia/notifikasi/").content.decode()
    assert "WhatsApp +6281234567890: Terkirim" in page and "Surel usaha@contoh.id: Terkirim" in page


def _client_for(w):
    from django.test import Client

    client = Client()
    client.force_login(w.seller)
    return client


def test_the_reminder_goes_one_working_day_before_the_automatic_cancellation_then_the_cancellation(whatsapp):
    w = _world()
    order = _placed(w, at(2026, 2, 6, 10))  # due Wednesday 11 February 10.00; reminder Tuesday 10 February 10.00
    deliver_due(now=at(2026, 2, 6, 10, 1))
    mail.outbox.clear()
    whatsapp.received.clear()
    assert queue_reminders(now=at(2026, 2, 10, 9, 59)) == 0  # not yet: more than one working day left
    assert queue_reminders(now=at(2026, 2, 10, 10, 0)) == 1
    assert queue_reminders(now=at(2026, 2, 10, 10, 5)) == 0  # once per deadline, however often tick runs
    deliver_due(now=at(2026, 2, 10, 10, 1))
    assert {m.subject for m in mail.outbox} == {f"[Katalog Lokal] Pengingat: pesanan {order.number} belum dijawab"}
    assert "Rabu, 11 Februari 2026 pukul 10.00 WIB" in mail.outbox[0].body
    assert len(whatsapp.received) == 1 and "Pengingat" in whatsapp.texts()[0]
    # The deadline passes: `katalog tick` cancels, and the cancellation is told too.
    call_command("tick", now="2026-02-11T10:00", stdout=io.StringIO())
    deliver_due(now=at(2026, 2, 11, 10, 1))
    assert mail.outbox[-1].subject == f"[Katalog Lokal] Pesanan {order.number} dibatalkan"
    assert "dibatalkan otomatis" in mail.outbox[-1].body and "dibatalkan otomatis" in whatsapp.texts()[-1]


def test_a_reminder_skips_the_weekend_friday_order_monday_deadline_is_reminded_on_friday(whatsapp):
    w = _world()
    _placed(w, at(2026, 2, 4, 10))  # Wednesday → due Monday 9 February 10.00; one working day before: Friday
    assert queue_reminders(now=at(2026, 2, 6, 9, 59)) == 0
    assert queue_reminders(now=at(2026, 2, 6, 10, 0)) == 1


def test_a_failed_delivery_is_retried_with_backoff_and_shown_until_it_gives_up(whatsapp, settings):
    w = _world()
    settings.KATALOG_NOTICES = {"backoff_minutes": (1, 5), "lease_minutes": 5}
    whatsapp.fail_next = 2
    _placed(w, at(2026, 2, 6, 10))
    start = at(2026, 2, 6, 10, 1)
    assert deliver_due(now=start)["retrying"] == 1
    wa = Delivery.objects.get(channel="whatsapp", kind="order_new")
    assert (wa.state, wa.attempts) == (Delivery.State.PENDING, 1) and "HTTP 500" in wa.last_error
    assert wa.next_attempt_at == at(2026, 2, 6, 10, 2)
    assert deliver_due(now=at(2026, 2, 6, 10, 1))["sent"] == 0  # the retry is not due yet
    deliver_due(now=at(2026, 2, 6, 10, 2))
    wa.refresh_from_db()
    assert (wa.state, wa.attempts, wa.next_attempt_at) == (Delivery.State.PENDING, 2, at(2026, 2, 6, 10, 7))
    deliver_due(now=at(2026, 2, 6, 10, 7))
    wa.refresh_from_db()
    assert (wa.state, wa.attempts, wa.last_error) == (Delivery.State.SENT, 3, "")
    # A delivery that keeps failing ends as "gagal", visible to the supplier and to the administrator.
    whatsapp.fail_next = 10
    order = checkout(w, now=at(2026, 2, 9, 9))
    services.order_place(order=order, user=w.pp, expected_version=order.version, now=at(2026, 2, 9, 9))
    for minute in (0, 1, 6):
        deliver_due(now=at(2026, 2, 9, 10, minute))
    failed = Delivery.objects.get(channel="whatsapp", kind="order_new", state=Delivery.State.FAILED)
    assert failed.attempts == 3 and "HTTP 500" in failed.last_error
    page = _client_for(w).get("/penyedia/notifikasi/").content.decode()
    assert "WhatsApp +6281234567890: Gagal dikirim" in page
    from katalog.core.roles import Role
    from tests.factories import make_user

    admin_client = _client_for(w)
    admin_client.force_login(make_user(Role.ADMIN))
    outbox = admin_client.get("/kotak-keluar/?status=gagal").content.decode()
    assert "HTTP 500" in outbox and "Kirim ulang" in outbox


def test_payment_recorded_is_told_to_the_supplier(whatsapp):
    from django.utils import timezone

    w = _world()
    order = completed(w)
    services.payment_record(order=order, user=w.treasurer, expected_version=order.version,
                            sp2d_number="00123/SP2D/LS/2026", sp2d_date=timezone.localdate(), amount=order.total)
    deliver_due()
    message = next(m for m in mail.outbox if "Pembayaran pesanan" in m.subject)
    assert order.number in message.subject and "Rp" in message.body
